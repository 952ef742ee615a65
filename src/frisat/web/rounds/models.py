"""Measurement rounds (målinger), their respondents, in-progress drafts and submitted responses.

Anonymity (docs/anonymity.md): in an anonymous round a submitted :class:`Response` has no link to a
:class:`Respondent`; only ``Respondent.answered_at`` records *that* the person has answered (for
reminders), as a date (local midnight) without the time. The in-progress :class:`Draft` is linked
to the respondent so the form can be resumed; its answers are encrypted with a key derived from the
link token (:mod:`frisat.web.rounds.crypto`), and it is deleted when the person submits. The
submitted answers then wait, encrypted, in the round's mixing pool (:class:`PendingResponse`) and
reach :class:`Response` in shuffled batches written by other transactions
(:mod:`frisat.web.rounds.pool`), so no order, id, date or transaction id ties a response to a person.

Tokens: a survey link carries a random token (256 bits); only its SHA-256 hash is stored
(:mod:`frisat.web.common.tokens`).

Split designs: :attr:`Round.design` says who is asked which dimension; each
:attr:`Respondent.dimension` is set by the services when the respondent is added (a property of
the link, not of the person). A :class:`Response` stores nothing of it beyond the answers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from frisat.core.design import DIMENSIONS, design_problems
from frisat.core.design import Design as CoreDesign
from frisat.core.errors import FrisatError
from frisat.core.instrument import get_instrument
from frisat.reporting.codes import DESIGN_LABELS
from frisat.web.common.tokens import hash_token, new_token
from frisat.web.organisations.models import Municipality, Unit


class Round(models.Model):
    OPEN, CLOSED, NOT_OPENED = "open", "closed", "not_opened"
    """The codes of :attr:`status`."""

    class Design(models.TextChoices):
        """Who is asked which dimension (see :mod:`frisat.core.design`; the values are its ``Design``)."""

        BOTH = CoreDesign.BOTH.value, DESIGN_LABELS[CoreDesign.BOTH]
        HALF = CoreDesign.HALF.value, DESIGN_LABELS[CoreDesign.HALF]
        GROUP = CoreDesign.GROUP.value, DESIGN_LABELS[CoreDesign.GROUP]

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="rounds",
                                verbose_name="kommune")
    name = models.CharField("navn", max_length=200, error_messages={"blank": "Målingen skal have et navn."})
    description = models.TextField("beskrivelse", blank=True, default="", max_length=2000,
                                   help_text="Til administratorerne; vises ikke for respondenterne.")
    instrument_id = models.CharField("instrument", max_length=100, default="vive-frisaettelse")
    wave = models.CharField("måling (bølge)", max_length=50, default="1",
                            help_text="Værdien i kolonnen «maaling», fx 2026-1.")
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="next_waves", verbose_name="forrige måling")
    opens_at = models.DateTimeField("åbner")
    closes_at = models.DateTimeField("lukker")
    closed_manually = models.BooleanField("lukket manuelt", default=False)
    groups = models.JSONField("respondentgrupper", default=list, error_messages={"blank": gettext_lazy(
                                  "Angiv mindst én respondentgruppe, fx leder eller medarbejder.")},
                              help_text="Fx [\"leder\", \"medarbejder\"].")
    anonymous = models.BooleanField("anonym", default=True,
                                    help_text="Svar kan ikke kobles til personen; kun «har svaret» gemmes.")
    min_n = models.PositiveSmallIntegerField("anonymitetsgrænse", default=5)
    design = models.CharField("design", max_length=10, choices=Design.choices, default=Design.BOTH,
                              help_text="Hvem der spørges om hvilken dimension (implementering/vigtighed).")
    group_dimensions = models.JSONField("dimension pr. gruppe", default=dict, blank=True,
                                        help_text="Kun med designet «gruppe»: fx {\"leder\": \"vigt\", "
                                                  "\"medarbejder\": \"impl\"}.")
    reminder_dates = models.JSONField("påmindelsesplan", default=list, blank=True,
                                      help_text="Planlagte påmindelsesdage (ISO-datoer); sendes fra siden «Mails».")
    archived = models.BooleanField("arkiveret", default=False)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)

    class Meta:
        ordering = ["-opens_at", "name"]
        verbose_name = "måling"
        verbose_name_plural = "målinger"
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")),
                                   name="round_closes_after_it_opens"),
            models.CheckConstraint(condition=models.Q(min_n__gte=1), name="round_min_n_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"

    def clean(self) -> None:
        """The round's rules, in one place: :func:`frisat.web.rounds.services.create_round` and the admin
        run them through ``full_clean`` (the constraints hold the first two in the database as well)."""
        errors: dict[str, list[str]] = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = ["Målingen skal lukke efter den åbner."]
        if self.min_n is not None and self.min_n < 1:
            errors["min_n"] = ["Anonymitetsgrænsen skal være mindst 1."]
        # The group messages are translated: the round form shows them on a staff page in English too.
        # (No groups at all is the field's "blank" message.)
        if self.groups and not isinstance(self.groups, list):
            errors["groups"] = ["Skal være en liste, fx [\"leder\", \"medarbejder\"]."]
        elif any(len(str(g)) > 50 for g in self.groups or []):  # Respondent.group's max_length
            errors["groups"] = [gettext("Et gruppenavn må højst have 50 tegn.")]
        errors.update(self._plan_errors())
        if self.previous_id and self.municipality_id and self.previous.municipality_id != self.municipality_id:
            errors["previous"] = ["En ny bølge skal høre til samme kommune som den forrige måling."]
        try:
            dimensions = set(get_instrument(self.instrument_id).dimension_ids)
        except FrisatError as exc:
            errors["instrument_id"], dimensions = [str(exc)], set(DIMENSIONS)
        mapping = self.group_dimensions if isinstance(self.group_dimensions, dict) else None
        if mapping is None:
            errors["group_dimensions"] = ["Skal være gruppe: dimension, fx {\"leder\": \"vigt\"}."]
        elif problems := design_problems(self.design, self.groups or [], mapping):
            errors["group_dimensions" if self.design == self.Design.GROUP else "design"] = problems
        elif self.design != self.Design.BOTH and dimensions != set(DIMENSIONS):
            errors["design"] = [f"Spørgeskemaet «{self.instrument_id}» har ikke dimensionerne implementering (impl) "
                                "og vigtighed (vigt), så målingen kan ikke have et delt design."]
        if errors:
            raise ValidationError(errors)

    def _plan_errors(self) -> dict[str, list[str]]:
        """The reminder plan: ISO dates, each a day the round is open."""
        import datetime as dt

        from frisat.web.common.formatting import first_day, last_day

        plan = self.reminder_dates
        if not isinstance(plan, list):
            return {"reminder_dates": ["Skal være en liste af datoer."]}
        for value in plan:
            try:
                day = dt.date.fromisoformat(str(value))
            except ValueError:
                return {"reminder_dates": [f"«{value}» er ikke en dato (ÅÅÅÅ-MM-DD)."]}
            if self.opens_at and self.closes_at and not first_day(self.opens_at) <= day <= last_day(self.closes_at):
                return {"reminder_dates": [f"Påmindelsesdagen {day:%d.%m.%Y} ligger uden for målingens periode."]}
        return {}

    @property
    def is_split(self) -> bool:
        """Whether respondents are asked one dimension only."""
        return self.design != self.Design.BOTH

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return not self.closed_manually and self.opens_at <= now < self.closes_at

    @property
    def status(self) -> str:
        """A code: ``open``, ``closed`` or ``not_opened`` (never stored; the Danish words are
        :data:`frisat.web.rounds.templatetags.frisat_staff.STATUS_LABELS`)."""
        now = timezone.now()
        if self.closed_manually or now >= self.closes_at:
            return self.CLOSED
        if now < self.opens_at:
            return self.NOT_OPENED
        return self.OPEN


class Respondent(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="respondents",
                                verbose_name="måling")
    email = models.EmailField("e-mail", blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="respondents", verbose_name="enhed")
    group = models.CharField("respondentgruppe", max_length=50)
    dimension = models.CharField(
        "dimension", max_length=4, blank=True, default="",
        choices=[("", "Begge"), ("impl", "Kun implementering"), ("vigt", "Kun vigtighed")],
        help_text="I et delt design: den dimension, linket spørger om (sat af målingens design).")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_at = models.DateTimeField("inviteret", null=True, blank=True)
    reminded_at = models.DateTimeField("påmindet", null=True, blank=True)
    link_sent_at = models.DateTimeField(
        "link udleveret", null=True, blank=True,
        help_text="Hvornår det gældende link blev udleveret (invitation, påmindelse med nyt link eller "
                  "linkeksport). En påmindelse til en, der er gået i gang, henviser til det.")
    answered_at = models.DateTimeField("har svaret", null=True, blank=True)

    class Meta:
        verbose_name = "respondent"
        verbose_name_plural = "respondenter"
        constraints = [
            models.UniqueConstraint(fields=["round", "email"], condition=~models.Q(email=""),
                                    name="unique_email_per_round"),
        ]

    def __str__(self) -> str:
        return self.email or f"respondent {self.pk}"

    def set_new_token(self) -> str:
        """Give the respondent a fresh link token; returns the token (shown once, never stored)."""
        token = new_token()
        self.token_hash = hash_token(token)
        return token


class Draft(models.Model):
    """Answers saved page by page before the respondent submits.

    ``answers`` holds ``{"sealed": …}``: the answers encrypted with a key derived from the link token
    (:func:`frisat.web.rounds.crypto.seal_draft`). A draft saved before encryption holds the plain
    answers; it is read once and rewritten sealed on the next save.
    """

    respondent = models.OneToOneField(Respondent, on_delete=models.CASCADE, related_name="draft",
                                      verbose_name="respondent")
    answers = models.JSONField("svar", default=dict)
    updated_at = models.DateTimeField("senest gemt", auto_now=True)

    class Meta:
        verbose_name = "kladde"
        verbose_name_plural = "kladder"


class Response(models.Model):
    """A submitted answer set, in the canonical column names of the round's instrument."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses",
                                verbose_name="måling")
    respondent = models.OneToOneField(Respondent, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="response", verbose_name="respondent",
                                      help_text="Tom i anonyme målinger.")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="responses", verbose_name="enhed")
    group = models.CharField("respondentgruppe", max_length=50)
    answers = models.JSONField("svar", default=dict)
    submitted_on = models.DateField("indsendt", default=timezone.localdate,
                                    help_text="Kun datoen gemmes, så tidspunktet ikke kan kobles til personen. "
                                              "I anonyme målinger: den dag svaret kom ud af puljen.")

    class Meta:
        verbose_name = "besvarelse"
        verbose_name_plural = "besvarelser"
        indexes = [models.Index(fields=["round", "group"])]


class PendingResponse(models.Model):
    """A submitted answer of an anonymous round waiting in the round's mixing pool.

    ``payload`` is the enhed, gruppe and answers, encrypted with a key derived from ``SECRET_KEY``
    (:func:`frisat.web.rounds.crypto.seal_pending`). Nothing here points to the respondent; the row
    is deleted when :func:`frisat.web.rounds.pool.flush_pool` moves it to :class:`Response`.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pending_responses",
                                verbose_name="måling")
    payload = models.TextField("krypteret svar")

    class Meta:
        verbose_name = "ventende besvarelse"
        verbose_name_plural = "ventende besvarelser"


class RoundChange(models.Model):
    """One change of a round by staff: who, when, which field, the old and the new value (as text)."""

    round = models.ForeignKey(Round, null=True, on_delete=models.SET_NULL, related_name="changes",
                              verbose_name="måling")
    round_name = models.CharField("målingens navn", max_length=200,
                                  help_text="Bevares, når en måling uden svar slettes.")
    changed_at = models.DateTimeField("tidspunkt", default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="ændret af")
    field = models.CharField("felt", max_length=50)
    old = models.TextField("før", blank=True)
    new = models.TextField("efter", blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = "ændring af måling"
        verbose_name_plural = "ændringer af målinger"

    def __str__(self) -> str:
        return f"{self.round_name}: {self.field}"
