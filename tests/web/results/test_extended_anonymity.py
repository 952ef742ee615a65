"""The anonymity threshold k in every extended section: a group below k — or one that could be
derived by differencing — shows nothing, by name or by number, on the page or in the files."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from django.urls import reverse

from frisat.reporting.labels import spor_labels
from frisat.web.rounds import services
from frisat.web.rounds.models import Response
from tests.web.helpers import make_round

from .extended_helpers import (
    fmt,
    fmt_interval,
    frame_of,
    index,
    row,
    second_wave,
    section_html,
    sections,
    url,
    welch,
)
from .helpers import INSTRUMENT, LAYOUT, SECRET, add_responses, answers, fill_round, tables, unit_named

pytestmark = pytest.mark.django_db
SPOR = spor_labels(INSTRUMENT)
SMALL = "Fælles Køkken (skole)"
OTHER = "Øvrige (samlet)"
NEW_SECTIONS = ("usikkerhed", "afledt-vigtighed", "relativ-vigtighed", "point", "grupper", "boelger", "design",
                "opfoelgning")


def download(client, round, kind, **params):
    return client.get(reverse("results:download", args=[round.pk, kind]), params)


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def new_sections_html(html: str) -> str:
    return "".join(section_html(html, s) for s in sections(html) if s in NEW_SECTIONS)


def test_a_respondent_group_below_k_is_merged_in_the_comparison(admin_client, round_a):
    # two «forvaltning» answers: below k, and «leder» (7) is merged too, or all minus the
    # leaders minus the employees would be those two
    add_responses(round_a, unit_named(round_a.municipality, "skole", "Støvring Skole"), "forvaltning", 2,
                  np.random.default_rng(8), comment="FORVALTNING-HEMMELIG")
    html = admin_client.get(url(round_a)).content.decode()
    assert f"Grupper i udvalget: medarbejder, {OTHER}." in section_html(html, "grupper")
    table = tables(html)["Forskelle mellem respondentgrupper"]
    assert {r[2] for r in table[1:]} == {f"{OTHER} mod medarbejder"}
    assert not any("forvaltning" in cell or "leder" in cell for r in table for cell in r)
    frame = frame_of([round_a])
    merged = frame["gruppe"].isin(["leder", "forvaltning"])
    values = index(frame, "regler", "impl")
    expected = welch(values[merged], values[frame["gruppe"] == "medarbejder"])
    cells = row(table, SPOR["regler"], "Implementering", f"{OTHER} mod medarbejder")
    assert cells[3] == "9" and cells[7] == fmt(expected["difference"])
    assert cells[8] == fmt_interval(expected["low"], expected["high"])
    rows = csv_rows(download(admin_client, round_a, "group_differences.csv", boelge=round_a.pk, grupper="omraade"))
    assert {r["group"] for r in rows} == {OTHER} and {r["reference"] for r in rows} == {"medarbejder"}


def test_units_below_k_never_appear_in_the_new_sections_or_their_files(admin_client, round_a):
    params = {"boelge": round_a.pk, "grupper": "enhed"}
    response = admin_client.get(url(round_a), params)
    html = response.content.decode()
    assert response.context["prepared"].decision.merged == (SMALL, "Skørping Skole")  # a tuple: read only
    body = new_sections_html(html)
    assert {"usikkerhed", "afledt-vigtighed", "relativ-vigtighed", "opfoelgning"} <= set(sections(html))
    assert SMALL not in body and "Skørping" not in body and OTHER in body and SECRET not in body
    for name in ("derived_importance", "relative_importance", "followup", "group_differences"):
        text = download(admin_client, round_a, f"{name}.csv", **params).content.decode("utf-8-sig")
        assert "Fælles Køkken" not in text.replace("Fælles Køkken (dagtilbud)", "") and "Skørping" not in text, name
    for section in response.context["sections"] + response.context["end_sections"]:
        for figure in section.data["figures"]:
            assert SMALL not in figure.alt and "Skørping" not in figure.alt


def test_a_unit_that_may_not_be_shown_in_one_wave_is_never_named_or_paired(admin_client, round_a):
    """Pooled over two waves Skørping Skole could be shown (22 answers), but not in a wave alone:
    the latest wave's units that stand out and the pairing by unit leave it out."""
    second = second_wave(round_a)
    params = {"boelge": [round_a.pk, second.pk], "grupper": "omraade"}
    html = admin_client.get(url(second), params).content.decode()
    followup = section_html(html, "opfoelgning")
    assert "Støvring Skole" in followup or "Børnehuset Mælkebøtten" in followup
    assert "Skørping" not in followup and SMALL not in followup
    rows = csv_rows(download(admin_client, second, "followup.csv", **params))
    assert rows and not any(r["enhed"] in ("Skørping Skole", SMALL) for r in rows)
    assert not any(r["enhed"] == "Fælles Køkken" and r.get("omraade") == "skole" for r in rows)
    changes = csv_rows(download(admin_client, second, "changes.csv", **params))
    skole = [r for r in changes if r["omraade"] == "skole"]
    assert skole and {r["paired_units"] for r in skole} == {"1"}      # Støvring Skole only


def test_a_subset_whose_difference_with_a_wave_reveals_a_small_group_is_refused(admin_client, rebild):
    first = make_round(rebild, name="To bølger", min_n=5)
    fill_round(first)
    later = services.next_wave(first, name="To bølger", opens_at=first.opens_at, closes_at=first.closes_at,
                               wave="2")
    rng = np.random.default_rng(2)
    add_responses(later, unit_named(rebild, "dagtilbud", "Børnehuset Mælkebøtten"), "medarbejder", 10, rng)
    add_responses(later, unit_named(rebild, "skole", "Støvring Skole"), "medarbejder", 3, rng, comment="TRE-I-SKOLE")
    # dagtilbud over both waves minus dagtilbud in wave 1 is dagtilbud in wave 2, and wave 2's total
    # minus that is skole's 3 answers: the pooled subset is refused (rules 1–3 used to show it)
    params = {"boelge": [first.pk, later.pk], "omraade": "dagtilbud", "grupper": ""}
    response = admin_client.get(url(later), params)
    html = response.content.decode()
    assert not response.context["prepared"].allowed and response.context["prepared"].decision.reason == "difference"
    assert "TRE-I-SKOLE" not in html
    for name in ("summary", "changes", "trend", "followup"):
        assert download(admin_client, later, f"{name}.csv", **params).status_code == 403


def test_wave_tables_are_refused_when_a_wave_alone_would_reveal_a_small_group(admin_client, rebild):
    first = make_round(rebild, name="To bølger", min_n=5)
    later = services.next_wave(first, name="To bølger", opens_at=first.opens_at, closes_at=first.closes_at,
                               wave="2")
    rng = np.random.default_rng(2)
    for wave, school in ((first, "Støvring Skole"), (later, "Skørping Skole")):
        add_responses(wave, unit_named(rebild, "dagtilbud", "Børnehuset Mælkebøtten"), "medarbejder", 10, rng)
        add_responses(wave, unit_named(rebild, "skole", school), "medarbejder", 3, rng, comment="TRE-I-SKOLE")
    # dagtilbud over both waves may be shown (all minus it is 6 answers from two schools — not the
    # same people), but in a wave «all minus dagtilbud» would be a school's 3 answers
    params = {"boelge": [first.pk, later.pk], "omraade": "dagtilbud", "grupper": ""}
    response = admin_client.get(url(later), params)
    html = response.content.decode()
    assert response.context["prepared"].allowed and response.context["prepared"].wave_frame is None
    assert "boelger" in sections(html)
    assert "I en af de valgte bølger kan udvalget ikke vises for sig" in section_html(html, "boelger")
    assert "opfoelgning" not in sections(html)  # one unit: no list of units that stand out
    assert "Ændring fra bølge til bølge" not in tables(html) and "Enheder, der skiller sig ud" not in tables(html)
    figures = [f.slug for s in response.context["sections"] for f in s.data["figures"]]
    assert not any(slug.endswith(("_pile", "_udvikling")) for slug in figures)
    for name in ("changes", "trend", "followup"):
        assert download(admin_client, later, f"{name}.csv", **params).status_code == 404
    assert "TRE-I-SKOLE" not in html


@pytest.fixture
def thin_round(rebild):
    """Børnehuset Mælkebøtten has 6 respondents, but only 4 answered the innovation spor."""
    round = make_round(rebild, name="Tynd", min_n=5)
    rng = np.random.default_rng(3)
    add_responses(round, unit_named(rebild, "dagtilbud", "Børnehuset Mælkebøtten"), "medarbejder", 4, rng)
    add_responses(round, unit_named(rebild, "dagtilbud", "Børnehuset Mælkebøtten"), "medarbejder", 2, rng,
                  skip=("innov",))
    add_responses(round, unit_named(rebild, "dagtilbud", "Fælles Køkken"), "medarbejder", 10, rng)
    add_responses(round, unit_named(rebild, "skole", "Støvring Skole"), "medarbejder", 14, rng)
    return round


def test_a_spor_below_k_in_a_group_is_suppressed_in_every_new_table(admin_client, thin_round):
    html = admin_client.get(url(thin_round), {"boelge": thin_round.pk, "grupper": "enhed"}).content.decode()
    hidden = "for få besvarelser (færre end 5)"
    name = "Børnehuset Mælkebøtten"
    assert row(tables(html)[f"Konfidensintervaller – {SPOR['innov']}"], name)[1:] == [hidden]
    assert row(tables(html)[f"Konfidensintervaller – {SPOR['regler']}"], name)[1] == "6"
    for item in "abc":
        assert row(tables(html)[f"Udtalt og afledt vigtighed – {SPOR['innov']}"], name, item)[2:] == [hidden]
    assert row(tables(html)["Relativ vigtighed af sporene"], name, SPOR["innov"])[2:] == [hidden]
    assert row(tables(html)["Relativ vigtighed af sporene"], name, SPOR["regler"])[2] == "6"
    rows = csv_rows(download(admin_client, thin_round, "derived_importance.csv", boelge=thin_round.pk,
                             grupper="enhed"))
    innov = [r for r in rows if r["enhed"] == name and r["spor"] == "innov"]
    assert len(innov) == 3 and all(r["suppressed"] == "true" and r["stated_mean"] == "" and r["beta"] == ""
                                   for r in innov)


def test_points_of_a_unit_below_k_are_merged(admin_client, rebild):
    round = make_round(rebild, name="Point", instrument_id="vive-frisaettelse-point")
    rng = np.random.default_rng(5)
    points = {"regler_point": 40, "maal_point": 20, "dok_point": 20, "tillid_point": 10, "innov_point": 10}
    Response.objects.bulk_create([
        Response(round=round, unit=unit_named(rebild, area, unit), group=group,
                 answers={**answers(rng), **points})
        for area, unit, group, n in LAYOUT for _ in range(n)])
    html = admin_client.get(url(round), {"boelge": round.pk, "grupper": "enhed"}).content.decode()
    table = tables(html)["Gennemsnitlige point pr. spor"]
    names = {r[0] for r in table[1:]}
    assert OTHER in names and SMALL not in names and "Skørping Skole" not in names
    assert row(table, OTHER, SPOR["regler"])[2:4] == ["14", "40,0"]


def test_split_design_counts_of_a_small_group_are_merged(admin_client, rebild):
    round = make_round(rebild, name="Delt", design="halvdel")
    rng = np.random.default_rng(9)
    responses = []
    layout = [*LAYOUT, ("skole", "Støvring Skole", "forvaltning", 2)]
    for i, (area, unit, group, n) in enumerate(layout):
        for j in range(n):
            dim = ("impl", "vigt")[(i + j) % 2]
            kept = {k: v for k, v in answers(rng).items() if f"_{dim}_" in k}
            responses.append(Response(round=round, unit=unit_named(rebild, area, unit), group=group,
                                      answers=kept))
    Response.objects.bulk_create(responses)
    html = admin_client.get(url(round), {"boelge": round.pk, "grupper": ""}).content.decode()
    design = section_html(html, "design")
    assert "forvaltning" not in design and "leder" not in design
    by_group = tables(html)["Besvarelser pr. dimension og respondentgruppe"]
    assert sorted(r[:2] for r in by_group[1:]) == [["medarbejder", "37"], [OTHER, "9"]]


def test_a_small_respondent_group_is_merged_in_the_tables_across_waves(admin_client, round_a):
    second = second_wave(round_a)
    for wave, seed in ((round_a, 21), (second, 22)):
        add_responses(wave, unit_named(round_a.municipality, "skole", "Støvring Skole"), "forvaltning", 2,
                      np.random.default_rng(seed))
    params = {"boelge": [round_a.pk, second.pk], "grupper": "gruppe"}
    html = admin_client.get(url(second), params).content.decode()
    table = tables(html)["Ændring fra bølge til bølge"]
    assert {r[0] for r in table[1:]} == {"medarbejder", OTHER}
    frame = frame_of([round_a, second])
    values = index(frame, "dok", "impl")
    merged = frame["gruppe"].isin(["leder", "forvaltning"])
    old, new = values[merged & (frame["maaling"] == "1")], values[merged & (frame["maaling"] == "2")]
    cells = row(table, OTHER, SPOR["dok"], "Implementering", "1 → 2")
    assert cells[4:9] == ["9", fmt(old.mean()), "9", fmt(new.mean()), fmt(new.mean() - old.mean())]
    trend = csv_rows(download(admin_client, second, "trend.csv", **params))
    assert {r["gruppe"] for r in trend} == {"medarbejder", OTHER}


def test_a_unit_is_not_named_when_its_area_may_not_be_shown(admin_client, rebild):
    """dagtilbud (12) may not be shown after skole (14): all − skole − dagtilbud would be aeldre's 3. Mælkebøtten (6)
    may, but the units that stand out are compared with their area's mean — so dagtilbud's units are
    never named."""
    from frisat.web.organisations.models import Area, Unit

    round = make_round(rebild, name="Tre områder", min_n=5)
    care = Unit.objects.create(area=Area.objects.create(municipality=rebild, name="aeldre"), name="Plejehjem")
    rng = np.random.default_rng(4)
    add_responses(round, unit_named(rebild, "skole", "Støvring Skole"), "medarbejder", 14, rng)
    add_responses(round, unit_named(rebild, "dagtilbud", "Børnehuset Mælkebøtten"), "medarbejder", 6, rng)
    add_responses(round, unit_named(rebild, "dagtilbud", "Fælles Køkken"), "medarbejder", 6, rng)
    add_responses(round, care, "medarbejder", 3, rng)
    params = {"boelge": round.pk, "grupper": ""}
    response = admin_client.get(url(round), params)
    assert response.context["prepared"].allowed
    assert not admin_client.get(url(round), {**params, "omraade": "dagtilbud"}).context["prepared"].allowed
    rows = csv_rows(download(admin_client, round, "followup.csv", **params))
    assert rows and {r["enhed"] for r in rows} == {"Støvring Skole"}
    followup = section_html(response.content.decode(), "opfoelgning")
    assert "Mælkebøtten" not in followup and "Fælles Køkken" not in followup
