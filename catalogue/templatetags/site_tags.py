"""Tags base.html needs on every page: language switcher, hreflang alternates, canonical URL."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


def kept_query(request, keep) -> str:
    """The query string with only the parameters that change what a page shows, sorted.

    Tracking noise (utm_*, fbclid) and view state (page) never make a page distinct, so the
    canonical URL leaves them out; a page lists the parameters it wants kept in the context
    variable ``canonical_params`` (default: none, so the canonical URL is the bare page).
    """
    pairs = sorted(
        (name, value)
        for name in keep
        for value in request.GET.getlist(name)
        if value.strip()
    )
    return f"?{urlencode(pairs)}" if pairs else ""


@register.simple_tag(takes_context=True)
def page_urls(context):
    """Canonical and alternate-language URLs of the current page, all absolute.

    Returns ``{"canonical": url, "alternates": [(code, url), ...], "x_default": url}``.
    """
    request = context["request"]
    query = kept_query(request, context.get("canonical_params", ()))
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
