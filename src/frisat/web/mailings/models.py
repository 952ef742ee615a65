"""Mail texts per round, sendings and one delivery row per recipient.

The round model is imported once, as ``Round`` ; the
foreign keys to it are the fields ``round`` here.

Exactly once: a :class:`Delivery` is made for every recipient when a sending starts (unique per
round, respondent, kind and sending); a worker claims a pending delivery with its row locked
(``select_for_update(skip_locked=True)``; SQLite: one writer at a time) and marks it sent or failed
in the same transaction as the respondent's new link — so two workers never send the same mail,
and a worker that dies mid-way leaves the delivery pending for the next.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from frisat.web.mailings.placeholders import body_problems, subject_problems
from frisat.web.rounds.models import Respondent, Round


class Kind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Påmindelse")


class MailText(models.Model):
    """The edited text of one kind of mail in one round (without one: the default text)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="mail_texts", verbose_name="måling")
    kind = models.CharField("slags", max_length=12, choices=Kind.choices)
    subject = models.CharField("emne", max_length=200)
    body = models.TextField("tekst", max_length=10_000)
    updated_at = models.DateTimeField("ændret", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="ændret af")

    class Meta:
        verbose_name = "mailtekst"
        verbose_name_plural = "mailtekster"
        constraints = [models.UniqueConstraint(fields=["round", "kind"], name="one_mail_text_per_round_and_kind")]

    def clean(self) -> None:
        """The placeholders: only known ones, ``{link}`` in the text and never in the subject."""
        errors = {name: problems for name, problems in
                  (("subject", subject_problems(self.subject or "")), ("body", body_problems(self.body or "")))
                  if problems}
        if errors:
            raise ValidationError(errors)


class Sending(models.Model):
    """One sending of invitations or reminders, started by a staff user, sent in the background."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sendings", verbose_name="måling")
    kind = models.CharField("slags", max_length=12, choices=Kind.choices)
    subject = models.CharField("emne", max_length=200)
    body = models.TextField("tekst")
    contact = models.CharField("kontaktperson", max_length=200, blank=True)
    created_at = models.DateTimeField("startet", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="startet af")
    recipients = models.PositiveIntegerField("modtagere")
    finished_at = models.DateTimeField("færdig", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "udsendelse"
        verbose_name_plural = "udsendelser"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Venter")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Fejlet")
        SKIPPED = "skipped", _("Sprunget over")

    sending = models.ForeignKey(Sending, on_delete=models.CASCADE, related_name="deliveries",
                                verbose_name="udsendelse")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+", verbose_name="måling")
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="+",
                                   verbose_name="respondent")
    kind = models.CharField("slags", max_length=12, choices=Kind.choices)
    email = models.EmailField("e-mail")
    status = models.CharField("status", max_length=8, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField("årsag", max_length=500, blank=True)
    kept_link = models.BooleanField("beholdt sit link", default=False)
    finished_at = models.DateTimeField("sendt", null=True, blank=True)

    class Meta:
        verbose_name = "levering"
        verbose_name_plural = "leveringer"
        constraints = [
            models.UniqueConstraint(fields=["round", "respondent", "kind", "sending"], name="one_delivery_per_mail"),
        ]
        indexes = [models.Index(fields=["sending", "status"])]
