"""Forms of the staff pages. They check input shape; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from frisat.core.instrument import DEFAULT_INSTRUMENT, builtin_instrument_ids, get_instrument
from frisat.web.organisations.models import Kommune


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def instrument_choices() -> list[tuple[str, str]]:
    return [(i, f"{get_instrument(i).title} ({i})") for i in builtin_instrument_ids()]


class PeriodMixin(forms.Form):
    opens = forms.DateField(label=_("Første svardag"), widget=DateInput())
    closes = forms.DateField(label=_("Sidste svardag"), widget=DateInput(),
                             help_text=_("Målingen lukker ved midnat efter denne dag."))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("opens") and data.get("closes") and data["closes"] < data["opens"]:
            self.add_error("closes", _("Sidste svardag skal ligge samme dag som eller efter første svardag."))
        return data


class RoundForm(PeriodMixin):
    name = forms.CharField(label=_("Navn"), max_length=200, help_text=_("Fx «Frisættelsesbarometer 2026»."))
    kommune = forms.ModelChoiceField(label=_("Kommune"), queryset=Kommune.objects.none(), empty_label=None)
    instrument = forms.ChoiceField(label=_("Spørgeskema (instrument)"))
    groups = forms.CharField(label=_("Respondentgrupper"), max_length=500, initial="leder, medarbejder",
                             help_text=_("Adskilt med komma, fx «leder, medarbejder»."))
    anonymous = forms.TypedChoiceField(
        label=_("Anonym måling"), coerce=lambda v: v == "1", initial="1", widget=forms.RadioSelect,
        choices=[("1", _("Ja – svar kan ikke kobles til personen")), ("0", _("Nej – svar gemmes med navn"))])
    min_n = forms.IntegerField(label=_("Anonymitetsgrænse (k)"), min_value=1, max_value=1000, initial=5,
                               help_text=_("Grupper med færre besvarelser vises ikke i resultaterne."))
    wave = forms.CharField(label=_("Bølge"), max_length=50, initial="1",
                           help_text=_("Værdien i kolonnen «maaling», fx 2026-1."))
    field_order = ["name", "kommune", "instrument", "opens", "closes", "groups", "anonymous", "min_n", "wave"]

    def __init__(self, *args: object, kommuner: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kommune"].queryset = kommuner
        self.fields["instrument"].choices = instrument_choices()
        self.fields["instrument"].initial = DEFAULT_INSTRUMENT

    def clean_groups(self) -> list[str]:
        groups = [g.strip().lower() for g in self.cleaned_data["groups"].split(",") if g.strip()]
        if not groups:
            raise forms.ValidationError(_("Angiv mindst én respondentgruppe, fx leder eller medarbejder."))
        too_long = [g for g in groups if len(g) > 50]
        if too_long:
            raise forms.ValidationError(_("Et gruppenavn må højst have 50 tegn."))
        return groups


class NextWaveForm(PeriodMixin):
    name = forms.CharField(label=_("Navn"), max_length=200)
    wave = forms.CharField(label=_("Bølge"), max_length=50, help_text=_("Værdien i kolonnen «maaling»."))
    copy_respondents = forms.BooleanField(
        label=_("Kopiér respondenterne fra den forrige bølge"), required=False,
        help_text=_("De får nye links. Du kan også importere en ny respondentliste bagefter."))
    field_order = ["name", "wave", "opens", "closes", "copy_respondents"]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Fil (.csv eller .xlsx)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        limit = settings.FRISAT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Filen er for stor (%(size)s MB). Den største fil, der kan indlæses, er %(limit)s MB.")
                % {"size": _mb(upload.size), "limit": _mb(limit)})
        return upload


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


class InviteForm(forms.Form):
    reminder = forms.TypedChoiceField(coerce=lambda v: v == "1", choices=[("0", "0"), ("1", "1")],
                                      widget=forms.HiddenInput)
    contact = forms.CharField(label=_("Kontakt ved spørgsmål (vises i mailen)"), max_length=200, required=False,
                              help_text=_("Fx «Anna Berg, anna.berg@rebild.dk»."))


class LinkExportForm(forms.Form):
    reissue_all = forms.BooleanField(
        label=_("Også respondenter, der allerede har fået et link"), required=False,
        help_text=_("De får nye links, og de links, de har fået før, holder op med at virke."))
