"""Appeal-statistics snapshots, a kommune's legal settings and the council's yearly decisions (issue 15).

A snapshot is national data (all 98 municipalities), so it belongs to no kommune; only staff
administrators (``is_staff``) import one. A snapshot is never changed: revised figures are a new
snapshot, and the same file (same SHA-256) is not stored twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from frisat.web.organisations.models import Municipality


class AppealSnapshot(models.Model):
    """One import of Ankestyrelsen's talportal figures: the validated canonical table and its origin."""

    imported_at = models.DateTimeField("indlæst", auto_now_add=True)
    source = models.CharField("kilde", max_length=300)
    file_name = models.CharField("filnavn", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    row_count = models.PositiveIntegerField("rækker")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="indlæst af")
    synthetic = models.BooleanField("syntetiske data", default=False)
    columns = models.JSONField("kolonner", default=list)
    rows = models.JSONField("rækker (data)", default=list)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = "udtræk fra talportalen"
        verbose_name_plural = "udtræk fra talportalen"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%d.%m.%Y %H:%M})"


class LegalSettings(models.Model):
    """Per kommune: its name in the talportal and its comparison group (a user-defined list)."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="legal_settings",
                                        verbose_name="kommune")
    talportal_name = models.CharField("navn i talportalen", max_length=100, blank=True)
    comparison_group = models.JSONField("sammenligningsgruppe", default=list, blank=True)
    updated_at = models.DateTimeField("senest ændret", auto_now=True)

    class Meta:
        verbose_name = "indstillinger for retssikkerhed"
        verbose_name_plural = "indstillinger for retssikkerhed"


class CouncilDecision(models.Model):
    """The kommunalbestyrelse's yearly decision on Danmarkskortet (append-only history)."""

    class Outcome(models.TextChoices):
        NO_PLAN = "ingen_handleplan", "Ingen handleplan"
        PLAN = "handleplan", "Handleplan"

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="council_decisions",
                                     verbose_name="kommune")
    snapshot = models.ForeignKey(AppealSnapshot, on_delete=models.PROTECT, related_name="decisions",
                                 verbose_name="datagrundlag")
    meeting_date = models.DateField("mødedato")
    outcome = models.CharField("beslutning", max_length=20, choices=Outcome.choices)
    decision = models.TextField("beslutningens ordlyd")
    action_plan = models.TextField("handleplan", blank=True)
    owner = models.CharField("ansvarlig", max_length=200)
    due_date = models.DateField("frist", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField("registreret", auto_now_add=True)

    class Meta:
        ordering = ["-meeting_date", "-id"]
        verbose_name = "kommunalbestyrelsens beslutning"
        verbose_name_plural = "kommunalbestyrelsens beslutninger"
