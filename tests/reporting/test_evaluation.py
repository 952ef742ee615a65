"""The evaluation report (issue 14, item 7): data basis with counts and response rates, the survey
chapter, the case sections and the interview log; every number checked against a plain count."""

from __future__ import annotations

import datetime as dt

import pytest

from frisat.core.cases.periods import compare_periods
from frisat.core.cases.registrations import derive_measures, validate_registrations
from frisat.core.cases.scheme import get_scheme
from frisat.core.instrument import get_instrument
from frisat.core.results import compute
from frisat.demo.cases import generate_cases
from frisat.demo.evaluation_survey import INSTRUMENT_ID, generate_evaluation_survey
from frisat.reporting.cases.outputs import CaseReportInput
from frisat.reporting.evaluation import (
    EvaluationInput,
    InterviewLine,
    PeriodBasis,
    SurveyBasis,
    basis_context,
    build_evaluation_context,
    render_evaluation_report,
    write_evaluation_report,
)

INTERVIEWS = [InterviewLine("Ledere", 2019, "Interview", 6), InterviewLine("Ledere", 2020, "Interview", 5),
              InterviewLine("Forældre", 2019, "Interview", 4), InterviewLine("Forældre", 2020, "Interview", 10),
              InterviewLine("Socialrådgivere", 2019, "Fokusgruppeinterview", 16)]


@pytest.fixture(scope="module")
def cases() -> CaseReportInput:
    scheme = get_scheme()
    frame = validate_registrations(generate_cases().astype(object), scheme, "demo")
    comparison = compare_periods(frame, derive_measures(frame, scheme), scheme, n_boot=200)
    return CaseReportInput(comparison, scheme, frame, "demo")


def _input(**extra) -> EvaluationInput:
    return EvaluationInput(
        name="Frikommuneforsøget", municipality="Rebild", trial="Mindre dokumentation",
        surveys=[SurveyBasis("Runde 1", "2019", 56, 42), SurveyBasis("Runde 2", "2020", 59, 45)],
        periods=[PeriodBasis("Før forsøget", dt.date(2018, 3, 1), dt.date(2018, 8, 31), 75),
                 PeriodBasis("1 år inde", None, None, 75), PeriodBasis("2 år inde", None, None, 87)],
        interviews=INTERVIEWS, **extra)


def test_basis_counts_and_response_rates():
    basis = basis_context(_input())
    assert [s["rate"] for s in basis["surveys"]] == [f"{round(100 * a / i)} %" for i, a in ((56, 42), (59, 45))]
    assert basis["n_cases"] == str(75 + 75 + 87)
    assert basis["periods"][0]["dates"] == "01-03-2018 – 31-08-2018"
    # the interview table against a plain loop
    totals: dict[tuple[str, int], int] = {}
    for line in INTERVIEWS:
        totals[(line.informant_group, line.year)] = totals.get((line.informant_group, line.year), 0) + line.count
    assert basis["interview_years"] == [2019, 2020]
    for row in basis["interview_table"]:
        assert row["counts"] == [str(totals.get((row["group"], y), 0)) for y in (2019, 2020)]
    assert basis["interview_totals"] == [str(6 + 4 + 16), str(5 + 10)]
    assert basis["interview_total"] == str(sum(i.count for i in INTERVIEWS))
    text = " ".join(basis["sentences"])
    assert "42 svar af 56 inviterede (svarprocent 75 %)" in text
    assert "Registrering af 237 sager i 3 perioder" in text and "41 interviewpersoner" in text


def test_report_has_every_part(cases, tmp_path):
    instrument = get_instrument(INSTRUMENT_ID)
    bundle = compute(generate_evaluation_survey(), instrument)
    context = build_evaluation_context(_input(survey=bundle, cases=cases, demo_note="Syntetisk"))
    assert context["survey"]["enabled"] and context["cases"]["enabled"]
    html = render_evaluation_report(context)
    for text in ("Datagrundlag", "Spørgeskemaundersøgelsen: " + instrument.title, "Ændring mellem målingerne",
                 "Sagerne: " + cases.scheme.title, "Dage fra beslutning til iværksat indsats",
                 "Interviewpersoner fordelt på informantgruppe og år", "Demodata:", "Socialrådgivere"):
        assert text in html, text
    # every period row of the case tables states its n, as counted from the frame
    days = derive_measures(cases.frame, cases.scheme)["dage_beslutning_indsats"]
    for code in ("foer", "aar2"):
        n = int(((cases.frame["periode"] == code) & days.notna()).sum())
        assert f"n = {n})" in html
    written = write_evaluation_report(context, tmp_path)
    assert [p.name for p in written] == ["evaluering.html"]


def test_without_survey_and_cases():
    context = build_evaluation_context(EvaluationInput(name="Tom", municipality="Rebild"))
    assert not context["survey"]["enabled"] and not context["cases"]["enabled"]
    html = render_evaluation_report(context)
    assert "Der er ikke registreret interview." in html


def test_one_section_per_questionnaire_with_numbering_on_and_the_wave_method():
    import re

    from frisat.reporting.evaluation import INDEPENDENT_WAVES
    from frisat.reporting.language import for_code, use

    instrument = get_instrument(INSTRUMENT_ID)
    data = generate_evaluation_survey()
    both = compute(data, instrument)
    first = compute(data[data["maaling"].astype(str) == str(data["maaling"].iloc[0])], instrument)
    context = build_evaluation_context(_input(survey=both, survey_sections=[first, both]))
    sections = context["surveys"]
    assert [s["enabled"] for s in sections] == [True, True]
    first_numbers = [f.number for f in sections[0]["figures"]]
    second_numbers = [f.number for f in sections[1]["figures"]]
    assert first_numbers == list(range(1, len(first_numbers) + 1))
    assert second_numbers == list(range(len(first_numbers) + 1, len(first_numbers) + len(second_numbers) + 1))
    assert INDEPENDENT_WAVES in sections[1]["method"]  # two waves: the change is worded
    assert INDEPENDENT_WAVES not in sections[0]["method"]  # one wave: no change
    html = render_evaluation_report(context)
    assert html.count("Spørgeskemaundersøgelsen: " + instrument.title) == 2
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # no id twice
    with use(for_code("en")):
        english = build_evaluation_context(_input(survey=both))["surveys"][0]["method"]
    assert any(line.startswith("The change between two surveys is computed as if") for line in english)
