"""Fixtures for the staff side: two kommuner, their users and rounds."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from frisat.web.organisations.models import Unit, Municipality, Membership, Area

from .helpers import PASSWORD, make_round, make_user


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
    Unit.objects.create(area=Area.objects.create(municipality=municipality, name="aeldre"), name="Plejehjemmet Solgården")
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


