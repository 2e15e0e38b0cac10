"""Suite-wide set-up: the embedded database's lifetime and the browser for Playwright tests."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium is required but {CHROMIUM} is missing")
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    """Stop the embedded PostgreSQL if this test run started it."""
    from django.conf import settings

    from catalogue import test_settings

    if not settings.DATABASE_URL and not test_settings.EMBEDDED_WAS_RUNNING:
        from catalogue import embedded_postgres

        embedded_postgres.stop()
