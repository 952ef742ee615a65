"""``frisat evaluation report``: the evaluation report (issue 14, item 7) from files — a survey in
waves, case registrations and an interview log — written by :mod:`frisat.reporting.evaluation`."""

from __future__ import annotations

from pathlib import Path

import typer

from frisat.cli.console import LANG_HELP, err, report_language, step, user_errors
from frisat.core.errors import FrisatError

app = typer.Typer(help="Evalueringer: rapporten med datagrundlag, spørgeskema, sager og interview.",
                  no_args_is_help=True)


@app.callback()
def evaluation() -> None:
    """Evalueringer: rapporten med datagrundlag, spørgeskema, sager og interview."""


def _invited(values: list[str]) -> dict[str, int]:
    invited = {}
    for value in values:
        wave, _, number = value.partition("=")
        if not number.strip().isdigit():
            raise FrisatError(f"--invited «{value}»: skriv MÅLING=ANTAL, fx 2019=56")
        invited[wave.strip()] = int(number)
    return invited


@app.command("report")
@user_errors
def report_command(
    name: str = typer.Option(..., "--name", help="Evalueringens navn (rapportens titel)."),
    out: Path = typer.Option(..., "--out", help="Mappe til evaluering.html (og .pdf)."),
    kommune: str = typer.Option("", "--kommune", help="Kommunens navn."),
    trial: str = typer.Option("", "--trial", help="Forsøget eller ændringen, der evalueres."),
    survey: Path | None = typer.Option(None, "--survey", help="Besvarelser (kanonisk format) med kolonnen maaling."),
    instrument: str = typer.Option("evaluering-medarbejdere", "--instrument", help="Spørgeskemaets id."),
    invited: list[str] = typer.Option([], "--invited", help="Inviterede pr. måling, fx --invited 2019=56."),
    min_n: int = typer.Option(5, "--min-n", min=1, help="Anonymitetsgrænsen k."),
    cases: Path | None = typer.Option(None, "--cases", help="Sagsregistreringer (CSV/XLSX) efter skemaet."),
    scheme: str = typer.Option("boernesager-frikommune", "--scheme", help="Registreringsskemaets id eller sti."),
    interviews: Path | None = typer.Option(None, "--interviews",
                                           help="Interviewlog (CSV/XLSX): informantgruppe, aar, type, antal."),
    pdf: bool = typer.Option(False, "--pdf/--no-pdf", help="Skriv også evaluering.pdf."),
    lang: str = typer.Option("da", "--lang", help=LANG_HELP),
) -> None:
    """Skriv evalueringsrapporten (datagrundlag, spørgeskema pr. måling, sager pr. periode, interviewlog)."""
    from frisat.reporting.evaluation import (
        EvaluationInput,
        PeriodBasis,
        SurveyBasis,
        build_evaluation_context,
        write_evaluation_report,
    )
    from frisat.reporting.language import use

    language = report_language(lang)
    data = EvaluationInput(name=name, municipality=kommune, trial=trial)
    counts = _invited(invited)
    if survey is not None:
        from frisat.core.analysis import AnalysisConfig
        from frisat.core.disclosure_policy import DisclosurePolicy
        from frisat.core.instrument import get_instrument
        from frisat.core.results import compute
        from frisat.core.waves import wave_order
        from frisat.io import read_responses

        inst = get_instrument(instrument)
        with step(f"Indlæser {survey}"):
            frame = read_responses(survey, inst).frame
        with step("Analyserer spørgeskemaet spørgsmål for spørgsmål"):
            data.survey = compute(frame, inst, config=AnalysisConfig(min_n=min_n), policy=DisclosurePolicy(k=min_n))
        waves = frame["maaling"].astype(str) if "maaling" in frame else None
        order = wave_order(waves.unique().tolist()) if waves is not None else []
        data.surveys = [SurveyBasis(inst.title, w, counts.get(w, 0), int((waves == w).sum())) for w in order]
    if cases is not None:
        from frisat.core.cases.periods import compare_periods
        from frisat.core.cases.registrations import derive_measures
        from frisat.core.cases.scheme import get_scheme
        from frisat.io.cases import read_registrations
        from frisat.reporting.cases.outputs import CaseReportInput

        scheme_obj = get_scheme(scheme)
        with step(f"Indlæser {cases}"):
            case_frame = read_registrations(cases, scheme_obj)
        comparison = compare_periods(case_frame, derive_measures(case_frame, scheme_obj), scheme_obj)
        data.cases = CaseReportInput(comparison, scheme_obj, case_frame, str(cases))
        period_values = case_frame[scheme_obj.period_field].astype(object)
        data.periods = [PeriodBasis(p.label, None, None, int((period_values == p.code).sum()))
                        for p in scheme_obj.periods()]
    if interviews is not None:
        from frisat.reporting.evaluation_files import read_interviews

        data.interviews = read_interviews(interviews)
    with step(f"Skriver rapporten i {out}"), use(language):
        written = write_evaluation_report(build_evaluation_context(data), out, pdf=pdf)
    err.print("Skrevet: " + ", ".join(p.name for p in written), highlight=False)
