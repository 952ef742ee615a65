"""The anonymity threshold k on the results pages and in every download: small groups, filtered
subsets below k, and differencing (all minus the other units)."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from django.urls import reverse

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.reporting.labels import spor_labels
from frisat.web.organisations.models import Area, Unit
from frisat.web.results import exports
from frisat.web.rounds.selectors import responses_frame
from tests.web.helpers import make_round

from .helpers import INSTRUMENT, SECRET, add_responses, read_xlsx, tables, unit_named

pytestmark = pytest.mark.django_db
SMALL = "Fælles Køkken (skole)"
OTHER = "Øvrige (samlet)"
DOWNLOADS = ("resultater.xlsx", "summary.csv", "rapport.pdf")


def page(client, round, **params):
    return client.get(reverse("results:detail", args=[round.pk]), {"boelge": round.pk, **params})


def download(client, round, kind, **params):
    return client.get(reverse("results:download", args=[round.pk, kind]), {"boelge": round.pk, **params})


@pytest.fixture
def pdf_html(monkeypatch):
    """The HTML that rapport.pdf is printed from (WeasyPrint compresses the PDF's text).

    The HTML is not printed: WeasyPrint takes seconds, and test_downloads prints the real PDF."""
    seen: list[str] = []

    def capture(html, target):
        seen.append(html)
        target.write_bytes(b"%PDF-1.7\n% not printed in this test\n")

    monkeypatch.setattr(exports, "write_pdf", capture)
    return seen


# -- a unit below k in a grouping -----------------------------------------------------------------


def test_small_unit_is_never_shown_on_its_own_in_page_or_downloads(admin_client, round_a, pdf_html):
    response = page(admin_client, round_a, grupper="enhed")
    html = response.content.decode()
    decision = response.context["prepared"].decision
    # Fælles Køkken (skole) has 3 respondents; Skørping Skole (11) is merged too, or skole minus
    # Støvring Skole would reveal Fælles Køkken.
    # tuples: the bundle is read only
    assert decision.merged == (SMALL, "Skørping Skole") and decision.small == (SMALL,)
    counts = {r[0]: r[1:] for r in tables(html)["Antal besvarelser pr. gruppe"][1:]}
    assert counts[SMALL] == ["for få besvarelser (færre end 5) – indgår i «Øvrige (samlet)»"]
    assert counts["Skørping Skole"] == ["vises ikke for sig – indgår i «Øvrige (samlet)»"]
    assert counts[OTHER] == ["14", ""]
    for title in spor_labels(INSTRUMENT).values():
        groups = [r[0] for r in tables(html)[title][2:]]
        assert SMALL not in groups and "Skørping Skole" not in groups and OTHER in groups
    figures = response.context["figures"]
    for figure in [*figures.means, *figures.scatters]:
        assert SMALL not in figure.alt and "Skørping" not in figure.alt
    # the small unit's comments appear only inside «Øvrige» (14 respondents), never under its name
    for line in html.split("<li>"):
        if SECRET in line:
            assert f"– {OTHER}" in line
    # the «Øvrige» numbers are frisat.core's analysis of the merged groups
    frame = responses_frame([round_a])
    frame["enhed"] = np.where(frame["omraade"].eq("skole") & frame["enhed"].eq("Fælles Køkken"), OTHER,
                              np.where(frame["enhed"].eq("Skørping Skole"), OTHER, frame["enhed"]))
    frame["enhed"] = frame["enhed"].astype("string").replace({"Fælles Køkken": "Fælles Køkken (dagtilbud)"})
    result = analyze(frame, INSTRUMENT, by=["enhed"], config=AnalysisConfig(min_n=5))
    other = result.summary[result.summary["enhed"] == OTHER].iloc[0]
    row = next(r for r in tables(html)[spor_labels(INSTRUMENT)[other["spor"]]] if r[0] == OTHER)
    assert row[1] == str(int(other["n"])) and row[2] == f"{other['impl_mean']:.2f}".replace(".", ",")

    files = {kind: download(admin_client, round_a, kind, grupper="enhed") for kind in DOWNLOADS}
    assert {kind: r.status_code for kind, r in files.items()} == dict.fromkeys(DOWNLOADS, 200)
    summary = files["summary.csv"].content.decode()
    assert SMALL not in summary and "Skørping" not in summary and OTHER in summary
    sheets = read_xlsx(files["resultater.xlsx"].content)
    for name, rows in sheets.items():
        if name != "Kodebog":
            assert not any(SMALL in str(cell) or "Skørping" in str(cell) for row in rows for cell in row), name
    # in the report only the note that says which groups are merged names them
    report = pdf_html[-1]
    note = f"samlet i «{OTHER}»: {SMALL}, Skørping Skole."
    assert note in report and report.count(SMALL) == 1 and report.count("Skørping") == 1


@pytest.fixture
def thin_round(rebild):
    """A round where Børnehuset Mælkebøtten has 6 respondents, but only 4 answered the innovation spor."""
    round = make_round(rebild, name="Tynd", min_n=5)
    rng = np.random.default_rng(3)
    add_responses(round, unit_named(rebild, "dagtilbud", "Børnehuset Mælkebøtten"), "medarbejder", 4, rng,
                  comment="INNOV-SKJULT")
    add_responses(round, unit_named(rebild, "dagtilbud", "Børnehuset Mælkebøtten"), "medarbejder", 2, rng,
                  skip=("innov",))
    add_responses(round, unit_named(rebild, "dagtilbud", "Fælles Køkken"), "medarbejder", 10, rng, comment="fk")
    add_responses(round, unit_named(rebild, "skole", "Støvring Skole"), "medarbejder", 10, rng, comment="st")
    return round


def test_group_below_k_in_a_spor_shows_no_values_points_or_comments(admin_client, thin_round, pdf_html):
    response = page(admin_client, thin_round, grupper="enhed")
    html = response.content.decode()
    innov = spor_labels(INSTRUMENT)["innov"]
    row = next(r for r in tables(html)[innov] if r[0] == "Børnehuset Mælkebøtten")
    assert row[1:] == ["for få besvarelser (færre end 5)"]
    regler = next(r for r in tables(html)[spor_labels(INSTRUMENT)["regler"]] if r[0] == "Børnehuset Mælkebøtten")
    assert regler[1] == "6"                      # the other spor have 6 answers and are shown
    scatter = next(f for f in response.context["figures"].scatters if innov.lower() in f.title.lower())
    assert "Børnehuset Mælkebøtten: for få besvarelser" in scatter.alt
    assert "INNOV-SKJULT om innov" not in html
    assert "INNOV-SKJULT om regler" in html      # shown where the group has enough answers

    summary = list(csv.DictReader(io.StringIO(download(admin_client, thin_round, "summary.csv",
                                                       grupper="enhed").content.decode())))
    hidden = next(r for r in summary if r["enhed"] == "Børnehuset Mælkebøtten" and r["spor"] == "innov")
    assert hidden["suppressed"] == "true" and hidden["impl_mean"] == "" and hidden["n"] == ""
    sheets = read_xlsx(download(admin_client, thin_round, "resultater.xlsx", grupper="enhed").content)
    assert not any("INNOV-SKJULT om innov" in str(c) for r in sheets["Kommentarer"] for c in r)
    respondents = [r for r in sheets["Respondenter"][1:] if r[1] == "Børnehuset Mælkebøtten" and r[2] == innov]
    assert len(respondents) == 6 and all(r[3] is None and r[4] is None for r in respondents)
    download(admin_client, thin_round, "rapport.pdf", grupper="enhed")
    assert "INNOV-SKJULT om innov" not in pdf_html[-1]


# -- filtered subsets below k -------------------------------------------------------------------


def test_filtering_to_a_unit_below_k_shows_only_too_few_answers(admin_client, round_a):
    small = Unit.objects.get(area__municipality=round_a.municipality, area__name="skole", name="Fælles Køkken")
    response = page(admin_client, round_a, enhed=small.pk, grupper="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "For få besvarelser" in html and "færre end 5" in html
    assert "/figur/" not in html and SECRET not in html and "Nøgletal" not in html
    assert "/hent/" not in html
    for kind in (*DOWNLOADS, "besvarelser.sav", "besvarelser.csv"):
        refused = download(admin_client, round_a, kind, enhed=small.pk, grupper="")
        assert refused.status_code == 403 and "Content-Disposition" not in refused


def test_filters_that_leave_few_leaders_are_refused(admin_client, round_a):
    # dagtilbud has 2 leaders: the filter "leder" in dagtilbud is below k …
    refused = page(admin_client, round_a, omraade="dagtilbud", gruppe="leder", grupper="").content.decode()
    assert "For få besvarelser" in refused and "/figur/" not in refused
    # … and so is "medarbejder" in dagtilbud: dagtilbud minus it would be those 2 leaders.
    response = page(admin_client, round_a, omraade="dagtilbud", gruppe="medarbejder", grupper="")
    assert response.context["prepared"].decision.reason == "difference"
    assert "afsløre en gruppe med færre end 5 besvarelser" in response.content.decode()
    assert download(admin_client, round_a, "summary.csv", omraade="dagtilbud", gruppe="medarbejder",
                    grupper="").status_code == 403


def test_all_minus_the_other_units_is_blocked(admin_client, round_a):
    """skole = Skørping (11) + Støvring (12) + Fælles Køkken (3): only one of the big ones may be shown."""
    skorping = unit_named(round_a.municipality, "skole", "Skørping Skole")
    stovring = unit_named(round_a.municipality, "skole", "Støvring Skole")
    assert page(admin_client, round_a, enhed=skorping.pk, grupper="").context["prepared"].decision.reason \
        == "difference"
    shown = page(admin_client, round_a, enhed=stovring.pk, grupper="")
    assert shown.context["prepared"].allowed and shown.context["result"].n_respondents == 12


def test_a_new_wave_with_few_answers_is_not_combined(admin_client, round_a):
    from frisat.web.rounds import services

    later = services.next_wave(round_a, name="Ny", opens_at=round_a.opens_at, closes_at=round_a.closes_at, wave="2")
    add_responses(later, unit_named(round_a.municipality, "skole", "Støvring Skole"), "leder", 2,
                  np.random.default_rng(1))
    both = admin_client.get(reverse("results:detail", args=[round_a.pk]),
                            {"boelge": [round_a.pk, later.pk], "grupper": ""})
    assert both.context["prepared"].decision.reason == "wave"
    alone = admin_client.get(reverse("results:detail", args=[later.pk]))
    assert alone.context["prepared"].decision.reason == "subset" and "/figur/" not in alone.content.decode()


def test_round_without_answers_says_too_few(admin_client, rebild):
    round = make_round(rebild, name="Tom")
    html = admin_client.get(reverse("results:detail", args=[round.pk])).content.decode()
    assert "For få besvarelser" in html


def test_unit_names_shared_by_two_areas_are_told_apart(admin_client, round_a):
    assert Area.objects.filter(units__name="Fælles Køkken").count() == 2
    html = page(admin_client, round_a, omraade="dagtilbud", grupper="enhed").content.decode()
    groups = [r[0] for r in tables(html)["Antal besvarelser pr. gruppe"][1:]]
    assert groups == ["Børnehuset Mælkebøtten", "Fælles Køkken (dagtilbud)"]
