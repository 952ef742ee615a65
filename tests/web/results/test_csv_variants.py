"""The results CSVs in two variants (issue 13): «…-excel.csv» for a Danish Excel and «…-data.csv»
for R/pandas, with the same cells; file names keep æ, ø and å."""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

import pandas as pd
import pytest
from django.urls import reverse

from frisat.web.results import exports
from tests.web.helpers import make_round

from .helpers import fill_round

pytestmark = pytest.mark.django_db


def get(client, round, kind):
    return client.get(reverse("results:download", args=[round.pk, kind]), {"boelge": round.pk, "grupper": "omraade"})


def test_every_csv_has_an_excel_variant_listed_first():
    kinds = list(exports.KINDS)
    for kind in kinds:
        if kind.endswith(".csv") and not kind.endswith("-excel.csv"):
            excel = kind.replace(".csv", "-excel.csv")
            assert excel in kinds and kinds.index(excel) < kinds.index(kind)
            assert exports.KINDS[kind].filename.endswith("-data.csv")


def test_summary_for_excel_and_for_pandas_hold_the_same_numbers(admin_client, round_a):
    excel = get(admin_client, round_a, "summary-excel.csv")
    data = get(admin_client, round_a, "summary.csv")
    assert excel.status_code == data.status_code == 200
    assert excel["Content-Disposition"] == 'attachment; filename="Barometer-Rebild-summary-excel.csv"'
    assert excel.content.startswith(b"\xef\xbb\xbf") and not data.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(excel.content.decode("utf-8-sig")), delimiter=";"))
    frame = pd.read_csv(io.BytesIO(data.content))
    assert len(rows) == len(frame) > 0
    means = [c for c in frame.columns if frame[c].dtype.kind == "f" and frame[c].notna().any()]
    assert means, "the summary has decimal columns"
    decimals = 0
    for row, (_i, expected) in zip(rows, frame.iterrows(), strict=True):
        for column in means:
            if pd.isna(expected[column]):
                assert row[column] == ""
            else:
                assert "." not in row[column]
                assert float(row[column].replace(",", ".")) == pytest.approx(expected[column])
                decimals += "," in row[column]
        assert row["omraade"] == expected["omraade"]
    assert decimals > 0  # decimal commas, not only whole numbers


def test_file_name_keeps_danish_letters(admin_client, rebild):
    round = make_round(rebild, name="Frisættelse på Ærø", min_n=5)
    fill_round(round)
    response = get(admin_client, round, "summary-excel.csv")
    header = response["Content-Disposition"]
    assert "filename*=UTF-8''" in header
    assert unquote(header.split("''", 1)[1]) == "Frisættelse-på-Ærø-summary-excel.csv"


def test_download_page_names_both_variants(admin_client, round_a):
    html = admin_client.get(reverse("results:detail", args=[round_a.pk]), {"boelge": round_a.pk}).content.decode()
    assert reverse("results:download", args=[round_a.pk, "summary-excel.csv"]) in html
    assert "til Excel" in html and "data til R/pandas" in html
