/* Progressive enhancement for the programme list (templates/programmes/programme_list.html).
 *
 * Without this file the filters are a plain GET form and every link is a normal link. With
 * it, changing a filter, submitting the search or following a chip, "clear all" or page link
 * fetches the same URL with the X-Requested-With: fetch header (the server answers with just
 * the #browse region), swaps it in, keeps the address in sync with pushState and restores
 * earlier states on popstate. The new result count is announced through #results-live.
 */
(function () {
  "use strict";

  var browse = document.getElementById("browse");
  var live = document.getElementById("results-live");
  if (!browse || !window.fetch || !window.history || !window.history.pushState) {
    return;
  }
  var pending = null;

  // Empty fields and fields left at their default (data-default) stay out of the address.
  function urlFromForm(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      var field = form.elements[key];
      var fallback = field && field.getAttribute ? field.getAttribute("data-default") : null;
      if (value !== "" && value !== fallback) {
        params.append(key, value);
      }
    });
    var query = params.toString();
    var action = new URL(form.getAttribute("action"), window.location.href);
    return action.pathname + (query ? "?" + query : "");
  }

  function isListLink(link) {
    var target = new URL(link.href, window.location.href);
    return target.origin === window.location.origin &&
      target.pathname === window.location.pathname;
  }

  function load(url, options) {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var focusedId = browse.contains(document.activeElement) ? document.activeElement.id : "";
    browse.setAttribute("aria-busy", "true");
    return fetch(url, {
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
      signal: pending.signal
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.text();
    }).then(function (html) {
      pending = null;
      browse.innerHTML = html;
      browse.removeAttribute("aria-busy");
      if (options.push) {
        window.history.pushState({ browse: true }, "", url);
      }
      var count = document.getElementById("result-count");
      if (live && count) {
        live.textContent = count.textContent.trim();
      }
      var focusTarget = options.focusResults ? null : document.getElementById(focusedId);
      if (!focusTarget) {
        focusTarget = document.getElementById("results-heading");
      }
      if (focusTarget) {
        focusTarget.focus({ preventScroll: !options.focusResults });
      }
    }).catch(function (error) {
      if (error.name === "AbortError") {
        return;
      }
      // Anything unexpected: fall back to an ordinary page load.
      window.location.assign(url);
    });
  }

  browse.addEventListener("change", function (event) {
    var form = event.target.form;
    // The search box waits for Enter or the button; other controls apply at once.
    if (form && form.id === "filters" && event.target.name !== "q") {
      load(urlFromForm(form), { push: true });
    }
  });

  browse.addEventListener("submit", function (event) {
    if (event.target.id === "filters") {
      event.preventDefault();
      load(urlFromForm(event.target), { push: true, focusResults: true });
    }
  });

  browse.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey ||
        !isListLink(link)) {
      return;
    }
    event.preventDefault();
    load(link.href, { push: true, focusResults: true });
  });

  window.addEventListener("popstate", function () {
    load(window.location.href, { push: false });
  });
}());
