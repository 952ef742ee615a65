"""`frisat analyze --confidence/--ci-method/--seed` end to end (issue 4, uncertainty)."""

import json

import pytest
from typer.testing import CliRunner

from frisat.cli.main import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "demo.csv"
    assert run("demo-data", "--out", str(path), "--seed", "3").exit_code == 0
    return path


def analyze_json(demo_csv, out, *options: str) -> list[dict]:
    result = run("analyze", str(demo_csv), "--by", "omraade", "--out", str(out), "--format", "json", "--no-pdf",
                 *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_bootstrap_with_a_seed_is_reproducible(demo_csv, tmp_path):
    first = analyze_json(demo_csv, tmp_path / "a", "--ci-method", "bootstrap", "--seed", "11")
    again = analyze_json(demo_csv, tmp_path / "b", "--ci-method", "bootstrap", "--seed", "11")
    assert first == again
    assert list(first[0])[-6:] == ["suppressed", "impl_ci_low", "impl_ci_high", "vigt_ci_low", "vigt_ci_high",
                                   "quadrant_certain"]
    t = analyze_json(demo_csv, tmp_path / "c")
    assert [r["impl_ci_low"] for r in t] != [r["impl_ci_low"] for r in first]


def test_a_lower_confidence_gives_narrower_intervals(demo_csv, tmp_path):
    wide = analyze_json(demo_csv, tmp_path / "w")
    narrow = analyze_json(demo_csv, tmp_path / "n", "--confidence", "0.8")
    for w, n in zip(wide, narrow, strict=True):
        if w["impl_ci_low"] is not None:
            assert w["impl_ci_low"] < n["impl_ci_low"] < n["impl_ci_high"] < w["impl_ci_high"]


def test_bad_confidence_is_refused_before_reading(demo_csv, tmp_path):
    out = tmp_path / "x"
    result = run("analyze", str(demo_csv), "--confidence", "95", "--out", str(out))
    assert result.exit_code == 1 and "Konfidensniveauet" in result.output
    assert not out.exists()
