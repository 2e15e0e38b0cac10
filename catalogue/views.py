"""Site-wide pages."""

from django.db.models import Count, Q
from django.views.generic import TemplateView

from municipalities.models import Municipality
from programmes.models import Programme


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        published = Programme.objects.published()
        return super().get_context_data(
            programme_count=published.count(),
            municipality_count=Municipality.objects.filter(
                programmes__is_published=True
            ).distinct().count(),
            recent_programmes=published.order_by("-updated_at")[:6],
            **kwargs,
        )
