"""Admin forms: the programme form's checks across its fields, inlines and the database.

The admin validates the programme form before its inlines, and both before anything is
saved (in one transaction), so every rule here can refuse a save without leaving half a
programme behind.
"""

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from programmes.models import Participation, Programme
from programmes.validators import validate_web_url

HOSTING_ROLES = {Participation.Role.LEAD, Participation.Role.HOST}

# ModelAdmin.formfield_overrides for models with web addresses: http(s) only, and a bare
# "www.example.se" is taken to mean https.
WEB_ADDRESS_FIELDS = {
    models.URLField: {"assume_scheme": "https", "validators": [validate_web_url]},
}


def last_change_of(programme):
    """Who changed ``programme`` last and when, from the admin history (None if unknown)."""
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Programme),
            object_id=str(programme.pk),
        )
        .select_related("user")
        .order_by("-action_time")
        .first()
    )
    if entry is None:
        return None
    name = entry.user.get_full_name() or entry.user.get_username()
    when = formats.date_format(timezone.localtime(entry.action_time), "DATETIME_FORMAT")
    return name, when


class TolerantAutocompleteMixin:
    """Re-shows a form whose autocomplete got a malformed id instead of failing with a 500.

    The stock widget looks the submitted ids up to label them, and a non-numeric id makes
    that lookup raise; the field itself already reports the bad value to the editor.
    """

    def optgroups(self, name, value, attr=None):
        key = self.field.remote_field.model._meta.pk
        wellformed = []
        for item in value:
            try:
                key.to_python(item)
            except ValidationError:
                continue
            wellformed.append(item)
        return super().optgroups(name, wellformed, attr)


class TolerantAutocompleteSelect(TolerantAutocompleteMixin, AutocompleteSelect):
    pass


class TolerantAutocompleteSelectMultiple(TolerantAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class PreloadedAutocompleteSelect(TolerantAutocompleteSelect):
    """An autocomplete that labels its chosen option from an object already loaded.

    The stock widget runs one query per inline row to label the chosen option; an inline of
    partners would cost a query per partner.
    """

    preloaded = None  # {pk as text: label}, set by PreloadedChoicesForm

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if v not in (None, "")]
        if not self.preloaded or not set(chosen) <= self.preloaded.keys():
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for pk in chosen:
            options.append(self.create_option(name, pk, self.preloaded[pk], True, len(options)))
        return [(None, options, 0)]


class PreloadedChoicesForm(forms.ModelForm):
    """An inline row whose autocompletes label the related objects its queryset selected."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            return
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, PreloadedAutocompleteSelect):
                related = getattr(self.instance, name)
                widget.preloaded = {str(related.pk): str(related)}


class ProgrammeAdminForm(forms.ModelForm):
    """The programme form; ``editor_municipality_ids`` is set by the admin per request."""

    # The version the editor loaded; a save from an older version is refused (see clean()).
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    editor_municipality_ids = None

    class Meta:
        model = Programme
        fields = [
            "title",
            "slug",
            "kind",
            "status",
            "start_year",
            "end_year",
            "themes",
            "summary",
            "description",
            "language",
            "parent",
            "municipalities",
            "target_groups",
            "contacts",
            "evidence",
            "last_verified",
            "is_published",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        # The inline formsets check their part of the publishing rules against this.
        self.instance.submitted_municipalities = cleaned_data.get("municipalities")
        self._check_version(cleaned_data.get("loaded_version"))
        self._check_municipalities_in_scope(cleaned_data.get("municipalities"))
        if cleaned_data.get("is_published"):
            for field, message in [
                ("themes", _("A published programme needs at least one theme.")),
                ("target_groups", _("A published programme needs at least one target group.")),
            ]:
                if field in cleaned_data and not cleaned_data[field]:
                    self.add_error(field, message)
        return cleaned_data

    def _check_version(self, loaded_version):
        # The admin locked the row when it loaded it for this POST, so instance.version is
        # what is stored now and no other save can slip in before ours commits.
        if not self.instance.pk or loaded_version == self.instance.version:
            return
        last = last_change_of(self.instance)
        if last:
            message = _(
                "%(name)s saved this programme at %(when)s, after you opened it. Your changes "
                "have not been saved, so nothing of theirs was overwritten. Open the "
                "programme again to see their version, then make your changes again."
            ) % {"name": last[0], "when": last[1]}
        else:
            message = _(
                "Someone else saved this programme after you opened it. Your changes have "
                "not been saved, so nothing of theirs was overwritten. Open the programme "
                "again to see their version, then make your changes again."
            )
        raise ValidationError(message, code="stale")

    def _check_municipalities_in_scope(self, municipalities):
        allowed = self.editor_municipality_ids
        if allowed is None or municipalities is None:
            return
        before = set(self.instance.municipalities.all()) if self.instance.pk else set()
        after = set(municipalities)
        outside = sorted(m.name for m in before ^ after if m.pk not in allowed)
        if outside:
            self.add_error(
                "municipalities",
                _("You may only add or remove your own municipalities, not: %(names)s.")
                % {"names": ", ".join(outside)},
            )
        elif not any(m.pk in allowed for m in after):
            self.add_error(
                "municipalities",
                _("Choose at least one of your municipalities, or the programme leaves your "
                  "part of the catalogue."),
            )


class PublishingRulesFormSet(forms.BaseInlineFormSet):
    """An inline that checks its share of what a published programme needs."""

    def live_forms(self):
        return [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        if self.instance.is_published and not any(self.errors):
            self.check_publishable()

    def check_publishable(self):
        raise NotImplementedError


class ParticipationFormSet(PublishingRulesFormSet):
    def check_publishable(self):
        municipalities = getattr(self.instance, "submitted_municipalities", None)
        if municipalities is None or municipalities:
            return
        if not any(form.cleaned_data.get("role") in HOSTING_ROLES for form in self.live_forms()):
            raise ValidationError(
                _("A published programme needs at least one municipality or a host or lead "
                  "organisation."),
                code="unplaced",
            )


class CitationFormSet(PublishingRulesFormSet):
    def check_publishable(self):
        if not self.live_forms():
            raise ValidationError(
                _("A published programme needs at least one source with a quote."),
                code="unsourced",
            )
