"""The main analysis' view models: counts, summary tables, key figures, quadrant overview, comments."""

from __future__ import annotations

import pytest

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.core.followup import shown_comments
from frisat.core.instrument import get_instrument
from frisat.demo import generate_responses
from frisat.reporting.language import for_code, use
from frisat.reporting.views import summary


@pytest.fixture(scope="module")
def analysis():
    instrument = get_instrument()
    frame = generate_responses(instrument, respondents=120, seed=5)
    # one area too small to show
    frame.loc[frame.index[:3], "omraade"] = "lille"
    return analyze(frame, instrument, by=["omraade"], config=AnalysisConfig(min_n=5))


def test_count_rows_hide_small_groups_and_name_the_rest(analysis):
    rows = {tuple(r.groups): r for r in summary.count_rows(analysis)}
    assert rows[("lille",)].suppressed and rows[("lille",)].n is None
    shown = [r for r in rows.values() if not r.suppressed]
    assert shown and all(r.n and int(r.n.replace(".", "")) >= 5 for r in shown)
    assert ("Skole",) in rows or ("Dagtilbud",) in rows  # area codes get their display names


def test_summary_rows_for_the_report_and_the_page(analysis):
    tables = summary.summary_tables(analysis)
    assert [t.spor for t in tables] == list(analysis.spor)
    row = next(r for r in tables[0].rows if not r.suppressed)
    # the page leaves out the intervals; the report has them after each mean
    assert len(row.values) == 9 and len(row.values_with_intervals) == 11
    assert row.values_with_intervals[0] == row.values[0] and "–" in row.values_with_intervals[1]
    assert row.values[-1] == row.gap and row.quadrant
    assert row.uncertain == bool(row.uncertain_text)
    hidden = next(r for r in tables[0].rows if r.groups == ["lille"])
    assert hidden.suppressed and hidden.values == [""] and hidden.impl is None


def test_key_figures_and_quadrant_overview(analysis):
    key = summary.key_figures(analysis)
    assert key.n_groups_hidden == 1 and key.k == 5
    assert int(key.n_groups) == int(key.n_groups_shown) + 1
    overview = summary.quadrant_overview(analysis)
    assert len(overview) == 4
    shown = int((~analysis.summary["suppressed"] & analysis.summary["quadrant_absolute"].notna()).sum())
    assert sum(q.count for q in overview) == shown
    assert all(len(q.names) + q.more == q.count for q in overview)


def test_comment_sections_spread_and_count(analysis):
    comments = shown_comments(analysis)
    sections = summary.comment_sections(analysis, comments, limit=2)
    assert [s.spor for s in sections] == list(analysis.spor)
    for section in sections:
        assert section.count == int((comments["spor"] == section.spor).sum())
        for block in section.quadrants:
            assert len(block.items) <= 2 and block.count == len(block.items) + block.more_count
            assert block.more == (str(block.more_count) if block.more_count else "")
    by_area = summary.comment_sections(analysis, comments, limit=2, area="omraade",
                                       area_keys=sorted(comments["omraade"].astype(str).unique()))
    assert all(a.title for s in by_area for a in s.areas)
    assert sum(s.count for s in by_area) == sum(s.count for s in sections)


def test_spread_keeps_first_and_last():
    assert summary.spread(3, 5) == [0, 1, 2]
    assert summary.spread(100, 3) == [0, 50, 99]


def test_labels_follow_the_language(analysis):
    with use(for_code("en")):
        rows = summary.count_rows(analysis)
        overview = summary.quadrant_overview(analysis)
    assert any(r.groups == ["School"] or r.groups == ["Day care"] for r in rows)
    assert "(most important focus area)" in overview[0].label
