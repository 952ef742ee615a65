"""The demo: the synthetic snapshot imported once, the demo kommune's overview filled in, the politician."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from frisat.web.demo_site import DEMO_MUNICIPALITY, SMALL_UNIT, build_demo_site
from frisat.web.legal.models import AppealSnapshot
from frisat.web.organisations.models import Membership, Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_demo_politician_reads_a_filled_overview(client, data_dir):
    login = build_demo_site()
    again = build_demo_site()
    assert AppealSnapshot.objects.count() == 1 and AppealSnapshot.objects.get().synthetic
    assert again.politician == login.politician == "politiker"
    from frisat.cli.serve_command import demo_login

    assert demo_login().politician == "politiker"  # printed in `frisat serve --demo`'s login box
    user = authenticate(username=login.politician, password=login.password)
    assert user is not None
    municipality = Municipality.objects.get(name=DEMO_MUNICIPALITY)
    assert Membership.objects.get(user=user).role == Membership.Role.READER
    client.force_login(user)
    page = client.get(reverse("legal:overview", args=[municipality.pk])).content.decode()
    assert "SYNTETISKE DEMODATA" in page
    assert "Ingen målinger med resultater" not in page  # the barometer table is filled
    assert "Ingen beslutninger i registret endnu." not in page and "Frigjorte timer pr. år" in page  # by year
    assert "tragten" in page
    assert "Gennemsnittet faldt fra 33,7" in page  # effects: the demo evaluation's cases (issue 14)
    assert SMALL_UNIT not in page  # only areas are shown, never a unit below the threshold
    assert client.get(reverse("legal:rates", args=[municipality.pk])).status_code == 200
    assert client.get(reverse("legal:import")).status_code == 403
