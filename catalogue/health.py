"""``/healthz`` for load balancers: 200 when the database answers, 503 when it does not.

A middleware rather than a view, placed above SecurityMiddleware: a load balancer probes each
backend directly, over plain http and by its address, so the probe must skip the https
redirect and the ALLOWED_HOSTS check (it builds no URL, so a forged Host header is harmless),
and it must not touch sessions, cookies or the language. It costs one ``SELECT 1`` on the
worker's persistent connection (health-checked and reopened after a database restart); the
wait for an unreachable server is bounded by DATABASE_CONNECT_TIMEOUT.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse

from catalogue.errors import RETRY_AFTER_SECONDS

HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse("method not allowed\n", status=405, content_type="text/plain")
            response["Allow"] = "GET, HEAD"
            return response
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            response = HttpResponse(
                "unavailable: the database does not answer\n",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            response.log_level = logging.WARNING  # a finding for the load balancer, not a bug
        else:
            response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
            response.log_level = logging.DEBUG
        response["Cache-Control"] = "no-store"
        return response
