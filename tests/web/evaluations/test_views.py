"""The evaluation pages: access (another municipality 404, a read-only member sees but cannot register),
the case form («Gem og næste», field errors, history), import and downloads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from frisat.web.evaluations import services
from frisat.web.evaluations.models import Case, Interview

from .conftest import case_data

HEADER = ("sagsnummer;periode;henvendelse_dato;beslutning_dato;indsats_dato;antal_aendringer;kontakter_moede;"
          "kontakter_hjemmebesoeg;kontakter_telefon;kontakter_skriftlig")


def _reg(evaluation, code="foer"):
    return evaluation.periods.get(code=code).registration


def _pages(evaluation):
    reg = _reg(evaluation)
    return [reverse("evaluations:detail", args=[evaluation.pk]),
            reverse("evaluations:interviews", args=[evaluation.pk]),
            reverse("evaluations:registration", args=[reg.pk])]


def test_another_kommune_gets_404(client, evaluation, admin_user, outsider):
    case = services.save_case(_reg(evaluation), case_data(), admin_user)
    client.force_login(outsider)
    urls = [*_pages(evaluation), reverse("evaluations:edit", args=[evaluation.pk]),
            reverse("evaluations:import", args=[evaluation.pk]),
            reverse("evaluations:case_new", args=[_reg(evaluation).pk]),
            reverse("evaluations:case_edit", args=[case.pk]),
            reverse("evaluations:download", args=[evaluation.pk, "evaluering.html"])]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert evaluation.name not in client.get(reverse("evaluations:list")).content.decode()


def test_reader_sees_results_but_cannot_register(client, evaluation, admin_user, reader):
    services.save_case(_reg(evaluation), case_data(), admin_user)
    client.force_login(reader)
    for url in _pages(evaluation):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert "Se sagerne: Før forsøget" in page and "Registrér sager" not in page
    assert client.get(reverse("evaluations:case_new", args=[_reg(evaluation).pk])).status_code == 403
    response = client.post(reverse("evaluations:case_new", args=[_reg(evaluation).pk]), case_data("X", next="1"))
    assert response.status_code == 403
    assert client.get(reverse("evaluations:import", args=[evaluation.pk])).status_code == 403
    assert client.get(reverse("evaluations:edit", args=[evaluation.pk])).status_code == 404
    assert client.post(reverse("evaluations:interviews", args=[evaluation.pk]),
                       {"informant_group": "Børn", "year": 2020, "kind": "interview", "count": 2}).status_code == 403
    assert Case.objects.count() == 1 and not Interview.objects.exists()


def test_registrar_registers_only_in_own_period(client, evaluation, registrar):
    client.force_login(registrar)
    new = reverse("evaluations:case_new", args=[_reg(evaluation).pk])
    response = client.post(new, case_data("S-1", next="1"))
    assert response.status_code == 302 and response["Location"] == new  # «Gem og næste»: a blank form again
    assert client.get(new).status_code == 200
    other = reverse("evaluations:case_new", args=[_reg(evaluation, "aar1").pk])
    assert client.get(other).status_code == 403
    assert list(Case.objects.values_list("case_number", flat=True)) == ["S-1"]


def test_form_shows_core_errors_at_the_fields(client, evaluation, admin_user):
    client.force_login(admin_user)
    url = reverse("evaluations:case_new", args=[_reg(evaluation).pk])
    page = client.post(url, case_data("010203-1234", beslutning_dato="40-03-2018")).content.decode()
    assert "ligner et CPR-nummer" in page
    assert 'id="id_sagsnummer_error"' in page and 'id="id_beslutning_dato_error"' in page
    assert not Case.objects.exists()


def test_edit_shows_history(client, evaluation, admin_user, registrar):
    case = services.save_case(_reg(evaluation), case_data(), admin_user)
    client.force_login(registrar)
    url = reverse("evaluations:case_edit", args=[case.pk])
    assert client.post(url, case_data(antal_aendringer="4", save="1")).status_code == 302
    page = client.get(url).content.decode()
    assert "Ændret" in page and "Rikke" in page and "«1» → «4»" in page and "Oprettet" in page


def test_import_page_all_or_nothing(client, evaluation, admin_user):
    client.force_login(admin_user)
    url = reverse("evaluations:import", args=[evaluation.pk])
    bad = HEADER + "\nS-1;foer;01-03-2018;12-03-2018;15-04-2018;1;2;1;4;3\nS-2;foer;xx;12-03-2018;;1;2;1;4;3\n"
    response = client.post(url, {"file": SimpleUploadedFile("sager.csv", bad.encode())})
    assert response.status_code == 400
    page = response.content.decode()
    assert "intet er indlæst" in page and "Række 3, kolonne henvendelse_dato" in page
    assert not Case.objects.exists()
    good = bad.replace(";xx;", ";01-03-2018;")
    response = client.post(url, {"file": SimpleUploadedFile("sager.csv", good.encode())})
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_create_and_edit_evaluation(client, municipality, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("evaluations:create"), {
        "municipality": municipality.pk, "name": "Forsøg 2", "trial": "x", "periode_foer_fra": "01-03-2018",
        "periode_foer_til": "31-08-2018"})
    assert response.status_code == 302
    evaluation = municipality.evaluations.get(name="Forsøg 2")
    assert str(evaluation.periods.get(code="foer").ends_on) == "2018-08-31"
    page = client.post(reverse("evaluations:edit", args=[evaluation.pk]),
                       {"name": "Forsøg 2", "periode_aar1_fra": "31-31-2019"}).content.decode()
    assert "findes ikke i kalenderen" in page


@pytest.mark.parametrize("name", ["evaluering.html", "periods.csv", "period_changes.csv", "sager.xlsx"])
def test_downloads(client, evaluation, admin_user, name):
    for i in range(6):
        services.save_case(_reg(evaluation), case_data(f"A{i}", indsats_dato=f"{15 + i}-04-2018"), admin_user)
        services.save_case(_reg(evaluation, "aar1"), case_data(
            f"B{i}", henvendelse_dato="01-03-2019", beslutning_dato="12-03-2019",
            indsats_dato=f"{1 + i:02d}-04-2019"), admin_user)
    client.force_login(admin_user)
    response = client.get(reverse("evaluations:download", args=[evaluation.pk, name]))
    assert response.status_code == 200
    body = response.content
    if name == "evaluering.html":
        text = body.decode()
        assert "Datagrundlag" in text and "Registrering af 12 sager" in text and "n = 6" in text
    if name == "periods.csv":
        assert body.decode().splitlines()[0].startswith("measure,period,n,mean")
    assert "utf-8''" in response["Content-Disposition"]


def test_items_download_without_rounds_is_404(client, evaluation, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("evaluations:download", args=[evaluation.pk, "items.csv"])).status_code == 404
    assert client.get(reverse("evaluations:download", args=[evaluation.pk, "x.exe"])).status_code == 404


def test_interview_log_only_by_the_kommunes_administrators(client, evaluation, admin_user, outsider):
    client.force_login(admin_user)
    url = reverse("evaluations:interviews", args=[evaluation.pk])
    assert client.post(url, {"informant_group": "Forældre", "year": 2019, "kind": "interview",
                             "count": 4}).status_code == 302
    line = Interview.objects.get()
    client.force_login(outsider)
    assert client.post(reverse("evaluations:interview_delete", args=[line.pk])).status_code == 404
    assert Interview.objects.exists()
    client.force_login(admin_user)
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert "Interviewpersoner fordelt på informantgruppe og år (i alt 4)" in page


def test_page_in_english(client, evaluation, admin_user):
    services.save_case(_reg(evaluation), case_data(), admin_user)
    client.force_login(admin_user)
    page = client.get(reverse("evaluations:detail", args=[evaluation.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Data basis" in page and "Registration of 1 cases in 3 periods" in page


def test_registrars_are_members_who_may_change_things(client, evaluation, admin_user, reader, outsider):
    from frisat.web.organisations.models import Membership

    Membership.objects.filter(user=reader).update(role="laeser")  # the read-only role of issue 13
    reg = _reg(evaluation)
    reg.registrars.add(reader)
    client.force_login(reader)
    assert client.get(reverse("evaluations:case_new", args=[reg.pk])).status_code == 403
    client.force_login(admin_user)
    page = client.get(reverse("evaluations:registration", args=[reg.pk])).content.decode()
    assert "Anne" in page and "Lars" not in page and "Otto" not in page
