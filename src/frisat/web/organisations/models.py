"""Kommune → område → enhed, and which staff users may work with which kommune."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from frisat.web.organisations.logo import LogoStorage, logo_name


class Municipality(models.Model):
    name = models.CharField("navn", max_length=100, unique=True)
    logo = models.FileField("logo", blank=True, default="", max_length=100, storage=LogoStorage(),
                            upload_to=logo_name)
    """Optional PNG/JPEG shown on the survey pages (checked and served by :mod:`.logo`)."""

    class Meta:
        ordering = ["name"]
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField("navn", max_length=100)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = "område"
        verbose_name_plural = "områder"
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="unique_area_per_municipality")]

    def __str__(self) -> str:
        return f"{self.municipality} · {self.name}"


class Unit(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="units")
    name = models.CharField("navn", max_length=200)

    class Meta:
        ordering = ["area__municipality__name", "area__name", "name"]
        verbose_name = "enhed"
        verbose_name_plural = "enheder"
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="unique_unit_per_area")]

    def __str__(self) -> str:
        return f"{self.area} · {self.name}"


class Membership(models.Model):
    """A staff user's access to one kommune's rounds and results."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Administrator (opretter målinger og inviterer)"
        ANALYST = "analytiker", "Analytiker (ser resultater)"
        READER = "laeser", "Læser (ser overblik og rapporter)"  # access helper (issue 13): read-only role

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rolle", max_length=20, choices=Role.choices, default=Role.ADMIN)

    class Meta:
        verbose_name = "adgang"
        verbose_name_plural = "adgange"
        constraints = [models.UniqueConstraint(fields=["user", "municipality"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} → {self.municipality} ({self.get_role_display()})"
