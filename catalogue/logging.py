"""Structured logs: one JSON object per line on stdout, with secrets scrubbed.

Used by Django (``LOGGING`` in settings) and by gunicorn (``logger_class`` in gunicorn.conf.py),
so every line an operator sees has the same shape and, during a request, the same
``request_id``. Nothing here imports Django settings at import time: gunicorn's master process
loads this module before any Django set-up.

Scrubbing is defence in depth. The request log never records cookies, headers or form values in
the first place; the scrubber also rewrites anything that *looks* like a secret in messages and
tracebacks (``password=…``, ``sessionid=…``, credentials in URLs, quoted ``'password': '…'``
pairs in reprs) and every occurrence of the configured ``SECRET_KEY`` and database password.
"""

import contextvars
import datetime
import json
import logging
import re
import traceback
from urllib.parse import parse_qsl, urlencode

from gunicorn.glogging import Logger as _GunicornLogger

REDACTED = "[redacted]"

# Names of fields, parameters and headers whose values are never logged.
SENSITIVE_NAME = re.compile(
    r"pass|pwd|secret|token|api[_-]?key|session|csrf|cookie|authori[sz]ation|signature|credential",
    re.IGNORECASE,
)
_NAME = r"[\w-]*(?:pass|pwd|secret|token|api[_-]?key|session|csrf|cookie|authori[sz]ation" \
        r"|signature|credential)[\w-]*"
_PATTERNS = [
    # user:password@ in URLs (DATABASE_URL and friends).
    (re.compile(r"(?P<keep>\b[a-z][a-z0-9+.-]*://[^\s:/@]*:)[^\s@/]+@", re.IGNORECASE),
     rf"\g<keep>{REDACTED}@"),
    # 'password': 'x', "csrftoken": ["x"] (dict, QueryDict and JSON reprs).
    (re.compile(
        rf"(?P<keep>(?P<q>['\"]){_NAME}(?P=q)\s*:\s*\[?\s*)(?P<v>'[^']*'|\"[^\"]*\"|[^\s,}}\]]+)",
        re.IGNORECASE,
    ), rf"\g<keep>'{REDACTED}'"),
    # password=x, sessionid=x; (query strings, cookie headers, DSNs, keyword arguments).
    (re.compile(rf"(?P<keep>\b{_NAME}\s*=\s*)(?P<v>'[^']*'|\"[^\"]*\"|[^\s&;,'\")]+)",
                re.IGNORECASE),
     rf"\g<keep>{REDACTED}"),
    # Authorization: Bearer x / Cookie: a=b (raw header lines).
    (re.compile(r"(?P<keep>\b(?:proxy-)?(?:authorization|cookie)\s*:\s*)[^\r\n]+", re.IGNORECASE),
     rf"\g<keep>{REDACTED}"),
]
# Secret values shorter than this are not searched for: replacing "x" everywhere helps no one.
MIN_SECRET_LENGTH = 8


def _configured_secrets() -> list[str]:
    from django.conf import settings

    if not settings.configured:  # gunicorn's master process, before Django is set up
        return []
    values = [getattr(settings, "SECRET_KEY", ""), *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    values += [db.get("PASSWORD") or "" for db in getattr(settings, "DATABASES", {}).values()]
    return [v for v in values if isinstance(v, str) and len(v) >= MIN_SECRET_LENGTH]


def scrub(text: str) -> str:
    """Return ``text`` with anything that looks like a secret replaced by ``[redacted]``."""
    for secret in _configured_secrets():
        text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact_query(query_string: str, limit: int = 500) -> str:
    """The query string with sensitive parameters' values replaced, cut to ``limit`` chars."""
    if not query_string:
        return ""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    safe = [(k, REDACTED if SENSITIVE_NAME.search(k) else v) for k, v in pairs]
    return urlencode(safe, safe="[]")[:limit]


# Headers worth having next to an error; all others (Cookie, Authorization, …) are left out.
ERROR_CONTEXT_HEADERS = ("HTTP_ACCEPT", "HTTP_ACCEPT_LANGUAGE", "HTTP_REFERER", "HTTP_USER_AGENT",
                         "CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_X_FORWARDED_PROTO")


def describe_request(request) -> dict:
    """What an operator needs to reproduce a failed request, without its secrets."""
    meta = getattr(request, "META", {})
    described = {
        "method": getattr(request, "method", None),
        "path": getattr(request, "path", None),
        "query": redact_query(meta.get("QUERY_STRING", "")),
        "headers": {key: meta[key][:300] for key in ERROR_CONTEXT_HEADERS if key in meta},
    }
    try:
        # Only a form that was already parsed: parsing here could fail or read a stream twice.
        form = request.__dict__.get("_post")
        if form:
            described["form"] = {
                key: REDACTED if SENSITIVE_NAME.search(key) else [v[:200] for v in values]
                for key, values in form.lists()
            }
    except Exception:  # context is best effort; the error itself must still be logged
        pass
    return described


# The current request's id, method and path, set by RequestLogMiddleware for its duration.
request_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "request_context", default=None
)


class RequestContextFilter(logging.Filter):
    """Adds the current request's id (and method and path) to every record logged during it."""

    def filter(self, record):
        for key, value in (request_context.get() or {}).items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


class UncaughtExceptionsOnly(logging.Filter):
    """For ``django.request``: keep uncaught exceptions (with their traceback), drop the rest.

    Django logs every 4xx/5xx response there; the request line from RequestLogMiddleware already
    says the same, and a 503 while the database is down is logged once as a warning instead.
    """

    def filter(self, record):
        return record.levelno >= logging.ERROR and record.exc_info is not None


# Attributes every LogRecord has; anything else was passed in ``extra`` and is logged as a field.
_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message", "asctime", "taskName",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, extra fields, traceback."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC)
            .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key in _STANDARD_ATTRIBUTES or key.startswith("_"):
                continue
            if key == "request":
                entry["request"] = describe_request(value)
            elif value is None or isinstance(value, bool | int | float):
                entry[key] = value
            else:
                entry[key] = scrub(str(value))
        if record.exc_info:
            entry["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            entry["traceback"] = scrub("".join(traceback.format_exception(*record.exc_info)))
        if record.stack_info:
            entry["stack"] = scrub(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger, writing the same JSON lines as Django (see gunicorn.conf.py)."""

    def setup(self, cfg):
        super().setup(cfg)
        for handler in [*self.error_log.handlers, *self.access_log.handlers]:
            handler.setFormatter(JsonFormatter())

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        path = environ.get("PATH_INFO", "")
        if path == "/healthz" and str(status) == "200":
            return  # load-balancer probes every few seconds would drown everything else
        headers = dict((name.lower(), value) for name, value in resp.headers)
        duration = request_time.seconds * 1000 + request_time.microseconds / 1000
        fields = {
            "request_id": headers.get("x-request-id"),
            "method": environ.get("REQUEST_METHOD"),
            "path": path,
            "query": redact_query(environ.get("QUERY_STRING", "")),
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(duration, 1),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "user_agent": environ.get("HTTP_USER_AGENT", "")[:200],
        }
        try:
            self.access_log.info("%s %s %s", fields["method"], path, status, extra=fields)
        except Exception:  # as gunicorn does: a failed log line must not fail the request
            self.error(traceback.format_exc())
