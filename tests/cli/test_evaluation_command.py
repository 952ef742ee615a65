"""``frisat evaluation report`` from files: the survey's waves, the cases' periods and the interview
log in one report; a broken interview file is refused with row and column. (Runs the command's own
Typer app; the lead mounts it as ``frisat evaluation``.)"""

from __future__ import annotations

from typer.testing import CliRunner

from frisat.cli.evaluation_command import app
from frisat.core.instrument import get_instrument
from frisat.demo.cases import generate_cases
from frisat.demo.evaluation_survey import INSTRUMENT_ID, generate_evaluation_survey
from frisat.io import write_responses

runner = CliRunner()


def _files(tmp_path):
    survey = tmp_path / "svar.csv"
    write_responses(generate_evaluation_survey(), survey, get_instrument(INSTRUMENT_ID))
    cases = tmp_path / "sager.csv"
    generate_cases().to_csv(cases, sep=";", index=False)
    interviews = tmp_path / "interview.csv"
    interviews.write_text("informantgruppe;aar;type;antal\nLedere;2019;interview;6\nLedere;2020;interview;5\n"
                          "Socialrådgivere;2019;fokusgruppe;16\n", encoding="utf-8")
    return survey, cases, interviews


def test_report_from_files(tmp_path):
    survey, cases, interviews = _files(tmp_path)
    out = tmp_path / "rapport"
    result = runner.invoke(app, ["report", "--name", "Frikommuneforsøget", "--kommune", "Demokommune",
                                 "--survey", str(survey), "--invited", "2019=56", "--invited", "2020=59",
                                 "--cases", str(cases), "--interviews", str(interviews), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "evaluering.html").read_text(encoding="utf-8")
    for text in ("2019: 42 svar af 56 inviterede (svarprocent 75 %)", "2020: 45 svar af 59 inviterede",
                 "Registrering af 237 sager i 3 perioder", "Interview og fokusgruppeinterview med 27 interviewpersoner",
                 "Ændring mellem målingerne", "Dage fra beslutning til iværksat indsats"):
        assert text in html, text


def test_broken_interview_file_is_refused(tmp_path):
    bad = tmp_path / "interview.csv"
    bad.write_text("informantgruppe;aar;antal\nLedere;19;6\nBørn;2020;nul\n", encoding="utf-8")
    result = runner.invoke(app, ["report", "--name", "X", "--interviews", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "Række 2, kolonne aar: «19» er ikke et årstal" in text
    assert "Række 3, kolonne antal: «nul» er ikke et antal" in text
    assert not (tmp_path / "o").exists()


def test_report_in_english(tmp_path):
    survey, cases, interviews = _files(tmp_path)
    out = tmp_path / "report"
    result = runner.invoke(app, ["report", "--name", "Trial", "--survey", str(survey), "--invited", "2019=56",
                                 "--cases", str(cases), "--interviews", str(interviews), "--out", str(out),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    html = (out / "evaluering.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    for text in ("Data basis", "Response rate", "Registered cases by period", "Interviews and focus groups",
                 "Before the trial", "Interviewees by informant group and year (27 in total)", "42 responses"):
        assert text in html, text
    for text in ("Datagrundlag", "Svarprocent", "Før forsøget", "Læs med forsigtighed"):
        assert text not in html, text
