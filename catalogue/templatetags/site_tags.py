"""Tags base.html needs on every page: language switcher, hreflang alternates, canonical URL."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


# Parameters that change how a list is shown, not which entries it holds.
VIEW_STATE = {"sort", "page"}


def canonical_params(context) -> list[str]:
    """The GET parameters that make this page a page of its own.

    The rule, site-wide: a filtered list (any view that puts its django-filter FilterSet in
    the context as ``filterset`` or ``filter``) is its own page for each valid filter it
    applies, so /programmes/?theme=x is canonical as such; sort order, page number, tracking
    noise (utm_*, fbclid) and filter values that were rejected are left out. Every other page
    is canonical without a query string. A view may narrow the kept names with
    ``canonical_params``.
    """
    explicit = context.get("canonical_params")
    filterset = context.get("filterset") or context.get("filter")
    form = getattr(filterset, "form", None)
    if form is None or not form.is_bound:
        return list(explicit or ())
    form.is_valid()  # cached: the view has validated it already
    valid = [
        name
        for name, value in form.cleaned_data.items()
        if name not in VIEW_STATE and value not in (None, "", [], ())
    ]
    # A view's own list narrows the rule; it never brings back a rejected value.
    return [name for name in valid if explicit is None or name in explicit]


def kept_query(request, keep) -> str:
    """The query string with only the parameters named in ``keep``, sorted, blanks dropped."""
    pairs = sorted(
        (name, value) for name in keep for value in request.GET.getlist(name) if value.strip()
    )
    return f"?{urlencode(pairs)}" if pairs else ""


@register.simple_tag(takes_context=True)
def page_urls(context):
    """Canonical and alternate-language URLs of the current page, all absolute.

    Returns ``{"canonical": url, "alternates": [(code, url), ...], "x_default": url}``.
    """
    request = context["request"]
    query = kept_query(request, canonical_params(context))
    alternates = [
        (code, request.build_absolute_uri(translate_url(request.path, code)) + query)
        for code, _ in settings.LANGUAGES
    ]
    current = get_language()
    by_code = dict(alternates)
    return {
        "canonical": by_code.get(current, request.build_absolute_uri(request.path) + query),
        "alternates": alternates,
        "x_default": by_code[settings.LANGUAGE_CODE],
    }


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language to this same page (query string kept), the current one marked."""
    request = context["request"]
    current = get_language()
    links = []
    for code, _ in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                # Each language named in itself, so a reader finds theirs whatever is shown now.
                "name": info["name_local"].capitalize(),
                "url": translate_url(request.get_full_path(), code),
                "current": code == current,
            }
        )
    return links
