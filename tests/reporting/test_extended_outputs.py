"""The extended outputs (issue 4): CSV files and their columns, analysis.json, XLSX sheets, the report's new
chapters, and that a group below k shows nowhere."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.core.comparisons import COMPARISON_COLUMNS
from frisat.core.derived_importance import COLUMNS as DERIVED_COLUMNS
from frisat.core.extended import TABLES, ExtendedConfig, extended_analysis
from frisat.core.instrument import get_instrument
from frisat.core.relative_importance import INDICATOR_COLUMNS, POINTS_COLUMNS
from frisat.core.waves import CHANGE_COLUMNS, TREND_COLUMNS
from frisat.demo import generate_responses
from frisat.reporting import labels, write_outputs
from frisat.reporting.extended_labels import SHEET_TITLES
from tests.reporting.conftest import pdf_page_count

POINTS = get_instrument("vive-frisaettelse-point")
SECRET_UNIT = "HEMMELIG-ENHED-42"
SECRET_COMMENT = "HEMMELIG-UDVIDET-KOMMENTAR"
BY = ["kommune"]
EXPECTED_COLUMNS = {
    "derived_importance": [*BY, *DERIVED_COLUMNS],
    "relative_importance": [*BY, "level", *INDICATOR_COLUMNS],
    "points": [*BY, *POINTS_COLUMNS],
    "group_differences": [*BY, *COMPARISON_COLUMNS],
    "changes": [*BY, *CHANGE_COLUMNS],
    "trend": [*BY, *TREND_COLUMNS],
    "followup": ["omraade", "enhed", "spor", "reason", "value", "detail"],
}
EXTENDED_FIGURES = ("afledt_vigtighed", "relativ_vigtighed", "point", "gruppeforskelle", "pile", "udvikling")


def make_frame() -> pd.DataFrame:
    """Two waves, leaders and employees, points; plus «Lilleby» (3 respondents, below k) and three
    «politiker» respondents in a large kommune (a respondent group below k)."""
    frame = generate_responses(POINTS, respondents=700, kommuner=2, seed=21, waves=2)
    small = frame.iloc[:3].copy()
    small["respondent_id"] = ["SMALL-1", "SMALL-2", "SMALL-3"]
    small["kommune"] = "Lilleby"
    small["enhed"] = SECRET_UNIT
    for spor in POINTS.spor:
        small[POINTS.item_columns(spor.id, "impl")] = 1.0
        small[POINTS.comment_column(spor.id)] = SECRET_COMMENT
    frame = pd.concat([frame, small], ignore_index=True)
    politicians = frame.index[(frame["kommune"] == "København").to_numpy()][:3]
    frame.loc[politicians, "gruppe"] = "politiker"
    frame.attrs["source"] = "udvidet.csv"
    return frame


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    frame = make_frame()
    result = analyze(frame, POINTS, by=BY, config=AnalysisConfig(min_n=5))
    extended = extended_analysis(frame, POINTS, result)
    out = tmp_path_factory.mktemp("udvidet")
    files = write_outputs(result, frame, out, extended=extended, pdf=True)
    return {"frame": frame, "result": result, "extended": extended, "out": out, "files": files,
            "html": (out / "rapport.html").read_text(encoding="utf-8")}


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def strict_json(path: Path):
    def refuse(token):
        raise AssertionError(f"not JSON: {token}")
    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


# -- files and columns --------------------------------------------------------------------------


def test_every_extended_table_is_written_with_its_documented_columns(case):
    names = {p.name for p in case["files"]}
    for name, columns in EXPECTED_COLUMNS.items():
        path = case["out"] / f"{name}.csv"
        assert path.name in names, name
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == columns, name
        rows = read_csv(path)
        assert len(rows) == len(getattr(case["extended"], name)), name
    trend = read_csv(case["out"] / "trend.csv")
    assert {r["suppressed"] for r in trend} == {"true", "false"}
    shown = next(r for r in trend if r["suppressed"] == "false")
    assert "." in shown["mean"] and "," not in shown["mean"]


def test_relative_importance_has_spor_and_indicator_levels(case):
    rows = read_csv(case["out"] / "relative_importance.csv")
    shown = [r for r in rows if r["kommune"] == "København"]
    assert [r["level"] for r in shown[:5]] == ["spor"] * 5 and all(r["indicator"] == "" for r in shown[:5])
    assert {r["level"] for r in shown[5:]} == {"indikator"} and len(shown) == 5 + 20


def test_analysis_json_holds_the_summary_and_every_table(case):
    doc = strict_json(case["out"] / "analysis.json")
    assert doc["format"] == "frisat-analysis" and doc["version"] == 1 and doc["extended"] is True
    assert doc["summary"] == strict_json(case["out"] / "summary.json")
    for name in TABLES:
        assert len(doc[name]) == len(getattr(case["extended"], name)), name
        assert list(doc[name][0]) == EXPECTED_COLUMNS[name], name
    assert doc["waves"] == ["1", "2"] and doc["followup_by"] == ["omraade", "enhed"]
    assert doc["settings"]["group_column"] == "gruppe" and doc["settings"]["min_n"] == 5
    assert doc["design"]["design"] == "begge" and doc["not_applicable"] == {}
    missing = [r for r in doc["trend"] if r["suppressed"]]
    assert missing and all(r["mean"] is None for r in missing)


def test_xlsx_has_a_sheet_per_table_and_a_codebook_entry_per_column(case):
    workbook = load_workbook(case["out"] / "resultater.xlsx", read_only=True)
    titles = [SHEET_TITLES[name] for name in TABLES]
    assert workbook.sheetnames == ["Oversigt", "Antal besvarelser", "Respondenter", "Kommentarer", *titles, "Kodebog"]
    listed = {}
    for sheet, _label, name, *_ in workbook["Kodebog"].iter_rows(min_row=2, values_only=True):
        if sheet:
            listed.setdefault(sheet, set()).add(name)
    for name, title in zip(TABLES, titles, strict=True):
        header = next(workbook[title].iter_rows(max_row=1, values_only=True))
        assert len(listed[title]) == len([h for h in header if h]), title
        assert set(EXPECTED_COLUMNS[name]) <= listed[title], title
    header = next(workbook["Ændringer"].iter_rows(max_row=1, values_only=True))
    first = next(workbook["Ændringer"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert first[header.index("Spor")] == "Færre regler" and first[header.index("Dimension")] == "Implementering"


# -- suppression --------------------------------------------------------------------------------


def test_the_small_group_has_no_values_in_any_extended_csv_or_json(case):
    doc = strict_json(case["out"] / "analysis.json")
    for name in TABLES:
        if name == "followup":
            continue
        rows = [r for r in read_csv(case["out"] / f"{name}.csv") if r["kommune"] == "Lilleby"]
        # Group comparisons have rows only where both groups have respondents.
        assert rows or name == "group_differences", name
        assert all(r["suppressed"] == "true" for r in rows), name
        labels_only = {"kommune", "spor", "suppressed", "level", "indicator", "dimension", "group", "reference",
                       "wave", "wave_order", "wave_from", "wave_to"}
        assert all(v == "" for r in rows for k, v in r.items() if k not in labels_only), name
        records = [r for r in doc[name] if r["kommune"] == "Lilleby"]
        assert all(v is None for r in records for k, v in r.items() if k not in labels_only), name
    for path in case["out"].glob("*.csv"):
        assert SECRET_UNIT not in path.read_text(encoding="utf-8"), path.name
    assert SECRET_UNIT not in (case["out"] / "analysis.json").read_text(encoding="utf-8")


def test_a_respondent_group_below_k_is_never_compared(case):
    rows = [r for r in read_csv(case["out"] / "group_differences.csv") if "politiker" in (r["group"], r["reference"])]
    assert rows and all(r["suppressed"] == "true" and r["difference"] == "" and r["mean_group"] == "" for r in rows)
    design = strict_json(case["out"] / "analysis.json")["design"]
    politician = next(g for g in design["by_group"] if g["gruppe"] == "politiker")
    assert politician["suppressed"] is True and politician["respondents"] is None and politician["n_impl"] is None
    html = case["html"]
    design_part = html[html.index('id="design"'):html.index('id="vigtighed"')]
    assert re.search(r"<th scope=\"row\">politiker</th><td colspan=\"4\">for få besvarelser", design_part)


LABEL_HEADERS = {"Kommune", "Spor", "Indikator", "Niveau", "Dimension", "Gruppe", "Referencegruppe", "Måling",
                 "Målingens nummer", "Fra måling", "Til måling", "For få besvarelser", "Bemærkning"}


def test_the_small_group_shows_nowhere_in_the_xlsx_or_report(case):
    workbook = load_workbook(case["out"] / "resultater.xlsx", read_only=True)
    seen = 0
    for title in (SHEET_TITLES[name] for name in TABLES):
        sheet = workbook[title]
        header = next(sheet.iter_rows(max_row=1, values_only=True))
        for row in sheet.iter_rows(min_row=2, values_only=True):
            text = " ".join(str(v) for v in row if v is not None)
            assert SECRET_UNIT not in text and SECRET_COMMENT not in text
            if "Kommune" in header and row[header.index("Kommune")] == "Lilleby":
                seen += 1
                values = [v for h, v in zip(header, row, strict=False) if h and h not in LABEL_HEADERS]
                assert all(v is None for v in values), (title, row)
                assert row[header.index("Bemærkning")].startswith("for få besvarelser")
    assert seen > 0
    html = case["html"]
    assert SECRET_UNIT not in html and SECRET_COMMENT not in html


def index(frame: pd.DataFrame, spor: str, dim: str) -> np.ndarray:
    values = frame[POINTS.item_columns(spor, dim)].to_numpy(dtype=float, copy=True)
    values[values < 0] = np.nan  # "ved ikke"
    answered = (~np.isnan(values)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(answered >= 3, np.nansum(values, axis=1) / answered, np.nan)


def test_overall_figures_leave_out_the_small_group(case):
    frame = case["frame"]
    html = case["html"]
    alt = re.search(r'alt="(Linjediagram[^"]*)"', html[html.index('id="maalinger"'):]).group(1)
    impl = index(frame, "regler", "impl")
    shown = (frame["kommune"] != "Lilleby").to_numpy()
    parts = []
    for wave in ("1", "2"):
        values = impl[shown & (frame["maaling"] == wave).to_numpy()]
        values = values[~np.isnan(values)]
        parts.append(f"{wave}: {labels.fmt_num(values.mean())} (N = {labels.fmt_int(len(values))})")
    assert f"Færre regler, implementering: {', '.join(parts)}" in alt


# -- the report ---------------------------------------------------------------------------------


def test_report_has_every_new_chapter_with_its_explanation(case):
    html = case["html"]
    for anchor in ("udvidet", "nye-figurer", "design", "vigtighed", "grupper", "maalinger", "opfoelgning"):
        assert f'id="{anchor}"' in html, anchor
        assert f'href="#{anchor}"' in html or anchor in ("nye-figurer", "design"), anchor
    for text in ("Sådan læses de nye figurer", "Angivet og afledt vigtighed", "Relativ vigtighed", "Fordeling af point",
                 "Grupper side om side", "Udvikling over tid", "Kvalitativ opfølgning",
                 "Grundlag for at vælge cases til interview", "Antal kommentarer pr. spor og kvadrant",
                 "parret", "uparret"):
        assert text in html, text
    figures = re.findall(r'<figure class="figur[^"]*" id="(figur_\d+_[a-z_]+)">(.*?)</figure>', html, re.S)
    extended = {slug: body for slug, body in figures if slug.endswith(EXTENDED_FIGURES)}
    assert len(extended) == len(EXTENDED_FIGURES)
    for slug, body in extended.items():
        assert "Sådan læses figuren" in body, slug
        alt = re.search(r'alt="([^"]*)"', body).group(1)
        assert "N = " in alt and len(alt) > 80, slug
    numbers = [int(re.search(r"figur_(\d+)_", slug).group(1)) for slug, _ in figures]
    assert numbers == list(range(1, len(figures) + 1))  # numbered in reading order


def test_report_names_units_for_interviews_with_reasons(case):
    html = case["html"]
    part = html[html.index('id="opfoelgning"'):html.index('id="tabeller"')]
    assert "grundlaget for at vælge cases til interview" in part
    assert part.count("<tr><th scope=\"row\">") >= 3
    # two waves: the change reason, worded as on the results page
    assert "Største ændring siden sidste måling" in part and "siden den forrige måling" in part
    assert "followup.csv" in part


def test_extended_figures_are_files_and_the_pdf_has_the_chapters(case):
    names = sorted(p.name for p in (case["out"] / "figurer").glob("*.png"))
    for slug in EXTENDED_FIGURES:
        assert any(n.endswith(f"_{slug}.png") for n in names), slug
    pdf = (case["out"] / "rapport.pdf").read_bytes()
    assert pdf_page_count(pdf) >= 20
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(case["out"] / "rapport.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
        for heading in ("Ud over pilotmetoden", "Hvad er vigtigst?", "Grupper side om side", "Udvikling over tid",
                        "Kvalitativ opfølgning"):
            assert heading in text, heading
        assert SECRET_UNIT not in text


def test_scatter_means_carry_error_bars_and_words(case):
    html = case["html"]
    part = html[html.index('id="spor-figurer"'):html.index('id="udvidet"')]
    assert "Den sorte markør er panelets gennemsnit" in part
    assert re.search(r'alt="Punktdiagram[^"]*95 %-konfidensinterval \d,\d\d–\d,\d\d', part)


# -- switched off, not applicable, stale files -------------------------------------------------


def test_without_the_extended_analysis_only_analysis_json_is_new(tmp_path):
    frame = generate_responses(POINTS, respondents=300, seed=2, waves=2)
    result = analyze(frame, POINTS, by=["omraade"])
    (tmp_path / "changes.csv").write_text("gammel\n", encoding="utf-8")
    write_outputs(result, frame, tmp_path, pdf=False)
    doc = strict_json(tmp_path / "analysis.json")
    assert doc["extended"] is False and all(doc[name] is None for name in TABLES)
    assert doc["summary"] == strict_json(tmp_path / "summary.json")
    assert (tmp_path / "changes.csv").exists()  # nothing extended was asked for: other files are left alone
    assert "Ud over pilotmetoden" not in (tmp_path / "rapport.html").read_text(encoding="utf-8")
    off = extended_analysis(frame, POINTS, result, ExtendedConfig(enabled=False))
    write_outputs(result, frame, tmp_path, pdf=False, extended=off)
    assert not any((tmp_path / f"{name}.csv").exists() for name in TABLES)


def test_a_table_that_does_not_apply_is_not_written_and_the_report_says_why(tmp_path):
    frame = generate_responses(POINTS, respondents=300, seed=2)  # one wave
    result = analyze(frame, POINTS, by=["omraade"])
    (tmp_path / "changes.csv").write_text("gammel\n", encoding="utf-8")
    files = write_outputs(result, frame, tmp_path, pdf=False, extended=extended_analysis(frame, POINTS, result))
    assert not (tmp_path / "changes.csv").exists() and not (tmp_path / "trend.csv").exists()
    assert "changes.csv" not in {p.name for p in files}
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    part = html[html.index('id="maalinger"'):html.index('id="opfoelgning"')]
    assert "Ingen udvikling over tid: data har kun én måling («1»)" in part
    assert strict_json(tmp_path / "analysis.json")["changes"] is None
    notes = [r[0] for r in load_workbook(tmp_path / "resultater.xlsx", read_only=True)["Kodebog"].iter_rows(
        values_only=True) if r[0]]
    assert any("kun én måling" in str(n) for n in notes)


def test_split_design_is_described_with_n_per_dimension(tmp_path):
    frame = generate_responses(POINTS, respondents=400, seed=6, design="gruppe")
    result = analyze(frame, POINTS, by=["omraade"])
    write_outputs(result, frame, tmp_path, pdf=False, extended=extended_analysis(frame, POINTS, result))
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    part = html[html.index('id="design"'):html.index('id="vigtighed"')]
    assert "Delt design efter respondentgruppe" in part and "to forskellige sæt respondenter" in part
    impl = int(result.summary.loc[result.summary["spor"] == "regler", "impl_n"].sum())
    assert f'<th scope="row">Færre regler</th><td class="num">{labels.fmt_int(impl)}</td>' in part
    assert "I et delt design har hver respondent kun svaret på én dimension" in html
    # the comments stand under their group's quadrant, never «Uden placering»
    comments = html[html.index('id="kommentarer"'):]
    assert "Uden placering" not in comments and "Alle placeret efter gruppens placering." in comments
    sheet = list(load_workbook(tmp_path / "resultater.xlsx", read_only=True)["Kommentarer"].iter_rows(values_only=True))
    header = list(sheet[0])
    basis = {r[header.index("Placeret efter")] for r in sheet[1:] if r[0]}
    assert basis == {"Gruppens placering"} and not any(r[header.index("Kvadrant")] for r in sheet[1:])


# -- figure functions ---------------------------------------------------------------------------


def test_figures_never_draw_or_describe_a_suppressed_row():
    from frisat.reporting.figures_extended import difference_figure, points_figure, trend_figure

    config = AnalysisConfig()
    names = {"regler": "Færre regler", "maal": "Fra detailmål til formål"}
    rows = [
        {"spor": "regler", "dimension": "impl", "group": "leder", "reference": "medarbejder", "n_group": 40,
         "n_reference": 90, "difference": 0.81, "ci_low": 0.33, "ci_high": 1.29, "significant": True,
         "suppressed": False},
        {"spor": "maal", "dimension": "impl", "group": "leder", "reference": "medarbejder", "n_group": None,
         "n_reference": None, "difference": None, "ci_low": None, "ci_high": None, "significant": None,
         "suppressed": True},
    ]
    figure = difference_figure(rows, names, "Respondentgruppe", config, "x")
    assert figure.png.startswith(b"\x89PNG")
    assert "Færre regler, implementering: 0,81 (95 %-KI 0,33–1,29)" in figure.alt
    assert "Fra detailmål" not in figure.alt
    trend = [{"spor": "regler", "dimension": "impl", "wave": w, "n": n, "mean": m, "ci_low": m - 0.2,
              "ci_high": m + 0.2, "suppressed": False} for w, n, m in (("1", 30, 6.1), ("2", 31, 6.4))]
    trend.append({"spor": "maal", "dimension": "impl", "wave": "1", "n": None, "mean": None, "ci_low": None,
                  "ci_high": None, "suppressed": True})
    figure = trend_figure(trend, names, ["1", "2"], config, "t")
    assert "1: 6,10 (N = 30), 2: 6,40 (N = 31)" in figure.alt and "Fra detailmål" not in figure.alt
    points = [{"spor": "regler", "n": None, "mean_points": None, "ci_low": None, "ci_high": None, "rank": None,
               "suppressed": True}]
    figure = points_figure(points, names, 100, config, "p")
    assert figure.alt == "Fordeling af point: for få besvarelser (færre end 5)."
    assert np.isfinite(len(figure.png))


def test_docs_describe_every_extended_column():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "analysis.md").read_text(encoding="utf-8")
    for name, columns in EXPECTED_COLUMNS.items():
        assert f"`{name}.csv`" in docs, name
        for column in columns:
            if column not in BY:
                assert f"`{column}`" in docs, (name, column)
    for key in ("format", "settings", "not_applicable", "followup_by", "group_dimensions"):
        assert f"`{key}`" in docs, key


def test_report_and_results_page_show_the_same_rows(case):
    """Issue 12 item 2: the report's tables of group differences, changes and units to follow up are
    the rows of the view models the results page's tables are built from."""
    from frisat.core.results import bundle_of
    from frisat.reporting.views import extended as views

    result, html = case["result"], case["html"]
    whole = bundle_of(result, case["frame"], case["extended"]).overview
    differences = views.difference_rows(result, whole.group_differences)
    records = whole.group_differences.to_dict("records")
    assert len(differences) == len(records) and any(not r.suppressed for r in differences)
    for row, record in zip(differences, records, strict=True):
        assert row.suppressed == bool(record["suppressed"])
        if row.suppressed:
            assert row.difference == row.mean_group == row.interval == ""
            continue
        # the difference is the two means' difference (to the rounding of the shown values)
        shown = float(row.difference.replace(",", ".").replace("−", "-"))
        assert shown == pytest.approx(record["mean_group"] - record["mean_reference"], abs=0.006)
        assert (f'<td class="num">{row.mean_group} ({row.n_group})</td><td>{row.reference}</td>'
                f'<td class="num">{row.mean_reference} ({row.n_reference})</td><td class="num">{row.difference}</td>'
                f'<td class="num">{row.interval}</td><td>{row.verdict.capitalize()}</td>') in html
    page = views.group_differences(result, whole)[0]
    assert [[c.text for c in r.cells][:6] for r in page.rows] == [
        [r.n_group, r.mean_group, r.n_reference, r.mean_reference, r.difference, r.interval] if not r.suppressed
        else [] for r in differences]
    changes = [r for r in views.change_rows(result, whole.changes) if not r.suppressed]
    assert changes
    for row in changes:
        assert (f'<td class="num">{row.mean_from} ({row.n_from})</td><td class="num">{row.mean_to} ({row.n_to})</td>'
                f'<td class="num">{row.change}</td><td class="num">{row.interval}</td>'
                f'<td>{row.verdict.capitalize()}</td>') in html
    units = views.followup_rows(result, case["extended"])
    assert units and all(f"<td>{row.reason}</td>" in html for row in units[:5])
