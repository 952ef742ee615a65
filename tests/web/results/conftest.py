"""Fixtures for the results pages: Rebild (with responses) and Aarhus, and their users."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from frisat.web.organisations.models import Membership
from frisat.web.results import extended_figures, figure_links, items, presentation
from tests.web.helpers import PASSWORD, make_round, make_user

from .helpers import fill_round, make_municipality


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    _clear_figures()  # kept bundles and figures (keys may repeat across tests' rolled-back rows)
    yield
    cache.clear()
    _clear_figures()


def _clear_figures() -> None:
    figure_links.clear()
    for kept in (presentation._figure_cache, extended_figures._cache, items._cache):
        kept.clear()


@pytest.fixture
def rebild(db):
    return make_municipality("Rebild")


@pytest.fixture
def aarhus(db):
    return make_municipality("Aarhus")


@pytest.fixture
def round_a(rebild):
    round = make_round(rebild, anonymous=True, min_n=5)
    fill_round(round)
    return round


@pytest.fixture
def round_b(aarhus):
    round = make_round(aarhus)
    fill_round(round, seed=2)
    return round


@pytest.fixture
def analyst(rebild):
    return make_user("olav", rebild, role=Membership.Role.ANALYST)


@pytest.fixture
def admin(rebild):
    return make_user("anna", rebild)


@pytest.fixture
def analyst_client(client, analyst):
    client.login(username=analyst.username, password=PASSWORD)
    return client


@pytest.fixture
def admin_client(client, admin):
    client.login(username=admin.username, password=PASSWORD)
    return client
