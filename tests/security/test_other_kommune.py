"""IDOR and CSRF on the pages added in issues 13–15 (round admin, respondents, preview, mails, access,
evaluations, cases, legal), as a curious administrator of another kommune.

Every URL that names an object of kommune B answers 404 to an administrator of kommune A — for GET and
POST, also when B's object is put under A's own round (``/maalinger/<A>/respondentliste/<B's respondent>/``)
— and nothing of B changes. Every POST without a CSRF token is refused with 403 and changes nothing.
Django's test client is used here (with ``enforce_csrf_checks`` for CSRF): the checks are the views' own.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from frisat.web.access import services as access
from frisat.web.evaluations import services as evaluations
from frisat.web.evaluations.models import Case, Evaluation, Interview
from frisat.web.mailings import services as mailings
from frisat.web.mailings.models import Kind, MailText, Sending
from frisat.web.organisations.models import Area, Membership, Municipality, Unit
from frisat.web.rounds import services as rounds
from frisat.web.rounds.models import Respondent, Round
from tests.web.helpers import make_round, make_user

pytestmark = pytest.mark.django_db

CASE = {"sagsnummer": "S-001", "henvendelse_dato": "01-03-2018", "beslutning_dato": "12-03-2018",
        "indsats_dato": "15-04-2018", "antal_aendringer": "1", "kontakter_moede": "2",
        "kontakter_hjemmebesoeg": "1", "kontakter_telefon": "4", "kontakter_skriftlig": "3"}


def _kommune(name: str) -> dict[str, object]:
    """A kommune with one of everything the new pages show: round, respondent, mail text and sending,
    an invitation and a second member, an evaluation with a registered case and an interview line."""
    municipality = Municipality.objects.create(name=name)
    area = Area.objects.create(municipality=municipality, name="Ældre")
    unit = Unit.objects.create(area=area, name=f"Plejecentret {name}")
    admin = make_user(f"admin-{name.lower()}", municipality)
    member = make_user(f"analytiker-{name.lower()}", municipality, role=Membership.Role.ANALYST)
    round_ = make_round(municipality)
    respondent = rounds.add_respondent(round_, unit=unit, group="leder", email=f"leder@{name.lower()}.dk").respondent
    mailings.save_text(round_, Kind.INVITATION, subject="Hej {kommune}", body="{link}", user=admin)
    sending = mailings.start_sending(round_, Kind.INVITATION, user=admin)
    invitation, _token = access.invite(municipality, f"ny@{name.lower()}.dk", Membership.Role.ANALYST, admin)
    evaluation = evaluations.create_evaluation(
        municipality=municipality, name=f"Forsøg {name}", trial="Mindre dokumentation", area=area,
        dates={"foer": (dt.date(2018, 3, 1), dt.date(2018, 8, 31))})
    registration = evaluation.periods.get(code="foer").registration
    case = evaluations.save_case(registration, CASE, admin)
    interview = Interview.objects.create(evaluation=evaluation, informant_group="ledere", year=2018, count=3)
    return {"municipality": municipality, "area": area, "unit": unit, "admin": admin, "round": round_,
            "respondent": respondent, "sending": sending, "invitation": invitation,
            "membership": Membership.objects.get(user=member), "evaluation": evaluation,
            "registration": registration, "case": case, "interview": interview}


@pytest.fixture
def two():
    return _kommune("Rebild"), _kommune("Aarhus")


def _urls(a: dict, b: dict) -> list[str]:
    """Every URL of the new pages naming one of B's objects (some under A's own round or evaluation)."""
    r, m = b["round"].pk, b["municipality"].pk
    return [
        *(reverse(f"rounds:{name}", args=[r]) for name in (
            "detail", "edit", "delete", "archive", "respondents", "respondent_add", "next_wave", "close", "import",
            "invite", "links", "preview", "preview_review")),
        reverse("rounds:preview_page", args=[r, 1]),
        reverse("rounds:respondent_edit", args=[r, b["respondent"].pk]),
        reverse("rounds:respondent_remove", args=[r, b["respondent"].pk]),
        reverse("rounds:respondent_edit", args=[a["round"].pk, b["respondent"].pk]),  # B's respondent under A
        reverse("rounds:respondent_remove", args=[a["round"].pk, b["respondent"].pk]),
        reverse("mailings:overview", args=[r]),
        reverse("mailings:text", args=[r, "invitation"]),
        reverse("mailings:send", args=[r, "paamindelse"]),
        reverse("mailings:sending", args=[r, b["sending"].pk]),
        reverse("mailings:sending", args=[a["round"].pk, b["sending"].pk]),  # B's sending under A's round
        reverse("access:municipality", args=[m]),
        reverse("access:role", args=[b["membership"].pk]),
        reverse("access:remove", args=[b["membership"].pk]),
        reverse("access:revoke", args=[b["invitation"].pk]),
        *(reverse(f"evaluations:{name}", args=[b["evaluation"].pk]) for name in (
            "detail", "edit", "interviews", "import")),
        reverse("evaluations:download", args=[b["evaluation"].pk, "sager.xlsx"]),
        reverse("evaluations:interview_delete", args=[b["interview"].pk]),
        reverse("evaluations:registration", args=[b["registration"].pk]),
        reverse("evaluations:case_new", args=[b["registration"].pk]),
        reverse("evaluations:case_edit", args=[b["case"].pk]),
        *(reverse(f"legal:{name}", args=[m]) for name in ("rates", "settings", "agenda", "overview")),
        reverse("legal:download", args=[m, "csv"]),
        reverse("results:detail", args=[r]),
        reverse("results:download", args=[r, "besvarelser.csv"]),
        reverse("organisations:detail", args=[m]),
        reverse("organisations:add_area", args=[m]),
        reverse("organisations:add_unit", args=[m]),
        reverse("organisations:rename_area", args=[b["area"].pk]),
        reverse("organisations:rename_unit", args=[b["unit"].pk]),
        reverse("organisations:logo_upload", args=[m]),
    ]


def _state(b: dict) -> tuple:
    """What an attack on B could change."""
    b["round"].refresh_from_db()
    respondent = Respondent.objects.get(pk=b["respondent"].pk)
    return (b["round"].name, b["round"].closed_manually, b["round"].archived, b["round"].closes_at,
            Round.objects.filter(municipality=b["municipality"]).count(),
            respondent.email, respondent.unit_id, respondent.token_hash,
            Respondent.objects.filter(round=b["round"]).count(),
            list(MailText.objects.filter(round=b["round"]).values_list("subject", "body")),
            Sending.objects.filter(round=b["round"]).count(),
            list(Membership.objects.filter(municipality=b["municipality"]).values_list("user_id", "role")),
            type(b["invitation"]).objects.get(pk=b["invitation"].pk).revoked_at,
            list(Evaluation.objects.filter(municipality=b["municipality"]).values_list("name", flat=True)),
            list(Case.objects.filter(registration=b["registration"]).values_list("case_number", "values")),
            Interview.objects.filter(evaluation=b["evaluation"]).count(),
            sorted(Area.objects.filter(municipality=b["municipality"]).values_list("name", flat=True)),
            sorted(Unit.objects.filter(area__municipality=b["municipality"]).values_list("name", flat=True)))


def _post_only(b: dict) -> set[str]:
    """URLs that take only POST: a GET is 405 before anything is looked up (and says nothing)."""
    return {reverse("rounds:archive", args=[b["round"].pk]), reverse("access:revoke", args=[b["invitation"].pk]),
            reverse("evaluations:interview_delete", args=[b["interview"].pk]),
            reverse("organisations:add_area", args=[b["municipality"].pk]),
            reverse("organisations:add_unit", args=[b["municipality"].pk]),
            reverse("organisations:logo_upload", args=[b["municipality"].pk])}


POST_DATA = {"name": "Overtaget", "email": "angriber@evil.dk", "role": "admin", "unit": "1", "group": "leder",
             "archived": "1", "confirm": "on", "action": "save", "subject": "x", "body": "{link}",
             "sagsnummer": "S-999", "informant_group": "x", "year": "2020", "count": "1", "closes": "2099-01-01"}


def test_an_administrator_of_another_kommune_finds_nothing(two):
    a, b = two
    client = Client()
    client.force_login(a["admin"])
    before = _state(b)
    post_only = _post_only(b)
    for url in _urls(a, b):
        assert client.get(url).status_code == (405 if url in post_only else 404), url
        assert client.post(url, POST_DATA).status_code in (404, 405), url  # 405: a page without a form
    assert _state(b) == before


def test_the_kommunes_own_administrator_reaches_the_same_urls(two):
    """The probe above is not vacuous: B's administrator gets pages, not 404 (B's objects under A's
    round or evaluation stay 404 for everybody)."""
    a, b = two
    client = Client()
    client.force_login(b["admin"])
    crossed = {reverse("rounds:respondent_edit", args=[a["round"].pk, b["respondent"].pk]),
               reverse("rounds:respondent_remove", args=[a["round"].pk, b["respondent"].pk]),
               reverse("mailings:sending", args=[a["round"].pk, b["sending"].pk])}
    post_only = _post_only(b)
    optional = {reverse("legal:download", args=[b["municipality"].pk, "csv"]),  # no talportal data here
                reverse("results:download", args=[b["round"].pk, "besvarelser.csv"])}  # no responses here
    for url in _urls(a, b):
        status = client.get(url).status_code
        if url in crossed:
            assert status == 404, url
        elif url not in optional:
            assert status in ((405,) if url in post_only else (200, 302)), (url, status)


def test_every_post_needs_the_csrf_token(two):
    a, b = two
    client = Client(enforce_csrf_checks=True)
    client.force_login(b["admin"])
    before = _state(b)
    for url in _urls(a, b):
        assert client.post(url, POST_DATA).status_code == 403, url
    assert _state(b) == before


def test_a_reader_of_the_kommune_is_refused_every_page_with_respondents(two):
    """«Læser» (politicians) in the round's own kommune: 403 on the pages that list or change
    respondents or mails, and no respondent's address on the pages the role may see."""
    a, _b = two
    reader = make_user("laeser", a["municipality"], role=Membership.Role.READER)
    client = Client()
    client.force_login(reader)
    r, respondent = a["round"].pk, a["respondent"].pk
    refused = [*(reverse(f"rounds:{name}", args=[r]) for name in (
        "edit", "delete", "respondents", "respondent_add", "next_wave", "close", "import", "invite", "links")),
        reverse("rounds:respondent_edit", args=[r, respondent]),
        reverse("rounds:respondent_remove", args=[r, respondent]),
        reverse("mailings:overview", args=[r]), reverse("mailings:text", args=[r, "invitation"]),
        reverse("mailings:send", args=[r, "invitation"]), reverse("mailings:sending", args=[r, a["sending"].pk])]
    before = _state(a)
    for url in refused:
        assert client.get(url).status_code == 403, url
        assert client.post(url, POST_DATA).status_code in (403, 405), url  # 405: a page without a form
    assert _state(a) == before
    for url in (reverse("rounds:detail", args=[r]), reverse("results:detail", args=[r])):
        page = client.get(url)
        assert page.status_code == 200 and "leder@rebild.dk" not in page.content.decode(), url
