"""Confidence intervals in the outputs: columns, error bars, tables and the words for uncertain placements."""

from __future__ import annotations

import re

from openpyxl import load_workbook

from frisat.core.analysis import UNCERTAINTY_COLUMNS, AnalysisConfig
from frisat.reporting import labels
from frisat.reporting.figures import spor_means


def test_summary_csv_ends_with_the_uncertainty_columns(main_case):
    header = (main_case["out"] / "summary.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[-6:] == ["suppressed", *UNCERTAINTY_COLUMNS]


def test_html_tables_show_intervals_and_say_when_a_placement_is_uncertain(main_case):
    result = main_case["result"]
    html = (main_case["out"] / "rapport.html").read_text(encoding="utf-8")
    tables = html[html.index('id="tabeller"'):html.index('id="kommentarer"')]
    assert "95 %-KI" in tables
    assert re.search(r'<td class="num">\d,\d\d–\d,\d\d</td>', tables)
    uncertain = result.summary[result.summary["quadrant_certain"].eq(False).fillna(False).to_numpy(dtype=bool)]
    assert len(uncertain), "the test data should contain an uncertain placement"
    assert tables.count(labels.UNCERTAIN_TEXT) == len(uncertain)
    assert "placeringer (gruppe × spor) er usikre" in html  # highlights
    assert "Konfidensintervaller." in html and "t-fordelingen" in html  # method section


def test_mean_figures_carry_error_bars_in_notes_and_alt_text(main_case):
    html = (main_case["out"] / "rapport.html").read_text(encoding="utf-8")
    means = html[html.index('id="fem-spor"'):html.index('id="spor-figurer"')]
    assert "Stregerne er 95 %-konfidensintervaller" in means
    assert re.search(r'alt="[^"]*95 %-konfidensinterval \d,\d\d–\d,\d\d', means)


def test_xlsx_lists_the_new_columns_in_the_sheet_and_codebook(main_case):
    workbook = load_workbook(main_case["out"] / "resultater.xlsx", read_only=True)
    header = next(workbook["Oversigt"].iter_rows(values_only=True))
    assert "Sikker placering" in header and "Implementering: 95 %-KI, nedre" in header
    listed = {r[2] for r in workbook["Kodebog"].iter_rows(min_row=2, values_only=True) if r[0] == "Oversigt"}
    assert set(UNCERTAINTY_COLUMNS) <= listed


def test_an_uncertain_point_is_named_in_words():
    config = AnalysisConfig()
    rows = [
        {"label": "Sikker", "vigt_mean": 8.0, "impl_mean": 3.0, "vigt_ci_low": 7.0, "vigt_ci_high": 9.0,
         "impl_ci_low": 2.0, "impl_ci_high": 4.0, "quadrant_certain": True},
        {"label": "Usikker", "vigt_mean": 8.0, "impl_mean": 5.0, "vigt_ci_low": 7.0, "vigt_ci_high": 9.0,
         "impl_ci_low": 4.0, "impl_ci_high": 6.0, "quadrant_certain": False},
        {"label": "Uden interval", "vigt_mean": 2.0, "impl_mean": 8.0, "vigt_ci_low": None, "vigt_ci_high": None,
         "impl_ci_low": None, "impl_ci_high": None, "quadrant_certain": None},
    ]
    figure = spor_means("Alle", rows, 30, config, "test")
    assert figure.png.startswith(b"\x89PNG")
    assert figure.cautions == [f"{labels.UNCERTAIN_TEXT} for «Usikker» (implementering)."]
    assert "Usikker: vigtighed 8,00 (95 %-konfidensinterval 7,00–9,00), implementering 5,00 (4,00–6,00) " \
           "(Vigtigste fokusområde, usikker placering)" in figure.alt
    assert "Uden interval: vigtighed 2,00, implementering 8,00 (Risiko for over-implementering)" in figure.alt
