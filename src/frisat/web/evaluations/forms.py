"""The evaluation's forms. The case form is built from the scheme; its values are checked once, by
the scheme's rules in core (:func:`frisat.web.evaluations.services.validate_case`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from frisat.core.cases.registrations import parse_date
from frisat.core.cases.scheme import Scheme
from frisat.web.evaluations.models import Evaluation, Interview
from frisat.web.evaluations.services import input_fields

DATE_HINT = "dd-mm-åååå"


def _date_field(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=10, help_text=_("Skriv datoen som dd-mm-åååå."),
                           widget=forms.TextInput(attrs={"placeholder": DATE_HINT, "inputmode": "numeric",
                                                         "autocomplete": "off", "size": "10"}))


class CaseForm(forms.Form):
    """One case: a text input per scheme field (dates typed dd-mm-åååå); choices as selects."""

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first = True
        for f in input_fields(scheme):
            label = f.label if f.required else f"{f.label} ({_('kan være tom')})"
            attrs: dict[str, str] = {"autocomplete": "off"}
            if first:
                attrs["autofocus"] = ""
                first = False
            if f.type == "date":
                field = _date_field(label)
                field.widget.attrs.update(attrs)
                if f.help:
                    field.help_text = f"{f.help} {field.help_text}"
            elif f.type == "choice":
                field = forms.ChoiceField(label=label, required=False, help_text=f.help,
                                          choices=[("", "—"), *((o.code, o.label) for o in f.options)],
                                          widget=forms.Select(attrs=attrs))
            elif f.type == "yesno":
                field = forms.ChoiceField(label=label, required=False, help_text=f.help,
                                          choices=[("", "—"), ("ja", _("Ja")), ("nej", _("Nej"))],
                                          widget=forms.Select(attrs=attrs))
            else:
                if f.type in ("integer", "decimal"):
                    attrs["inputmode"] = "numeric" if f.type == "integer" else "decimal"
                field = forms.CharField(label=label, required=False, help_text=f.help, max_length=200,
                                        widget=forms.TextInput(attrs=attrs))
            self.fields[f.id] = field


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["name", "trial", "area", "rounds"]
        widgets = {"trial": forms.Textarea(attrs={"rows": 3}), "rounds": forms.CheckboxSelectMultiple}
        error_messages = {"name": {"required": _("Evalueringen skal have et navn.")}}

    def __init__(self, *args: Any, municipality: Any, scheme: Scheme, periods: dict[str, Any] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance.municipality = municipality
        self.fields["area"].queryset = municipality.areas.order_by("name")
        self.fields["area"].required = False
        self.fields["rounds"].queryset = municipality.rounds.order_by("opens_at")
        self.fields["rounds"].required = False
        self.fields["rounds"].help_text = _("Spørgeskemaundersøgelsens runder (målinger), fx før og efter.")
        self.period_names: list[tuple[str, str]] = []
        for option in scheme.periods():
            for end, word in (("fra", _("fra")), ("til", _("til"))):
                name = f"periode_{option.code}_{end}"
                self.fields[name] = _date_field(f"{option.label}, {word}")
                value = (periods or {}).get(name)
                if value:
                    self.initial[name] = value.strftime("%d-%m-%Y")
            self.period_names.append((option.code, option.label))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in [n for n in self.fields if n.startswith("periode_")]:
            text = (data.get(name) or "").strip()
            if not text:
                data[name] = None
                continue
            try:
                data[name] = parse_date(text)
            except ValueError as exc:
                self.add_error(name, f"«{text}» {exc}")
        return data

    def period_dates(self) -> dict[str, tuple[Any, Any]]:
        data = self.cleaned_data
        return {code: (data.get(f"periode_{code}_fra"), data.get(f"periode_{code}_til"))
                for code, _label in self.period_names}


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["informant_group", "year", "kind", "count"]


class RegistrarsForm(forms.Form):
    registrars = forms.ModelMultipleChoiceField(label=_("Registratorer"), required=False,
                                                queryset=get_user_model().objects.none(),
                                                widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from frisat.web.evaluations.selectors import possible_registrars

        users = possible_registrars(municipality)
        self.fields["registrars"].queryset = users.order_by("first_name", "last_name", "username")
        self.fields["registrars"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class ComparisonForm(forms.Form):
    """The case comparison's choices on the results page (a GET form), as on the command line:
    ``--limit MEASURE=DAYS`` (the share within a limit, e.g. the sagsbehandlingsfrist) and ``--by``
    one of the scheme's choice, yes/no or text fields (not the period or the case number)."""

    limit_measure = forms.ChoiceField(label=_("Mål med en grænse"), required=False)
    limit = forms.DecimalField(label=_("Grænse (fx sagsbehandlingsfristen i dage)"), required=False, min_value=0,
                               max_value=100000, decimal_places=2,
                               widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}))
    by = forms.ChoiceField(label=_("Del op efter"), required=False)

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["limit_measure"].choices = [("", _("Ingen grænse"))] + [(m.id, m.label) for m in scheme.measures]
        self.fields["by"].choices = [("", _("Ingen opdeling"))] + [
            (f.id, f.label) for f in scheme.fields
            if f.type in ("choice", "yesno", "text") and f.id not in (scheme.period_field, scheme.case_field)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("limit_measure") and data.get("limit") is None:
            self.add_error("limit", _("Skriv grænsen for målet."))
        if data.get("limit") is not None and not data.get("limit_measure"):
            self.add_error("limit_measure", _("Vælg det mål, grænsen gælder."))
        return data

    def choices(self) -> tuple[tuple[str, ...], dict[str, float]]:
        """(by, limits) for :func:`frisat.core.cases.periods.compare_periods`; none when invalid."""
        if not self.is_valid():
            return (), {}
        data = self.cleaned_data
        by = (data["by"],) if data.get("by") else ()
        limits = {data["limit_measure"]: float(data["limit"])} if data.get("limit_measure") else {}
        return by, limits
