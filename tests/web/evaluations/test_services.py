"""Saving and importing cases: validated once by the scheme, history rows, all-or-nothing import."""

from __future__ import annotations

import pytest

from frisat.core.errors import ValidationFailed
from frisat.web.evaluations import selectors, services
from frisat.web.evaluations.models import Case, CaseChange

from .conftest import case_data

HEADER = ("sagsnummer;periode;henvendelse_dato;beslutning_dato;indsats_dato;antal_aendringer;kontakter_moede;"
          "kontakter_hjemmebesoeg;kontakter_telefon;kontakter_skriftlig")


def _foer(evaluation):
    return evaluation.periods.get(code="foer").registration


def test_evaluation_gets_the_schemes_periods(evaluation):
    assert [p.code for p in evaluation.periods.all()] == ["foer", "aar1", "aar2"]
    assert all(p.registration for p in evaluation.periods.all())
    assert str(evaluation.periods.get(code="foer").starts_on) == "2018-03-01"


def test_save_case_stores_canonical_text_and_history(evaluation, admin_user):
    case = services.save_case(_foer(evaluation), case_data(henvendelse_dato="1.3.2018"), admin_user)
    assert case.values["henvendelse_dato"] == "01-03-2018"
    assert case.values["periode"] == "foer"
    services.save_case(_foer(evaluation), case_data(antal_aendringer="3"), admin_user, case)
    history = list(CaseChange.objects.filter(case=case).order_by("pk"))
    assert [h.action for h in history] == ["oprettet", "aendret"]
    assert history[1].changes == {"antal_aendringer": ["1", "3"]}
    assert history[1].user == admin_user


def test_unchanged_save_adds_no_history(evaluation, admin_user):
    case = services.save_case(_foer(evaluation), case_data(), admin_user)
    services.save_case(_foer(evaluation), case_data(), admin_user, case)
    assert case.changes.count() == 1


@pytest.mark.parametrize(("field", "value", "words"), [
    ("sagsnummer", "010203-1234", "CPR"),
    ("indsats_dato", "01-03-2018", "Dato for beslutning i sagen"),  # decision after intervention: the rule
    ("beslutning_dato", "31-02-2018", "findes ikke i kalenderen"),
    ("antal_aendringer", "-1", "mindre end 0"),
    ("henvendelse_dato", "", "skal udfyldes"),
])
def test_scheme_rules_give_field_errors(evaluation, admin_user, field, value, words):
    with pytest.raises(ValidationFailed) as info:
        services.save_case(_foer(evaluation), case_data(**{field: value}), admin_user)
    problems = info.value.problems
    assert any(words in p.message for p in problems), problems
    assert any(p.column == field for p in problems), problems
    assert not Case.objects.exists()


def test_same_case_number_twice_in_a_period_is_refused(evaluation, admin_user):
    services.save_case(_foer(evaluation), case_data(), admin_user)
    with pytest.raises(ValidationFailed) as info:
        services.save_case(_foer(evaluation), case_data(), admin_user)
    assert info.value.problems[0].column == "sagsnummer"


def test_import_all_or_nothing(evaluation, admin_user, tmp_path):
    good = "S-1;foer;01-03-2018;12-03-2018;15-04-2018;1;2;1;4;3"
    bad = "S-2;aar1;01-03-2019;12-03-2019;01-03-2019;1;2;1;4;3"  # intervention before decision
    path = tmp_path / "sager.csv"
    path.write_text("\n".join([HEADER, good, bad]) + "\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        services.import_cases(evaluation, path, admin_user)
    text = " ".join(str(p) for p in info.value.problems)
    assert "Række 3" in text and "indsats_dato" in text
    assert not Case.objects.exists()
    path.write_text("\n".join([HEADER, good, bad.replace(";01-03-2019;1;", ";20-03-2019;1;")]) + "\n",
                    encoding="utf-8")
    assert services.import_cases(evaluation, path, admin_user) == 2
    assert Case.objects.count() == 2
    assert set(CaseChange.objects.values_list("action", flat=True)) == {"importeret"}
    with pytest.raises(ValidationFailed) as info:  # the same file again: both rows already there
        services.import_cases(evaluation, path, admin_user)
    assert [p.row for p in info.value.problems] == [2, 3]
    assert Case.objects.count() == 2


def test_import_only_into_the_registrars_periods(evaluation, admin_user, tmp_path):
    path = tmp_path / "sager.csv"
    path.write_text(HEADER + "\nS-1;aar1;01-03-2019;12-03-2019;15-04-2019;1;2;1;4;3\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        services.import_cases(evaluation, path, admin_user, allowed_periods=["foer"])
    assert info.value.problems[0].column == "periode"
    assert not Case.objects.exists()


def test_cases_frame_round_trips_through_the_scheme(evaluation, admin_user):
    services.save_case(_foer(evaluation), case_data("A"), admin_user)
    services.save_case(_foer(evaluation), case_data("B", indsats_dato=""), admin_user)
    frame = selectors.cases_frame(evaluation)
    assert list(frame["sagsnummer"]) == ["A", "B"]
    days = (frame["indsats_dato"] - frame["beslutning_dato"]).dt.days
    assert days.iloc[0] == 34 and days.isna().iloc[1]  # 12-03 → 15-04 is 34 days (a plain count)
