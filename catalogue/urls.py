from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from catalogue import views, wellknown

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", wellknown.favicon),
    path("robots.txt", wellknown.robots_txt),
    path(".well-known/security.txt", wellknown.security_txt),
]

# A database outage noticed outside a view is a 503, like one inside it.
handler500 = "catalogue.errors.server_error"

# Swedish at the bare paths, English under /en/ and Danish under /da/. The static pages keep
# their Swedish path in every language (/en/tillganglighet/); always reverse them by name.
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("om/", views.AboutView.as_view(), name="about"),
    path("tillganglighet/", views.AccessibilityView.as_view(), name="accessibility"),
    path("", include("programmes.urls")),
    path("", include("municipalities.urls")),
    prefix_default_language=False,
)
