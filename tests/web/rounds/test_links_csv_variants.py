"""The link export in two variants (issue 13): for Excel (the default: ``;``, BOM) and data for
R/pandas (``,``, no BOM); the file is named after the round, æ, ø and å kept."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import unquote

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import timezone

from frisat.web.common.formatting import day_bounds
from frisat.web.organisations.tabular import read_table
from frisat.web.rounds import services
from tests.web.helpers import csv_bytes, make_round

pytestmark = pytest.mark.django_db

PEOPLE = "email;enhed;gruppe\na@x.dk;Skørping Skole;leder\nb@x.dk;Støvring Skole;medarbejder\n"


@pytest.fixture
def round(rebild, settings):
    settings.BASE_URL = "http://testserver"
    opens_at, closes_at = day_bounds(timezone.localdate() - dt.timedelta(days=1), dt.date(2099, 4, 30))
    round = make_round(rebild, name="Frisættelse på Ærø", opens_at=opens_at, closes_at=closes_at)
    services.import_respondents(round, read_table(csv_bytes(PEOPLE), "r.csv"))
    return round


def test_links_for_excel_and_for_pandas(client, admin_a, round):
    client.force_login(admin_a)
    page = client.get(reverse("rounds:links", args=[round.pk])).content.decode()
    assert "CSV til Excel" in page and "CSV-data til R/pandas" in page
    excel = client.post(reverse("rounds:links", args=[round.pk]), {"csv": "excel"})
    assert unquote(excel["Content-Disposition"].split("''", 1)[1]) == "links-Frisættelse-på-Ærø-excel.csv"
    assert excel.content.startswith(b"\xef\xbb\xbf") and excel["Cache-Control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(excel.content.decode("utf-8-sig")), delimiter=";"))
    assert sorted(r["enhed"] for r in rows) == ["Skørping Skole", "Støvring Skole"]  # names, not ids
    data = client.post(reverse("rounds:links", args=[round.pk]), {"csv": "data", "reissue_all": "on"})
    assert unquote(data["Content-Disposition"].split("''", 1)[1]) == "links-Frisættelse-på-Ærø-data.csv"
    assert not data.content.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data.content))
    assert list(frame.columns) == list(rows[0]) and sorted(frame["email"]) == ["a@x.dk", "b@x.dk"]
