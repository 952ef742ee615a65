"""Kommune → område → enhed, and which staff users may work with which kommune."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kommune(models.Model):
    name = models.CharField("navn", max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"

    def __str__(self) -> str:
        return self.name


class Omraade(models.Model):
    kommune = models.ForeignKey(Kommune, on_delete=models.CASCADE, related_name="omraader")
    name = models.CharField("navn", max_length=100)

    class Meta:
        ordering = ["kommune__name", "name"]
        verbose_name = "område"
        verbose_name_plural = "områder"
        constraints = [models.UniqueConstraint(fields=["kommune", "name"], name="unique_omraade_per_kommune")]

    def __str__(self) -> str:
        return f"{self.kommune} · {self.name}"


class Enhed(models.Model):
    omraade = models.ForeignKey(Omraade, on_delete=models.CASCADE, related_name="enheder")
    name = models.CharField("navn", max_length=200)

    class Meta:
        ordering = ["omraade__kommune__name", "omraade__name", "name"]
        verbose_name = "enhed"
        verbose_name_plural = "enheder"
        constraints = [models.UniqueConstraint(fields=["omraade", "name"], name="unique_enhed_per_omraade")]

    def __str__(self) -> str:
        return f"{self.omraade} · {self.name}"


class Membership(models.Model):
    """A staff user's access to one kommune's rounds and results."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Administrator (opretter målinger og inviterer)"
        ANALYST = "analytiker", "Analytiker (ser resultater)"
        READER = "laeser", "Læser (ser overblik og rapporter)"  # access helper (issue 13): read-only role

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    kommune = models.ForeignKey(Kommune, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rolle", max_length=20, choices=Role.choices, default=Role.ADMIN)

    class Meta:
        verbose_name = "adgang"
        verbose_name_plural = "adgange"
        constraints = [models.UniqueConstraint(fields=["user", "kommune"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} → {self.kommune} ({self.get_role_display()})"
