"""frisat.reporting.codes: every code of the core has its Danish and English words; the core writes none."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.core.design import Design, detect_design
from frisat.core.extended import extended_analysis
from frisat.core.followup import followup
from frisat.core.instrument import get_instrument
from frisat.core.notes import NOTE_CODES, Note
from frisat.core.schema import empty_frame
from frisat.demo import generate_responses
from frisat.reporting import codes
from frisat.reporting.language import Language, for_code, use
from tests.core.test_design import _frame
from tests.core.test_followup import unit_frame

INST = get_instrument()
NAMES = {s.id: s.label for s in INST.spor}
CODE_COLUMNS = ("spor", "quadrant_absolute", "quadrant_relative", "placement", "group_quadrant", "placement_basis",
                "agreement", "reason", "dimension", "level", "indicator")
"""Columns of the core's tables that hold codes (never prose)."""


def english() -> Language:
    """Reporting's own English catalogue (no Django)."""
    return for_code("en")


@pytest.fixture(scope="module")
def two_waves():
    frame = generate_responses(INST, respondents=900, seed=4, waves=2)
    result = analyze(frame, INST, by=["omraade"], config=AnalysisConfig(min_n=3))
    return frame, result, extended_analysis(frame, INST, result)


def test_every_code_has_a_danish_and_an_english_label():
    families = codes.all_codes()
    assert set(codes.QUADRANT_LABELS) == set(codes.QUADRANT_ADVICE) == set(families["quadrant"])
    assert set(codes.AGREEMENT_VALUES) == set(families["agreement"])
    assert set(codes.REASON_VALUES) == set(codes.REASON_LABELS) == set(families["reason"])
    assert set(codes.NOTE_TEMPLATES) == set(families["note"]) == set(NOTE_CODES)
    assert {d.value for d in codes.DESIGN_LABELS} == set(families["design"])
    for family, values in families.items():
        assert all(v.isascii() and v for v in values), family
    danish = [*codes.QUADRANT_LABELS.values(), *codes.QUADRANT_ADVICE.values(), *codes.REASON_LABELS.values(),
              *codes.DESIGN_LABELS.values(), *(t for c, t in codes.NOTE_TEMPLATES.items() if c != "error")]
    language = english()
    untranslated = [text for text in danish if language.translate(text) == text]
    assert untranslated == []
    with use(language):
        assert all(codes.reason_label(r) != codes.REASON_LABELS[r] for r in families["reason"])


def test_core_results_hold_codes_not_prose(two_waves):
    _data, result, extended = two_waves
    tables = {"summary": result.summary, "respondents": result.respondents, "comments": result.comments,
              **extended.tables()}
    checked = 0
    for name, table in tables.items():
        for column in CODE_COLUMNS:
            if column in table.columns:
                values = pd.Series(table[column].dropna().astype(str).unique())
                assert values.map(str.isascii).all(), (name, column, values[~values.map(str.isascii)].tolist())
                checked += 1
    assert checked >= 10
    assert "detail" not in extended.followup.columns
    assert set(extended.followup["reason"]) == {"priority", "deviation", "largest_gap", "largest_change"}
    assert set(extended.derived_importance["agreement"].dropna()) <= {"agree", "underrated", "overlooked"}
    notes = [*result.notes, *extended.notes, *extended.not_applicable.values()]
    assert notes and all(isinstance(n, Note) and n.code.isascii() for n in notes)


def test_notes_in_danish_and_english():
    assert codes.note_text(Note("single_wave", {"column": "maaling", "wave": "1"})) == (
        "Ingen udvikling over tid: data har kun én måling («1») i kolonnen «maaling».")
    pooled = Note("waves_pooled", {"count": 2, "waves": ["1", "2"], "column": "maaling"})
    assert codes.note_text(pooled).startswith("Data indeholder 2 målinger (1, 2). Hovedtabellerne")
    assert codes.note_text(Note("error", {"message": "Noget gik galt."})) == "Noget gik galt."
    assert codes.note_text("En tekst fra siden.") == "En tekst fra siden."
    with use(english()):
        assert codes.note_text(Note("low_min_n", {"k": 3, "default": 5})) == (
            "The anonymity threshold is set to 3 (the default is 5): small groups can be recognised.")
        assert codes.note_text(pooled).startswith("The data contain 2 surveys (1, 2).")
        for code in NOTE_CODES:
            if code != "error":
                params = {"column": "c", "group": "g", "wave": "w", "k": 1, "default": 5, "count": 2, "waves": ["a"],
                          "measure": "m", "period": "p", "n": 3, "small_n": 20, "min_n": 5}
                assert codes.note_text(Note(code, params)) != codes.NOTE_TEMPLATES[code] % params
    with pytest.raises(ValueError):
        Note("ukendt")


def test_disagreement_sentences():
    text = INST.column("regler_impl_a").text
    row = {"suppressed": False, "agreement": "underrated", "beta": 0.25}
    sentence = codes.disagreement_sentence(row, "Færre regler", text)
    assert sentence.startswith("Respondenterne siger, at jeres arbejde med at fjerne unødige regler")
    assert "vigtigste i sporet «Færre regler»" in sentence and "hænger svagest sammen" in sentence
    assert sentence.endswith("(β = 0,25).")
    weak = codes.disagreement_sentence({**row, "beta": 0.05}, "Tillid", "X")
    assert "kun svagt" in weak and "0,05" in weak
    overlooked = codes.disagreement_sentence({**row, "agreement": "overlooked"}, "Færre regler", text)
    assert "mindst vigtige" in overlooked and "stærkest" in overlooked
    assert "passer" in codes.disagreement_sentence({**row, "agreement": "agree"}, "Færre regler", "Noget")
    assert "anonymitetsgrænsen" in codes.disagreement_sentence({"suppressed": True}, "Tillid", "x")
    missing = codes.disagreement_sentence({"suppressed": False, "agreement": None, "beta": np.nan}, "Tillid", "Noget")
    assert "kan ikke beregnes" in missing and "«Tillid»" in missing
    with use(english()):
        assert codes.disagreement_sentence(row, "Færre regler", "X").startswith("Respondents say that «X»")
        assert "(β = 0.25)" in codes.disagreement_sentence(row, "Færre regler", "X")


def test_followup_details_are_danish_sentences_with_the_rows_numbers():
    frame = unit_frame(2)
    result = analyze(frame, INST, by=["omraade", "enhed"], config=AnalysisConfig(min_n=1))
    table = followup(result, frame, INST, deviation=1.0)
    unit_by = ["omraade", "enhed"]
    for row in table.to_dict("records"):
        detail = codes.followup_detail(row, unit_by, NAMES[row["spor"]], 10)
        assert detail.startswith(f"Enhed «{row['enhed']}» (område «{row['omraade']}»)")
        assert detail.endswith(".") and f"«{NAMES[row['spor']]}»" in detail
        if row["reason"] == "priority":
            assert "«Vigtigste fokusområde»" in detail
        if row["reason"] == "deviation":
            assert f"i gennemsnit for området «{row['omraade']}»" in detail
            assert ("point over" in detail) == (row["value"] > 0)
        if row["reason"] == "largest_gap":
            assert "et af de 10 største gab" in detail
    changed = {"omraade": "skole", "enhed": "A", "spor": "regler", "reason": "largest_change", "value": -1.25,
               "dimension": "impl", "impl_mean": 4.0, "vigt_mean": 8.0, "reference": 5.25}
    assert codes.followup_detail(changed, unit_by, "Færre regler", 10) == (
        "Enhed «A» (område «skole»): implementeringen i sporet «Færre regler» er faldet fra 5,2 til 4,0 (−1,2) "
        "siden den forrige måling.")
    with use(english()):
        text = codes.followup_detail(changed, unit_by, "Færre regler", 10)
        assert "from 5.2 to 4.0 (−1.2)" in text and "sporet" not in text


def test_written_tables_are_the_files_danish_form(two_waves):
    _data, _result, extended = two_waves
    with use(english()):  # the files are Danish whatever the caller's language
        written = codes.written_tables(extended, INST)
    follow = written["followup"]
    assert list(follow.columns) == [*extended.unit_by, "spor", "reason", "value", "detail"]
    assert set(follow["reason"]) == {"prioritet", "afvigelse", "største gab", "største ændring"}
    assert follow["detail"].str.contains("i sporet «").all()
    assert list(follow["value"]) == list(extended.followup["value"])
    agreement = written["derived_importance"]["agreement"]
    assert set(agreement.dropna()) <= {"enige", "underkendt", "overset"}
    assert agreement.isna().tolist() == extended.derived_importance["agreement"].isna().tolist()
    assert written["trend"] is extended.trend


def test_design_sentences():
    report = detect_design(_frame([("leder", "both")] * 6 + [("leder", "impl")]), INST)
    assert codes.design_text(report) == (
        "Alle dimensioner er spurgt til alle: 7 har svaret på implementering og 6 på vigtighed (6 på begge).")
    report = detect_design(_frame([("leder", "vigt")] * 3 + [("medarbejder", "impl")] * 5), INST)
    assert report.design is Design.GROUP
    text = codes.design_text(report)
    assert text.startswith("Delt design efter respondentgruppe (leder: vigtighed, medarbejder: implementering)")
    half = detect_design(_frame([("x", "impl"), ("x", "vigt")]), INST)
    assert codes.design_text(half).startswith("Delt design, hvor hver respondent har fået én dimension")
    assert codes.design_text(detect_design(empty_frame(INST), INST)).startswith("Ingen besvarelser")
    with use(english()):
        assert codes.design_text(report).startswith("Split design by respondent group (leder: importance")
