"""The site's URLs plus views that fail on purpose, for the error-page and logging tests."""

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from catalogue.urls import handler500  # noqa: F401
from catalogue.urls import urlpatterns as site_urlpatterns


def crash(request):
    raise RuntimeError("a bug in a view")


@csrf_exempt
def crash_with_secrets_in_the_message(request):
    # The careless error message the log must survive: the form and the headers, verbatim.
    raise ValueError(f"cannot handle {request.POST!r} with {request.META!r}")


def forbidden(request):
    raise PermissionDenied


def database_down(request):
    raise OperationalError('connection to server on socket "/run/pg/.s.PGSQL.5432" failed')


urlpatterns = [
    path("test/crash/", crash),
    path("test/crash-with-secrets/", crash_with_secrets_in_the_message),
    path("test/forbidden/", forbidden),
    path("test/database-down/", database_down),
    *site_urlpatterns,
]
