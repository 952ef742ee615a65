"""Invitations to a kommune and the log of every change of who has access."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from frisat.web.organisations.models import Membership, Municipality


class Invitation(models.Model):
    """An e-mail invitation to a kommune with a role. Only the SHA-256 of the link's token is stored;
    the link works once (``used_at``) and until ``expires_at``."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="access_invitations",
                                verbose_name="kommune")
    email = models.EmailField("e-mail")
    role = models.CharField("rolle", max_length=20, choices=Membership.Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="inviteret af")
    created_at = models.DateTimeField("inviteret", default=timezone.now)
    expires_at = models.DateTimeField("udløber")
    used_at = models.DateTimeField("brugt", null=True, blank=True)
    revoked_at = models.DateTimeField("tilbagekaldt", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "invitation"
        verbose_name_plural = "invitationer"

    def __str__(self) -> str:
        return f"{self.email} → {self.municipality}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class AccessEvent(models.Model):
    """One change of access: who did what, when, to whom (append-only)."""

    class Action(models.TextChoices):
        INVITED = "inviteret", "Inviteret"
        ACCEPTED = "accepteret", "Invitation accepteret"
        REVOKED = "tilbagekaldt", "Invitation tilbagekaldt"
        ROLE_CHANGED = "rolle", "Rolle ændret"
        REMOVED = "fjernet", "Adgang fjernet"

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="access_events",
                                verbose_name="kommune")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name="udført af")
    actor_name = models.CharField("udført af (navn)", max_length=200, blank=True,
                                  help_text="Gemmes, så loggen bevares, hvis brugeren slettes.")
    action = models.CharField("handling", max_length=20, choices=Action.choices)
    subject = models.CharField("hvem", max_length=254)
    detail = models.CharField("detaljer", max_length=300, blank=True)
    at = models.DateTimeField("tidspunkt", default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "adgangshændelse"
        verbose_name_plural = "adgangshændelser"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()} {self.subject}"
