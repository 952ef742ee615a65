"""The invited person's link: single use, expiring, a new user or an existing one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from frisat.web.access import services
from frisat.web.access.models import AccessEvent, Invitation
from frisat.web.organisations.models import Membership
from tests.web.helpers import make_user

NEW_PASSWORD = "Grøn-Kaffe-Kande-77"


@pytest.fixture
def invited(admin_a, rebild):
    invitation, token = services.invite(rebild, "ny@rebild.dk", Membership.Role.ANALYST, admin_a)
    return invitation, token


def _url(token):
    return reverse("access:accept", args=[token])


def _new_user_form(**extra):
    return {"first_name": "Nina", "last_name": "Nygaard", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
            **extra}


def test_new_user_sets_a_password_and_gets_the_role(client, invited, rebild):
    invitation, token = invited
    page = client.get(_url(token)).content.decode()
    assert "Adgang til Rebild" in page and "ny@rebild.dk" in page and "Vælg en adgangskode" in page
    response = client.post(_url(token), _new_user_form())
    assert response.status_code == 302 and response["Location"] == "/"
    user = get_user_model().objects.get(username="ny@rebild.dk")
    assert user.check_password(NEW_PASSWORD) and user.get_full_name() == "Nina Nygaard"
    assert Membership.objects.get(user=user, municipality=rebild).role == Membership.Role.ANALYST
    assert client.get("/").status_code == 200  # logged in
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert AccessEvent.objects.filter(action=AccessEvent.Action.ACCEPTED, subject="ny@rebild.dk").count() == 1


def test_the_link_works_once(client, invited):
    _, token = invited
    client.post(_url(token), _new_user_form())
    client.logout()
    again = client.get(_url(token))
    assert again.status_code == 410 and "Linket er allerede brugt." in again.content.decode()
    posted = client.post(_url(token), _new_user_form(first_name="Mallory"))
    assert posted.status_code == 410
    assert get_user_model().objects.filter(first_name="Mallory").count() == 0
    with pytest.raises(services.AccessError):
        services.accept_new_user(Invitation.objects.get(), first_name="M", last_name="", password=NEW_PASSWORD)


def test_an_expired_link_does_nothing(client, invited):
    invitation, token = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    page = client.get(_url(token))
    assert page.status_code == 410 and "Invitationen er udløbet." in page.content.decode()
    assert client.post(_url(token), _new_user_form()).status_code == 410
    assert not get_user_model().objects.filter(username="ny@rebild.dk").exists()


def test_invitation_expires_after_seven_days(invited):
    invitation, _ = invited
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=services.INVITATION_DAYS) == \
        dt.timedelta(days=7)


def test_an_unknown_token_is_not_found(client, invited):
    _, token = invited
    assert client.get(_url(token[:-1] + ("A" if token[-1] != "A" else "B"))).status_code == 404
    assert client.get(_url("x" * 200)).status_code == 404


def test_weak_password_is_refused_in_danish(client, invited):
    _, token = invited
    page = client.post(_url(token), _new_user_form(password1="12345678", password2="12345678"),
                       HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Der er fejl i formularen" in page
    assert not get_user_model().objects.filter(username="ny@rebild.dk").exists()
    assert Invitation.objects.get().used_at is None
    page = client.post(_url(token), _new_user_form(password2="noget-andet-42")).content.decode()
    assert "De to adgangskoder er ikke ens." in page


def test_existing_user_logs_in_and_takes_the_access(client, invited, rebild, aarhus):
    _invitation, token = invited
    user = make_user("nina", aarhus)
    get_user_model().objects.filter(pk=user.pk).update(email="ny@rebild.dk")
    page = client.get(_url(token)).content.decode()
    assert "Der findes allerede en bruger" in page and "?next=" in page and "id_password1" not in page
    assert client.post(_url(token), _new_user_form()).status_code == 200
    assert get_user_model().objects.filter(email__iexact="ny@rebild.dk").count() == 1

    client.force_login(get_user_model().objects.get(pk=user.pk))
    assert "Tag imod adgangen" in client.get(_url(token)).content.decode()
    assert client.post(_url(token)).status_code == 302
    assert Membership.objects.get(user=user, municipality=rebild).role == Membership.Role.ANALYST
    assert Membership.objects.get(user=user, municipality=aarhus).role == Membership.Role.ADMIN


def test_another_logged_in_user_cannot_take_the_invitation(client, invited, admin_b, rebild):
    _, token = invited
    client.force_login(admin_b)
    page = client.post(_url(token)).content.decode()
    assert "Invitationen er sendt til ny@rebild.dk." in page
    assert not Membership.objects.filter(user=admin_b, municipality=rebild).exists()
    assert Invitation.objects.get().used_at is None


def test_an_invitation_never_lowers_an_administrators_role(admin_a, rebild, aarhus):
    other = make_user("karl", aarhus)
    invitation, _ = services.invite(rebild, other.email, Membership.Role.READER, admin_a)
    Membership.objects.create(user=other, municipality=rebild, role=Membership.Role.ADMIN)
    services.accept_as(invitation, other)
    assert Membership.objects.get(user=other, municipality=rebild).role == Membership.Role.ADMIN
