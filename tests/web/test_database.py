"""Which database the web tests ran on, and that it stores what the app needs.

scripts/test runs the web tests twice: on SQLite and with ``DATABASE_URL`` pointing at a local
PostgreSQL server. These tests make the second run provably not a second SQLite run.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.db import connection
from django.utils import timezone

from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.rounds import pool, services
from frisat.web.rounds.models import Response
from frisat.web.rounds.selectors import DONT_KNOW_ANSWER

pytestmark = pytest.mark.django_db


def expected_vendor() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return "sqlite"
    scheme = url.split(":", 1)[0].lower()
    if scheme.startswith(("postgres", "pgsql")):
        return "postgresql"
    if scheme.startswith("sqlite"):
        return "sqlite"
    pytest.fail(f"unexpected DATABASE_URL scheme in tests: {scheme}")


def test_backend_is_the_one_database_url_names():
    assert connection.vendor == expected_vendor()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database(), inet_server_addr()::text, version()")
            name, address, version = cursor.fetchone()
        assert name.startswith("test_"), "pytest-django must use its own test database"
        assert address.split("/")[0] == "127.0.0.1"
        assert version.startswith("PostgreSQL")


def test_response_with_unicode_answers_round_trips():
    municipality = Municipality.objects.create(name="Ærø Kommune")
    area = Area.objects.create(municipality=municipality, name="ældre")
    unit = Unit.objects.create(area=area, name="Plejecentret Søbakken «Øst»")
    now = timezone.now()
    round = services.create_round(municipality=municipality, name="Måling æøå", opens_at=now - dt.timedelta(days=1),
                                    closes_at=now + dt.timedelta(days=1), groups=["leder"])
    link = services.add_respondent(round, unit=unit, group="leder", email="søren@ærø.dk")
    comment = "Tillid — «frisættelse» på ældreområdet: æ ø å Æ Ø Å, emoji 🙂, anførselstegn \" og \\ backslash"
    services.save_draft(link.respondent, {"regler_impl_a": 7, "regler_vigt_a": 10}, token=link.token)
    services.save_draft(link.respondent, {"tillid_impl_b": DONT_KNOW_ANSWER, "tillid_kommentar": comment},
                        token=link.token)
    services.submit(link.respondent, token=link.token)
    pool.flush_pool(round, final=True)  # an anonymous round: the answers wait in the mixing pool

    stored = Response.objects.get(round=round)
    assert stored.answers == {"regler_impl_a": 7, "regler_vigt_a": 10, "tillid_impl_b": DONT_KNOW_ANSWER,
                              "tillid_kommentar": comment}
    assert stored.unit.name == "Plejecentret Søbakken «Øst»"
    assert stored.respondent is None
    # JSON lookups work on both backends (the results pages filter on answers).
    assert Response.objects.filter(answers__tillid_kommentar=comment).count() == 1
    assert Response.objects.filter(answers__regler_impl_a=7).count() == 1
