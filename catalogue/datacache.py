"""Counts and lists that are costly at 100,000 programmes, cached until the data changes.

``cached("home-numbers", compute)`` returns ``compute()``'s value, kept in Django's default
cache under a key made of the name, the extra key parts, the active language and the
catalogue's data version. Database triggers raise that version on every write to a
catalogue table (catalogue.models.DataVersion), so an editor's save, a bulk action or a
fixture load makes every cached value stale at once: nothing cached can show a draft that
was unpublished, an edit that was saved, or one language's labels in another.

Only what every anonymous visitor sees is cached (never per-user data). The version is read
once per request (one small query) and only on pages that use the cache. With
CATALOGUE_DATA_CACHE_SECONDS = 0 (the test settings) nothing is cached and no version is read.
"""

import hashlib
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_started
from django.db import connection
from django.utils.translation import get_language

_request_version: ContextVar[int | None] = ContextVar("catalogue_data_version", default=None)


def _forget_version(**kwargs):
    _request_version.set(None)


request_started.connect(_forget_version, dispatch_uid="catalogue_datacache_forget_version")


def data_version() -> int:
    """The catalogue's data version, read at most once per request."""
    version = _request_version.get()
    if version is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT version FROM catalogue_dataversion WHERE id = 1")
            row = cursor.fetchone()
        version = row[0] if row else 0
        _request_version.set(version)
    return version


def cached(name: str, compute, *parts):
    """``compute()``, cached per data version, language and ``parts`` (e.g. filter values)."""
    seconds = getattr(settings, "CATALOGUE_DATA_CACHE_SECONDS", 0)
    if not seconds:
        return compute()
    # Hashed: filter values (a search text) can be long or contain anything.
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    key = f"data:{data_version()}:{get_language() or ''}:{name}:{digest}"
    entry = cache.get(key)
    if entry is None:
        entry = (compute(),)  # a tuple, so that a computed None is cached too
        cache.set(key, entry, seconds)
    return entry[0]
