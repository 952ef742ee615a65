"""Shared fixtures for the web tests: two municipalities (Rebild, Aarhus), their staff users and rounds.

The results and audits tests have their own ``rebild`` and ``aarhus`` (their conftest.py overrides these)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import translation

from frisat.web.organisations.models import Area, Membership, Municipality, Unit
from tests.web.helpers import PASSWORD, make_round, make_user


@pytest.fixture(autouse=True)
def _response_ids_from_one(request: pytest.FixtureRequest) -> None:
    """On PostgreSQL, number each test's responses from 1, as on SQLite.

    SQLite's id counter is rolled back with the test's transaction, a PostgreSQL sequence is not. The
    response id is the analysed frame's ``respondent_id``, and the results pages keep the figures of
    the last few frames in memory (per process): with the same ids, a test that shows the same
    responses as an earlier test reuses their figures on PostgreSQL too instead of drawing them again
    (seconds per page). Only tests that run in a transaction rolled back afterwards: the table is
    empty again after each test, so the ids cannot collide.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transaction = marker.kwargs.get("transaction", marker.args[0] if marker.args else False)
    if transaction or {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("db")
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    from frisat.web.rounds.models import Response

    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), 1, false)", [Response._meta.db_table])



@pytest.fixture(autouse=True)
def _danish_after_each_test():
    """A request in English leaves English active in the thread; each test starts in Danish again
    (the tests no longer depend on the order of the folders)."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rebild(db):
    municipality = Municipality.objects.create(name="Rebild")
    skole = Area.objects.create(municipality=municipality, name="skole")
    dagtilbud = Area.objects.create(municipality=municipality, name="dagtilbud")
    for name in ("Skørping Skole", "Støvring Skole"):
        Unit.objects.create(area=skole, name=name)
    for name in ("Børnehuset Mælkebøtten", "Fælles Køkken"):
        Unit.objects.create(area=dagtilbud, name=name)
    Unit.objects.create(area=skole, name="Fælles Køkken")  # same name in two områder
    return municipality


@pytest.fixture
def aarhus(db):
    municipality = Municipality.objects.create(name="Aarhus")
    Unit.objects.create(area=Area.objects.create(municipality=municipality, name="aeldre"),
                        name="Plejehjemmet Solgården")
    return municipality


@pytest.fixture
def admin_a(rebild):
    return make_user("anna", rebild, first_name="Anna", last_name="Berg")


@pytest.fixture
def analyst_a(rebild):
    return make_user("olav", rebild, role=Membership.Role.ANALYST)


@pytest.fixture
def admin_b(aarhus):
    return make_user("bo", aarhus)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(username="root", password=PASSWORD,
                                                     email="root@example.dk")


@pytest.fixture
def round_a(rebild):
    return make_round(rebild)


@pytest.fixture
def round_b(aarhus):
    return make_round(aarhus)


