"""`frisat cases …` end to end: schemes, demo data, validate, analyze, sample."""

import csv
import json
import math
import statistics

from typer.testing import CliRunner

from frisat.cli.main import app

runner = CliRunner()
ENV = {"COLUMNS": "200"}


def _run(*args: str, code: int = 0):
    result = runner.invoke(app, ["cases", *args], env=ENV)
    assert result.exit_code == code, result.output
    return result


def _rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_schemes_lists_the_builtin_scheme():
    assert "boernesager-frikommune" in _run("schemes").output


def test_demo_validate_and_analyze_end_to_end(tmp_path):
    data = tmp_path / "sager.csv"
    _run("demo-data", "--out", str(data))
    assert "237 sager er i orden" in _run("validate", str(data)).output
    out = tmp_path / "resultater æøå"
    _run("analyze", str(data), "--out", str(out), "--by", "kommune", "--limit", "dage_beslutning_indsats=30",
         "--bootstrap", "500")
    names = {p.name for p in out.iterdir()}
    assert {"periods.csv", "period_changes.csv", "rapport.html", "rapport.pdf", "sager.xlsx", "figurer"} <= names
    assert (out / "rapport.pdf").read_bytes().startswith(b"%PDF")
    periods = _rows(out / "periods.csv")
    assert list(periods[0])[:12] == ["measure", "kommune", "period", "n", "mean", "sd", "median", "q1", "q3",
                                     "mean_ci_low", "mean_ci_high", "limit"]
    changes = _rows(out / "period_changes.csv")
    assert list(changes[0])[:10] == ["measure", "kommune", "from_period", "to_period", "diff_mean", "diff_ci_low",
                                     "diff_ci_high", "diff_median", "median_ci_low", "median_ci_high"]
    # Independent: the mean days from decision to intervention per kommune and period, from the input file.
    source = _rows(data)
    for row in periods:
        if row["measure"] != "dage_beslutning_indsats":
            continue
        days = [_days(r["beslutning_dato"], r["indsats_dato"]) for r in source
                if r["periode"] == row["period"] and r["kommune"] == row["kommune"] and r["indsats_dato"]]
        assert int(row["n"]) == len(days)
        assert math.isclose(float(row["mean"]), statistics.fmean(days), rel_tol=1e-9)
    html = (out / "rapport.html").read_text(encoding="utf-8")
    assert "Før forsøget" in html
    assert "Datagrundlag" in html and "B = 500" in html
    assert html.count("Demo Kommune Nord: Gennemsnittet faldt fra") >= 1  # the demo's fall, in words with n
    assert "(før forsøget, n = " in html


def _days(start: str, end: str) -> int:
    import datetime as dt

    parse = lambda s: dt.datetime.strptime(s, "%d-%m-%Y").date()  # noqa: E731
    return (parse(end) - parse(start)).days


def test_bad_file_is_refused_with_row_and_column_and_writes_nothing(tmp_path):
    data = tmp_path / "sager.csv"
    data.write_text("sagsnummer,periode,henvendelse_dato,beslutning_dato,indsats_dato,antal_aendringer,"
                    "kontakter_moede,kontakter_hjemmebesoeg,kontakter_telefon,kontakter_skriftlig\n"
                    "S-1,foer,01-02-2020,03-02-2020,01-02-2020,1,1,0,2,1\n", encoding="utf-8")
    out = tmp_path / "ud"
    result = _run("analyze", str(data), "--out", str(out), code=1)
    assert "Række 2, kolonne indsats_dato" in result.output and "intet er indlæst" in result.output
    assert not out.exists()
    assert "--limit" in _run("analyze", str(data), "--out", str(out), "--limit", "x=3", code=1).output


def test_sample_is_reproducible_and_recorded(tmp_path):
    candidates = tmp_path / "kandidater.txt"
    candidates.write_text("\n".join(f"S-{i}" for i in range(500)), encoding="utf-8")
    first = tmp_path / "stikproeve.csv"
    result = _run("sample", str(candidates), "--n", "75", "--seed", "17", "--out", str(first))
    record = json.loads((tmp_path / "stikproeve-kontrol.json").read_text(encoding="utf-8"))
    import hashlib

    assert record["sha256"] == hashlib.sha256(candidates.read_bytes()).hexdigest()
    assert (record["seed"], record["n"], record["population"]) == (17, 75, 500)
    assert record["sha256"] in result.output
    second = tmp_path / "igen.csv"
    _run("sample", str(candidates), "--n", "75", "--seed", "17", "--out", str(second))
    assert _rows(first) == _rows(second) and len(_rows(first)) == 75
    assert "kun 500" in _run("sample", str(candidates), "--n", "501", "--seed", "1", code=1).output


def test_analyze_in_english_keeps_the_csv_contract(tmp_path):
    import openpyxl

    data = tmp_path / "sager.csv"
    _run("demo-data", "--out", str(data))
    danish, english = tmp_path / "da", tmp_path / "en"
    for out, lang in ((danish, "da"), (english, "en")):
        _run("analyze", str(data), "--out", str(out), "--limit", "dage_beslutning_indsats=30", "--bootstrap", "200",
             "--no-pdf", "--lang", lang)
    for name in ("periods.csv", "period_changes.csv"):  # the contract: same columns, codes and numbers
        assert (danish / name).read_bytes() == (english / name).read_bytes()
    html = (english / "rapport.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    for text in ("Data basis", "Before the trial", "Days from decision to intervention started", "The mean fell from",
                 "About the numbers", "Box plot of days from decision to intervention started by period."):
        assert text in html, text
    assert "<h2>Datagrundlag" not in html and "Gennemsnittet" not in html  # the seed quote stays Danish
    book = openpyxl.load_workbook(english / "sager.xlsx")
    assert book.sheetnames == ["Periods", "Changes", "About the numbers"]
    headings = [c.value for c in book["Periods"][1]]
    assert headings[:3] == ["Measure", "Period", "Number of cases (n)"]
    assert openpyxl.load_workbook(danish / "sager.xlsx").sheetnames == ["Perioder", "Ændringer", "Om tallene"]
    assert _run("analyze", str(data), "--out", str(tmp_path / "x"), "--lang", "de", code=1)
