"""write_outputs: the files, their columns and conventions, and that suppressed groups never show."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from frisat.reporting import labels
from frisat.reporting.codes import QUADRANT_LABELS
from tests.reporting.conftest import HOSTILE, SECRET, pdf_page_count, run_case

EXPECTED = ["summary.csv", "summary.json", "respondents.csv", "resultater.xlsx", "rapport.html", "rapport.pdf"]


def _read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_all_files_are_written_and_returned(main_case):
    out, files = main_case["out"], main_case["files"]
    names = {p.name for p in files}
    assert set(EXPECTED) <= names
    assert all(p.exists() and p.stat().st_size > 0 for p in files)
    figures = sorted((out / "figurer").glob("*.png"))
    assert figures and {p.name for p in figures} <= names
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in figures)
    assert not list(out.rglob("*.tmp")), "temporary files left behind"


def test_progress_is_reported_before_long_steps(main_case):
    messages = main_case["messages"]
    assert any("rapport.pdf" in m for m in messages)
    assert any("figurer" in m.lower() for m in messages)
    assert all(isinstance(m, str) and m for m in messages)


def test_summary_csv_columns_and_conventions(main_case):
    result, out = main_case["result"], main_case["out"]
    text = (out / "summary.csv").read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    assert header == list(result.summary.columns)
    rows = _read_csv(out / "summary.csv")
    assert len(rows) == len(result.summary)
    assert {r["suppressed"] for r in rows} == {"true", "false"}
    shown = next(r for r in rows if r["suppressed"] == "false")
    assert "." in shown["impl_mean"] and "," not in shown["impl_mean"]
    assert float(shown["impl_mean"]) == float(result.summary.loc[0, "impl_mean"])


def test_summary_json_equals_summary_records(main_case):
    result, out = main_case["result"], main_case["out"]
    text = (out / "summary.json").read_text(encoding="utf-8")
    assert json.loads(text) == result.summary_records()
    assert "Æ" not in text or "\\u00c6" not in text  # ensure_ascii=False


def test_respondents_csv_has_every_row_and_the_columns(main_case):
    result, out = main_case["result"], main_case["out"]
    frame = pd.read_csv(out / "respondents.csv", dtype={"respondent_id": str})
    assert list(frame.columns) == list(result.respondents.columns)
    assert len(frame) == len(result.respondents)
    assert set(frame["outlier"].unique()) <= {True, False}


def test_suppressed_group_has_no_values_in_csv_and_json(main_case):
    out = main_case["out"]
    rows = [r for r in _read_csv(out / "summary.csv") if r["kommune"] == "Bby" and r["omraade"] == "aeldre"]
    assert rows and all(r["suppressed"] == "true" for r in rows)
    value_columns = [c for c in rows[0] if c not in ("kommune", "omraade", "spor", "suppressed")]
    assert all(r[c] == "" for r in rows for c in value_columns)
    records = [r for r in json.loads((out / "summary.json").read_text()) if r["kommune"] == "Bby"
               and r["omraade"] == "aeldre"]
    assert all(r[c] is None for r in records for c in value_columns)
    respondents = [r for r in _read_csv(out / "respondents.csv") if r["kommune"] == "Bby"
                   and r["omraade"] == "aeldre"]
    assert respondents and all(r["impl_index"] == r["vigt_index"] == "" for r in respondents)


def test_suppressed_group_never_shows_in_html_or_xlsx(main_case):
    out = main_case["out"]
    html = (out / "rapport.html").read_text(encoding="utf-8")
    assert SECRET not in html
    assert labels.suppressed_text(5) in html
    workbook = load_workbook(out / "resultater.xlsx", read_only=True)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert SECRET not in " ".join(str(v) for v in row if v is not None)
    oversigt = workbook["Oversigt"]
    header = next(oversigt.iter_rows(values_only=True))
    for row in oversigt.iter_rows(min_row=2, values_only=True):
        if row[0] == "Bby" and row[1] == "aeldre":
            remark = row[header.index("Bemærkning")]
            assert remark.startswith("for få besvarelser")
            numbers = [v for v, h in zip(row, header, strict=False) if h not in ("Kommune", "Område", "Spor",
                                                                                  "Bemærkning", "Kvadrant")]
            assert all(v is None for v in numbers)
    counts = workbook["Antal besvarelser"]
    for row in counts.iter_rows(min_row=2, values_only=True):
        if row[0] == "Bby" and row[1] == "aeldre":
            assert row[2] is None and row[3].startswith("for få besvarelser")


def test_suppressed_respondents_are_left_out_of_the_figures(main_case):
    out, result = main_case["out"], main_case["result"]
    html = (out / "rapport.html").read_text(encoding="utf-8")
    # Ældre has 7 + 3 respondents; the 3 of the suppressed group are not in any panel.
    aeldre = result.summary[(result.summary["omraade"] == "aeldre") & ~result.summary["suppressed"]
                            & (result.summary["spor"] == "regler")]
    n_shown = int(aeldre["n"].sum())
    assert f"Ældre: N = {n_shown}" in html
    assert "Ældre: N = 10" not in html


def test_html_is_self_contained_and_accessible(main_case):
    html = (main_case["out"] / "rapport.html").read_text(encoding="utf-8")
    assert '<html lang="da">' in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "<script" not in html
    images = re.findall(r'<img src="([^"]*)" alt="([^"]*)"', html)
    assert images and all(src.startswith("data:image/png;base64,") for src, _ in images)
    assert all((len(alt) > 40 and "N = " in alt) or "Læsevejledning" in alt for _, alt in images)
    assert html.count("<h1") == 1 and "<h2" in html
    assert 'scope="col"' in html and 'scope="row"' in html
    for section in ("Hovedresultater", "Om målingen", "Antal besvarelser", "Sådan læses figurerne",
                    "De fem spor", "Tabeller", "Åbne kommentarer", "Kilde: Frisat", "Anm.: N = "):
        assert section in html


def test_html_quotes_the_instrument_and_definitions(main_case, instrument):
    html = (main_case["out"] / "rapport.html").read_text(encoding="utf-8")
    for section in instrument.spor:
        assert section.title in html and section.label in html
    for dim in instrument.dimensions.values():
        scale = instrument.scales[dim.scale]
        assert dim.question in html and scale.low_label in html and scale.high_label in html
    assert "k = 5" in html and "Cronbachs alfa" in html and "mindst 3 af de 4" in html
    for label in QUADRANT_LABELS.values():
        assert label in html


def test_comments_are_escaped_and_grouped(main_case):
    html = (main_case["out"] / "rapport.html").read_text(encoding="utf-8")
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(" in html
    assert "Kommentar om regler nr." in html


def test_small_groups_get_a_visible_caution(main_case):
    html = (main_case["out"] / "rapport.html").read_text(encoding="utf-8")
    assert labels.SMALL_N_CAUTION in html
    # Aby / aeldre has 7 respondents: its row in the counts table carries the caution.
    row = re.search(r'<tr class="faa">\s*<th scope="row">Aby</th><td>Ældre</td>.*?</tr>', html, re.S)
    assert row and labels.SMALL_N_CAUTION in row.group(0)


def test_tables_list_every_group(main_case):
    html = (main_case["out"] / "rapport.html").read_text(encoding="utf-8")
    tables = html[html.index('id="tabeller"'):html.index('id="kommentarer"')]
    for kommune, omraade in (("Aby", "Dagtilbud"), ("Bby", "Skole"), ("Bby", "Ældre")):
        assert f'<th scope="row">{kommune}</th><td>{omraade}</td>' in tables


def test_pdf_has_pages(main_case):
    data = (main_case["out"] / "rapport.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    assert pdf_page_count(data) >= 5


def test_xlsx_sheets_headers_and_formats(main_case):
    result, out = main_case["result"], main_case["out"]
    workbook = load_workbook(out / "resultater.xlsx")
    assert workbook.sheetnames == ["Oversigt", "Antal besvarelser", "Respondenter", "Kommentarer", "Kodebog"]
    oversigt = workbook["Oversigt"]
    header = [c.value for c in oversigt[1]]
    assert header[:3] == ["Kommune", "Område", "Spor"]
    assert "Implementering: gennemsnit" in header and "Bemærkning" in header
    assert oversigt.freeze_panes == "A2" and oversigt.auto_filter.ref
    assert all(c.font.bold for c in oversigt[1])
    mean = header.index("Implementering: gennemsnit") + 1
    cell = oversigt.cell(row=2, column=mean)
    assert isinstance(cell.value, float) and cell.number_format == "0.00"
    assert oversigt.max_row == len(result.summary) + 1
    respondents = workbook["Respondenter"]
    assert respondents.max_row == len(result.respondents) + 1
    quadrant_values = {c.value for c in respondents["H"][1:]}
    assert quadrant_values - {None} <= set(QUADRANT_LABELS.values())
    codebook = workbook["Kodebog"]
    listed = {(r[0], r[2]) for r in codebook.iter_rows(min_row=2, values_only=True) if r[0]}
    for sheet in ("Oversigt", "Antal besvarelser", "Respondenter", "Kommentarer"):
        names = {name for s, name in listed if s == sheet}
        assert len(names) == workbook[sheet].max_column, sheet
    assert ("Oversigt", "impl_mean") in listed and ("Respondenter", "quadrant_relative") in listed


def test_xlsx_respondent_sheet_is_cut_at_the_row_limit(instrument, tmp_path, monkeypatch):
    from frisat.reporting import excel

    monkeypatch.setattr(excel, "MAX_DATA_ROWS", 20)
    result, _ = run_case(instrument, tmp_path, [("Aby", "skole", 12)], by=["omraade"])
    workbook = load_workbook(tmp_path / "resultater.xlsx")
    sheet = workbook["Respondenter"]
    assert sheet.max_row == 21
    note = [c.value for c in sheet[1] if c.value and str(c.value).startswith("Bemærk")]
    assert note and "respondents.csv" in note[0] and "60" in note[0]
    notes = " ".join(str(r[0]) for r in workbook["Kodebog"].iter_rows(values_only=True) if r[0])
    assert "Respondenter" in notes and "første 20" in notes
    assert len(pd.read_csv(tmp_path / "respondents.csv")) == len(result.respondents) == 60


def test_pdf_false_skips_the_pdf(instrument, tmp_path):
    _, files = run_case(instrument, tmp_path, [("Aby", "skole", 8)], by=[])
    assert not (tmp_path / "rapport.pdf").exists()
    assert "rapport.pdf" not in {p.name for p in files}
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "Alle (N = 8)" in html or "Alle: N = 8" in html


def test_many_areas_draw_overall_figures_and_dot_charts(instrument, tmp_path):
    groups = [(f"Kommune {i:02d}", "skole", 6 + i % 3) for i in range(14)]
    groups.append(("Kommune 99", "skole", 2))
    result, files = run_case(instrument, tmp_path, groups, by=["kommune"])
    names = [p.name for p in files if p.suffix == ".png"]
    assert sum("prikker" in n for n in names) == len(result.spor)
    assert sum("gennemsnit_alle" in n for n in names) == 1
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "Prikdiagram" in html
    assert "Kommune 99" in html  # listed, with "for få besvarelser"
    assert html.count(labels.suppressed_text(5)) >= 1


def test_print_version_uses_a_compact_table_when_there_are_many_rows(instrument, tmp_path, monkeypatch):
    from frisat.reporting import outputs, report

    printed: list[str] = []

    def fake_pdf(html: str, target: Path) -> None:
        printed.append(html)
        target.write_bytes(b"%PDF-1.7 test")

    monkeypatch.setattr(report, "PRINT_TABLE_ROWS", 2)
    monkeypatch.setattr(outputs, "write_pdf", fake_pdf)
    groups = [("Aby", "skole", 12), ("Bby", "skole", 3), ("Cby", "skole", 6)]
    run_case(instrument, tmp_path, groups, by=["kommune"], pdf=True)
    screen = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    (paper,) = printed
    assert 'class="tal resultater"' in screen and "kompakt" not in screen
    assert "kompakt" in paper and 'class="tal resultater"' not in paper
    for name in ("Aby", "Bby", "Cby"):
        assert f'<th scope="row">{name}</th>' in paper
    assert "For få besvarelser (færre end 5), vises ikke:</strong> Bby" in paper
    assert labels.SMALL_N_CAUTION in paper and "Cby" in paper


def test_no_comments_and_a_suppressed_area(instrument, tmp_path):
    groups = [("Aby", "skole", 9), ("Aby", "aeldre", 3)]
    result, _ = run_case(instrument, tmp_path, groups, by=["omraade"], comment_share=0.0)
    assert result.comments.empty
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "Ingen kommentarer." in html
    assert "Gennemsnit for de fem spor – Ældre: for få besvarelser (færre end 5)" in html
    assert "Ældre: N =" not in html
    workbook = load_workbook(tmp_path / "resultater.xlsx")
    assert workbook["Kommentarer"].max_row == 1
    assert [c.value for c in workbook["Kommentarer"][1]][-1] == "Kommentar"


def test_large_panels_are_drawn_as_density(instrument, tmp_path, monkeypatch):
    from frisat.reporting import figures

    monkeypatch.setattr(figures, "DENSITY_THRESHOLD", 10)
    run_case(instrument, tmp_path, [("Aby", "skole", 30), ("Aby", "aeldre", 8)], by=["omraade"])
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "Tæthedsdiagram (antal respondenter pr. felt)" in html
    assert "jo mørkere felt, jo flere respondenter" in html
