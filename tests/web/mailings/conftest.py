"""Fixtures: the staff tests' municipalities and users, and a round of Rebild with five respondents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from frisat.web.common.formatting import day_bounds
from frisat.web.organisations.tabular import read_table
from frisat.web.rounds import services
from tests.web.conftest import _clear_cache, aarhus, admin_a, admin_b, analyst_a, rebild  # noqa: F401
from tests.web.helpers import csv_bytes, make_round

PEOPLE = """email;enhed;gruppe
a@x.dk;Skørping Skole;leder
b@x.dk;Skørping Skole;medarbejder
c@x.dk;Støvring Skole;medarbejder
d@x.dk;Støvring Skole;leder
;Støvring Skole;medarbejder
"""
EMAILS = ["a@x.dk", "b@x.dk", "c@x.dk", "d@x.dk"]


@pytest.fixture
def mail_round(rebild, settings):  # noqa: F811
    settings.BASE_URL = "http://testserver"
    opens_at, closes_at = day_bounds(timezone.localdate() - dt.timedelta(days=1), dt.date(2099, 12, 28))
    round_ = make_round(rebild, name="Frisættelsesbarometer 2026", opens_at=opens_at, closes_at=closes_at)
    services.import_respondents(round_, read_table(csv_bytes(PEOPLE), "r.csv"))
    return round_
