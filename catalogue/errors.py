"""Error responses that must work when nothing else does (no request context, no database)."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views import defaults

# Seconds a client (or crawler) should wait before retrying while the database is down.
RETRY_AFTER_SECONDS = 30


def database_unavailable_response() -> HttpResponse:
    """The friendly 503 page. Rendered without the request: context processors could query."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response.log_level = logging.WARNING  # expected during an outage; see RequestLogMiddleware
    return response


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: a database outage noticed outside a view is still a 503, not a 500.

    Django calls this while handling the exception, so sys.exc_info() is the error.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable_response()
    try:
        return defaults.server_error(request, template_name)
    except Exception:
        # The page itself failed (say, a stylesheet missing from the static manifest): still
        # a plain page rather than a traceback or gunicorn's bare error.
        return HttpResponseServerError("<!doctype html><title>500</title><h1>Server error</h1>")
