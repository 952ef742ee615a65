"""Forms of the friktionseftersyn pages. They check the shape of the input; the rules (lengths,
numbers ≥ 0, a hegnspæl cannot be removed …) are in :mod:`frisat.web.audits.services`, whose
field-keyed errors the views put back on these forms (:func:`add_input_errors`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frisat.web.audits.models import (
    EXTERNAL_CHOICES,
    SPOR_CHOICES,
    Activity,
    Decision,
    Idea,
    Marking,
    Process,
    Requirement,
)
from frisat.web.audits.selectors import STATUS_CHOICES
from frisat.web.common.forms import DateInput


class FigureInput(forms.TextInput):
    """A number typed the Danish way (``7,5``): text with a decimal keyboard on phones."""

    def __init__(self) -> None:
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", "size": "10"})


def figure_field(label: Any, help_text: Any = "") -> forms.CharField:
    """A Standard Cost Model figure; parsed and checked (≥ 0, two decimals) by the services."""
    return forms.CharField(label=label, required=False, max_length=30, widget=FigureInput(), help_text=help_text)


def text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def figure_text(value: object) -> str:
    """A stored Decimal as the form shows it: ``7,5`` (no trailing zeros), empty when missing."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


# --- processes and activities ---------------------------------------------------------------------


def _choices(model_choices: Iterable[tuple[str, str]], labels: Mapping[str, Any]) -> list[tuple[str, Any]]:
    return [(key, labels.get(key, name)) for key, name in model_choices]


PROCESS_STATUS_LABELS = {"kortlaegning": _("Kortlægning"), "markering": _("Markering"), "beslutning": _("Beslutning"),
                         "afsluttet": _("Afsluttet")}


class ProcessForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Kommune"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Proces"), max_length=200,
                           help_text=_("Fx «Sygedagpengeopfølgning»."))
    area = forms.ModelChoiceField(label=_("Område (valgfrit)"), queryset=None, required=False,
                                     empty_label=_("Intet område"))
    purpose = forms.CharField(label=_("Formål"), required=False, widget=text_area(),
                              help_text=_("Den fælles forståelse af, hvad processen er til for."))
    start = forms.CharField(label=_("Start"), required=False, widget=text_area(2),
                            help_text=_("Hvornår begynder processen, fx «borgeren sygemeldes»?"))
    end = forms.CharField(label=_("Slut"), required=False, widget=text_area(2),
                          help_text=_("Hvornår er processen afsluttet, fx «sagen lukkes»?"))
    owner = forms.CharField(label=_("Ejer"), max_length=200, required=False,
                            help_text=_("Den leder, der ejer processen og eftersynet."))
    status = forms.ChoiceField(label=_("Fase"), choices=_choices(Process.Status.choices, PROCESS_STATUS_LABELS))

    def __init__(self, *args: Any, municipalities: Any, areas: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["area"].queryset = areas
        self.fields["area"].label_from_instance = lambda o: f"{o.municipality.name} · {o.name}"
        if editing:
            del self.fields["municipality"]
        else:
            del self.fields["status"]


class ActivityForm(forms.Form):
    description = forms.CharField(label=_("Aktivitet"), widget=text_area(2),
                                  help_text=_("Hvad gøres der? Fx «Registrering af delvis raskmelding»."))
    channel = forms.CharField(label=_("Kanal"), max_length=100, required=False,
                              help_text=_("Fx fagsystem, telefon, brev, møde."))
    performed_by = forms.CharField(label=_("Udføres af"), max_length=200, required=False,
                                   help_text=_("Rolle, fx sagsbehandler."))
    minutes_per_occurrence = figure_field(_("Minutter pr. gang"))
    occurrences_per_year = figure_field(_("Antal gange pr. år pr. person"))
    people = figure_field(_("Antal personer"), _("Hvor mange udfører aktiviteten?"))

    FIGURES = ("minutes_per_occurrence", "occurrences_per_year", "people")

    @classmethod
    def initial_for(cls, activity: Activity) -> dict[str, str]:
        initial = {name: getattr(activity, name) for name in ("description", "channel", "performed_by")}
        initial.update({name: figure_text(getattr(activity, name)) for name in cls.FIGURES})
        return initial


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("earlier", "earlier"), ("later", "later")])


class MarkingLinkForm(forms.Form):
    label = forms.CharField(label=_("Betegnelse (valgfri)"), max_length=200, required=False,
                            help_text=_("Fx «Workshop 12. marts» eller «Markering på egen hånd»."))
    anonymous = forms.TypedChoiceField(
        label=_("Anonym markering"), coerce=lambda v: v == "1", initial="1", widget=forms.RadioSelect,
        choices=[("1", _("Ja – medarbejderne vises kun som «Deltager 1», «Deltager 2» …")),
                 ("0", _("Nej – medarbejderne skriver deres navn"))])


# --- the register ---------------------------------------------------------------------------------


KIND_LABELS = {"regel": _("Regel"), "politik": _("Politik"), "dokumentationskrav": _("Dokumentationskrav"),
               "procedure": _("Procedure"), "andet": _("Andet")}
SOURCE_LABELS = {
    "eu": _("EU"), "lov": _("lov"), "bekendtgoerelse": _("bekendtgørelse"), "vejledning": _("vejledning"),
    "statsligt_kl": _("statsligt/KL-koncept"), "kommunalbestyrelse": _("kommunalbestyrelsens beslutning"),
    "forvaltning": _("forvaltningens instruks"), "lokal_praksis": _("lokal praksis"), "ukendt": _("ukendt"),
}
USE_LABELS = {"bruges": _("Nogen bruger det"), "ingen": _("Ingen bruger det"), "ukendt": _("Ikke undersøgt")}
SPOR_LABELS = {"regler": _("Færre regler"), "maal": _("Fra detailmål til formål"), "dok": _("Mindre dokumentation"),
               "tillid": _("Tillidsbaseret kultur"), "innov": _("Innovation og eksperimenter")}
STATUS_LABELS = {"uafklaret": _("Ingen beslutning endnu"), "fjernes": _("fjernes"), "forandres": _("forandres"),
                 "forankres": _("forankres")}


class RequirementForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=300,
                            help_text=_("Fx «Registrering af delvis raskmelding»."))
    code = forms.CharField(label=_("Id i registret (valgfrit)"), max_length=50, required=False,
                           help_text=_("Tomt: det næste ledige id (R-0001, R-0002 …)."))
    kind = forms.ChoiceField(label=_("Type"), choices=_choices(Requirement.Kind.choices, KIND_LABELS))
    source_type = forms.ChoiceField(label=_("Oprindelse"), initial=Requirement.SourceType.UNKNOWN,
                                    choices=_choices(Requirement.SourceType.choices, SOURCE_LABELS),
                                    help_text=_("Hvor kommer kravet fra? «ukendt», hvis ingen ved det."))
    reference = forms.CharField(label=_("Hjemmel/reference"), max_length=300, required=False,
                                help_text=_("Fx «serviceloven § 50» eller byrådsbeslutningens dato."))
    hegnspael = forms.BooleanField(label=_("Hegnspæl: kravet skal blive, fordi loven kræver det"), required=False)
    tilbageloeb_status = forms.ChoiceField(label=_("Tilbageløb: bruger nogen det, kravet producerer?"),
                                           widget=forms.RadioSelect, initial=Requirement.Use.UNKNOWN,
                                           choices=_choices(Requirement.Use.choices, USE_LABELS))
    tilbageloeb = forms.CharField(label=_("Hvem bruger det, og til hvad?"), required=False, widget=text_area(2))
    spor = forms.MultipleChoiceField(label=_("Barometrets spor"), required=False,
                                     widget=forms.CheckboxSelectMultiple,
                                     choices=_choices(SPOR_CHOICES, SPOR_LABELS))
    area = forms.ModelChoiceField(label=_("Område (valgfrit)"), queryset=None, required=False,
                                     empty_label=_("Hele kommunen"))
    owner = forms.CharField(label=_("Ansvarlig"), max_length=200, required=False)
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=text_area(2))
    # issue 15 item 5: a decision outside the municipality (fritagelse, lovændring, byrådet)
    external = forms.ChoiceField(label=_("Kræver beslutning uden for forvaltningen"), required=False,
                                 choices=[("", _("Nej")), *EXTERNAL_CHOICES])
    external_expires_on = forms.DateField(label=_("Fritagelsen udløber den (solnedgangsklausul)"), required=False,
                                          widget=DateInput())

    FIELDS = ("code", "title", "kind", "source_type", "reference", "hegnspael", "tilbageloeb_status",
              "tilbageloeb", "spor", "area", "owner", "description", "external",
              "external_expires_on")

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas

    @classmethod
    def initial_for(cls, requirement: Requirement) -> dict[str, Any]:
        return {name: getattr(requirement, name) for name in cls.FIELDS}


class InlineRequirementForm(RequirementForm):
    """The same fields with a prefix, to create a requirement while linking an activity's origin.
    Only used when a title is given."""

    prefix = "nyt"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("code", "owner", "description"):
            del self.fields[name]
        self.fields["title"].required = False

    def wanted(self) -> bool:
        return bool(self.is_bound and self.data.get(self.add_prefix("title"), "").strip())


class OriginForm(forms.Form):
    requirements = forms.ModelMultipleChoiceField(label=_("Krav i registret bag aktiviteten"), queryset=None,
                                                  required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, requirements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requirements"].queryset = requirements
        self.fields["requirements"].label_from_instance = _requirement_label

    def checkbox_choices(self) -> Any:
        return self["requirements"]


def _requirement_label(requirement: Requirement) -> str:
    parts = [f"{requirement.code} {requirement.title}"]
    source = SOURCE_LABELS.get(requirement.source_type, requirement.source_type)
    parts.append(f"({source}{', ' + requirement.reference if requirement.reference else ''})")
    return " ".join(str(p) for p in parts)


class RegisterFilterForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Kommune"), queryset=None, empty_label=None, required=False)
    source_type = forms.ChoiceField(label=_("Oprindelse"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    area = forms.ModelChoiceField(label=_("Område"), queryset=None, required=False, empty_label=_("Alle"))
    spor = forms.ChoiceField(label=_("Spor"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    external = forms.ChoiceField(label=_("Uden for kommunen"), required=False,  # issue 15 item 5
                                 choices=[("", _("Alle")), ("alle", _("Alle der kræver lovændring, fritagelse "
                                                                     "eller byrådet")), *EXTERNAL_CHOICES])
    q = forms.CharField(label=_("Søg"), required=False, max_length=100)
    by = forms.ChoiceField(label=_("Tæl efter"), required=False, initial="kind",
                           choices=[("kind", _("type")), ("source_type", _("oprindelse")), ("spor", _("spor")),
                                    ("omraade", _("område"))])

    def __init__(self, *args: Any, municipalities: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["municipality"].queryset = municipalities
        self.fields["area"].queryset = areas
        self.fields["source_type"].choices = everything + _choices(Requirement.SourceType.choices, SOURCE_LABELS)
        self.fields["kind"].choices = everything + _choices(Requirement.Kind.choices, KIND_LABELS)
        self.fields["spor"].choices = everything + _choices(SPOR_CHOICES, SPOR_LABELS)
        self.fields["status"].choices = everything + _choices(STATUS_CHOICES, STATUS_LABELS)


class MunicipalityChoiceForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Kommune"), queryset=None, empty_label=None, required=False)

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


# --- decisions and ideas --------------------------------------------------------------------------

OUTCOME_HELP = {
    "fjernes": _("Fjernes – aktiviteten eller kravet holder op (0 timer om året)."),
    "forandres": _("Forandres – gøres på en ny måde (angiv tallene efter forandringen)."),
    "forankres": _("Forankres – bliver, og formålet forklares for medarbejderne."),
}


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Beslutning"), widget=forms.RadioSelect,
                                choices=[(key, OUTCOME_HELP[key]) for key in Decision.Outcome.values])
    rationale = forms.CharField(label=_("Begrundelse"), widget=text_area(3))
    purpose_explained = forms.CharField(
        label=_("Formålet forklaret for medarbejderne"), required=False, widget=text_area(3),
        help_text=_("Skal udfyldes ved «forankres»: hvorfor aktiviteten eller kravet er der, sagt så medarbejderne "
                    "kan se meningen."))
    owner = forms.CharField(label=_("Ansvarlig"), max_length=200, required=False,
                            help_text=_("Hvem sørger for, at beslutningen føres ud i livet?"))
    decided_on = forms.DateField(label=_("Besluttet den"), widget=DateInput())
    minutes_per_occurrence = figure_field(_("Minutter pr. gang"))
    occurrences_per_year = figure_field(_("Antal gange pr. år pr. person"))
    people = figure_field(_("Antal personer"))
    after_minutes_per_occurrence = figure_field(_("Minutter pr. gang efter"), _("Tomt: uændret."))
    after_occurrences_per_year = figure_field(_("Antal gange pr. år efter"), _("Tomt: uændret."))
    after_people = figure_field(_("Antal personer efter"), _("Tomt: uændret."))

    BEFORE = ActivityForm.FIGURES
    AFTER = ("after_minutes_per_occurrence", "after_occurrences_per_year", "after_people")

    def __init__(self, *args: Any, for_activity: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        if not for_activity:
            for name in (*self.BEFORE, *self.AFTER):
                del self.fields[name]

    def groups(self) -> dict[str, list[forms.BoundField]]:
        """The fields by fieldset: the decision, the figures today, the figures after."""
        return {"main": [self[n] for n in ("outcome", "rationale", "purpose_explained", "owner", "decided_on")],
                "before": [self[n] for n in self.BEFORE if n in self.fields],
                "after": [self[n] for n in self.AFTER if n in self.fields]}


IDEA_STATUS_LABELS = {"ide": _("Idé"), "prototype": _("Prototype"), "afproeves": _("Afprøves"),
                      "indfoert": _("Indført"), "opgivet": _("Opgivet")}


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Idé"), max_length=300)
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=text_area(3))
    owner = forms.CharField(label=_("Ansvarlig"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=_choices(Idea.Status.choices, IDEA_STATUS_LABELS))
    activities = forms.ModelMultipleChoiceField(label=_("Aktiviteter, idéen handler om"), queryset=None,
                                                required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = activities
        self.fields["activities"].label_from_instance = lambda a: f"{a.order}. {a.description}"


class IterationForm(forms.Form):
    date = forms.DateField(label=_("Dato"), widget=DateInput())
    tried = forms.CharField(label=_("Hvad blev afprøvet?"), widget=text_area(2))
    result = forms.CharField(label=_("Resultat"), required=False, widget=text_area(2))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


# --- the employee's marking page ------------------------------------------------------------------

KIND_LABELS_MARKING = {"belastende": _("belastende"), "tung": _("tung"), "unoedvendig": _("unødvendig"),
                       "meningsloes": _("meningsløs")}
KIND_SYMBOLS = {"belastende": "⚠", "tung": "■", "unoedvendig": "⊘", "meningsloes": "?"}
CATEGORY_LABELS = {"systemarbejde": _("systemtilfredsstillelse/systemarbejde"),
                   "koordination": _("arbejdsdeling/koordination"), "ekstra_opgaver": _("ekstra opgaver"),
                   "faglighed": _("faglighed/meningsfuldhed"), "egen": _("egen kategori (skriv den)")}
OUTCOME_LABELS = {"fjernes": _("fjernes"), "forandres": _("forandres"), "forankres": _("forankres")}
OUTCOME_SYMBOLS = {"fjernes": "✕", "forandres": "↻", "forankres": "⚓"}


class MarkingForm(forms.Form):
    """All the activities of a process on one page: for each, the kinds of friction (any of four),
    a category and a comment. The category and comment apply to every kind ticked."""

    def __init__(self, *args: Any, activities: list[Activity], ask_name: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activities = activities
        if ask_name:
            self.fields["name"] = forms.CharField(label=_("Dit navn"), max_length=200)
        kinds = [(key, KIND_LABELS_MARKING[key]) for key in Marking.Kind.values]
        categories = [("", _("Ingen kategori"))] + [(key, CATEGORY_LABELS[key]) for key in Marking.Category.values]
        for activity in activities:
            prefix = f"a{activity.pk}"
            self.fields[f"{prefix}-kinds"] = forms.MultipleChoiceField(
                label=_("Hvordan oplever du aktiviteten?"), choices=kinds, required=False,
                widget=forms.CheckboxSelectMultiple)
            self.fields[f"{prefix}-category"] = forms.ChoiceField(label=_("Kategori (valgfri)"), choices=categories,
                                                                  required=False)
            self.fields[f"{prefix}-category_other"] = forms.CharField(
                label=_("Egen kategori"), max_length=200, required=False,
                help_text=_("Kun hvis du har valgt «egen kategori»."))
            self.fields[f"{prefix}-comment"] = forms.CharField(label=_("Kommentar (valgfri)"), required=False,
                                                               max_length=5000, widget=text_area(2))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for activity in self.activities:
            prefix = f"a{activity.pk}"
            kinds = data.get(f"{prefix}-kinds") or []
            category = data.get(f"{prefix}-category") or ""
            other = (data.get(f"{prefix}-category_other") or "").strip()
            comment = (data.get(f"{prefix}-comment") or "").strip()
            if not kinds and (category or other or comment):
                self.add_error(f"{prefix}-kinds", _("Sæt mindst ét kryds, hvis du vil give en kategori eller en "
                                                    "kommentar."))
            if category == Marking.Category.OWN and not other:
                self.add_error(f"{prefix}-category_other", _("Skriv navnet på din egen kategori."))
            if other and category != Marking.Category.OWN:
                self.add_error(f"{prefix}-category", _("Vælg «egen kategori», hvis du skriver din egen."))
        return data

    def blocks(self) -> list[dict[str, Any]]:
        """Per activity its bound fields, for the template."""
        return [{"activity": activity,
                 "kinds": self[f"a{activity.pk}-kinds"], "category": self[f"a{activity.pk}-category"],
                 "category_other": self[f"a{activity.pk}-category_other"],
                 "comment": self[f"a{activity.pk}-comment"]} for activity in self.activities]

    def wanted(self) -> dict[int, dict[str, Any]]:
        """Per activity id: the ticked kinds (in the order of :class:`Marking.Kind`) with category, own
        category and comment (valid form only)."""
        data = self.cleaned_data
        return {a.pk: {"kinds": [k for k in Marking.Kind.values if k in (data.get(f"a{a.pk}-kinds") or [])],
                       "category": data.get(f"a{a.pk}-category") or "",
                       "category_other": (data.get(f"a{a.pk}-category_other") or "").strip(),
                       "comment": (data.get(f"a{a.pk}-comment") or "").strip()} for a in self.activities}

    @staticmethod
    def initial_from(markings: Mapping[int, list[Marking]]) -> dict[str, Any]:
        """The participant's saved markings as initial values (category and comment of the first kind)."""
        initial: dict[str, Any] = {}
        for activity_id, own in markings.items():
            if not own:
                continue
            prefix = f"a{activity_id}"
            initial[f"{prefix}-kinds"] = [m.kind for m in own]
            first = next((m for m in own if m.category or m.comment), own[0])
            initial[f"{prefix}-category"] = first.category
            initial[f"{prefix}-category_other"] = first.category_other
            initial[f"{prefix}-comment"] = first.comment
        return initial
