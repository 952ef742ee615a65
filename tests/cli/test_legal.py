"""``frisat legal`` end to end: demo data → import → analyze → agenda → explain."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from frisat.cli.main import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["legal", *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("legal")
    result = run("demo-data", "--out", str(folder / "demo.csv"), "--covariates", str(folder / "cov.csv"),
                 "--first-year", "2019", "--last-year", "2022")
    assert result.exit_code == 0, result.output
    return folder


def test_demo_data_is_deterministic_and_covers_the_98_municipalities(demo, tmp_path):
    again = tmp_path / "again.csv"
    assert run("demo-data", "--out", str(again), "--first-year", "2019", "--last-year", "2022").exit_code == 0
    assert again.read_bytes() == (demo / "demo.csv").read_bytes()
    frame = pd.read_csv(again, sep=";", decimal=",", encoding="utf-8-sig")
    assert frame["Instans"].nunique() == 98
    assert "SYNTETISKE" in run("demo-data", "--out", str(tmp_path / "x.csv"), "--first-year", "2019",
                               "--last-year", "2019").output


def test_import_writes_a_snapshot_and_never_overwrites_silently(demo, tmp_path):
    target = tmp_path / "snap.json"
    result = run("import", str(demo / "demo.csv"), "--source", "Syntetiske demodata", "--out", str(target))
    assert result.exit_code == 0, result.output
    body = json.loads(target.read_text(encoding="utf-8"))
    assert body["source"] == "Syntetiske demodata" and len(body["sha256"]) == 64
    before = target.read_bytes()
    again = run("import", str(demo / "demo.csv"), "--source", "ny", "--out", str(target))
    assert again.exit_code == 1 and "findes allerede" in again.output and target.read_bytes() == before
    assert run("import", str(demo / "demo.csv"), "--source", "ny", "--out", str(target), "--force").exit_code == 0


def test_a_bad_file_is_refused_with_row_and_column(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes("Instans;Sagsemne;Aar;Kvartal;Antal_sager_ialt;Afvisning.Henvisning;Stadfæstelse;"
                    "Ændring.Ophævelse;Hjemvisning\nÅrhus;Serviceloven;2023;1;3;0;1;1;0\n".encode("cp1252"))
    result = run("import", str(bad), "--source", "x", "--out", str(tmp_path / "s.json"))
    assert result.exit_code == 1
    assert "Række 2" in result.output and "Mente du «Aarhus»?" in result.output
    assert "Delene" in result.output and not (tmp_path / "s.json").exists()


def test_analyze_writes_the_contract(demo, tmp_path):
    out = tmp_path / "res"
    result = run("analyze", str(demo / "demo.csv"), "--source", "Syntetiske demodata", "--kommune", "Rebild",
                 "--compare", "Mariagerfjord,Vesthimmerlands", "--year", "shifted", "--out", str(out), "--no-pdf")
    assert result.exit_code == 0, result.output
    rates = pd.read_csv(out / "rates.csv")
    assert list(rates.columns)[:11] == ["kommune", "lovomraade", "aar", "realitetsbehandlede", "omgjort", "rate",
                                        "ci_low", "ci_high", "national_rate", "funnel_position", "few_cases"]
    assert set(rates["kommune"]) == {"Rebild"} and "Alle lovområder" in set(rates["lovomraade"])
    assert set(rates["aar"]) == {2019, 2020, 2021, 2022}
    assert set(rates["funnel_position"]) <= {"under", "inden", "over"}
    html = (out / "rapport.html").read_text(encoding="utf-8")
    assert "Kun påklagede afgørelser tælles med" in html and "SYNTETISKE DEMODATA" in html
    assert rates["snapshot_sha256"].iloc[0][:16] in html
    assert (out / "omgoerelser.xlsx").exists()
    assert json.loads((out / "datagrundlag.json").read_text())["settings"]["year"] == "shifted"


def test_analyze_for_one_law_area_and_unknown_names(demo, tmp_path):
    result = run("analyze", str(demo / "demo.csv"), "--omraade", "børnehandicap", "--out", str(tmp_path), "--no-pdf",
                 "--exclude-few", "--min-cases", "10")
    assert result.exit_code == 0, result.output
    rates = pd.read_csv(tmp_path / "rates.csv")
    assert set(rates["lovomraade"]) == {"Børnehandicap"} and not rates["few_cases"].any()
    assert rates["kommune"].nunique() > 50
    wrong = run("analyze", str(demo / "demo.csv"), "--kommune", "Rebbild", "--out", str(tmp_path))
    assert wrong.exit_code == 1 and "Mente du «Rebild»?" in wrong.output


def test_agenda_and_explain(demo, tmp_path):
    result = run("agenda", str(demo / "demo.csv"), "--kommune", "Rebild", "--compare", "Aalborg",
                 "--out", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a" / "dagsordenspunkt.pdf").read_bytes()[:4] == b"%PDF"
    html = (tmp_path / "a" / "dagsordenspunkt.html").read_text(encoding="utf-8")
    assert "Danmarkskortet" in html and "handleplan" in html
    result = run("explain", str(demo / "demo.csv"), "--covariates", str(demo / "cov.csv"), "--out", str(tmp_path / "e"))
    assert result.exit_code == 0, result.output
    table = pd.read_csv(tmp_path / "e" / "regression.csv")
    assert list(table["variabel"]) == ["budgetoverskridelse_forrige_aar", "socioekonomisk_indeks"]
    assert table["n"].iloc[0] > 300
    assert "procentpoint" in result.output


def test_snapshot_json_beside_rates_and_the_snapshot_printed(demo, tmp_path):
    snapshot = tmp_path / "snap.json"
    assert run("import", str(demo / "demo.csv"), "--source", "Syntetiske demodata", "--out", str(snapshot)
               ).exit_code == 0
    stored = json.loads(snapshot.read_text(encoding="utf-8"))
    result = run("analyze", str(snapshot), "--kommune", "Rebild", "--out", str(tmp_path / "r"), "--no-pdf")
    assert result.exit_code == 0, result.output
    ref = json.loads((tmp_path / "r" / "snapshot.json").read_text(encoding="utf-8"))
    assert ref["sha256"] == stored["sha256"] == pd.read_csv(tmp_path / "r" / "rates.csv")["snapshot_sha256"].iloc[0]
    assert {k: ref[k] for k in ("source", "file_name", "imported_at")} == {
        k: stored[k] for k in ("source", "file_name", "imported_at")}
    assert ref["row_count"] == len(stored["rows"]) > 0 and ref["format"] == "frisat-legal-snapshot-ref"
    output = " ".join(result.output.split())
    assert stored["sha256"] in output and stored["imported_at"] in output and "Syntetiske demodata" in output
    agenda = run("agenda", str(snapshot), "--kommune", "Rebild", "--out", str(tmp_path / "a"))
    assert stored["sha256"] in " ".join(agenda.output.split())


def test_english_report_and_agenda_with_the_same_rates_csv(demo, tmp_path):
    common = [str(demo / "demo.csv"), "--source", "Syntetiske demodata", "--kommune", "Rebild", "--no-pdf"]
    assert run("analyze", *common, "--out", str(tmp_path / "da")).exit_code == 0
    result = run("analyze", *common, "--lang", "en", "--out", str(tmp_path / "en"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "da" / "rates.csv").read_bytes() == (tmp_path / "en" / "rates.csv").read_bytes()
    html = (tmp_path / "en" / "rapport.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Funnel plot" in html and "Reversal rate" in html
    assert "Procentandelene dækker nemlig kun" in html and "in English: The percentages only cover" in html
    agenda = run("agenda", str(demo / "demo.csv"), "--kommune", "Rebild", "--lang", "en", "--out", str(tmp_path / "a"))
    assert agenda.exit_code == 0, agenda.output
    page = (tmp_path / "a" / "dagsordenspunkt.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Danmarkskortet" in page and "Kommunalbestyrelsen drøfter" not in page
    assert run("analyze", *common, "--lang", "de", "--out", str(tmp_path / "x")).exit_code == 2
