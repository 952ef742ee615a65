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
