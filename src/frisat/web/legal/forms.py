"""The legal pages' forms: import, the rate page's choices, the kommune's settings, the council's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from frisat.core.legal.schema import DEFAULT_MIN_CASES
from frisat.web.common.forms import DateInput
from frisat.web.legal.models import AppealSnapshot, CouncilDecision


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Fil fra Ankestyrelsens talportal (XLSX eller CSV)"),
                           help_text=_("Talportalens kolonner (Instans, Sagsemne, Aar, Kvartal, Antal_sager_ialt …) "
                                       "eller Frisats kanoniske format; se docs/legal.md."))
    source = forms.CharField(label=_("Kilde"), max_length=300,
                             help_text=_("Fx «Ankestyrelsens talportal, udtrukket 1. marts 2025»."))


class RatesForm(forms.Form):
    snapshot = forms.ModelChoiceField(label=_("Datagrundlag"), queryset=AppealSnapshot.objects.none(),
                                      empty_label=None, required=False)
    year = forms.ChoiceField(label=_("År"), required=False, initial="calendar",
                             choices=[("calendar", _("Kalenderår")),
                                      ("shifted", _("Forskudt år: 2.–4. kvartal + 1. kvartal året efter"))])
    omraade = forms.ChoiceField(label=_("Lovområde"), required=False)
    min_cases = forms.IntegerField(label=_("Få sager: højst"), min_value=0, max_value=10000, required=False,
                                   initial=DEFAULT_MIN_CASES)
    exclude_few = forms.BooleanField(label=_("Udelad kommune-år med få sager"), required=False)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["snapshot"].queryset = AppealSnapshot.objects.order_by("-imported_at", "-id")
        self.fields["snapshot"].label_from_instance = lambda o: f"{o.file_name} – {o.imported_at:%d.%m.%Y %H:%M}"
        self.fields["omraade"].choices = areas


class SettingsForm(forms.Form):
    talportal_name = forms.CharField(label=_("Kommunens navn i talportalen"), max_length=100)
    group = forms.CharField(label=_("Sammenligningsgruppe"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Kommuner at sammenligne med, adskilt af komma eller linjeskift, "
                                        "fx lignende kommuner."))


class DecisionForm(forms.Form):
    meeting_date = forms.DateField(label=_("Mødedato"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Beslutning"), choices=CouncilDecision.Outcome.choices,
                                widget=forms.RadioSelect)
    decision = forms.CharField(label=_("Beslutningens ordlyd"), max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    action_plan = forms.CharField(label=_("Handleplan"), required=False, max_length=10000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    owner = forms.CharField(label=_("Ansvarlig"), max_length=200)
    due_date = forms.DateField(label=_("Frist (valgfri)"), required=False, widget=DateInput())


class PeriodForm(forms.Form):
    """The political overview's period: the barometer's waves from one year to another (all by default)."""

    first = forms.TypedChoiceField(label=_("Fra år"), coerce=int, required=False)
    last = forms.TypedChoiceField(label=_("Til år"), coerce=int, required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        choices = [(y, str(y)) for y in years]
        self.fields["first"].choices = choices
        self.fields["last"].choices = choices
        if years:
            self.fields["first"].initial, self.fields["last"].initial = years[0], years[-1]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first not in (None, "") and last not in (None, "") and first > last:
            raise forms.ValidationError(_("«Fra år» skal være før eller samme år som «Til år»."))
        return data

    def period(self) -> tuple[int, int] | None:
        """(first, last) year chosen, or None for every wave (also when the choice is invalid)."""
        if not self.is_bound or not self.is_valid() or not self.years:
            return None
        first = self.cleaned_data.get("first")
        last = self.cleaned_data.get("last")
        return (self.years[0] if first in (None, "") else first, self.years[-1] if last in (None, "") else last)
