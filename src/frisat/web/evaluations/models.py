"""An evaluation of a trial (issue 14): its periods, its data basis (linked survey rounds, case
registration rounds, the log of interviews and focus groups) and the registered cases with their
history. Field names are English; the web models of other apps are imported under one line each."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from frisat.core.cases.scheme import DEFAULT_SCHEME
from frisat.web.organisations.models import Area, Municipality
from frisat.web.rounds.models import Round


class Evaluation(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="evaluations",
                                     verbose_name="kommune")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluations",
                             verbose_name="område")
    name = models.CharField("navn", max_length=200)
    trial = models.TextField("forsøget eller ændringen, der evalueres", blank=True)
    scheme_id = models.CharField("registreringsskema", max_length=100, default=DEFAULT_SCHEME)
    rounds = models.ManyToManyField(Round, blank=True, related_name="evaluations",
                                    verbose_name="spørgeskemaundersøgelser (målinger)")
    is_demo = models.BooleanField("demodata", default=False)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = "evaluering"
        verbose_name_plural = "evalueringer"
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="unique_evaluation_name")]

    def __str__(self) -> str:
        return self.name


class Period(models.Model):
    """One of the evaluation's periods; ``code`` is an option of the scheme's period field."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="periods")
    code = models.CharField("kode", max_length=40)
    label = models.CharField("navn", max_length=100)
    starts_on = models.DateField("fra", null=True, blank=True)
    ends_on = models.DateField("til", null=True, blank=True)
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)

    class Meta:
        ordering = ["evaluation", "position"]
        verbose_name = "periode"
        verbose_name_plural = "perioder"
        constraints = [models.UniqueConstraint(fields=["evaluation", "code"], name="unique_period_code")]

    def __str__(self) -> str:
        return self.label


class Interview(models.Model):
    """A line of the interview log (seed 000's Tabel 1): informant group, year, kind and count."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", "Interview"
        FOCUS_GROUP = "fokusgruppe", "Fokusgruppeinterview"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="interviews")
    informant_group = models.CharField("informantgruppe", max_length=100)
    year = models.PositiveSmallIntegerField("år")
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.INTERVIEW)
    count = models.PositiveSmallIntegerField("antal interviewpersoner")

    class Meta:
        ordering = ["evaluation", "informant_group", "year", "kind"]
        verbose_name = "interview"
        verbose_name_plural = "interviews"
        constraints = [models.CheckConstraint(condition=models.Q(count__gte=1), name="interview_count_positive")]


class RegistrationRound(models.Model):
    """The registration of cases in one period of an evaluation, by its registrars."""

    period = models.OneToOneField(Period, on_delete=models.CASCADE, related_name="registration")
    registrars = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="case_registrations",
                                        verbose_name="registratorer")
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    class Meta:
        verbose_name = "registreringsrunde"
        verbose_name_plural = "registreringsrunder"

    @property
    def evaluation(self) -> Evaluation:
        return self.period.evaluation


class Case(models.Model):
    """One registered case: ``values`` holds the scheme's fields as typed text (dates dd-mm-åååå),
    validated by :func:`frisat.core.cases.registrations.validate_registrations` before saving."""

    registration = models.ForeignKey(RegistrationRound, on_delete=models.CASCADE, related_name="cases")
    case_number = models.CharField("sagsnummer", max_length=60)
    values = models.JSONField("værdier", default=dict)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    updated_at = models.DateTimeField("ændret", auto_now=True)

    class Meta:
        ordering = ["registration", "case_number"]
        verbose_name = "sag"
        verbose_name_plural = "sager"
        constraints = [models.UniqueConstraint(fields=["registration", "case_number"], name="unique_case_number")]

    def __str__(self) -> str:
        return self.case_number


class CaseChange(models.Model):
    """The history of a case: who created or changed which fields, when (old and new text)."""

    class Action(models.TextChoices):
        CREATED = "oprettet", "Oprettet"
        CHANGED = "aendret", "Ændret"
        IMPORTED = "importeret", "Importeret"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name="bruger")
    action = models.CharField("handling", max_length=20, choices=Action.choices)
    at = models.DateTimeField("tidspunkt", auto_now_add=True)
    changes = models.JSONField("ændringer", default=dict)
    """field id → [old text, new text]"""

    class Meta:
        ordering = ["case", "at", "pk"]
        verbose_name = "ændring af sag"
        verbose_name_plural = "ændringer af sager"


class DeletedCase(models.Model):
    """The log of deleted cases in a registration round: which case, who deleted it and when (the
    case and its history are gone; its values are kept here so the deletion can be checked)."""

    registration = models.ForeignKey(RegistrationRound, on_delete=models.CASCADE, related_name="deleted_cases")
    case_number = models.CharField("sagsnummer", max_length=60)
    values = models.JSONField("værdier", default=dict)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name="slettet af")
    at = models.DateTimeField("slettet", auto_now_add=True)

    class Meta:
        ordering = ["registration", "-at", "-pk"]
        verbose_name = "slettet sag"
        verbose_name_plural = "slettede sager"

    def __str__(self) -> str:
        return self.case_number
