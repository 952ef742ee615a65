"""The filter form of the results page (GET). It checks input shape; the anonymity rules are in
:mod:`frisat.web.results.anonymity`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frisat.reporting.labels import value_label
from frisat.web.rounds.models import Round

GROUPINGS = {
    "": _("Ingen (alle samlet)"),
    "omraade": _("Område"),
    "enhed": _("Enhed"),
    "gruppe": _("Respondentgruppe"),
    "maaling": _("Bølge"),
}
DEFAULT_GROUPING = "omraade"


class ResultsFilterForm(forms.Form):
    """The field names are GET parameters and, for the grouping, the canonical column names
    (``omraade``, ``enhed``, ``gruppe``, ``maaling``): they stay Danish like the data format."""

    omraade = forms.ChoiceField(label=_("Område"), required=False)
    enhed = forms.TypedChoiceField(label=_("Enhed"), required=False, coerce=int, empty_value=None)
    gruppe = forms.ChoiceField(label=_("Respondentgruppe"), required=False)
    boelge = forms.TypedMultipleChoiceField(
        label=_("Bølger"), coerce=int, widget=forms.CheckboxSelectMultiple,
        help_text=_("Vælg de bølger af målingen, der skal indgå."),
        error_messages={"required": _("Vælg mindst én bølge.")})
    grupper = forms.ChoiceField(label=_("Gruppér efter"), required=False, initial=DEFAULT_GROUPING,
                                choices=list(GROUPINGS.items()))

    def __init__(self, *args: object, round: Round, waves: list[Round], areas: object,
                 units: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.round = round
        self.waves = {m.pk: m for m in waves}
        self.units = {e.pk: e for e in units}
        self.fields["omraade"].choices = [("", _("Alle områder"))] + [
            (o.name, value_label(o.name)) for o in areas]
        grouped: dict[str, list[tuple[int, str]]] = {}
        for e in self.units.values():
            grouped.setdefault(value_label(e.area.name), []).append((e.pk, e.name))
        self.fields["enhed"].choices = [("", _("Alle enheder")), *grouped.items()]
        groups = list(dict.fromkeys(g for m in waves for g in m.groups))
        self.fields["gruppe"].choices = [("", _("Alle grupper"))] + [(g, g.capitalize()) for g in groups]
        this_round = _("denne måling")  # not inside the f-string: xgettext would not find it there
        self.fields["boelge"].choices = [
            (m.pk, f"{m.wave} – {m.name}" + (f" ({this_round})" if m.pk == round.pk else ""))
            for m in waves]
        self.fields["boelge"].initial = [round.pk]
        if len(waves) < 2:
            self.fields["grupper"].choices = [c for c in GROUPINGS.items() if c[0] != "maaling"]

    def clean(self) -> dict:
        data = super().clean()
        unit = self.units.get(data.get("enhed")) if data.get("enhed") else None
        data["unit_obj"] = unit
        if unit and data.get("omraade") and unit.area.name != data["omraade"]:
            self.add_error("enhed", _("Enheden ligger ikke i det valgte område."))
        rounds = [self.waves[pk] for pk in data.get("boelge") or [] if pk in self.waves]
        data["rounds"] = rounds
        data["chain"] = list(self.waves.values())
        labels = [m.wave for m in rounds]
        if len(set(labels)) != len(labels):
            self.add_error("boelge", _("To af de valgte bølger har samme navn; vælg kun den ene."))
        if data.get("grupper") == "maaling" and len(rounds) < 2:
            data["grupper"] = ""
        return data

    def choices(self) -> dict:
        """The defaults when the page is opened without a query."""
        return {"omraade": "", "enhed": None, "unit_obj": None, "gruppe": "", "boelge": [self.round.pk],
                "rounds": [self.round], "grupper": DEFAULT_GROUPING, "chain": list(self.waves.values())}
