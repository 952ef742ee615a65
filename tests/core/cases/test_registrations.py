"""Registrations: typed cells, CPR refusal, rules and case numbers with row/column; derived measures
checked against plain loops over dates."""

import datetime as dt

import holidays
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frisat.core.cases.registrations import (
    derive_measures,
    looks_like_cpr,
    parse_date,
    validate_registrations,
    working_days,
)
from frisat.core.cases.scheme import get_scheme
from frisat.core.errors import ValidationFailed
from tests.core.cases.helpers import raw, row

SCHEME = get_scheme("boernesager-frikommune")


def _problems(frame: pd.DataFrame) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        validate_registrations(frame, SCHEME, "sager.csv")
    assert "intet er indlæst" in str(info.value)
    return [str(p) for p in info.value.problems]


def test_valid_registrations_are_typed():
    frame = validate_registrations(raw(row(), row("S-2", "1 år inde i forsøget", "2020-03-01", "2020-04-08",
                                                  "2020-04-14", "0")), SCHEME, "sager.csv")
    assert frame["beslutning_dato"].tolist() == [pd.Timestamp(2020, 2, 3), pd.Timestamp(2020, 4, 8)]
    assert frame["periode"].tolist() == ["foer", "aar1"]
    assert frame["antal_aendringer"].tolist() == [1, 0]
    assert frame["kommune"].isna().all()  # optional column left out of the file


@pytest.mark.parametrize(("text", "expected"), [
    ("03-02-2020", dt.date(2020, 2, 3)), ("3.2.2020", dt.date(2020, 2, 3)), ("03/02/2020", dt.date(2020, 2, 3)),
    ("2020-02-03", dt.date(2020, 2, 3)), (dt.datetime(2020, 2, 3), dt.date(2020, 2, 3)),
])
def test_dates_in_danish_and_iso_form(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31-02-2020", "2020/02/03", "3 feb 2020", "03-02-20"])
def test_bad_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(1930, 1, 1), dt.date(2029, 12, 31)), st.integers(0, 9999), st.booleans())
def test_anything_shaped_like_a_cpr_number_is_refused(birthday, serial, dash):
    cpr = birthday.strftime("%d%m%y") + ("-" if dash else "") + f"{serial:04d}"
    assert looks_like_cpr(cpr)
    assert looks_like_cpr(f"Sag om {cpr}")
    problems = _problems(raw(row(case=cpr)))
    assert problems == [f"Række 2, kolonne sagsnummer: «{cpr}» ligner et CPR-nummer. Registreringer må ikke "
                        "indeholde personoplysninger — brug kommunens løbenummer for sagen"]


@pytest.mark.parametrize("case", ["S-2020-0017", "27.01.02-G01-12-20", "BS-000123", "1234", "12345678901"])
def test_case_numbers_that_are_not_cpr_numbers_pass(case):
    assert not looks_like_cpr(case)


def test_cell_errors_name_row_and_column_in_danish():
    frame = raw(row(), row("S-2", "aar9", "35-01-2020", "03-02-2020", "", "1,5"), row("S-3", "", "01-02-2020",
                                                                                        "03-02-2020", "", "-1"))
    assert _problems(frame) == [
        "Række 3, kolonne periode: «aar9» er ikke en af mulighederne: foer (Før forsøget), aar1 (1 år inde i "
        "forsøget), aar2 (2 år inde i forsøget)",
        "Række 3, kolonne henvendelse_dato: «35-01-2020» findes ikke i kalenderen",
        "Række 3, kolonne antal_aendringer: «1,5» skal være et helt tal",
        "Række 4, kolonne periode: «Periode» skal udfyldes",
        "Række 4, kolonne antal_aendringer: «-1» er mindre end 0",
    ]


def test_rule_between_fields_and_duplicate_case():
    frame = raw(row(), row("S-2", decision="20-02-2020", start="10-02-2020"), row())
    problems = _problems(frame)
    assert problems[0] == ("Række 3, kolonne indsats_dato: «Dato for beslutning i sagen» (20-02-2020) skal være "
                           "samme dag som eller før «Dato for iværksat foranstaltning eller indsats» (10-02-2020)")
    assert problems[1] == "Række 4, kolonne sagsnummer: Sagen «S-1» er allerede registreret i samme periode (række 2)"


def test_unknown_and_missing_columns_are_refused_on_the_header_row():
    frame = raw(row()).rename(columns={"antal_aendringer": "aendringer_ialt"})
    problems = _problems(frame)
    assert problems[0].startswith("Række 1: Kolonnen «aendringer_ialt» hører ikke til skemaet")
    assert problems[1] == "Række 1: Kolonnen «antal_aendringer» (Antal ændringer af foranstaltningen eller " \
                          "indsatsen undervejs) mangler"


def test_row_numbers_are_passed_through():
    with pytest.raises(ValidationFailed) as info:
        validate_registrations(raw(row(), row(case="010203-1234")), SCHEME, "x.csv", row_numbers=[2, 7])
    assert info.value.problems[0].row == 7


def working_days_loop(start: dt.date, end: dt.date) -> int:
    """Days after start up to and including end, Monday–Friday, not a Danish public holiday."""
    dk = holidays.country_holidays("DK", years=range(start.year - 1, end.year + 2))
    step = 1 if end >= start else -1
    count, day = 0, start
    while day != end:
        nxt = day + dt.timedelta(days=step)
        probe = nxt if step == 1 else day
        if probe.weekday() < 5 and probe not in dk:
            count += step
        day = nxt
    return count


def test_working_days_skip_easter_2020():
    # Wed 8 April 2020 → Tue 14 April: skærtorsdag, langfredag, weekend and 2. påskedag are not working days.
    start = pd.Series(pd.to_datetime(["2020-04-08", "2020-12-23", "2020-05-01"]))
    end = pd.Series(pd.to_datetime(["2020-04-14", "2021-01-04", None]))
    result = working_days(start, end)
    assert result.iloc[0] == 1
    assert result.iloc[1] == 6  # 24, 28, 29, 30, 31 December and 4 January (25/12 and 1/1 are holidays)
    assert result.iloc[1] == working_days_loop(dt.date(2020, 12, 23), dt.date(2021, 1, 4))
    assert np.isnan(result.iloc[2])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.dates(dt.date(2015, 1, 1), dt.date(2026, 12, 31)), st.integers(-40, 400)),
                min_size=1, max_size=20))
def test_working_days_equal_a_plain_loop_over_dates(pairs):
    starts = [a for a, _ in pairs]
    ends = [a + dt.timedelta(days=d) for a, d in pairs]
    got = working_days(pd.Series(pd.to_datetime(starts)), pd.Series(pd.to_datetime(ends)))
    assert got.tolist() == [working_days_loop(a, b) for a, b in zip(starts, ends, strict=True)]


def test_derived_measures_equal_plain_computation():
    frame = validate_registrations(raw(
        row("A", inquiry="01-02-2020", decision="03-02-2020", start="10-02-2020", contacts=("1", "0", "2", "1")),
        row("B", inquiry="2020-03-01", decision="2020-04-08", start="2020-04-14", contacts=("2", "1", "3", "1")),
        row("C", start="", contacts=("1", "0", "2", "1")),
    ), SCHEME, "x.csv")
    frame.loc[2, "kontakter_moede"] = pd.NA  # as if the field were optional
    m = derive_measures(frame, SCHEME)
    assert m["dage_beslutning_indsats"].tolist()[:2] == [7.0, 6.0]
    assert np.isnan(m["dage_beslutning_indsats"].iloc[2])
    assert m["dage_henvendelse_beslutning"].tolist() == [2.0, 38.0, 2.0]
    assert m["arbejdsdage_beslutning_indsats"].tolist()[:2] == [5.0, 1.0]
    assert m["kontakter_i_alt"].tolist()[:2] == [4.0, 7.0]
    assert np.isnan(m["kontakter_i_alt"].iloc[2])  # a blank part makes the sum missing
    assert m["aendringer"].tolist() == [1.0, 1.0, 1.0]
