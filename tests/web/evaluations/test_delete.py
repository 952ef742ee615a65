"""Deleting in the web: an evaluation by the kommune's administrators (a confirmation page naming
what goes; linked survey rounds are only unlinked), a case by its registrar or an administrator
(confirmation; the period's log keeps who and when). GET never deletes; another kommune gets 404."""

from __future__ import annotations

from django.urls import reverse
from django.utils.timezone import localtime

from frisat.web.evaluations import services
from frisat.web.evaluations.models import (
    Case,
    CaseChange,
    DeletedCase,
    Evaluation,
    Interview,
    Period,
    RegistrationRound,
)
from frisat.web.rounds.models import Round

from ..helpers import make_round
from .conftest import case_data


def _reg(evaluation, code="foer"):
    return evaluation.periods.get(code=code).registration


def _filled(evaluation, admin_user):
    services.save_case(_reg(evaluation), case_data("S-001"), admin_user)
    services.save_case(_reg(evaluation, "aar1"), case_data("S-002"), admin_user)
    Interview.objects.create(evaluation=evaluation, informant_group="Ledere", year=2019, count=4)
    survey = make_round(evaluation.municipality, name="Medarbejdere 2019")
    evaluation.rounds.add(survey)
    return survey


def test_evaluation_delete_confirms_then_deletes_and_only_unlinks_rounds(client, evaluation, admin_user):
    survey = _filled(evaluation, admin_user)
    other = services.create_evaluation(municipality=evaluation.municipality, name="Et andet forsøg")
    client.force_login(admin_user)
    url = reverse("evaluations:delete", args=[evaluation.pk])
    assert url in client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    page = client.get(url).content.decode()
    for text in ("3 perioder", "3 registreringsrunder", "2 registrerede sager med historik",
                 "1 linje i interviewloggen", "Medarbejdere 2019", "fjernes kun fra evalueringen"):
        assert text in page, text
    assert Evaluation.objects.filter(pk=evaluation.pk).exists()  # GET never deletes
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("evaluations:list")
    assert not Evaluation.objects.filter(pk=evaluation.pk).exists()
    assert not Period.objects.filter(evaluation_id=evaluation.pk).exists()
    assert RegistrationRound.objects.filter(period__evaluation=other).count() == 3
    assert RegistrationRound.objects.count() == 3  # only the other evaluation's
    assert not Case.objects.exists() and not CaseChange.objects.exists() and not Interview.objects.exists()
    assert Round.objects.filter(pk=survey.pk).exists()  # the survey round stays, unlinked


def test_evaluation_delete_is_for_the_kommunes_administrators(client, evaluation, admin_user, registrar, outsider):
    _filled(evaluation, admin_user)
    url = reverse("evaluations:delete", args=[evaluation.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    client.force_login(registrar)
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    assert url not in client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert Evaluation.objects.filter(pk=evaluation.pk).exists() and Case.objects.count() == 2


def test_case_delete_by_registrar_is_logged(client, evaluation, admin_user, registrar):
    case = services.save_case(_reg(evaluation), case_data("S-001"), admin_user)
    services.save_case(_reg(evaluation), case_data("S-001", antal_aendringer="3"), registrar, case)
    client.force_login(registrar)
    url = reverse("evaluations:case_delete", args=[case.pk])
    assert url in client.get(reverse("evaluations:case_edit", args=[case.pk])).content.decode()
    page = client.get(url).content.decode()
    assert "Slet sag S-001?" in page and "(2 ændringer)" in page
    assert Case.objects.filter(pk=case.pk).exists()  # GET never deletes
    response = client.post(url)
    assert response["Location"] == reverse("evaluations:registration", args=[_reg(evaluation).pk])
    assert not Case.objects.exists() and not CaseChange.objects.exists()
    entry = DeletedCase.objects.get()
    assert (entry.case_number, entry.user, entry.registration) == ("S-001", registrar, _reg(evaluation))
    assert entry.values["antal_aendringer"] == "3"
    log = client.get(reverse("evaluations:registration", args=[_reg(evaluation).pk])).content.decode()
    assert "Slettede sager" in log and "Rikke" in log
    assert f"Sag S-001 slettet {localtime(entry.at):%d-%m-%Y %H:%M}" in log


def test_case_delete_refused_for_others(client, evaluation, admin_user, registrar, reader, outsider):
    case = services.save_case(_reg(evaluation, "aar1"), case_data("S-009"), admin_user)
    url = reverse("evaluations:case_delete", args=[case.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    client.force_login(reader)
    assert client.get(url).status_code == 403 and client.post(url).status_code == 403
    client.force_login(registrar)  # a registrar of another period
    assert client.post(url).status_code == 403
    assert Case.objects.filter(pk=case.pk).exists() and not DeletedCase.objects.exists()
    client.force_login(admin_user)
    assert client.post(url).status_code == 302
    assert DeletedCase.objects.get().user == admin_user
