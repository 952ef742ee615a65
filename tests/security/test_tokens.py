"""Links with a token, as an attacker over HTTP: invitations (single use, expired, revoked, forged,
someone else's) and password-reset links (single use, forged, another user's token under your id).
A refused link changes nothing: no user, no access, no password."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from frisat.web.access import services
from frisat.web.access.models import Invitation
from frisat.web.organisations.models import Membership, Municipality
from tests.web.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)
NEW = "Blå-Cykel-Bakke-2026"


@pytest.fixture
def kommuner():
    rebild, aarhus = Municipality.objects.create(name="Rebild"), Municipality.objects.create(name="Aarhus")
    anna, bo = make_user("anna", rebild), make_user("bo", aarhus)
    return rebild, aarhus, anna, bo


def _new_user(client, token, first_name="Nina"):
    return client.post(f"/adgang/invitation/{token}/", {"first_name": first_name, "last_name": "N",
                                                        "password1": NEW, "password2": NEW})


def test_an_invitation_link_works_once_and_never_when_revoked_expired_or_forged(live, kommuner):
    rebild, _aarhus, anna, _bo = kommuner
    _used, used_token = services.invite(rebild, "ny@rebild.dk", Membership.Role.ADMIN, anna)
    revoked, revoked_token = services.invite(rebild, "trukket@rebild.dk", Membership.Role.ADMIN, anna)
    services.revoke(revoked, anna)
    expired, expired_token = services.invite(rebild, "gammel@rebild.dk", Membership.Role.ADMIN, anna)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    assert _new_user(live(), used_token).status == 302
    users = get_user_model().objects.count()
    attacker = live()
    for token, status in ((used_token, 410), (revoked_token, 410), (expired_token, 410),
                          (used_token[:-2] + "xx", 404), ("A" * 43, 404), ("x" * 200, 404)):
        assert attacker.get(f"/adgang/invitation/{token}/").status == status, token[:10]
        assert _new_user(attacker, token, first_name="Mallory").status == status, token[:10]
    assert get_user_model().objects.count() == users
    assert not get_user_model().objects.filter(first_name="Mallory").exists()
    assert Membership.objects.filter(municipality=rebild, role=Membership.Role.ADMIN).count() == 2  # anna + ny


def test_another_users_invitation_cannot_be_taken_by_a_logged_in_user(live, kommuner):
    rebild, _aarhus, anna, bo = kommuner
    _invitation, token = services.invite(rebild, "ny@rebild.dk", Membership.Role.ADMIN, anna)
    client = live()
    assert client.login("bo", PASSWORD).status == 302  # an administrator of Aarhus with the forwarded link
    response = client.post(f"/adgang/invitation/{token}/", {})
    assert response.status == 200 and "Invitationen er sendt til ny@rebild.dk" in response.text
    assert not Membership.objects.filter(user=bo, municipality=rebild).exists()
    assert Invitation.objects.get().used_at is None  # still usable by the person it was sent to


def _reset_link(client, email: str) -> str:
    mail.outbox.clear()
    assert client.post("/adgangskode/glemt/", {"email": email}).status == 302
    [message] = mail.outbox
    return re.search(r"(/adgangskode/ny/\S+/)", message.body).group(1)


def test_a_password_reset_link_works_once_and_only_for_its_user(live, kommuner):
    _rebild, _aarhus, anna, bo = kommuner
    client = live()
    link = _reset_link(client, "anna@example.dk")
    form = client.get(link)
    assert form.status == 302  # Django moves the token into the session and out of the address
    set_url = form.header("location")
    assert client.post(set_url, {"new_password1": NEW, "new_password2": NEW}).status == 302
    anna.refresh_from_db()
    assert anna.check_password(NEW)

    again = live()
    page = again.get(link)
    assert page.status == 200 and "Linket virker ikke" in page.text  # used: the token no longer matches

    # Anna's valid token under Bo's id, and a made-up token: refused, Bo's password unchanged
    fresh = _reset_link(live(), "anna@example.dk")
    anna_token = fresh.rstrip("/").rsplit("/", 1)[1]
    bo_uid = urlsafe_base64_encode(force_bytes(bo.pk))
    for token in (anna_token, "cbz3v0-" + "0" * 32, default_token_generator.make_token(bo)[:-1] + "0"):
        attacker = live()
        page = attacker.get(f"/adgangskode/ny/{bo_uid}/{token}/")
        assert page.status == 200 and "Linket virker ikke" in page.text, token
        assert attacker.post(f"/adgangskode/ny/{bo_uid}/set-password/",
                             {"new_password1": "Mallory-2026-xx", "new_password2": "Mallory-2026-xx"}
                             ).status in (200, 403), token
    bo.refresh_from_db()
    assert bo.check_password(PASSWORD) and not bo.check_password("Mallory-2026-xx")
