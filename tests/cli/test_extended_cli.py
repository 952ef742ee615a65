"""`frisat analyze` with the extended analysis, end to end on demo data with two waves, two respondent
groups, a split design and the points question (issue 4)."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from frisat.cli.main import app

runner = CliRunner()
TABLE_FILES = ["derived_importance.csv", "relative_importance.csv", "points.csv", "group_differences.csv",
               "changes.csv", "trend.csv", "followup.csv"]


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "demo.csv"
    made = run("demo-data", "--out", str(path), "--respondents", "500", "--waves", "2", "--design", "halvdel",
               "--instrument", "vive-frisaettelse-point", "--seed", "3")
    assert made.exit_code == 0, made.output
    return path


def analyze(demo_csv, out, *options: str):
    return run("analyze", str(demo_csv), "--instrument", "vive-frisaettelse-point", "--by", "omraade", "--out",
               str(out), "--no-pdf", *options)


def test_every_extended_file_and_the_unchanged_json_contract(demo_csv, tmp_path):
    out = tmp_path / "res"
    done = analyze(demo_csv, out, "--format", "json")
    assert done.exit_code == 0, done.output
    for name in ["summary.csv", "summary.json", "analysis.json", *TABLE_FILES, "resultater.xlsx", "rapport.html"]:
        assert (out / name).stat().st_size > 0, name
    printed = json.loads(done.stdout)
    assert printed == json.loads((out / "summary.json").read_text(encoding="utf-8"))  # --format json: the summary
    assert isinstance(printed, list) and list(printed[0])[:2] == ["omraade", "spor"]
    doc = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert doc["summary"] == printed and doc["design"]["design"] == "halvdel"
    assert doc["waves"] == ["1", "2"] and doc["groups"] == ["leder", "medarbejder"]
    changes = pd.read_csv(out / "changes.csv", dtype={"wave_from": str, "wave_to": str})
    assert set(zip(changes["wave_from"], changes["wave_to"], strict=True)) == {("1", "2")}
    assert changes["paired_units"].max() > 0
    differences = pd.read_csv(out / "group_differences.csv")
    assert set(differences["group"]) == {"leder"} and set(differences["reference"]) == {"medarbejder"}
    html = (out / "rapport.html").read_text(encoding="utf-8")
    assert "Delt design, hvor hver respondent har fået én dimension" in html and "Udvikling over tid" in html
    assert "2 målinger" in done.stderr  # the note that the main tables pool the waves


def test_no_extended_switches_it_all_off(demo_csv, tmp_path):
    out = tmp_path / "off"
    done = analyze(demo_csv, out, "--no-extended")
    assert done.exit_code == 0, done.output
    assert not any((out / name).exists() for name in TABLE_FILES)
    doc = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert doc["extended"] is False and doc["changes"] is None
    assert "Ud over pilotmetoden" not in (out / "rapport.html").read_text(encoding="utf-8")


def test_wave_order_reference_and_bootstrap_options(demo_csv, tmp_path):
    out = tmp_path / "opts"
    done = analyze(demo_csv, out, "--waves", "2,1", "--reference", "leder", "--ci-method", "bootstrap",
                   "--bootstrap-samples", "150", "--seed", "5")
    assert done.exit_code == 0, done.output
    changes = pd.read_csv(out / "changes.csv", dtype={"wave_from": str, "wave_to": str})
    assert set(zip(changes["wave_from"], changes["wave_to"], strict=True)) == {("2", "1")}
    differences = pd.read_csv(out / "group_differences.csv")
    assert set(differences["reference"]) == {"leder"}
    doc = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert doc["settings"]["bootstrap_samples"] == 150 and doc["settings"]["ci_method"] == "bootstrap"


def test_one_wave_leaves_out_the_change_files_and_says_why(tmp_path):
    data = tmp_path / "one.csv"
    assert run("demo-data", "--out", str(data), "--seed", "2").exit_code == 0
    out = tmp_path / "r"
    done = run("analyze", str(data), "--by", "omraade", "--out", str(out), "--no-pdf")
    assert done.exit_code == 0, done.output
    assert not (out / "changes.csv").exists() and not (out / "trend.csv").exists()
    assert not (out / "group_differences.csv").exists() and not (out / "points.csv").exists()
    # followup.csv: the pilot demo's units (3–4 respondents) may not be named (the results pages' rule)
    assert (out / "derived_importance.csv").exists() and not (out / "followup.csv").exists()
    assert "kun én måling" in done.stderr and "kun én gruppe" in done.stderr


@pytest.mark.parametrize("options,message", [
    (["--waves", "1,9"], "Målingen «9» findes ikke"),
    (["--waves", "1"], "mindst to målinger"),
    (["--compare", "farve"], "«farve» kan ikke bruges som kolonne for respondentgrupper"),
    (["--reference", "borgmester"], "Referencegruppen «borgmester» findes ikke"),
    (["--bootstrap-samples", "5"], "bootstrap-stikprøver"),
])
def test_bad_options_are_refused_and_nothing_is_written(demo_csv, tmp_path, options, message):
    out = tmp_path / "x"
    done = analyze(demo_csv, out, *options)
    assert done.exit_code == 1 and message in done.output
    assert not out.exists()
