"""Fixtures for the evaluation tests: a municipality with an evaluation, an administrator, a registrar,
a read-only member and a member of another municipality."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from frisat.web.evaluations import services
from frisat.web.organisations.models import Area, Membership, Municipality

PASSWORD = "hemmeligt-kodeord-42"


def _user(username: str, municipality: Municipality, role: str):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, first_name=username.title())
    Membership.objects.create(user=user, municipality=municipality, role=role)
    return user


@pytest.fixture
def municipality(db):
    municipality = Municipality.objects.create(name="Rebild")
    Area.objects.create(municipality=municipality, name="Børn og familie")
    return municipality


@pytest.fixture
def other_kommune(db):
    return Municipality.objects.create(name="Aarhus")


@pytest.fixture
def admin_user(municipality):
    return _user("anne", municipality, Membership.Role.ADMIN)


@pytest.fixture
def reader(municipality):
    return _user("lars", municipality, Membership.Role.ANALYST)


@pytest.fixture
def registrar(municipality, evaluation):
    user = _user("rikke", municipality, Membership.Role.ANALYST)
    evaluation.periods.get(code="foer").registration.registrars.add(user)
    return user


@pytest.fixture
def outsider(other_kommune):
    return _user("otto", other_kommune, Membership.Role.ADMIN)


@pytest.fixture
def evaluation(municipality):
    return services.create_evaluation(
        municipality=municipality, name="Frikommuneforsøget", trial="Mindre dokumentation",
        area=municipality.areas.first(), dates={"foer": (dt.date(2018, 3, 1), dt.date(2018, 8, 31))})


def case_data(number: str = "S-001", **changes: str) -> dict[str, str]:
    data = {"sagsnummer": number, "henvendelse_dato": "01-03-2018", "beslutning_dato": "12-03-2018",
            "indsats_dato": "15-04-2018", "antal_aendringer": "1", "kontakter_moede": "2",
            "kontakter_hjemmebesoeg": "1", "kontakter_telefon": "4", "kontakter_skriftlig": "3"}
    data.update(changes)
    return data


@pytest.fixture(autouse=True)
def _fresh_results():
    """Each test computes the evaluation's results anew (the cache is per process)."""
    from frisat.web.evaluations import results

    results.clear()
    yield
    results.clear()
