"""The extended tables' view models (the results page's sections; the report shares their sentences)."""

from __future__ import annotations

import pytest

from frisat.core.analysis import analyze
from frisat.core.extended import ExtendedConfig, extended_analysis
from frisat.core.instrument import get_instrument
from frisat.demo import generate_responses
from frisat.reporting import codes
from frisat.reporting.language import for_code, use
from frisat.reporting.views import extended as views


@pytest.fixture(scope="module")
def results():
    instrument = get_instrument()
    frame = generate_responses(instrument, respondents=200, seed=6)
    analysis = analyze(frame, instrument, by=["omraade"])
    extended = extended_analysis(frame, instrument, analysis, ExtendedConfig(),
                                 only=("derived_importance", "relative_importance", "followup"))
    return analysis, extended


def test_uncertainty_table_per_spor(results):
    analysis, _ = results
    view = views.uncertainty(analysis)
    assert [t.id for t in view.tables] == [f"usikkerhed-{s}" for s in analysis.spor]
    assert view.tables[0].key_headers == ["Område"] and view.level == "95 %"
    placements = {r.cells[-1].text for t in view.tables for r in t.rows if not r.suppressed}
    assert placements <= {"sikker", "kan ikke vurderes"} | {p for p in placements if "usikker" in p}
    assert len(view.uncertain) == sum("usikker" in p for t in view.tables for r in t.rows if not r.suppressed
                                      for p in [r.cells[-1].text])


def test_derived_tables_and_sentences(results):
    analysis, extended = results
    view = views.derived(analysis, extended, column_label=str.upper)
    assert view is not None and view.tables[0].key_headers == ["OMRAADE", "Indikator"]
    table = extended.derived_importance
    flagged = table["agreement"].isin(["underrated", "overlooked"]) & ~table["suppressed"].astype(bool)
    assert len(view.sentences) + view.more == int(flagged.sum())
    assert all(s.group for s in view.sentences)


def test_relative_and_followup(results):
    analysis, extended = results
    spor_table, items_table = views.relative(analysis, extended)
    assert {r.keys[1] for r in spor_table.rows} <= set(views.labels.spor_labels(analysis.instrument).values())
    assert all(len(r.keys) == 3 for r in items_table.rows)
    units = views.followup_units(analysis, extended)
    if extended.followup is not None and not extended.followup.empty:
        assert len(units.rows) == len(extended.followup)
        written = codes.written_table("followup", extended.followup, analysis.instrument,
                                      extended.config.followup_top)
        assert [r.cells[1].text for r in units.rows] == list(written["detail"])
    assert views.points(analysis, extended) is None  # not computed: no table


def test_headers_follow_the_language(results):
    analysis, extended = results
    with use(for_code("en")):
        table = views.relative(analysis, extended)[0]
    assert table.caption == "Relative importance of the tracks" or "importance" in table.caption.lower()
    assert "Vigtighed, gns." not in [h.text for h in table.headers]
