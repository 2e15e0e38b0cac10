"""Whole public pages, rendered once per data version and served from a cache to visitors.

At 100,000 programmes most of a page's cost is rendering it, even when its counts are cached
(catalogue/datacache.py). Anonymous visitors all see the same page for the same URL, language
and data version, so the rendered response is kept in the "pages" cache (shared by all
gunicorn workers) under a key made of those. The data version is raised by database triggers
on every write to a catalogue table, so an editor's save, a bulk action or a fixture load
makes every cached page stale at once.

Only what every visitor may see is cached: a request carrying a session cookie (possibly an
editor, who also sees drafts) or a messages cookie is never served from the cache nor stored,
and a response that sets a cookie, is not a 200, or says ``private`` / ``no-store`` is never
stored. The admin is never cached.

Browsers revalidate every time (``Cache-Control: no-cache``) with the ETag that
ConditionalGetMiddleware adds, so an unchanged page costs a 304 and a changed one shows at
once; pages for signed-in editors are ``private``.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.translation import get_language_from_path

from catalogue.datacache import data_version
from programmes.views import PARTIAL_HEADER

# Headers that belong to one response, not to the page; outer middleware sets them anew.
PER_RESPONSE_HEADERS = {"set-cookie", "x-request-id", "content-length"}


class AnonymousPageCacheMiddleware:
    """Serves and stores anonymous visitors' public pages; see the module docstring.

    Sits after WhiteNoise (static files never get here) and before the session, locale, CSRF
    and authentication middleware, so a cached page skips them all; it therefore reads the
    language from the URL prefix, as LocaleMiddleware does with i18n_patterns.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.private_cookies = {settings.SESSION_COOKIE_NAME, "messages"}
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.admin_prefix):
            return self.get_response(request)
        if self.private_cookies.intersection(request.COOKIES):
            response = self.get_response(request)
            # Someone signed in may see drafts: no shared cache may keep the page.
            patch_cache_control(response, private=True)
            return response
        seconds = settings.CATALOGUE_PAGE_CACHE_SECONDS
        if request.method == "HEAD" or not seconds:
            return self.mark_public(self.get_response(request))

        # As LocaleMiddleware would: also what a page served from here (or an error page
        # rendered before LocaleMiddleware runs) is in.
        translation.activate(self.language(request))
        try:
            key = self.key(request)
        except DatabaseError:
            # The database is down: the view meets the same error and answers 503.
            return self.mark_public(self.get_response(request))
        store = caches["pages"]
        entry = store.get(key)
        if entry is not None:
            status, headers, content = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            return response

        response = self.mark_public(self.get_response(request))
        if self.is_storable(response):
            set_response_etag(response)
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in PER_RESPONSE_HEADERS
            ]
            store.set(key, (response.status_code, headers, response.content), seconds)
        return response

    @staticmethod
    def mark_public(response):
        # Revalidate every time (ETag → 304): an edit must show at once, even from the
        # browser's own cache. Whoever has a session cookie gets other pages (drafts).
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def is_storable(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
        )

    @staticmethod
    def language(request):
        return get_language_from_path(request.path_info) or settings.LANGUAGE_CODE

    def key(self, request):
        language = self.language(request)
        url = request.build_absolute_uri()
        partial = request.headers.get(PARTIAL_HEADER, "")
        # Databases count their versions apart: two catalogues (say the real one and the
        # benchmark's) may share the cache directory, never their pages.
        database = connection.settings_dict
        digest = hashlib.blake2b(
            f"{database['HOST']}:{database['PORT']}/{database['NAME']}\n{url}\n{partial}".encode(),
            digest_size=16,
        ).hexdigest()
        return f"page:{data_version()}:{language}:{digest}"
