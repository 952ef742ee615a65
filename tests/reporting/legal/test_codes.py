"""Wording of the legal-quality analysis: every note code has a sentence, quotes are the seed's words."""

from __future__ import annotations

import pandas as pd
import pytest

from frisat.core.legal.rates import compute_rates
from frisat.core.legal.schema import ALL_AREAS, LEGAL_NOTE_CODES, LegalNote
from frisat.reporting.language import for_code, use
from frisat.reporting.legal import codes, files, report
from tests.core.legal.helpers import random_table
from tests.seeds import normalise, seed_text

PARAMS = {"few_cases": {"limit": 20, "count": 3}, "few_cases_excluded": {"limit": 20, "count": 3},
          "incomplete_years": {"years": [2013]}}


@pytest.mark.parametrize("code", LEGAL_NOTE_CODES)
def test_every_note_code_has_a_danish_and_an_english_sentence(code):
    note = LegalNote(code, PARAMS.get(code, {}))
    danish = codes.note_text(note)
    with use(for_code("en")):
        english = codes.note_text(note)
    assert danish and english and danish != english


def test_quotes_are_word_for_word_from_seed_003():
    seed = seed_text("003")
    for quote in (codes.APPEALS_ONLY_QUOTE, codes.SHIFTED_QUOTE, codes.FEW_CASES_QUOTE, codes.DEFINITION_QUOTE):
        assert normalise(quote) in seed, quote
    for words in ("CARINA SAXLUND BISCHOFF", "BJARKE LUND-SØRENSEN", "ØKONOMI & POLITIK #1/2025",
                  "Sammenhæng mellem budgetoverholdelse og fejl i kommunernes sagsbehandling?"):
        assert words in seed


def test_rates_frame_shows_names_and_the_report_carries_the_caveat():
    result = compute_rates(random_table(5, kommuner=4))
    frame = files.rates_frame(result.rates, "ab" * 32, kommune="K1")
    assert set(frame["kommune"]) == {"K1"} and "Alle lovområder" in set(frame["lovomraade"])
    assert ALL_AREAS not in set(frame["lovomraade"])
    meta = {"file_name": "x.csv", "sha256": "ab" * 32, "imported_at": "2025-01-01T00:00:00+00:00",
            "source": "test", "rows": "1"}
    ctx, figures, trend = report.analysis_context(result, meta, "K1", ALL_AREAS, ["K2", "K3"])
    html = report.render_html(ctx)
    assert codes.APPEALS_ONLY_QUOTE in html and "x.csv" in html and "abababab" in html
    assert len(figures) == 3 and isinstance(trend, pd.DataFrame)
    agenda = report.render_html(report.agenda_context(result, meta, "K1", ["K2"]))
    assert "Kun påklagede afgørelser" in agenda and "Beslutning, handleplan" in agenda


META = {"file_name": "x.csv", "sha256": "ab" * 32, "imported_at": "2025-01-01T00:00:00+00:00", "source": "test",
        "rows": "1"}


def test_english_report_keeps_the_seed_quote_in_danish_with_a_gloss():
    result = compute_rates(random_table(5, kommuner=4))
    with use(for_code("en")):
        ctx, _figures, trend = report.analysis_context(result, META, "K1", ALL_AREAS, ["K2"])
        html = report.render_html(ctx)
        agenda = report.render_html(report.agenda_context(result, META, "K1", ["K2"]))
        english_labels = {p: codes.funnel_label(p) for p in ("under", "inden", "over")}
        meaning = codes.funnel_meaning("over")
        share = codes.percent(0.305)
    assert '<html lang="en">' in html and '<html lang="en">' in agenda
    assert english_labels == {"under": "below the funnel", "inden": "inside the funnel", "over": "above the funnel"}
    assert meaning.startswith("higher than the national level") and share == "30.5%"
    assert codes.percent(0.305) == "30,5 %" and codes.funnel_label("over") == "over tragten"  # Danish outside
    for page in (html, agenda):
        assert codes.APPEALS_ONLY_QUOTE in page  # the seed's words, untranslated
        assert "in English: The percentages only cover the cases that citizens appeal." in page
        assert "Kun påklagede afgørelser" not in page
    assert "Funnel plot" in html and "Trend, all law areas" in html and "Tragtplot" not in html
    own = trend[(trend["lovomraade"] == ALL_AREAS) & (trend["aar"] == trend["aar"].max())].iloc[0]
    assert f"K1 lies {english_labels[own['funnel_position']]}" in html
    danish = report.render_html(report.analysis_context(result, META, "K1", ALL_AREAS, ["K2"])[0])
    assert '<html lang="da">' in danish and "in English" not in danish and "Tragtplot" in danish


def test_rates_frame_is_danish_in_every_language():
    result = compute_rates(random_table(5, kommuner=3))
    danish = files.rates_frame(result.rates, "ab" * 32)
    with use(for_code("en")):
        english = files.rates_frame(result.rates, "ab" * 32)
    pd.testing.assert_frame_equal(danish, english)
    assert "Alle lovområder" in set(english["lovomraade"])
