"""Forms of the round-administration pages (edit a round, the respondents). Input shape only; the
rules are the models' and the services' (:mod:`frisat.web.rounds.editing`, :mod:`~.respondents`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frisat.web.common.formatting import last_day, parse_date
from frisat.web.common.forms import DateInput
from frisat.web.organisations.models import Unit
from frisat.web.rounds.forms import DESIGN_CHOICES, instrument_choices
from frisat.web.rounds.models import Round

FORM_FIELDS = {"closes_at": "closes", "instrument_id": "instrument"}
"""Model field → this form's field, where they differ."""


class RoundEditForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    description = forms.CharField(label=_("Beskrivelse"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Til administratorerne; vises ikke for respondenterne."))
    closes = forms.DateField(label=_("Sidste svardag"), widget=DateInput(),
                             help_text=_("Forlæng eller afkort. Respondenter, der ikke har svaret, får den nye "
                                         "dato i den næste påmindelse."))
    reminder_dates = forms.CharField(
        label=_("Påmindelsesplan"), required=False, max_length=500,
        help_text=_("Dage, hvor I planlægger at sende påmindelser, adskilt med komma, fx «2026-04-10, 2026-04-20». "
                    "Planen vises på målingens side; påmindelserne sendes fra siden «Mails»."))
    instrument = forms.ChoiceField(label=_("Spørgeskema (instrument)"))
    anonymous = forms.TypedChoiceField(
        label=_("Anonym måling"), coerce=lambda v: v in ("1", True, "True"), widget=forms.RadioSelect,
        choices=[("1", _("Ja – svar kan ikke kobles til personen")), ("0", _("Nej – svar gemmes med navn"))])
    min_n = forms.IntegerField(label=_("Anonymitetsgrænse (k)"), min_value=1, max_value=1000)
    design = forms.ChoiceField(label=_("Design: hvem svarer på hvad?"), choices=DESIGN_CHOICES,
                               widget=forms.RadioSelect)

    def __init__(self, *args: object, round: Round, locked: dict[str, str], **kwargs: object) -> None:
        kwargs.setdefault("initial", {
            "name": round.name, "description": round.description, "closes": last_day(round.closes_at),
            "reminder_dates": ", ".join(round.reminder_dates or []), "instrument": round.instrument_id,
            "anonymous": "1" if round.anonymous else "0", "min_n": round.min_n, "design": round.design})
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = instrument_choices()
        for model_field, reason in locked.items():
            field = self.fields[FORM_FIELDS.get(model_field, model_field)]
            field.disabled = True
            field.help_text = reason

    def clean_reminder_dates(self) -> list[str]:
        days = []
        for part in self.cleaned_data["reminder_dates"].replace(";", ",").split(","):
            if part.strip():
                try:
                    days.append(parse_date(part.strip()).isoformat())
                except ValueError as exc:
                    raise forms.ValidationError(str(exc)) from None
        return days

    def changes(self) -> dict[str, object]:
        """The model fields the form may change, with their new values (locked fields left out)."""
        from frisat.web.common.formatting import day_bounds

        data = self.cleaned_data
        values = {"name": data["name"], "description": data["description"],
                  "reminder_dates": data["reminder_dates"],
                  "closes_at": day_bounds(data["closes"], data["closes"])[1] if data.get("closes") else None,
                  "instrument_id": data["instrument"], "anonymous": data["anonymous"], "min_n": data["min_n"],
                  "design": data["design"]}
        return {name: value for name, value in values.items()
                if not self.fields[FORM_FIELDS.get(name, name)].disabled}


def _unit_choices(round: Round) -> list[tuple[int, str]]:
    units = Unit.objects.filter(area__municipality_id=round.municipality_id).select_related("area")
    return [(u.pk, f"{u.name} ({u.area.name})") for u in units.order_by("area__name", "name")]


class RespondentEditForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), required=False,
                             help_text=_("Retter du adressen, får respondenten et nyt link, og det gamle holder op "
                                         "med at virke."))
    unit = forms.TypedChoiceField(label=_("Enhed"), coerce=int)

    def __init__(self, *args: object, round: Round, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(round)


class RespondentAddForm(RespondentEditForm):
    group = forms.ChoiceField(label=_("Respondentgruppe"))

    def __init__(self, *args: object, round: Round, **kwargs: object) -> None:
        super().__init__(*args, round=round, **kwargs)
        self.fields["email"].help_text = _("Linket sendes med den næste invitation.")
        self.fields["group"].choices = [(g, g) for g in round.groups]


def unit_of(round: Round, pk: int) -> Unit:
    return Unit.objects.select_related("area").get(pk=pk, area__municipality_id=round.municipality_id)


__all__ = ["RespondentAddForm", "RespondentEditForm", "RoundEditForm", "unit_of"]
