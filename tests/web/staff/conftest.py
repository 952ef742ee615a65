"""Fixtures for the staff side: two kommuner, their users and rounds."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from frisat.web.organisations.models import Enhed, Kommune, Membership, Omraade

from .helpers import PASSWORD, make_round, make_user


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rebild(db):
    kommune = Kommune.objects.create(name="Rebild")
    skole = Omraade.objects.create(kommune=kommune, name="skole")
    dagtilbud = Omraade.objects.create(kommune=kommune, name="dagtilbud")
    for name in ("Skørping Skole", "Støvring Skole"):
        Enhed.objects.create(omraade=skole, name=name)
    for name in ("Børnehuset Mælkebøtten", "Fælles Køkken"):
        Enhed.objects.create(omraade=dagtilbud, name=name)
    Enhed.objects.create(omraade=skole, name="Fælles Køkken")  # same name in two områder
    return kommune


@pytest.fixture
def aarhus(db):
    kommune = Kommune.objects.create(name="Aarhus")
    Enhed.objects.create(omraade=Omraade.objects.create(kommune=kommune, name="aeldre"), name="Plejehjemmet Solgården")
    return kommune


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


