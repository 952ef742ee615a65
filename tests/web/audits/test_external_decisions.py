"""issue 15 item 5: requirements needing a decision outside the municipality (fritagelse, lovændring,
the city council), their state and expiry date, and the register's filter on them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from frisat.core.errors import FrisatError
from frisat.web.audits import services
from frisat.web.audits.models import Requirement
from tests.web.audits.helpers import page

pytestmark = pytest.mark.django_db


def test_register_filters_on_external_decisions(staff, rebild):
    services.create_requirement(rebild, title="Dokumentation af § 50", external="ansoegt")
    services.create_requirement(rebild, title="Frikommuneforsøg", external="bevilget",
                                external_expires_on=dt.date(2027, 12, 31))
    services.create_requirement(rebild, title="Byrådets retningslinje", external="byraad")
    services.create_requirement(rebild, title="Lokal tjekliste")
    url = reverse("audits:register")
    every = page(staff.get(url, {"kommune": rebild.pk, "external": "alle"}))
    assert "Dokumentation af § 50" in every and "Byrådets retningslinje" in every and "Lokal tjekliste" not in every
    granted = page(staff.get(url, {"kommune": rebild.pk, "external": "bevilget"}))
    assert "Frikommuneforsøg" in granted and "Dokumentation af § 50" not in granted
    assert "udløber 31. december 2027" in granted
    assert staff.get(url, {"kommune": rebild.pk, "external": "hemmelig"}).status_code == 400


def test_external_state_is_edited_on_the_requirement_page(staff, rebild):
    item = services.create_requirement(rebild, title="Tilsynskrav")
    url = reverse("audits:requirement", args=[item.pk])
    response = staff.post(url, {"title": "Tilsynskrav", "code": item.code, "kind": "regel", "source_type": "lov",
                                "tilbageloeb_status": "ukendt", "external": "afslaaet",
                                "external_expires_on": ""})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.external == "afslaaet" and item.external_expires_on is None
    assert "Kræver lovændring / fritagelse: afslået" in page(staff.get(url))


def test_unknown_state_is_refused(rebild):
    with pytest.raises(FrisatError):
        services.create_requirement(rebild, title="X", external="maaske")
    assert not Requirement.objects.exists()
