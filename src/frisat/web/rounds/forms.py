"""Forms of the staff pages. They check input shape; the rules are the models' (:meth:`Round.clean`),
run once by the services, whose errors the views put on the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frisat.core.design import Design, parse_group_dimensions
from frisat.core.errors import FrisatError
from frisat.core.instrument import DEFAULT_INSTRUMENT, builtin_instrument_ids, get_instrument
from frisat.web.common.forms import DateInput
from frisat.web.organisations.models import Municipality

DESIGN_CHOICES = [
    (Design.BOTH.value, _("Begge dimensioner til alle (standard)")),
    (Design.HALF.value, _("Tilfældig halvdel: halvdelen svarer kun på implementering, resten kun på vigtighed")),
    (Design.GROUP.value, _("Én dimension pr. respondentgruppe, fx ledere vigtighed og medarbejdere implementering")),
]
DIMENSION_LABELS = {"impl": _("implementering"), "vigt": _("vigtighed")}


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
    municipality = forms.ModelChoiceField(label=_("Kommune"), queryset=Municipality.objects.none(), empty_label=None)
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
    design = forms.ChoiceField(
        label=_("Design: hvem svarer på hvad?"), choices=DESIGN_CHOICES, initial=Design.BOTH.value,
        widget=forms.RadioSelect, required=False,
        help_text=_("Et delt design mindsker haloeffekten: når den samme person vurderer både, hvor langt I er "
                    "kommet, og hvor vigtigt arbejdet er, farver det ene svar let det andet (VIVE's notat, afsnit "
                    "3.8.2). I et delt design svarer hver respondent kun på den ene dimension, og resultaterne "
                    "lægger dimensionerne sammen pr. enhed og område. Ved «tilfældig halvdel» fordeles "
                    "respondenterne ligeligt inden for hver enhed og gruppe."))
    group_dimensions = forms.CharField(
        label=_("Dimension pr. gruppe (kun ved «én dimension pr. respondentgruppe»)"), max_length=500,
        required=False,
        help_text=_("Skriv gruppe=dimension adskilt med komma, fx «leder=vigt, medarbejder=impl» "
                    "(impl = implementering, vigt = vigtighed). Hver gruppe skal have én, og begge dimensioner "
                    "skal være med."))
    field_order = ["name", "municipality", "instrument", "opens", "closes", "groups", "anonymous", "min_n", "wave",
                   "design", "group_dimensions"]

    def __init__(self, *args: object, municipalities: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["instrument"].choices = instrument_choices()
        self.fields["instrument"].initial = DEFAULT_INSTRUMENT

    def clean_groups(self) -> list[str]:
        """The groups as a list (that there is one, and how long a name may be, are the round's rules)."""
        return [g.strip().lower() for g in self.cleaned_data["groups"].split(",") if g.strip()]

    def clean_design(self) -> str:
        return self.cleaned_data["design"] or Design.BOTH.value

    def clean_group_dimensions(self) -> dict[str, str]:
        try:
            return parse_group_dimensions(self.cleaned_data["group_dimensions"].split(","))
        except FrisatError as exc:
            raise forms.ValidationError(str(exc)) from None


class NextWaveForm(PeriodMixin):
    name = forms.CharField(label=_("Navn"), max_length=200)
    wave = forms.CharField(label=_("Bølge"), max_length=50, help_text=_("Værdien i kolonnen «maaling»."))
    copy_respondents = forms.BooleanField(
        label=_("Kopiér respondenterne fra den forrige bølge"), required=False,
        help_text=_("De får nye links. Du kan også importere en ny respondentliste bagefter."))
    field_order = ["name", "wave", "opens", "closes", "copy_respondents"]


class LinkExportForm(forms.Form):
    reissue_all = forms.BooleanField(
        label=_("Også respondenter, der allerede har fået et link"), required=False,
        help_text=_("De får nye links, og de links, de har fået før, holder op med at virke."))
    email = forms.EmailField(
        label=_("Kun denne respondent (e-mail)"), required=False,
        help_text=_("Et nyt link til én respondent, der har mistet sit. Det gamle link holder op med at virke, og "
                    "svar, der er gemt under det, kan ikke åbnes med det nye: respondenten begynder forfra."))
