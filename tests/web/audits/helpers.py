"""Helpers of the audit page tests (the ``staff`` client fixture is in conftest.py)."""

from __future__ import annotations

from django.urls import reverse


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def journey_url(process) -> str:
    return reverse("audits:journey", args=[process.pk])


def orders(process) -> list[str]:
    return list(process.activities.order_by("order").values_list("description", flat=True))
