"""The analysis commands end to end through the real `frisat` entry point (typer's CliRunner)."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from frisat.cli.main import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "demo.csv"
    result = run("demo-data", "--out", str(path), "--seed", "3")
    assert result.exit_code == 0, result.output
    return path


def test_demo_data_is_deterministic_and_pilot_shaped(demo_csv, tmp_path):
    again = tmp_path / "again.csv"
    assert run("demo-data", "--out", str(again), "--seed", "3").exit_code == 0
    assert again.read_bytes() == demo_csv.read_bytes()
    frame = pd.read_csv(demo_csv, dtype=str)
    assert set(frame["omraade"]) == {"dagtilbud", "skole", "aeldre"}
    assert frame["respondent_id"].str.startswith("DEMO-").all()


def test_analyze_writes_every_output_and_json_matches(demo_csv, tmp_path):
    out = tmp_path / "res"
    result = run("analyze", str(demo_csv), "--by", "omraade", "--out", str(out), "--format", "json", "--no-pdf")
    assert result.exit_code == 0, result.output
    for name in ("summary.csv", "summary.json", "respondents.csv", "resultater.xlsx", "rapport.html"):
        assert (out / name).stat().st_size > 0, name
    stdout_json = json.loads(result.stdout)
    assert stdout_json == json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {r["spor"] for r in stdout_json} == {"regler", "maal", "dok", "tillid", "innov"}
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary.columns[:4]) == ["omraade", "spor", "n", "impl_n"]
    assert len(summary) == 15
    respondents = pd.read_csv(out / "respondents.csv")
    assert list(respondents.columns) == ["respondent_id", "omraade", "spor", "impl_index", "vigt_index",
                                         "quadrant_absolute", "quadrant_relative", "outlier", "suppressed"]
    assert set(respondents["quadrant_absolute"].dropna()) <= {"lav_prioritet", "overimplementering",
                                                               "fortsaet", "fokus"}


def test_analyze_suppresses_small_groups_in_json(demo_csv, tmp_path):
    result = run("analyze", str(demo_csv), "--by", "enhed", "--out", str(tmp_path / "r"), "--format", "json",
                 "--no-pdf", "--min-n", "8")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    # the results pages' rule (frisat.core.results.compute): units below 8 (and those that would reveal
    # them) are merged into «Øvrige (samlet)»; no unit below 8 is shown on its own
    assert any(r["enhed"] == "Øvrige (samlet)" for r in records), "a unit of the pilot demo has fewer than 8"
    assert all(r["n"] is None or r["n"] >= 8 for r in records)
    for record in [r for r in records if r["suppressed"]]:
        assert all(v is None for k, v in record.items() if k not in ("enhed", "spor", "suppressed"))


def test_analyze_refuses_a_bad_file_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("respondent_id;regler_impl_a;regler_imp_b\nr1;11;3\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("analyze", str(bad), "--out", str(out))
    assert result.exit_code == 1
    assert "Række 2, kolonne regler_impl_a" in result.output
    assert "regler_imp_b" in result.output and "intet er indlæst" in result.output
    assert not out.exists()


def test_analyze_refuses_unknown_grouping(demo_csv, tmp_path):
    result = run("analyze", str(demo_csv), "--by", "farve", "--out", str(tmp_path / "x"))
    assert result.exit_code == 1 and "Kan ikke gruppere efter «farve»" in result.output


def test_instrument_commands(tmp_path):
    listed = run("instrument", "list")
    assert listed.exit_code == 0 and "vive-frisaettelse" in listed.output
    shown = run("instrument", "show", "vive-frisaettelse")
    assert shown.exit_code == 0
    assert "Arbejdet med en tillidsbaseret kultur" in shown.output and "(tillid_vigt_b)" in shown.output
    template = tmp_path / "skabelon.xlsx"
    made = run("instrument", "template", "vive-frisaettelse", "--out", str(template))
    assert made.exit_code == 0 and template.exists()
    import openpyxl

    workbook = openpyxl.load_workbook(template)
    assert {"Data", "Kodebog"} <= set(workbook.sheetnames)
    header = [c.value for c in workbook["Data"][1]]
    assert header[:2] == ["respondent_id", "kommune"] and "innov_kommentar" in header
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ntitle: X\nscales: {}\nsections: []\n", encoding="utf-8")
    checked = run("instrument", "check", str(broken))
    assert checked.exit_code == 1 and "broken.yaml" in checked.output and "sections" in checked.output
