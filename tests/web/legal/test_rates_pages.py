"""The rate page, its downloads and the kommune's settings, checked against an independent computation."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from statsmodels.stats.proportion import proportion_confint

from frisat.reporting.legal.codes import APPEALS_ONLY_QUOTE, percent
from frisat.web.legal.models import LegalSettings

pytestmark = pytest.mark.django_db


def _independent(frame, municipality: str, year: int, quarters=(1, 2, 3, 4), area: str | None = None):
    """Omgørelsesprocent by a plain loop over the talportal rows (law-level rows only)."""
    decided = reversed_ = 0
    for row in frame.itertuples(index=False):
        if row.Instans != municipality or row.Aar != year or row.Kvartal not in quarters or "§" in row.Sagsemne:
            continue
        if area is not None and row.Sagsemne != area:
            continue
        decided += row.Antal_sager_ialt - row._5  # Afvisning.Henvisning
        reversed_ += row._7 + row.Hjemvisning  # Ændring.Ophævelse
    return reversed_, decided


def test_rate_page_shows_rate_interval_funnel_snapshot_and_caveat(client, reader, snapshot, talportal_frame):
    client.force_login(reader)
    page = client.get(reverse("legal:rates", args=[reader.memberships.get().municipality.pk])).content.decode()
    x, n = _independent(talportal_frame, "Rebild", 2023)
    low, high = proportion_confint(x, n, alpha=0.05, method="wilson")
    assert percent(x / n) in page
    assert f"{percent(low, 0)}–{percent(high, 0)}" in page
    assert "data:image/png;base64," in page  # the funnel plot
    assert snapshot.sha256[:16] in page and snapshot.file_name in page
    assert APPEALS_ONLY_QUOTE[:60] in page.replace("&#x27;", "'")
    assert "SYNTETISKE DEMODATA" in page


def test_shifted_year_follows_seed_003(client, reader, snapshot, talportal_frame):
    client.force_login(reader)
    url = reverse("legal:download", args=[reader.memberships.get().municipality.pk, "csv"])
    body = client.get(url, {"year": "shifted", "omraade": "*", "min_cases": "20"}).content
    # the same writer as `frisat legal analyze`'s rates.csv (frisat.reporting.legal.files)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    row = next(r for r in rows if r["aar"] == "2022" and r["lovomraade"] == "Alle lovområder")
    x1, n1 = _independent(talportal_frame, "Rebild", 2022, (2, 3, 4))
    x2, n2 = _independent(talportal_frame, "Rebild", 2023, (1,))
    assert int(row["realitetsbehandlede"]) == n1 + n2 and int(row["omgjort"]) == x1 + x2
    assert float(row["rate"]) == pytest.approx((x1 + x2) / (n1 + n2))
    assert {r["kommune"] for r in rows} == {"Rebild"}


def test_law_area_and_xlsx_download(client, reader, snapshot, talportal_frame):
    client.force_login(reader)
    pk = reader.memberships.get().municipality.pk
    response = client.get(reverse("legal:download", args=[pk, "xlsx"]), {"omraade": "Børnehandicap"})
    assert response.status_code == 200
    assert "omg%C3%B8relser%20Rebild.xlsx" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content))["Omgørelsesprocent"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=2)]
    row = next(r for r in rows if r["År"] == 2023)
    x, n = _independent(talportal_frame, "Rebild", 2023, area="Børnehandicap")
    assert row["Realitetsbehandlede"] == n and row["Omgjort"] == x


def test_pdf_report(client, reader, snapshot):
    client.force_login(reader)
    response = client.get(reverse("legal:download", args=[reader.memberships.get().municipality.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_invalid_choices_fall_back_and_show_errors(client, reader, snapshot):
    client.force_login(reader)
    page = client.get(reverse("legal:rates", args=[reader.memberships.get().municipality.pk]), {"min_cases": "-4"})
    assert page.status_code == 200
    assert "Der er fejl i formularen" in page.content.decode()


def test_comparison_group_is_saved_per_kommune_with_did_you_mean(client, admin_user, reader, snapshot, rebild):
    client.force_login(admin_user)
    url = reverse("legal:settings", args=[rebild.pk])
    response = client.post(url, {"talportal_name": "Rebild", "group": "Mariagerfjord, Vesthimerlandd"})
    assert response.status_code == 400 and "Mente du «Vesthimmerlands»?" in response.content.decode()
    assert client.post(url, {"talportal_name": "Rebild Kommune", "group": "Mariagerfjord\nVesthimmerlands, Rebild"}
                       ).status_code == 302
    saved = LegalSettings.objects.get(municipality=rebild)
    assert saved.talportal_name == "Rebild" and saved.comparison_group == ["Mariagerfjord", "Vesthimmerlands"]
    page = client.get(reverse("legal:rates", args=[rebild.pk])).content.decode()
    assert "Mariagerfjord, Vesthimmerlands" in page
    client.force_login(reader)
    assert client.post(url, {"talportal_name": "Aarhus", "group": ""}).status_code == 404


def test_other_kommune_is_not_found(client, reader, snapshot):
    from frisat.web.organisations.models import Municipality

    other = Municipality.objects.create(name="Aalborg")
    client.force_login(reader)
    for name in ("legal:rates", "legal:agenda", "legal:overview"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
