"""Public pages for programmes, themes and partners."""

from django.views.generic import DetailView, ListView

from programmes.models import Organisation, Programme, Theme


class ProgrammeListView(ListView):
    template_name = "programmes/programme_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Programme.objects.visible_to(self.request.user).order_by("title")


class ProgrammeDetailView(DetailView):
    template_name = "programmes/programme_detail.html"

    def get_queryset(self):
        return Programme.objects.visible_to(self.request.user)


class ThemeDetailView(DetailView):
    model = Theme
    template_name = "programmes/theme_detail.html"


class PartnerDetailView(DetailView):
    model = Organisation
    template_name = "programmes/partner_detail.html"
