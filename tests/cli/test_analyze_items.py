"""``frisat analyze`` on an instrument without the barometer's dimensions (issue 14), end to end."""

from __future__ import annotations

import csv
import json
import math
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from statsmodels.stats.proportion import proportion_confint
from typer.testing import CliRunner

from frisat.cli.main import app
from frisat.core.instrument import get_instrument
from frisat.core.schema import DONT_KNOW
from frisat.demo.evaluation_survey import generate_evaluation_survey
from frisat.io import write_responses

runner = CliRunner()
INST = get_instrument("evaluering-medarbejdere")
ITEM_HEADER = ["enhed", "maaling", "item", "answer", "answer_label", "n", "count", "share", "share_ci_low",
               "share_ci_high"]
CHANGE_HEADER = ["enhed", "item", "answer", "from_wave", "to_wave", "diff", "diff_ci_low", "diff_ci_high"]


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("items")
    frame = generate_evaluation_survey()
    data = folder / "svar.csv"
    write_responses(frame, data, INST)
    result = runner.invoke(app, ["analyze", str(data), "--instrument", "evaluering-medarbejdere", "--by", "enhed",
                                 "--out", str(folder / "res"), "--no-pdf"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return frame, folder / "res"


def test_writes_the_item_files(analysed):
    _, out = analysed
    names = {p.name for p in out.iterdir()}
    assert {"items.csv", "item_changes.csv", "resultater.xlsx", "rapport.html", "figurer"} <= names
    assert "summary.csv" not in names
    with open(out / "items.csv", encoding="utf-8") as handle:
        assert handle.readline().strip().split(",")[:10] == ITEM_HEADER
    with open(out / "item_changes.csv", encoding="utf-8") as handle:
        assert handle.readline().strip().split(",")[:8] == CHANGE_HEADER
    assert len(list((out / "figurer").glob("figur_*.png"))) >= 5
    html = (out / "rapport.html").read_text(encoding="utf-8")
    assert "Svar spørgsmål for spørgsmål" in html and "Frisats egne formuleringer" in html
    book = load_workbook(out / "resultater.xlsx", read_only=True)
    assert {"Spørgsmål", "Spørgsmål – ændring", "Kodebog"} <= set(book.sheetnames)


def test_items_csv_agrees_with_a_count_of_the_input(analysed):
    frame, out = analysed
    rows = _rows(out / "items.csv")
    for row in rows:
        if row["suppressed"] == "true":
            continue
        cell = frame[(frame["enhed"] == row["enhed"]) & (frame["maaling"] == row["maaling"])]
        values = cell[row["item"]].to_numpy(dtype=float)
        valid = values[~np.isnan(values) & (values != DONT_KNOW)]
        if row["answer"] == "ved_ikke":
            expected = (len(cell), int((values == DONT_KNOW).sum()))
        elif row["answer"] == "blank":
            expected = (len(cell), int(np.isnan(values).sum()))
        elif row["answer"] == "answered":
            expected = (len(cell), len(valid))
        elif row["answer"] == "top_box":
            top = INST.column(row["item"]).scale.top_box
            expected = (len(valid), int(np.isin(valid, top).sum()))
        else:
            expected = (len(valid), int((valid == float(row["answer"])).sum()))
        assert (int(row["n"]), int(row["count"])) == expected, row
        if expected[0]:
            low, high = proportion_confint(expected[1], expected[0], method="wilson")
            assert float(row["share"]) == pytest.approx(expected[1] / expected[0])
            assert (float(row["share_ci_low"]), float(row["share_ci_high"])) == pytest.approx((low, high))


def test_item_changes_agree_with_newcombe(analysed):
    _, out = analysed
    items = {(r["enhed"], r["maaling"], r["item"], r["answer"]): r for r in _rows(out / "items.csv")}
    z = NormalDist().inv_cdf(0.975)

    def wilson(x, n):
        centre, half = x + z * z / 2, z * math.sqrt(x * (n - x) / n + z * z / 4)
        return (centre - half) / (n + z * z), (centre + half) / (n + z * z)

    checked = 0
    for row in _rows(out / "item_changes.csv"):
        if row["suppressed"] == "true":
            continue
        before = items[(row["enhed"], row["from_wave"], row["item"], row["answer"])]
        after = items[(row["enhed"], row["to_wave"], row["item"], row["answer"])]
        x1, n1, x2, n2 = (int(before["count"]), int(before["n"]), int(after["count"]), int(after["n"]))
        p1, p2 = x1 / n1, x2 / n2
        (l1, u1), (l2, u2) = wilson(x1, n1), wilson(x2, n2)
        d = p2 - p1
        expected = (d, d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2), d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2))
        got = (float(row["diff"]), float(row["diff_ci_low"]), float(row["diff_ci_high"]))
        assert got == pytest.approx(expected, abs=1e-9)
        checked += 1
    assert checked > 50


def test_threshold_hides_small_units(tmp_path):
    frame = generate_evaluation_survey()
    frame.loc[frame.index[:3], "enhed"] = "Lille team"  # three respondents, all in 2019
    data = tmp_path / "svar.csv"
    write_responses(frame, data, INST)
    result = runner.invoke(app, ["analyze", str(data), "--instrument", "evaluering-medarbejdere", "--by", "enhed",
                                 "--min-n", "5", "--out", str(tmp_path / "res"), "--no-pdf", "--format", "json"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(tmp_path / "res" / "items.csv", dtype={"maaling": str})
    assert "Lille team" not in set(rows["enhed"])  # merged into «Øvrige (samlet)» by the disclosure rules
    shown = rows[~rows["suppressed"]]
    cells = shown.drop_duplicates(["enhed", "maaling"])
    assert (shown.loc[shown["answer"] == "answered", "n"] >= 5).all() and len(cells)
    records = json.loads(result.stdout[result.stdout.index("["):])
    assert {r["item"] for r in records} >= {"tid_dokumentation", "om_aar"}


def test_one_wave_gives_no_changes(tmp_path):
    frame = generate_evaluation_survey()
    frame = frame[frame["maaling"] == "2020"]
    data = tmp_path / "svar.csv"
    write_responses(frame, data, INST)
    result = runner.invoke(app, ["analyze", str(data), "--instrument", "evaluering-medarbejdere",
                                 "--out", str(tmp_path / "res"), "--no-pdf"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "res" / "items.csv").exists() and not (tmp_path / "res" / "item_changes.csv").exists()
    assert "kun én måling" in result.output


def test_too_few_answers_are_refused(tmp_path):
    frame = generate_evaluation_survey(respondents=(2, 2))
    data = tmp_path / "svar.csv"
    write_responses(frame, data, INST)
    result = runner.invoke(app, ["analyze", str(data), "--instrument", "evaluering-medarbejdere",
                                 "--out", str(tmp_path / "res"), "--no-pdf"])
    assert result.exit_code != 0 and "for få besvarelser" in result.output
    assert not (tmp_path / "res" / "items.csv").exists()


def test_out_of_range_answer_is_refused_in_danish(tmp_path):
    frame = generate_evaluation_survey()
    data = tmp_path / "svar.csv"
    write_responses(frame, data, INST)
    text = data.read_text(encoding="utf-8-sig").splitlines()
    header = text[0].split(",")
    cells = text[2].split(",")
    cells[header.index('"tid_dokumentation"')] = '"7"'
    text[2] = ",".join(cells)
    data.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(data), "--instrument", "evaluering-medarbejdere",
                                 "--out", str(tmp_path / "res"), "--no-pdf"])
    assert result.exit_code != 0
    assert "Række 3, kolonne tid_dokumentation: 7 er ikke en gyldig kode" in " ".join(result.output.split())
    assert not (tmp_path / "res").exists()
