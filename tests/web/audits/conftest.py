"""Fixtures for the audit and register tests: a kommune with an area, a leader and a mapped process."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from frisat.web.audits import services
from frisat.web.organisations.models import Area, Membership, Municipality


@pytest.fixture
def rebild(db):
    municipality = Municipality.objects.create(name="Rebild")
    Area.objects.create(municipality=municipality, name="Beskæftigelse")
    Area.objects.create(municipality=municipality, name="Ældre")
    return municipality


@pytest.fixture
def aarhus(db):
    municipality = Municipality.objects.create(name="Aarhus")
    Area.objects.create(municipality=municipality, name="Beskæftigelse")
    return municipality


@pytest.fixture
def leader(rebild):
    user = get_user_model().objects.create_user(username="lene", password="hemmeligt-kodeord-42",
                                                first_name="Lene", last_name="Leder")
    Membership.objects.create(user=user, municipality=rebild, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def process(rebild, leader):
    return services.create_process(municipality=rebild, name="Sygedagpengeopfølgning", purpose="Borgeren tilbage i job",
                                   start="Sygemelding modtaget", end="Sagen lukkes", owner="Funktionsleder",
                                   area=rebild.areas.get(name="Beskæftigelse"), created_by=leader)


@pytest.fixture
def activities(process):
    """Three activities: 30 min × 200 × 4, 12 min × 1000 × 5, and one without an estimate."""
    return [
        services.add_activity(process, description="Registreringer/”klik”", channel="fagsystem",
                              performed_by="sagsbehandler", minutes_per_occurrence=30, occurrences_per_year=200,
                              people=4),
        services.add_activity(process, description="Dobbeltregistreringer", channel="fagsystem",
                              performed_by="sagsbehandler", minutes_per_occurrence="12", occurrences_per_year="1000",
                              people="5"),
        services.add_activity(process, description="Drøftelser med teamkoordinator", channel="møde"),
    ]


@pytest.fixture
def staff(client, leader):
    """The test client logged in as the leader."""
    client.force_login(leader)
    return client
