"""Files browsers and crawlers ask for at fixed addresses: favicon, robots.txt, security.txt."""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ROBOTS_TXT = """\
User-agent: *
Disallow: /admin/
"""


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send them to the SVG icon.

    A temporary redirect: the target is a hashed name that changes with the icon.
    """
    try:
        url = static("favicon.svg")
    except ValueError:  # not in the static manifest (collectstatic ran without it)
        raise Http404("no favicon") from None
    return HttpResponseRedirect(url)


@require_safe
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=86400)
def security_txt(request):
    """RFC 9116. Without SECURITY_CONTACT there is nobody to name, so there is no file."""
    if not settings.SECURITY_CONTACTS:
        raise Http404("SECURITY_CONTACT is not set")
    expires = settings.SECURITY_TXT_EXPIRES or (
        # Rolling: a year at most is the RFC's advice; a whole day keeps the file stable.
        timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        + datetime.timedelta(days=180)
    )
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACTS]
    lines += [
        f"Expires: {expires.astimezone(datetime.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: sv, da, en",
        f"Canonical: {request.build_absolute_uri()}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
