"""Friktionseftersyn (process audits) and the municipal register of rules and documentation requirements.

A :class:`Process` is mapped into :class:`Activity` rows in chronological order; employees mark
activities through a :class:`MarkingLink` (one link per workshop or asynchronous round, shared by
many employees); each browser that opens the link becomes a :class:`Participant` known only by a
pseudonym ("Deltager 3") and the hash of a random key kept in that browser, so the employee can edit
their own markings without being identified. Activities link to the :class:`Requirement` items
behind them (their *origin*). Every activity or requirement ends with a :class:`Decision`
(fjernes / forandres / forankres); the decision log is append-only: a changed decision is a new
row that supersedes the old one, and existing rows can be neither updated nor deleted.

Burden (Standard Cost Model): minutes per occurrence / 60 × occurrences per year × people = hours
per year, computed in :mod:`frisat.core.burden` from a frame built by the selectors.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from frisat.web.common.tokens import hash_token, new_token
from frisat.web.organisations.models import Area, Municipality

#: Spor ids and short titles of the built-in VIVE instrument (Bilag 1), in its order (a test checks they match).
SPOR_CHOICES: list[tuple[str, str]] = [
    ("regler", "Færre regler"),
    ("maal", "Fra detailmål til formål"),
    ("dok", "Mindre dokumentation"),
    ("tillid", "Tillidsbaseret kultur"),
    ("innov", "Innovation og eksperimenter"),
]
SPOR_IDS: tuple[str, ...] = tuple(key for key, _ in SPOR_CHOICES)

_NON_NEGATIVE = [MinValueValidator(Decimal("0"), "Værdien må ikke være negativ.")]
_UNKNOWN_STATUS = {"invalid_choice": "Ukendt status «%(value)s»."}
_AFTER_FIGURES = ("after_minutes_per_occurrence", "after_occurrences_per_year", "after_people")


def _area_error(area: Area, municipality: Municipality) -> str:
    return f"Området «{area.name}» hører ikke til {municipality.name}."


class ImmutableRowError(Exception):
    """Raised when code tries to change or delete a row of an append-only log."""


class Process(models.Model):
    class Status(models.TextChoices):
        MAPPING = "kortlaegning", "Kortlægning"
        MARKING = "markering", "Markering"
        DECISION = "beslutning", "Beslutning"
        DONE = "afsluttet", "Afsluttet"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="processes",
                                verbose_name="kommune")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="processes", verbose_name="område")
    name = models.CharField("navn", max_length=200)
    purpose = models.TextField("formål", blank=True)
    start = models.TextField("start", blank=True, help_text="Hvor processen begynder, fx «borgeren sygemeldes».")
    end = models.TextField("slut", blank=True, help_text="Hvor processen slutter, fx «sagen lukkes».")
    owner = models.CharField("ejer", max_length=200, blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.MAPPING,
                              error_messages=_UNKNOWN_STATUS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="oprettet af")
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("senest ændret", auto_now=True)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = "proces"
        verbose_name_plural = "processer"

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"

    def clean(self) -> None:
        if self.area_id and self.municipality_id and self.area.municipality_id != self.municipality_id:
            raise ValidationError({"area": _area_error(self.area, self.municipality)})


EXTERNAL_CHOICES = [
    ("ansoegt", "Kræver lovændring / fritagelse: ansøgt"),
    ("bevilget", "Kræver lovændring / fritagelse: bevilget"),
    ("afslaaet", "Kræver lovændring / fritagelse: afslået"),
    ("byraad", "Indstilling til byrådet"),
]
"""issue 15 item 5: a requirement that needs a decision outside the administration (blank: none)."""


class Requirement(models.Model):
    """An item of the municipal register: a rule, policy, documentation requirement or procedure."""

    class Kind(models.TextChoices):
        RULE = "regel", "Regel"
        POLICY = "politik", "Politik"
        DOCUMENTATION = "dokumentationskrav", "Dokumentationskrav"
        PROCEDURE = "procedure", "Procedure"
        OTHER = "andet", "Andet"

    class SourceType(models.TextChoices):
        EU = "eu", "EU"
        LAW = "lov", "lov"
        ORDER = "bekendtgoerelse", "bekendtgørelse"
        GUIDANCE = "vejledning", "vejledning"
        STATE_KL = "statsligt_kl", "statsligt/KL-koncept"
        COUNCIL = "kommunalbestyrelse", "kommunalbestyrelsens beslutning"
        ADMINISTRATION = "forvaltning", "forvaltningens instruks"
        LOCAL = "lokal_praksis", "lokal praksis"
        UNKNOWN = "ukendt", "ukendt"

    class Use(models.TextChoices):
        USED = "bruges", "Nogen bruger det"
        UNUSED = "ingen", "Ingen bruger det"
        UNKNOWN = "ukendt", "Ikke undersøgt"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="requirements",
                                verbose_name="kommune")
    code = models.CharField("id", max_length=50,
                            help_text="Fast id i registret (fx K-0007); bruges til at genkende rækken ved import.")
    title = models.CharField("titel", max_length=300)
    description = models.TextField("beskrivelse", blank=True)
    kind = models.CharField("type", max_length=30, choices=Kind.choices, default=Kind.RULE)
    source_type = models.CharField("oprindelse", max_length=30, choices=SourceType.choices,
                                   default=SourceType.UNKNOWN)
    reference = models.CharField("hjemmel/reference", max_length=300, blank=True,
                                 help_text="Fx «serviceloven § 50».")
    hegnspael = models.BooleanField("hegnspæl", default=False, help_text="Kravet skal blive, fordi loven kræver det.")
    tilbageloeb_status = models.CharField("tilbageløb", max_length=10, choices=Use.choices, default=Use.UNKNOWN,
                                          help_text="Bruger nogen det, kravet producerer?")
    tilbageloeb = models.TextField("hvem bruger det", blank=True,
                                   help_text="Hvem bruger det, kravet producerer, og til hvad.")
    spor = models.JSONField("spor", default=list, blank=True,
                            help_text="Barometrets spor, kravet vedrører: regler, maal, dok, tillid, innov.")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="requirements", verbose_name="område")
    owner = models.CharField("ansvarlig", max_length=200, blank=True)
    # issue 15 item 5 (legalweb): a decision outside the municipality (seed 000, seed 001)
    external = models.CharField("beslutning uden for kommunen", max_length=20, choices=EXTERNAL_CHOICES,
                                blank=True, default="")
    external_expires_on = models.DateField("udløber (solnedgangsklausul)", null=True, blank=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("senest ændret", auto_now=True)

    class Meta:
        ordering = ["municipality__name", "code"]
        verbose_name = "krav"
        verbose_name_plural = "krav"
        constraints = [models.UniqueConstraint(fields=["municipality", "code"], name="unique_requirement_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not isinstance(self.spor, list) or any(s not in SPOR_IDS for s in self.spor):
            errors["spor"] = "Ukendt spor; brug " + ", ".join(SPOR_IDS) + "."
        if self.area_id and self.municipality_id and self.area.municipality_id != self.municipality_id:
            errors["area"] = _area_error(self.area, self.municipality)
        if self.code and self.municipality_id and (Requirement.objects.filter(municipality_id=self.municipality_id,
                                                                         code__iexact=self.code)
                                              .exclude(pk=self.pk).exists()):
            # Case-insensitive: the import recognises a row by its id whatever the case.
            errors["code"] = f"Id'et «{self.code}» findes allerede i registret."
        if errors:
            raise ValidationError(errors)


class Activity(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="activities",
                                verbose_name="proces")
    order = models.PositiveIntegerField("rækkefølge", help_text="Placering i forløbet; 1 er første aktivitet.")
    description = models.TextField("aktivitet")
    channel = models.CharField("kanal", max_length=100, blank=True, help_text="Fx fagsystem, telefon, møde.")
    performed_by = models.CharField("udføres af", max_length=200, blank=True, help_text="Rolle, fx sagsbehandler.")
    minutes_per_occurrence = models.DecimalField("minutter pr. gang", max_digits=9, decimal_places=2,
                                                 null=True, blank=True, validators=_NON_NEGATIVE)
    occurrences_per_year = models.DecimalField("antal gange pr. år", max_digits=12, decimal_places=2,
                                               null=True, blank=True, validators=_NON_NEGATIVE,
                                               help_text="Pr. person, der udfører aktiviteten.")
    people = models.DecimalField("antal personer", max_digits=9, decimal_places=2, null=True, blank=True,
                                 validators=_NON_NEGATIVE)
    after_minutes_per_occurrence = models.DecimalField("minutter pr. gang efter", max_digits=9, decimal_places=2,
                                                       null=True, blank=True, validators=_NON_NEGATIVE)
    after_occurrences_per_year = models.DecimalField("antal gange pr. år efter", max_digits=12, decimal_places=2,
                                                     null=True, blank=True, validators=_NON_NEGATIVE)
    after_people = models.DecimalField("antal personer efter", max_digits=9, decimal_places=2, null=True,
                                       blank=True, validators=_NON_NEGATIVE)
    requirements = models.ManyToManyField(Requirement, blank=True, related_name="activities",
                                          verbose_name="oprindelse (krav)")
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("senest ændret", auto_now=True)

    class Meta:
        ordering = ["process", "order"]
        verbose_name = "aktivitet"
        verbose_name_plural = "aktiviteter"
        constraints = [
            models.UniqueConstraint(fields=["process", "order"], name="unique_activity_order"),
            *[models.CheckConstraint(condition=models.Q(**{f"{name}__gte": 0}) | models.Q(**{f"{name}__isnull": True}),
                                     name=f"activity_{name}_non_negative")
              for name in ("minutes_per_occurrence", "occurrences_per_year", "people", "after_minutes_per_occurrence",
                           "after_occurrences_per_year", "after_people")],
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.description}"


class MarkingLink(models.Model):
    """A link employees use to mark a process's activities; shared by everyone in a workshop.

    Only the SHA-256 hash of the token is stored. Each browser that opens the link becomes a
    :class:`Participant`."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="marking_links",
                                verbose_name="proces")
    label = models.CharField("betegnelse", max_length=200, blank=True, help_text="Fx «Workshop 12. marts».")
    anonymous = models.BooleanField("anonym", default=True,
                                    help_text="Markeringer gemmes uden navn; kun et pseudonym som «Deltager 2».")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="oprettet af")
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    closed_at = models.DateTimeField("lukket", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "markeringslink"
        verbose_name_plural = "markeringslinks"

    def __str__(self) -> str:
        return self.label or f"link {self.pk} til {self.process.name}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def set_new_token(self) -> str:
        """Give the link a fresh token; returns the token (shown once, never stored)."""
        token = new_token()
        self.token_hash = hash_token(token)
        return token


class Participant(models.Model):
    """One employee (one browser) marking through a link, known only by a pseudonym number."""

    link = models.ForeignKey(MarkingLink, on_delete=models.CASCADE, related_name="participants",
                             verbose_name="markeringslink")
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="participants",
                                verbose_name="proces")
    number = models.PositiveIntegerField("deltagernummer")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField("navn", max_length=200, blank=True, help_text="Kun ved ikke-anonyme links.")
    created_on = models.DateField("oprettet", auto_now_add=True)

    class Meta:
        ordering = ["process", "number"]
        verbose_name = "deltager"
        verbose_name_plural = "deltagere"
        constraints = [models.UniqueConstraint(fields=["process", "number"], name="unique_participant_number")]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def pseudonym(self) -> str:
        return f"Deltager {self.number}"


class Marking(models.Model):
    class Kind(models.TextChoices):
        BURDENSOME = "belastende", "belastende"
        HEAVY = "tung", "tung"
        UNNECESSARY = "unoedvendig", "unødvendig"
        MEANINGLESS = "meningsloes", "meningsløs"

    class Category(models.TextChoices):
        SYSTEM = "systemarbejde", "systemtilfredsstillelse/systemarbejde"
        COORDINATION = "koordination", "arbejdsdeling/koordination"
        EXTRA = "ekstra_opgaver", "ekstra opgaver"
        PROFESSION = "faglighed", "faglighed/meningsfuldhed"
        OWN = "egen", "egen kategori"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="markings",
                                 verbose_name="aktivitet")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="markings",
                                    verbose_name="deltager")
    kind = models.CharField("markering", max_length=20, choices=Kind.choices,
                            error_messages=dict.fromkeys(("invalid_choice", "blank"),
                                                         "Vælg belastende, tung, unødvendig eller meningsløs."))
    category = models.CharField("kategori", max_length=20, choices=Category.choices, blank=True,
                                error_messages={"invalid_choice": "Ukendt kategori «%(value)s»."})
    category_other = models.CharField("egen kategori", max_length=200, blank=True)
    comment = models.TextField("kommentar", blank=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("senest ændret", auto_now=True)

    class Meta:
        ordering = ["activity__order", "kind"]
        verbose_name = "markering"
        verbose_name_plural = "markeringer"
        constraints = [
            models.UniqueConstraint(fields=["activity", "participant", "kind"], name="unique_marking"),
            models.CheckConstraint(condition=~models.Q(category="egen") | ~models.Q(category_other=""),
                                   name="marking_own_category_named"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.activity}"

    def clean(self) -> None:
        if self.category == self.Category.OWN and not self.category_other.strip():
            raise ValidationError({"category_other": "Skriv navnet på din egen kategori."})

    @property
    def category_label(self) -> str:
        if self.category == self.Category.OWN:
            return self.category_other
        return self.get_category_display() if self.category else ""


class DecisionQuerySet(models.QuerySet["Decision"]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableRowError("Beslutningsloggen kan ikke ændres; registrér en ny beslutning.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError("Beslutningsloggen kan ikke slettes.")


class Decision(models.Model):
    """One entry of the append-only decision log, about either an activity or a requirement."""

    class Outcome(models.TextChoices):
        REMOVE = "fjernes", "fjernes"
        CHANGE = "forandres", "forandres"
        ANCHOR = "forankres", "forankres"

    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="decisions", verbose_name="aktivitet")
    requirement = models.ForeignKey(Requirement, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="decisions", verbose_name="krav")
    outcome = models.CharField("beslutning", max_length=20, choices=Outcome.choices,
                               error_messages=dict.fromkeys(("invalid_choice", "blank"),
                                                            "Vælg fjernes, forandres eller forankres."))
    rationale = models.TextField("begrundelse")
    purpose_explained = models.TextField("formålet forklaret for medarbejderne", blank=True,
                                         help_text="Skal udfyldes, når aktiviteten eller kravet forankres.")
    owner = models.CharField("ansvarlig", max_length=200, blank=True)
    decided_on = models.DateField("besluttet den")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="registreret af")
    decided_by_name = models.CharField("registreret af (navn)", max_length=200, blank=True,
                                       help_text="Gemmes, så loggen bevares, hvis brugeren slettes.")
    after_minutes_per_occurrence = models.DecimalField("minutter pr. gang efter", max_digits=9, decimal_places=2,
                                                       null=True, blank=True, validators=_NON_NEGATIVE)
    after_occurrences_per_year = models.DecimalField("antal gange pr. år efter", max_digits=12, decimal_places=2,
                                                     null=True, blank=True, validators=_NON_NEGATIVE)
    after_people = models.DecimalField("antal personer efter", max_digits=9, decimal_places=2, null=True,
                                       blank=True, validators=_NON_NEGATIVE)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by", verbose_name="erstatter")
    change_note = models.TextField("hvad er ændret", blank=True)
    created_at = models.DateTimeField("registreret", auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "beslutning"
        verbose_name_plural = "beslutninger"
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(activity__isnull=False, requirement__isnull=True)
                           | models.Q(activity__isnull=True, requirement__isnull=False)),
                name="decision_exactly_one_target"),
            models.CheckConstraint(condition=~models.Q(outcome="forankres") | ~models.Q(purpose_explained=""),
                                   name="decision_anchor_explains_purpose"),
            models.CheckConstraint(condition=models.Q(outcome="forandres", activity__isnull=False)
                                   | models.Q(**{f"{name}__isnull": True for name in _AFTER_FIGURES}),
                                   name="decision_after_figures_only_when_activity_changed"),
            *[models.CheckConstraint(condition=models.Q(**{f"{name}__gte": 0}) | models.Q(**{f"{name}__isnull": True}),
                                     name=f"decision_{name}_non_negative")
              for name in ("after_minutes_per_occurrence", "after_occurrences_per_year", "after_people")],
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.target}"

    def clean(self) -> None:
        """The rules across fields (the constraints hold them in the database as well): one target; a
        *hegnspæl* cannot be removed; *forankres* explains the purpose; after figures only when an
        activity is changed."""
        if (self.activity_id is None) == (self.requirement_id is None):
            raise ValidationError("En beslutning gælder én aktivitet eller ét krav.")
        errors: dict[str, str] = {}
        if self.outcome == self.Outcome.ANCHOR and not self.purpose_explained.strip():
            errors["purpose_explained"] = "Formålet forklaret for medarbejderne skal udfyldes."
        if self.requirement_id and self.requirement.hegnspael and self.outcome == self.Outcome.REMOVE:
            errors["outcome"] = (f"«{self.requirement.title}» er en hegnspæl (kræves af loven) og kan ikke fjernes; "
                                 "vælg forandres eller forankres.")
        elif (self.outcome in self.Outcome.values and any(getattr(self, name) is not None for name in _AFTER_FIGURES)
              and (self.outcome != self.Outcome.CHANGE or self.requirement_id)):
            errors["outcome"] = "Tal for «efter» kan kun angives, når en aktivitet forandres."
        if errors:
            raise ValidationError(errors)

    @property
    def target(self) -> Activity | Requirement | None:
        return self.activity or self.requirement

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableRowError("En registreret beslutning kan ikke ændres; registrér en ny beslutning.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError("En registreret beslutning kan ikke slettes.")


class Idea(models.Model):
    class Status(models.TextChoices):
        IDEA = "ide", "Idé"
        PROTOTYPE = "prototype", "Prototype"
        TESTING = "afproeves", "Afprøves"
        ADOPTED = "indfoert", "Indført"
        DROPPED = "opgivet", "Opgivet"

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="ideas", verbose_name="proces")
    title = models.CharField("titel", max_length=300)
    description = models.TextField("beskrivelse", blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.IDEA,
                              error_messages=_UNKNOWN_STATUS)
    owner = models.CharField("ansvarlig", max_length=200, blank=True)
    activities = models.ManyToManyField(Activity, blank=True, related_name="ideas", verbose_name="aktiviteter")
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("senest ændret", auto_now=True)

    class Meta:
        ordering = ["process", "created_at"]
        verbose_name = "idé"
        verbose_name_plural = "idéer"

    def __str__(self) -> str:
        return self.title


class Iteration(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="iterations", verbose_name="idé")
    date = models.DateField("dato")
    tried = models.TextField("hvad blev afprøvet")
    result = models.TextField("resultat", blank=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    class Meta:
        ordering = ["idea", "date", "pk"]
        verbose_name = "iteration"
        verbose_name_plural = "iterationer"

    def __str__(self) -> str:
        return f"{self.date}: {self.tried[:50]}"
