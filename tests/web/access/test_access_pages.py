"""The access pages: who has access, invite, change role, remove — and nothing for another municipality."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from frisat.web.access.models import AccessEvent, Invitation
from frisat.web.common.tokens import hash_token
from frisat.web.organisations.models import Membership


def _membership(user, municipality):
    return Membership.objects.get(user=user, municipality=municipality)


def test_admin_sees_who_has_access_by_name(client, admin_a, analyst_a, reader_a, rebild):
    client.force_login(admin_a)
    home = client.get(reverse("access:home"))
    assert home.status_code == 302 and home["Location"] == reverse("access:municipality", args=[rebild.pk])
    page = client.get(reverse("access:municipality", args=[rebild.pk])).content.decode()
    for text in ("Adgang til Rebild", "Anna Berg", "Olav Holm", "Lise Byråd", "olav@example.dk", ">analytiker<",
                 ">læser<", ">administrator<", "Invitér en kollega"):
        assert text in page, text
    assert 'tabindex="0"' in page  # the scrolling table is reachable by keyboard


@pytest.mark.parametrize("who", ["analyst_a", "reader_a"])
def test_only_administrators_manage_access(client, request, who, admin_a, rebild):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("access:home")).status_code == 403
    assert client.get(reverse("access:municipality", args=[rebild.pk])).status_code == 404
    membership = _membership(admin_a, rebild)
    assert client.post(reverse("access:remove", args=[membership.pk])).status_code == 404
    assert client.post(reverse("access:role", args=[membership.pk]), {"role": "laeser"}).status_code == 404
    assert Membership.objects.get(pk=membership.pk).role == Membership.Role.ADMIN


def test_another_kommunes_admin_cannot_see_or_change_anything(client, admin_a, analyst_a, admin_b, rebild):
    invitation = Invitation.objects.create(municipality=rebild, email="x@rebild.dk", role="analytiker",
                                           token_hash=hash_token("t" * 43),
                                           expires_at="2099-01-01T00:00:00Z")
    client.force_login(admin_b)
    target = _membership(analyst_a, rebild)
    assert client.get(reverse("access:municipality", args=[rebild.pk])).status_code == 404
    assert client.post(reverse("access:municipality", args=[rebild.pk]),
                       {"email": "spy@aarhus.dk", "role": "admin"}).status_code == 404
    assert client.get(reverse("access:role", args=[target.pk])).status_code == 404
    assert client.post(reverse("access:role", args=[target.pk]), {"role": "admin"}).status_code == 404
    assert client.get(reverse("access:remove", args=[target.pk])).status_code == 404
    assert client.post(reverse("access:remove", args=[target.pk])).status_code == 404
    assert client.post(reverse("access:revoke", args=[invitation.pk])).status_code == 404
    target.refresh_from_db()
    invitation.refresh_from_db()
    assert target.role == Membership.Role.ANALYST and invitation.revoked_at is None
    assert Invitation.objects.filter(municipality=rebild).count() == 1
    assert not AccessEvent.objects.exists() and mail.outbox == []
    page = client.get(reverse("access:municipality", args=[admin_b.memberships.get().municipality_id])).content.decode()
    assert "Rebild" not in page and "Olav" not in page


def test_invite_sends_a_link_and_logs_it(client, admin_a, rebild):
    client.force_login(admin_a)
    response = client.post(reverse("access:municipality", args=[rebild.pk]),
                           {"email": "kollega@rebild.dk", "role": "laeser"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == ("kollega@rebild.dk", "laeser", admin_a)
    [message] = mail.outbox
    assert message.to == ["kollega@rebild.dk"] and "Rebild" in message.subject
    assert "Anna Berg" in message.body and "som læser" in message.body and "kl. " in message.body
    token = re.search(r"/adgang/invitation/([^/\s]+)/", message.body).group(1)
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    event = AccessEvent.objects.get()
    assert (event.actor, event.actor_name, event.action, event.subject) == (
        admin_a, "Anna Berg", AccessEvent.Action.INVITED, "kollega@rebild.dk")
    page = client.get(reverse("access:municipality", args=[rebild.pk])).content.decode()
    assert "kollega@rebild.dk" in page and "Tilbagekald" in page and "Inviteret" in page


def test_invite_errors_are_danish_and_change_nothing(client, admin_a, analyst_a, rebild):
    client.force_login(admin_a)
    page = client.post(reverse("access:municipality", args=[rebild.pk]), {"email": "ikke-en-mail", "role": "admin"})
    assert page.status_code == 200 and "Skriv en gyldig e-mailadresse." in page.content.decode()
    page = client.post(reverse("access:municipality", args=[rebild.pk]), {"email": "olav@example.dk", "role": "admin"})
    assert "olav@example.dk har allerede adgang til Rebild." in page.content.decode()
    page = client.post(reverse("access:municipality", args=[rebild.pk]), {"email": "a@b.dk", "role": "superbruger"})
    assert page.status_code == 200 and "role" in page.context["form"].errors
    assert not Invitation.objects.exists() and mail.outbox == []


def test_change_role_and_log(client, admin_a, analyst_a, rebild):
    client.force_login(admin_a)
    membership = _membership(analyst_a, rebild)
    page = client.get(reverse("access:role", args=[membership.pk])).content.decode()
    assert "Rolle for Olav Holm" in page and "<legend class=\"form-label\">" in page
    response = client.post(reverse("access:role", args=[membership.pk]), {"role": "laeser"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Membership.Role.READER
    event = AccessEvent.objects.get()
    assert (event.action, event.subject, event.detail) == ("rolle", "Olav Holm", "analytiker → læser")


def test_last_administrator_keeps_the_role(client, admin_a, analyst_a, rebild):
    client.force_login(admin_a)
    mine = _membership(admin_a, rebild)
    page = client.post(reverse("access:role", args=[mine.pk]), {"role": "analytiker"}).content.decode()
    assert "er den sidste administrator i Rebild" in page
    page = client.post(reverse("access:remove", args=[mine.pk])).content.decode()
    assert "er den sidste administrator i Rebild og kan ikke fjernes." in page
    mine.refresh_from_db()
    assert mine.role == Membership.Role.ADMIN and not AccessEvent.objects.exists()
    # With a second administrator, the first may step down.
    client.post(reverse("access:role", args=[_membership(analyst_a, rebild).pk]), {"role": "admin"})
    assert client.post(reverse("access:role", args=[mine.pk]), {"role": "analytiker"}).status_code == 302
    mine.refresh_from_db()
    assert mine.role == Membership.Role.ANALYST


def test_remove_asks_first(client, admin_a, analyst_a, rebild):
    client.force_login(admin_a)
    membership = _membership(analyst_a, rebild)
    page = client.get(reverse("access:remove", args=[membership.pk])).content.decode()
    assert "Fjern adgang for Olav Holm" in page and "Ja, fjern adgangen" in page and "Annullér" in page
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert client.post(reverse("access:remove", args=[membership.pk])).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    event = AccessEvent.objects.get()
    assert (event.action, event.subject, event.detail, event.actor) == ("fjernet", "Olav Holm", "var analytiker",
                                                                        admin_a)
    client.force_login(analyst_a)
    assert client.get(reverse("rounds:list")).status_code == 200  # still a user, just without Rebild


def test_revoke_an_invitation(client, admin_a, rebild):
    client.force_login(admin_a)
    client.post(reverse("access:municipality", args=[rebild.pk]), {"email": "k@rebild.dk", "role": "analytiker"})
    token = re.search(r"/adgang/invitation/([^/\s]+)/", mail.outbox[0].body).group(1)
    invitation = Invitation.objects.get()
    assert client.post(reverse("access:revoke", args=[invitation.pk])).status_code == 302
    client.logout()
    response = client.get(reverse("access:accept", args=[token]))
    assert response.status_code == 410 and "Invitationen er tilbagekaldt." in response.content.decode()


def test_superuser_manages_any_kommune(client, admin_a, rebild, aarhus, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.dk", "x-very-secret-1")
    client.force_login(root)
    page = client.get(reverse("access:home")).content.decode()
    assert "Rebild" in page and "Aarhus" in page


def test_anonymous_users_are_sent_to_login(client, admin_a, rebild):
    membership = _membership(admin_a, rebild)
    for url in (reverse("access:home"), reverse("access:municipality", args=[rebild.pk]),
                reverse("access:role", args=[membership.pk]), reverse("access:remove", args=[membership.pk]), "/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login") + "?next="), url
    assert client.post(reverse("access:remove", args=[membership.pk])).status_code == 302
    assert Membership.objects.filter(pk=membership.pk).exists()
