"""Round administration pages: permissions, edit with locked fields, delete/archive, respondents."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from frisat.web.common.tokens import hash_token
from frisat.web.common.wording import closing_text
from frisat.web.rounds import services
from frisat.web.rounds.models import Respondent, Response, Round, RoundChange
from tests.web.helpers import make_round, unit

pytestmark = pytest.mark.django_db


def _add(round, email, group="leder", name="Skørping Skole"):
    return services.add_respondent(round, unit=unit(round.municipality, name), group=group, email=email)


def _edit_data(round, **changes):
    day = timezone.localtime(round.closes_at).date() - dt.timedelta(days=1)
    data = {"name": round.name, "description": "", "closes": day.isoformat(), "reminder_dates": "",
            "instrument": round.instrument_id, "anonymous": "1" if round.anonymous else "0",
            "min_n": str(round.min_n), "design": round.design}
    data.update(changes)
    return data


MANAGING_PAGES = ["edit", "delete", "respondents", "respondent_add", "next_wave", "close", "import", "invite",
                  "links"]
"""Every page that changes a round (the older ones too): the same rule, 404 outside, 403 inside."""


@pytest.mark.parametrize("name", [*MANAGING_PAGES, "preview"])
def test_other_kommune_is_404(client, admin_b, round_a, name):
    client.force_login(admin_b)
    assert client.get(reverse(f"rounds:{name}", args=[round_a.pk])).status_code == 404


@pytest.mark.parametrize("name", MANAGING_PAGES)
def test_analyst_cannot_manage(client, analyst_a, round_a, name):
    rounds = Round.objects.count()
    client.force_login(analyst_a)
    assert client.get(reverse(f"rounds:{name}", args=[round_a.pk])).status_code == 403
    assert client.post(reverse(f"rounds:{name}", args=[round_a.pk]), {"name": "x"}).status_code == 403
    assert not RoundChange.objects.exists()
    round_a.refresh_from_db()
    assert round_a.name != "x" and not round_a.closed_manually and Round.objects.count() == rounds


def test_analyst_can_preview(client, analyst_a, round_a):
    client.force_login(analyst_a)
    assert client.get(reverse("rounds:preview", args=[round_a.pk])).status_code == 200


def test_extend_closing_date_is_logged_and_shown(client, admin_a, round_a):
    client.force_login(admin_a)
    new_day = timezone.localdate() + dt.timedelta(days=40)
    response = client.post(reverse("rounds:edit", args=[round_a.pk]),
                           _edit_data(round_a, closes=new_day.isoformat(), description="Intern note"))
    assert response.status_code == 302
    round_a.refresh_from_db()
    assert timezone.localtime(round_a.closes_at).date() == new_day + dt.timedelta(days=1)
    page = client.get(reverse("rounds:detail", args=[round_a.pk])).content.decode()
    assert "Intern note" in page and "Sidste svardag" in page and "Anna Berg" in page
    assert closing_text(round_a.closes_at, "da") in page


def test_locked_fields_show_the_reason(client, admin_a, round_a):
    services.submit(_add(round_a, "a@x.dk").respondent)
    client.force_login(admin_a)
    page = client.get(reverse("rounds:edit", args=[round_a.pk])).content.decode()
    assert page.count("Kan ikke ændres, fordi der allerede er svar") == 4
    assert re.search(r'name="min_n"[^>]*disabled', page)
    response = client.post(reverse("rounds:edit", args=[round_a.pk]), _edit_data(round_a, min_n="2", anonymous="0"))
    round_a.refresh_from_db()
    assert response.status_code == 302 and round_a.min_n == 5 and round_a.anonymous  # disabled: ignored


def test_delete_confirmation_and_archive(client, admin_a, round_a):
    client.force_login(admin_a)
    assert "Slet målingen" in client.get(reverse("rounds:delete", args=[round_a.pk])).content.decode()
    client.post(reverse("rounds:delete", args=[round_a.pk]))
    assert not Round.objects.filter(pk=round_a.pk).exists()
    other = make_round(round_a.municipality, name="Med svar")
    services.submit(_add(other, "a@x.dk").respondent)
    page = client.get(reverse("rounds:delete", args=[other.pk])).content.decode()
    assert "kan ikke slettes" in page
    client.post(reverse("rounds:delete", args=[other.pk]))
    assert Round.objects.filter(pk=other.pk).exists()
    client.post(reverse("rounds:archive", args=[other.pk]), {"archived": "1"})
    assert "Med svar" not in client.get(reverse("rounds:list")).content.decode()
    assert "Med svar" in client.get(reverse("rounds:list") + "?arkiv=1").content.decode()


def test_respondent_list_anonymous_shows_only_that_they_answered(client, admin_a, round_a):
    answered = _add(round_a, "svar@x.dk").respondent
    _add(round_a, "ikke@x.dk", group="medarbejder", name="Støvring Skole")
    services.submit(answered)
    client.force_login(admin_a)
    page = client.get(reverse("rounds:respondents", args=[round_a.pk])).content.decode()
    assert "har svaret" in page and "Støvring Skole (skole)" in page
    table = page.split('<table class="table">')[1]
    assert not re.search(r"\d{1,2}:\d{2}", table)  # no time of day anywhere in the table
    searched = client.get(reverse("rounds:respondents", args=[round_a.pk]), {"q": "støvring"}).content.decode()
    assert "ikke@x.dk" in searched and "svar@x.dk" not in searched


def test_respondent_list_is_paged(client, admin_a, round_a):
    for i in range(55):
        _add(round_a, f"p{i:02d}@x.dk")
    client.force_login(admin_a)
    first = client.get(reverse("rounds:respondents", args=[round_a.pk])).content.decode()
    second = client.get(reverse("rounds:respondents", args=[round_a.pk]), {"side": "2"}).content.decode()
    assert "p00@x.dk" in first and "p54@x.dk" not in first and "p54@x.dk" in second and "Side 2 af 2" in second


def test_correct_email_sends_a_fresh_link_and_kills_the_old(client, admin_a, round_a):
    issued = _add(round_a, "forkert@x.dk")
    client.force_login(admin_a)
    response = client.post(reverse("rounds:respondent_edit", args=[round_a.pk, issued.respondent.pk]),
                           {"email": "Rigtig@x.dk", "unit": issued.respondent.unit_id})
    assert response.status_code == 302
    respondent = Respondent.objects.get(pk=issued.respondent.pk)
    assert respondent.email == "rigtig@x.dk" and respondent.token_hash != hash_token(issued.token)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rigtig@x.dk"]
    new_token = re.search(r"/s/([^/\s]+)/", mail.outbox[0].body).group(1)
    assert hash_token(new_token) == respondent.token_hash
    assert client.get(reverse("survey:entry", args=[issued.token])).status_code == 404


def test_move_to_another_unit(client, admin_a, round_a):
    issued = _add(round_a, "a@x.dk")
    target = unit(round_a.municipality, "Støvring Skole")
    client.force_login(admin_a)
    client.post(reverse("rounds:respondent_edit", args=[round_a.pk, issued.respondent.pk]),
                {"email": "a@x.dk", "unit": target.pk})
    assert Respondent.objects.get(pk=issued.respondent.pk).unit == target and not mail.outbox


def test_remove_refused_for_answered_in_anonymous_round(client, admin_a, round_a):
    respondent = _add(round_a, "a@x.dk").respondent
    services.submit(respondent)
    client.force_login(admin_a)
    response = client.post(reverse("rounds:respondent_remove", args=[round_a.pk, respondent.pk]))
    assert response.status_code == 409 and "kan ikke fjernes" in response.content.decode()
    assert Respondent.objects.filter(pk=respondent.pk).exists()


def test_remove_with_confirmation(client, admin_a, rebild):
    round = make_round(rebild, anonymous=False)
    respondent = _add(round, "a@x.dk").respondent
    services.submit(respondent)
    client.force_login(admin_a)
    url = reverse("rounds:respondent_remove", args=[round.pk, respondent.pk])
    assert "besvarelse slettes også" in client.get(url).content.decode()
    assert Respondent.objects.filter(pk=respondent.pk).exists()  # a GET changes nothing
    client.post(url)
    assert not Respondent.objects.filter(pk=respondent.pk).exists() and not Response.objects.exists()


def test_add_by_hand(client, admin_a, round_a):
    client.force_login(admin_a)
    target = unit(round_a.municipality, "Skørping Skole")
    url = reverse("rounds:respondent_add", args=[round_a.pk])
    assert client.post(url, {"email": "ny@x.dk", "unit": target.pk, "group": "leder"}).status_code == 302
    response = client.post(url, {"email": "ny@x.dk", "unit": target.pk, "group": "leder"})
    assert "allerede respondent" in response.content.decode()
    assert Respondent.objects.filter(round=round_a, email="ny@x.dk").count() == 1


def test_mail_welcome_page_and_staff_page_share_the_closing_wording(client, admin_a, round_a):
    issued = _add(round_a, "a@x.dk")
    expected = closing_text(round_a.closes_at, "da")
    from frisat.web.rounds.invitations import build_message

    mail_text = build_message(round_a, issued.respondent, issued.token, reminder=False).body
    welcome = client.get(reverse("survey:intro", args=[issued.token])).content.decode()
    from frisat.web.rounds.templatetags.frisat_staff import closes_phrase

    assert expected in mail_text and f"Du kan svare {expected}." in welcome
    assert closes_phrase(round_a.closes_at) == expected
