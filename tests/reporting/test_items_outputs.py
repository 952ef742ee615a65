"""The item tables' files, figures and chapter (reporting/item_*.py)."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from frisat.core.disclosure_policy import DisclosurePolicy
from frisat.core.instrument import Question, Scale, Section, get_instrument, parse_instrument
from frisat.core.items import item_changes, item_table
from frisat.core.results import compute
from frisat.demo import generate_responses
from frisat.demo.evaluation_survey import generate_evaluation_survey
from frisat.reporting import write_bundle
from frisat.reporting.item_figures import item_figures
from frisat.reporting.item_report import build_items_context
from frisat.reporting.item_tables import item_sheets, items_csv_table, write_item_files
from frisat.reporting.language import for_code, use

INST = get_instrument("evaluering-medarbejdere")


@pytest.fixture(scope="module")
def bundle():
    return compute(generate_evaluation_survey(), INST, policy=DisclosurePolicy(k=5))


def test_csv_labels_every_answer(bundle):
    table = items_csv_table(bundle.items)
    assert (table["answer_label"] != "").all()
    words = dict(zip(table["answer"], table["answer_label"], strict=True))
    assert words["blank"] == "Ikke besvaret" and words["answered"] == "Besvaret" and words["ved_ikke"] == "Ved ikke"
    top = table[(table["item"] == "motivation_egen") & (table["answer"] == "top_box")]
    assert top["answer_label"].iloc[0] == "Overvejende enig + Meget enig"


def test_figures_diverge_for_agreement_scales(bundle):
    figures = item_figures(bundle.items, INST, 5)
    assert figures[0].title.startswith("Tid til dokumentation og til borgerne: 1 Hvor meget tid bruger du")
    assert figures[1].title == "Tid til dokumentation og til borgerne"  # two questions: named at their bars
    assert "divergerende" in figures[0].alt and all(f.png.startswith(b"\x89PNG") for f in figures)
    grad = next(f for f in figures if f.title == "Oplevet udvikling")
    assert "stablede" in grad.alt
    share = bundle.items.query("maaling == '2020' and item == 'tid_dokumentation' and answer == '2'")["share"].iloc[0]
    assert f"Mindre tid {round(share * 100)} %" in figures[0].alt


def test_suppressed_cells_are_said_not_drawn():
    frame = generate_evaluation_survey()
    items = item_table(frame, INST, ["enhed"], k=15)
    assert items["suppressed"].any() and not items["suppressed"].all()
    changes = item_changes(items, ["enhed"], waves=("2019", "2020"))
    figures = item_figures(items, INST, 15)
    assert any("for få besvarelser (færre end 15)" in f.alt for f in figures)
    context = build_items_context(items, changes, INST, 15, figures)
    assert any(r["suppressed"] for r in context["rows"]) and any(r["suppressed"] for r in context["changes"])


def test_chapter_in_english(bundle):
    with use(for_code("en")):
        context = build_items_context(bundle.items, bundle.item_changes, INST, 5, [])
    assert context["title"] == "Answers question by question"
    assert context["headers"]["dont_know"] == "Don't know"
    danish = build_items_context(bundle.items, bundle.item_changes, INST, 5, [])
    assert danish["title"] == "Svar spørgsmål for spørgsmål"
    change = next(r for r in danish["changes"] if r["item"].startswith("1 "))
    row = bundle.item_changes.query("item == 'tid_dokumentation' and answer == 'top_box'").iloc[0]
    assert change["diff"] == f"+{round(row['diff'] * 100)}"


def test_sheets_show_questions_by_their_text(bundle):
    sheets = item_sheets(bundle.items, bundle.item_changes, INST, 5)
    assert [s.title for s in sheets] == ["Spørgsmål", "Spørgsmål – ændring"]
    question = next(c for c in sheets[0].columns if c.info.name == "item").values.to_pylist()
    assert question[0].startswith("1 Hvor meget tid bruger du på dokumentation")


def test_formulas_are_neutralised_in_items_csv(tmp_path):
    text = """
id: formler
title: Formler
scales:
  s:
    type: choice
    options: [{code: 1, label: "=SUM(A1:A9)"}, {code: 2, label: "+45"}]
background: [respondent_id, kommune, omraade, enhed, gruppe, maaling]
sections:
  - id: a
    title: A
    questions: [{number: "1", type: single, id: q, scale: s, text: Q}]
"""
    instrument = parse_instrument(text)
    frame = pd.DataFrame({"respondent_id": [f"r{i}" for i in range(10)], "maaling": "1",
                          "a_q": [1.0, 2.0] * 5})
    frame["respondent_id"] = frame["respondent_id"].astype("string")
    frame["maaling"] = frame["maaling"].astype("string")
    result = compute(frame, instrument, policy=DisclosurePolicy(k=5))
    write_item_files(result.items, None, tmp_path)
    content = (tmp_path / "items.csv").read_text(encoding="utf-8")
    assert "'=SUM(A1:A9)" in content and "'+45" in content


def test_barometer_keeps_its_outputs_and_gets_the_item_chapter(tmp_path):
    barometer = get_instrument("vive-frisaettelse")
    extra = Section(id="ekstra", title="Ekstra spørgsmål", questions=(
        Question(number="16", type="single", id="tilfreds", scale="enig", text="Jeg er tilfreds med arbejdet."),))
    scale = Scale(type="likert", top_box=(4, 5), diverging=True, options=INST.scales["enighed"].options)
    instrument = barometer.model_copy(update={"sections": (*barometer.sections, extra),
                                              "scales": {**barometer.scales, "enig": scale}})
    frame = generate_responses(barometer, respondents=120, seed=3, waves=2)
    frame["ekstra_tilfreds"] = np.random.default_rng(1).integers(1, 6, len(frame)).astype(float)
    result = compute(frame, instrument, by=["omraade"], policy=DisclosurePolicy(k=5))
    written = {p.name for p in write_bundle(result, tmp_path, pdf=False)}
    assert {"summary.csv", "respondents.csv", "items.csv", "item_changes.csv", "rapport.html"} <= written
    items = pd.read_csv(tmp_path / "items.csv")
    assert set(items["item"]) == {"ekstra_tilfreds"}
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert 'id="spoergsmaal"' in html and "Jeg er tilfreds med arbejdet." in html
    assert any(p.name.endswith("_1.png") and "spoergsmaal_ekstra" in p.name for p in (tmp_path / "figurer").iterdir())
    sheets = openpyxl.load_workbook(tmp_path / "resultater.xlsx", read_only=True).sheetnames
    assert {"Spørgsmål", "Spørgsmål – ændring"} <= set(sheets) and sheets[0] != "Spørgsmål"
    plain = compute(frame, barometer, by=["omraade"], policy=DisclosurePolicy(k=5))
    out = tmp_path / "uden"
    written = {p.name for p in write_bundle(plain, out, pdf=False)}
    assert "items.csv" not in written and 'id="spoergsmaal"' not in (out / "rapport.html").read_text(encoding="utf-8")
    assert "Spørgsmål" not in openpyxl.load_workbook(out / "resultater.xlsx", read_only=True).sheetnames


def test_docs_describe_every_item_column():
    from pathlib import Path

    from frisat.reporting.item_tables import CHANGE_CSV_COLUMNS, ITEM_CSV_COLUMNS

    docs = (Path(__file__).resolve().parents[2] / "docs" / "analysis.md").read_text(encoding="utf-8")
    assert "`items.csv`" in docs and "`item_changes.csv`" in docs
    for column in (*ITEM_CSV_COLUMNS, *CHANGE_CSV_COLUMNS, "top_box", "answered", "ved_ikke", "blank"):
        assert f"`{column}`" in docs, column
    formats = (Path(__file__).resolve().parents[2] / "docs" / "instrument-format.md").read_text(encoding="utf-8")
    assert "top_box" in formats and "diverging" in formats and "evaluering-medarbejdere" in formats
