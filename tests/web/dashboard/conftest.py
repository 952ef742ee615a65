"""Two municipalities (Rebild, Aarhus) with an administrator each, Rebild's analyst and reader."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from frisat.web.organisations.models import Area, Membership, Municipality, Unit
from tests.web.helpers import make_user


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rebild(db):
    municipality = Municipality.objects.create(name="Rebild")
    Unit.objects.create(area=Area.objects.create(municipality=municipality, name="Skole"), name="Skørping Skole")
    return municipality


@pytest.fixture
def aarhus(db):
    municipality = Municipality.objects.create(name="Aarhus")
    Unit.objects.create(area=Area.objects.create(municipality=municipality, name="Ældre"), name="Solgården")
    return municipality


@pytest.fixture
def admin_a(rebild):
    return make_user("anna", rebild, first_name="Anna", last_name="Berg")


@pytest.fixture
def analyst_a(rebild):
    return make_user("olav", rebild, role=Membership.Role.ANALYST, first_name="Olav", last_name="Holm")


@pytest.fixture
def reader_a(rebild):
    return make_user("lise", rebild, role=Membership.Role.READER, first_name="Lise", last_name="Byråd")


@pytest.fixture
def admin_b(aarhus):
    return make_user("bo", aarhus, first_name="Bo", last_name="Ravn")
