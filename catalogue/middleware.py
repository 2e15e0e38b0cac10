"""Site-wide middleware: the request log, the Content-Security-Policy, database outages.

Order in settings.MIDDLEWARE matters: RequestLogMiddleware is first, so it times and logs every
response (static files, health checks and redirects included); ContentSecurityPolicyMiddleware
comes next, so every response carries the policy; DatabaseUnavailableMiddleware is last, so its
``process_exception`` sees a view's database errors before anything else does.
"""

import logging
import re
import time
import uuid

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection

from catalogue.errors import database_unavailable_response
from catalogue.logging import redact_query, request_context

request_logger = logging.getLogger("catalogue.request")
database_logger = logging.getLogger("catalogue.database")

# What we accept from a proxy's X-Request-ID (nginx's $request_id, UUIDs, most tracing ids);
# anything else is replaced, so a client cannot inject text into the logs.
WELL_FORMED_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")


class QueryCounter:
    """An execute wrapper (see connection.execute_wrapper) counting SQL statements."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestLogMiddleware:
    """One JSON line per request: id, method, path, status, duration, SQL queries, user id.

    The request id comes from the proxy's X-Request-ID header when it is well formed and is
    made here otherwise; it is echoed in the response's X-Request-ID header and added to every
    log line written while the request runs (see catalogue.logging.RequestContextFilter).
    A response may carry a ``log_level`` attribute to say how it should be logged: the health
    check's 200 is DEBUG (a probe every few seconds), an expected 503 is WARNING, not ERROR.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if WELL_FORMED_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_context.set(
            {"request_id": request_id, "method": request.method, "path": request.path}
        )
        try:
            counter = QueryCounter()
            started = time.perf_counter()
            with connection.execute_wrapper(counter):
                response = self.get_response(request)
            duration_ms = (time.perf_counter() - started) * 1000
            response["X-Request-ID"] = request_id
            status = response.status_code
            default_level = logging.ERROR if status >= 500 else logging.INFO
            request_logger.log(
                getattr(response, "log_level", default_level),
                "%s %s %s", request.method, request.path, status,
                extra={
                    "query": redact_query(request.META.get("QUERY_STRING", "")),
                    "status": status,
                    "duration_ms": round(duration_ms, 1),
                    "db_queries": counter.count,
                    "user_id": self._user_id(request),
                },
            )
            return response
        finally:
            request_context.reset(token)

    @staticmethod
    def _user_id(request):
        # Only a user the request already loaded: loading it here would cost a query (or fail
        # while the database is down) and touch the session of requests that never used it.
        user = request.__dict__.get("_cached_user")
        return user.pk if user is not None and user.is_authenticated else None


class ContentSecurityPolicyMiddleware:
    """Sends settings.CONTENT_SECURITY_POLICY and settings.PERMISSIONS_POLICY on every response.

    Django 5.2 has no CSP support of its own. A view may set its own header; it is kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.content_security_policy = settings.CONTENT_SECURITY_POLICY
        self.permissions_policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.content_security_policy)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class DatabaseUnavailableMiddleware:
    """A view whose database is down (or too slow) answers 503 with Retry-After, not 500.

    Persistent connections are health-checked before reuse (CONN_HEALTH_CHECKS), so once the
    server is back the next request reconnects; nothing needs restarting. Errors raised outside
    a view (e.g. saving a session) reach catalogue.errors.server_error, which does the same.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        first_line = (str(exception).strip().splitlines() or [""])[0]
        database_logger.warning(
            "database unavailable: %s: %s", type(exception).__name__, first_line
        )
        return database_unavailable_response()
