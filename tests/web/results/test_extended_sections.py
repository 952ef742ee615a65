"""The extended sections of the results page (issue 4 item 8): present when they apply, absent
otherwise, and their numbers equal an independent computation from the same responses."""

from __future__ import annotations

import numpy as np
import pytest
from django.urls import reverse
from scipy import stats

from frisat.reporting.labels import spor_labels
from frisat.web.organisations.models import Area, Unit
from frisat.web.rounds.models import Response
from tests.web.helpers import make_round

from .extended_helpers import (
    fmt,
    fmt_interval,
    frame_of,
    index,
    pearson,
    row,
    second_wave,
    section_html,
    sections,
    t_interval,
    toc,
    url,
    welch,
)
from .helpers import INSTRUMENT, LAYOUT, add_responses, answers, tables, text_of, unit_named

pytestmark = pytest.mark.django_db
SPOR = spor_labels(INSTRUMENT)


def test_one_wave_two_groups_shows_the_sections_that_apply(analyst_client, round_a):
    response = analyst_client.get(url(round_a))
    html = response.content.decode()
    assert sections(html) == ["usikkerhed", "afledt-vigtighed", "relativ-vigtighed", "grupper", "opfoelgning"]
    # the table of contents links every section on the page, in order
    assert toc(html) == ["noegletal", "hent", "antal", "figurer", "tabeller", "usikkerhed", "afledt-vigtighed",
                         "relativ-vigtighed", "grupper", "kommentarer", "opfoelgning"]
    for anchor in toc(html):
        assert f'id="{anchor}"' in html
    # each section explains itself in plain Danish
    assert "konfidensinterval" in text_of(section_html(html, "usikkerhed"))
    assert "hænger sammen med den samlede vurdering" in text_of(section_html(html, "afledt-vigtighed"))
    assert "eget gennemsnit" in text_of(section_html(html, "relativ-vigtighed"))
    assert "grundlag for at vælge cases til interview" in text_of(section_html(html, "opfoelgning"))
    # the figures of the sections are drawn (with alt text), numbered after the page's other figures
    figures = [f for s in response.context["sections"] for f in s.data["figures"]]
    assert [f.slug.split("_", 2)[2] for f in figures] == ["afledt_vigtighed", "relativ_vigtighed",
                                                             "gruppeforskelle"]
    first = response.context["figures"].count + 1
    assert [f.number for f in figures] == list(range(first, first + 3))
    for figure in figures:
        assert figure.alt and figure.src.replace("&", "&amp;") in html


def test_uncertainty_section_has_t_intervals_and_marks_uncertain_placements(analyst_client, round_a):
    html = analyst_client.get(url(round_a)).content.decode()
    frame = frame_of([round_a])
    for area, label in (("skole", "Skole"), ("dagtilbud", "Dagtilbud")):
        part = frame[frame["omraade"] == area]
        for spor in ("regler", "innov"):
            cells = row(tables(html)[f"Konfidensintervaller – {SPOR[spor]}"], label)
            impl, vigt = index(part, spor, "impl"), index(part, spor, "vigt")
            assert cells[2] == fmt(impl.mean()) and cells[3] == fmt_interval(*t_interval(impl))
            assert cells[4] == fmt(vigt.mean()) and cells[5] == fmt_interval(*t_interval(vigt))
            crosses = any(low < 5.5 <= high for low, high in (t_interval(impl), t_interval(vigt)))
            assert cells[7].startswith("Placeringen er usikker") == crosses
            assert (cells[7] == "sikker") == (not crosses)
    # random answers around 5.5: some placement is uncertain, and the main table says so too
    assert "usikre placeringer" in html or "usikker placering:" in html
    assert '<a href="#usikkerhed">usikker placering</a>' in html


def test_groups_side_by_side_equal_welch_on_the_whole_subset(analyst_client, round_a):
    html = analyst_client.get(url(round_a)).content.decode()
    table = tables(html)["Forskelle mellem respondentgrupper"]
    frame = frame_of([round_a])
    leaders, employees = frame["gruppe"] == "leder", frame["gruppe"] == "medarbejder"
    for spor in ("regler", "dok"):
        for dim, dim_label in (("impl", "Implementering"), ("vigt", "Vigtighed")):
            values = index(frame, spor, dim)
            expected = welch(values[leaders], values[employees])
            cells = row(table, SPOR[spor], dim_label, "leder mod medarbejder")
            assert cells[3:8] == [str(expected["n_group"]), fmt(expected["mean_group"]),
                                  str(expected["n_reference"]), fmt(expected["mean_reference"]),
                                  fmt(expected["difference"])]
            assert cells[8] == fmt_interval(expected["low"], expected["high"])
            assert cells[9] == ("ja" if expected["low"] > 0 or expected["high"] < 0 else "nej")
            assert cells[10] == fmt(expected["p"], 3)
    assert expected["n_group"] == 7           # every leader of the round, whatever the grouping


def test_derived_importance_is_the_correlation_with_the_overall_item(analyst_client, round_a):
    html = analyst_client.get(url(round_a)).content.decode()
    table = tables(html)[f"Udtalt og afledt vigtighed – {SPOR['regler']}"]
    frame = frame_of([round_a])
    part = frame[frame["omraade"] == "skole"]
    impl = part[[f"regler_impl_{x}" for x in "abcd"]].astype(float).dropna()
    for item in "abc":
        cells = row(table, "Skole", item)
        assert cells[2] == "26"
        assert cells[3] == fmt(part[f"regler_vigt_{item}"].astype(float).mean())
        assert cells[5] == fmt(pearson(impl[f"regler_impl_{item}"].to_numpy(), impl["regler_impl_d"].to_numpy()))
    # standardised weights: least squares on z-scores (numpy), R² from the same fit
    z = (impl - impl.mean()) / impl.std(ddof=1)
    design = z[[f"regler_impl_{x}" for x in "abc"]].to_numpy()
    beta, *_ = np.linalg.lstsq(design, z["regler_impl_d"].to_numpy(), rcond=None)
    fitted = design @ beta
    r_squared = 1 - ((z["regler_impl_d"] - fitted) ** 2).sum() / (z["regler_impl_d"] ** 2).sum()
    for item, weight in zip("abc", beta, strict=True):
        cells = row(table, "Skole", item)
        assert cells[6] == fmt(weight) and cells[7] == fmt(r_squared)


def test_relative_importance_centres_each_respondents_answers(analyst_client, round_a):
    html = analyst_client.get(url(round_a), {"boelge": round_a.pk, "grupper": ""}).content.decode()
    frame = frame_of([round_a])
    vigt = frame[[f"{s}_vigt_{x}" for s in ("regler", "maal", "dok", "tillid", "innov") for x in "abcd"]]
    vigt = vigt.astype(float)
    own = vigt.mean(axis=1)
    table = tables(html)["Relativ vigtighed af sporene"]
    scores = {}
    for spor in ("regler", "maal", "dok", "tillid", "innov"):
        centred = vigt[[f"{spor}_vigt_{x}" for x in "abcd"]].sub(own, axis=0).mean(axis=1)
        scores[spor] = centred.mean()
        cells = row(table, SPOR[spor])
        assert cells[1] == "44" and cells[3] == fmt(centred.mean())
        assert cells[4] == fmt_interval(*t_interval(centred))
    for spor, score in scores.items():   # rank 1 = most important (a tie may fall either way in floats)
        best = 1 + sum(other > score + 1e-9 for other in scores.values())
        worst = sum(other > score - 1e-9 for other in scores.values())
        assert best <= int(row(table, SPOR[spor])[5]) <= worst


def test_waves_section_with_two_waves_has_changes_arrows_and_trend(analyst_client, round_a):
    second = second_wave(round_a)
    # one wave selected: a pointer to select both, with a link that does
    first_only = analyst_client.get(url(second)).content.decode()
    assert "boelger" in sections(first_only)
    waves = section_html(first_only, "boelger")
    assert "Vælg mindst to bølger" in waves
    link = waves.split('href="?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert f"boelge={round_a.pk}" in link and f"boelge={second.pk}" in link and "grupper=omraade" in link
    assert "Ændring fra bølge til bølge" not in tables(first_only)

    new_unit = Unit.objects.create(area=Area.objects.get(municipality=round_a.municipality, name="dagtilbud"),
                                    name="Ny Børnehave")
    for wave, seed in ((round_a, 11), (second, 12)):
        add_responses(wave, new_unit, "medarbejder", 8, np.random.default_rng(seed), comment="ny")
    response = analyst_client.get(url(second), {"boelge": [round_a.pk, second.pk], "grupper": "omraade"})
    html = response.content.decode()
    assert sections(html) == ["usikkerhed", "afledt-vigtighed", "relativ-vigtighed", "grupper", "boelger",
                              "opfoelgning"]
    table = tables(html)["Ændring fra bølge til bølge"]
    frame = frame_of([round_a, second])
    for area, label in (("skole", "Skole"), ("dagtilbud", "Dagtilbud")):
        for spor in ("regler", "tillid"):
            values = index(frame, spor, "impl")
            old = values[(frame["omraade"] == area) & (frame["maaling"] == "1")]
            new = values[(frame["omraade"] == area) & (frame["maaling"] == "2")]
            expected = welch(new, old)
            cells = row(table, label, SPOR[spor], "Implementering", "1 → 2")
            assert cells[4:9] == [str(len(old)), fmt(old.mean()), str(len(new)), fmt(new.mean()),
                                  fmt(expected["difference"])]
            assert cells[9] == fmt_interval(expected["low"], expected["high"])
    # paired by unit: only units that may be shown on their own in each wave, each weighing the
    # same. Skørping Skole (11 answers a wave) may not: skole minus Støvring minus Skørping would be
    # Fælles Køkken's 3; so Støvring Skole is skole's one paired unit (no interval from one unit).
    values = index(frame, "regler", "vigt")

    def unit_change(area: str, name: str) -> float:
        rows = (frame["omraade"] == area) & (frame["enhed"] == name)
        return values[rows & (frame["maaling"] == "2")].mean() - values[rows & (frame["maaling"] == "1")].mean()

    cells = row(table, "Skole", SPOR["regler"], "Vigtighed", "1 → 2")
    assert cells[11] == "1" and cells[12] == fmt(unit_change("skole", "Støvring Skole")) and cells[13] == ""
    # dagtilbud (with the new unit): no combination of its three units' cells isolates anybody
    # (Fælles Køkken's 6 a wave are one group of employees), so all three pair: t interval over 3 units
    names = ("Børnehuset Mælkebøtten", "Fælles Køkken", "Ny Børnehave")
    differences = [unit_change("dagtilbud", name) for name in names]
    cells = row(table, "Dagtilbud", SPOR["regler"], "Vigtighed", "1 → 2")
    half = stats.t.ppf(0.975, 2) * np.std(differences, ddof=1) / np.sqrt(3)
    assert cells[11] == "3" and cells[12] == fmt(np.mean(differences))
    assert cells[13] == fmt_interval(np.mean(differences) - half, np.mean(differences) + half)
    figures = {f.slug.split("_", 2)[2]: f for s in response.context["sections"] for f in s.data["figures"]}
    assert {"pile", "udvikling"} <= set(figures)
    assert "1" in figures["udvikling"].alt and "2" in figures["udvikling"].alt
    assert figures["pile"].src.replace("&", "&amp;") in section_html(html, "boelger")


def test_points_section_when_the_instrument_asks_for_points(analyst_client, rebild):
    round = make_round(rebild, name="Med point", instrument_id="vive-frisaettelse-point")
    rng = np.random.default_rng(4)
    allocations = [(40, 30, 10, 10, 10), (20, 20, 20, 20, 20), (0, 50, 25, 25, 0), (10, 10, 60, 10, 10)]
    spor = ("regler", "maal", "dok", "tillid", "innov")
    responses = []
    for i, (area, unit, group, n) in enumerate(LAYOUT):
        for j in range(n):
            points = dict(zip((f"{s}_point" for s in spor), allocations[(i + j) % 4], strict=True))
            responses.append(Response(round=round, unit=unit_named(rebild, area, unit), group=group,
                                      answers={**answers(rng), **points}))
    Response.objects.bulk_create(responses)
    response = analyst_client.get(url(round), {"boelge": round.pk, "grupper": ""})
    html = response.content.decode()
    assert "point" in sections(html)
    figure = next(s for s in response.context["sections"] if s.slug == "point").data["figures"]
    assert len(figure) == 1 and figure[0].src.replace("&", "&amp;") in section_html(html, "point") and figure[0].alt
    assert "fordelt 100 point" in text_of(section_html(html, "point"))
    frame = frame_of([round])
    table = tables(html)["Gennemsnitlige point pr. spor"]
    means = {s: frame[f"{s}_point"].astype(float).mean() for s in spor}
    for s in spor:
        cells = row(table, SPOR[s])
        assert cells[1] == "44" and cells[2] == fmt(means[s], 1)
        assert cells[3] == fmt_interval(*t_interval(frame[f"{s}_point"].astype(float)), 1)
    assert "points.csv" in html
    # the instrument without the question has no points section
    plain = make_round(rebild, name="Uden point")
    Response.objects.bulk_create([Response(round=plain, unit=unit_named(rebild, "skole", "Støvring Skole"),
                                           group="medarbejder", answers=answers(rng)) for _ in range(6)])
    assert "point" not in sections(analyst_client.get(url(plain), {"boelge": plain.pk, "grupper": ""})
                                   .content.decode())


def test_design_section_for_a_split_round(analyst_client, rebild):
    round = make_round(rebild, name="Delt", design="halvdel")
    rng = np.random.default_rng(6)
    responses = []
    for i, (area, unit, group, n) in enumerate(LAYOUT):
        for j in range(n):
            full = answers(rng, comment=f"delt-{i}")
            dim = ("impl", "vigt")[(i + j) % 2]
            kept = {k: v for k, v in full.items() if f"_{dim}_" in k or k.endswith("_kommentar")}
            responses.append(Response(round=round, unit=unit_named(rebild, area, unit), group=group,
                                      answers=kept))
    Response.objects.bulk_create(responses)
    html = analyst_client.get(url(round), {"boelge": round.pk, "grupper": ""}).content.decode()
    assert "design" in sections(html)
    part = text_of(section_html(html, "design"))
    frame = frame_of([round])
    n_impl = int(frame[[f"regler_impl_{x}" for x in "abcd"]].notna().any(axis=1).sum())
    n_vigt = int(frame[[f"regler_vigt_{x}" for x in "abcd"]].notna().any(axis=1).sum())
    assert n_impl + n_vigt == 44
    assert f"Svar på implementering {n_impl}" in part and f"Svar på vigtighed {n_vigt}" in part
    assert "Tilfældig halvdel" in part
    by_group = tables(html)["Besvarelser pr. dimension og respondentgruppe"]
    employees = frame["gruppe"] == "medarbejder"
    impl_only = frame[[f"regler_impl_{x}" for x in "abcd"]].notna().any(axis=1)
    assert row(by_group, "medarbejder")[1:4] == [str(int(employees.sum())), str(int((impl_only & employees).sum())),
                                                 str(int((~impl_only & employees).sum()))]
    # nobody has a quadrant of his own: every shown comment stands under its group's quadrant
    counts = tables(html)["Kommentarer pr. spor og kvadrant"]
    assert counts[0][-1] == "Uden placering" and all(r[-1] == "0" for r in counts[1:])
    assert sum(int(c) for r in counts[1:] for c in r[1:]) > 0
    comments = html[html.index('id="kommentarer"'):]
    assert "Alle placeret efter gruppens placering." in comments and "Heraf" not in comments
    # a round where everybody answers both dimensions has no design section
    assert "design" not in sections(analyst_client.get(url(make_round(rebild, name="Alm"))).content.decode())


def test_group_filter_leaves_one_group_and_no_comparison(analyst_client, round_a):
    html = analyst_client.get(url(round_a), {"boelge": round_a.pk, "gruppe": "medarbejder",
                                             "grupper": "omraade"}).content.decode()
    assert "grupper" not in sections(html) and "usikkerhed" in sections(html)
    assert "group_differences.csv" not in html


def test_extended_section_names_are_links_in_the_downloads(analyst_client, round_a):
    html = analyst_client.get(url(round_a)).content.decode()
    for name in ("derived_importance", "relative_importance", "group_differences", "followup"):
        assert reverse("results:download", args=[round_a.pk, f"{name}.csv"]) in html
    for name in ("points", "changes", "trend"):
        assert reverse("results:download", args=[round_a.pk, f"{name}.csv"]) not in html


def test_extended_figures_are_reused_when_the_view_is_shown_again(analyst_client, round_a, monkeypatch):
    from frisat.web.results import extended_figures

    first = analyst_client.get(url(round_a))
    drawn = []
    original = extended_figures.draw_extended
    monkeypatch.setattr(extended_figures, "draw_extended", lambda *a, **k: drawn.append(1) or original(*a, **k))
    again = analyst_client.get(url(round_a))
    assert drawn == []

    def sources(response):
        return [f.src for s in response.context["sections"] for f in s.data["figures"]]

    assert sources(again) == sources(first) and sources(first)
    # another view draws its own
    analyst_client.get(url(round_a), {"boelge": round_a.pk, "grupper": "gruppe"})
    assert drawn == [1]
