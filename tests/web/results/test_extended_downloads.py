"""Downloads of the extended tables: a sheet each in resultater.xlsx, a CSV each (only when the table
applies), the report with its extended chapters — all for the same subset as the page."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from frisat.web.results import exports

from .extended_helpers import frame_of, index, second_wave, welch
from .helpers import read_xlsx

pytestmark = pytest.mark.django_db


def download(client, round, kind, **params):
    return client.get(reverse("results:download", args=[round.pk, kind]), params)


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def two_waves(round_a):
    return round_a, second_wave(round_a)


def test_workbook_has_a_sheet_per_extended_table_that_applies(analyst_client, two_waves):
    first, second = two_waves
    both = {"boelge": [first.pk, second.pk], "grupper": "omraade"}
    sheets = read_xlsx(download(analyst_client, second, "resultater.xlsx", **both).content)
    assert {"Afledt vigtighed", "Relativ vigtighed", "Gruppeforskelle", "Ændringer", "Udvikling",
            "Opfølgning"} <= set(sheets)
    assert "Pointfordeling" not in sheets
    assert len(sheets["Respondenter"]) == 1          # still no raw data for an analyst
    one = read_xlsx(download(analyst_client, second, "resultater.xlsx", boelge=second.pk, grupper="omraade").content)
    assert "Ændringer" not in one and "Udvikling" not in one and "Afledt vigtighed" in one


def test_each_applicable_table_is_a_csv_with_the_pages_subset(analyst_client, two_waves):
    first, second = two_waves
    both = {"boelge": [first.pk, second.pk], "grupper": "omraade"}
    frame = frame_of([first, second])
    rows = csv_rows(download(analyst_client, second, "group_differences.csv", **both))
    values = index(frame, "tillid", "vigt")
    expected = welch(values[frame["gruppe"] == "leder"], values[frame["gruppe"] == "medarbejder"])
    found = next(r for r in rows if r["spor"] == "tillid" and r["dimension"] == "vigt")
    assert (found["group"], found["reference"], found["n_group"]) == ("leder", "medarbejder", "14")
    assert float(found["difference"]) == pytest.approx(expected["difference"], abs=1e-9)
    assert float(found["ci_low"]) == pytest.approx(expected["low"], abs=1e-9)
    assert float(found["p_value"]) == pytest.approx(expected["p"], abs=1e-9)

    changes = csv_rows(download(analyst_client, second, "changes.csv", **both))
    assert {(r["wave_from"], r["wave_to"]) for r in changes} == {("1", "2")}
    assert {r["omraade"] for r in changes} == {"dagtilbud", "skole"}
    values = index(frame, "maal", "impl")
    skole = frame["omraade"] == "skole"
    found = next(r for r in changes if r["omraade"] == "skole" and r["spor"] == "maal" and r["dimension"] == "impl")
    change = values[skole & (frame["maaling"] == "2")].mean() - values[skole & (frame["maaling"] == "1")].mean()
    assert float(found["change"]) == pytest.approx(change, abs=1e-9)

    trend = csv_rows(download(analyst_client, second, "trend.csv", **both))
    assert {r["wave"] for r in trend} == {"1", "2"}
    for name in ("derived_importance", "relative_importance", "followup"):
        assert csv_rows(download(analyst_client, second, f"{name}.csv", **both))
    # a table that does not apply has no file
    assert download(analyst_client, second, "points.csv", **both).status_code == 404
    assert download(analyst_client, second, "changes.csv", boelge=second.pk, grupper="omraade").status_code == 404
    # the filters hold for the tables too
    dagtilbud = csv_rows(download(analyst_client, second, "relative_importance.csv", boelge=second.pk,
                                  omraade="dagtilbud", grupper=""))
    assert {r["n"] for r in dagtilbud if r["level"] == "spor"} == {"18"}


def test_refused_subset_gives_no_extended_file(admin_client, round_a):
    from .helpers import unit_named

    small = unit_named(round_a.municipality, "skole", "Fælles Køkken")
    for name in ("derived_importance", "group_differences"):
        response = download(admin_client, round_a, f"{name}.csv", boelge=round_a.pk, enhed=small.pk, grupper="")
        assert response.status_code == 403 and "Content-Disposition" not in response


def test_report_gets_the_extended_tables_and_the_safe_overview(admin_client, two_waves, monkeypatch):
    first, second = two_waves
    seen = []
    original = exports.build_context

    def capture(*args, **kwargs):
        seen.append(kwargs)
        return original(*args, **kwargs)

    printed: list[str] = []

    def print_html(html, target):   # WeasyPrint takes seconds; test_downloads prints the real PDF
        printed.append(html)
        target.write_bytes(b"%PDF-1.7\n% not printed in this test\n")

    monkeypatch.setattr(exports, "build_context", capture)
    monkeypatch.setattr(exports, "write_pdf", print_html)
    response = download(admin_client, second, "rapport.pdf", boelge=[first.pk, second.pk], grupper="omraade")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "<h2>Udvikling over tid</h2>" in printed[-1] and "<h2>Grupper side om side</h2>" in printed[-1]
    extended, whole = seen[-1]["extended"], seen[-1]["whole"]
    assert extended.changes is not None and set(extended.changes["omraade"]) == {"dagtilbud", "skole"}
    assert whole.by == () and whole.changes is not None and whole.group_differences is not None
    # the units named in the report are those the page may name
    assert "Skørping Skole" not in set(extended.followup["enhed"])
