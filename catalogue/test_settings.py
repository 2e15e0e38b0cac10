"""Settings for the test suite: the real settings, with a fast hasher and plain static files."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("HTTPS", "false")

from catalogue import embedded_postgres  # noqa: E402

# Whether a developer's server was already up, so the suite stops only one it started itself.
EMBEDDED_WAS_RUNNING = embedded_postgres.is_running()

from catalogue.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests open and close many connections; keeping them would hold test databases open.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
AXES_ENABLED = False
# Page tests count queries on the uncached path; tests/test_data_cache.py turns the cache on.
CATALOGUE_DATA_CACHE_SECONDS = 0
CATALOGUE_PAGE_CACHE_SECONDS = 0
# Facet counts come from SQL in page tests (pinned query counts); tests/test_facet_index.py
# checks the in-memory index against them.
CATALOGUE_FACET_INDEX = False
