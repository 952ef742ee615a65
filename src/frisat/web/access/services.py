"""Changes of access: invite, accept, change role, remove, revoke. Each change is logged
(:class:`AccessEvent`) in the same transaction; the last administrator of a kommune stays."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from frisat.core.errors import FrisatError
from frisat.web.access.models import AccessEvent, Invitation
from frisat.web.access.selectors import admin_count, display_name
from frisat.web.common.formatting import danish_date
from frisat.web.common.tokens import hash_token, new_token
from frisat.web.organisations.models import Membership, Municipality

INVITATION_DAYS = 7
ROLE_NAMES = {Membership.Role.ADMIN: "administrator", Membership.Role.ANALYST: "analytiker",
              Membership.Role.READER: "læser"}


class AccessError(FrisatError):
    """A change of access that is not allowed (the message is Danish and shown to the user)."""


def role_name(role: str) -> str:
    return ROLE_NAMES.get(role, role)


def _log(municipality: Municipality, actor: AbstractBaseUser | None, action: str, subject: str,
         detail: str = "") -> None:
    AccessEvent.objects.create(municipality=municipality, actor=actor, actor_name=display_name(actor) if actor else "",
                               action=action, subject=subject[:254], detail=detail[:300])


def _lock(municipality: Municipality) -> None:
    """Serialise changes of one kommune's access (the last-administrator rule)."""
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()


def invite(municipality: Municipality, email: str, role: str, by: AbstractBaseUser) -> tuple[Invitation, str]:
    """Create an invitation, send its link by e-mail and return it with the link's token."""
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise AccessError(f"«{email}» er ikke en gyldig e-mailadresse.") from exc
    if role not in Membership.Role.values:
        raise AccessError("Vælg en rolle.")
    if Membership.objects.filter(municipality=municipality, user__email__iexact=email).exists():
        raise AccessError(f"{email} har allerede adgang til {municipality.name}.")
    token = new_token()
    now = timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.create(municipality=municipality, email=email, role=role,
                                               token_hash=hash_token(token),
                                               invited_by=by, created_at=now,
                                               expires_at=now + dt.timedelta(days=INVITATION_DAYS))
        _log(municipality, by, AccessEvent.Action.INVITED, email, f"som {role_name(role)}")
    send_invitation(invitation, token)
    return invitation, token


def invitation_url(token: str) -> str:
    return settings.BASE_URL + reverse("access:accept", args=[token])


def send_invitation(invitation: Invitation, token: str) -> None:
    inviter = display_name(invitation.invited_by) if invitation.invited_by else "En administrator"
    local = timezone.localtime(invitation.expires_at)
    expires = f"{danish_date(local.date())} kl. {local:%H.%M}"
    body = (
        f"Hej\n\n{inviter} har givet dig adgang til {invitation.municipality.name} i Frisat "
        f"som {role_name(invitation.role)}.\n\n"
        f"Følg linket for at tage imod adgangen:\n{invitation_url(token)}\n\n"
        f"Linket kan bruges én gang og udløber {expires}. Har du ikke bedt om adgang, "
        "kan du se bort fra denne mail.\n"
    )
    send_mail(f"Adgang til {invitation.municipality.name} i Frisat", body, None, [invitation.email])


def _claim(invitation: Invitation) -> None:
    """Mark the invitation used; fails if it was used, revoked or expired meanwhile (single use)."""
    claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True,
                                        expires_at__gt=timezone.now()).update(used_at=timezone.now())
    if claimed != 1:
        raise AccessError("Invitationen er allerede brugt, tilbagekaldt eller udløbet.")


def _grant(invitation: Invitation, user: AbstractBaseUser) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, municipality=invitation.municipality,
                                                           defaults={"role": invitation.role})
    if not created and membership.role != invitation.role:
        old = membership.role
        if old == Membership.Role.ADMIN:
            # An existing administrator keeps the role: an invitation never lowers access.
            return membership
        membership.role = invitation.role
        membership.save(update_fields=["role"])
        _log(invitation.municipality, user, AccessEvent.Action.ROLE_CHANGED, invitation.email,
             f"{role_name(old)} → {role_name(invitation.role)} (invitation)")
    _log(invitation.municipality, user, AccessEvent.Action.ACCEPTED, invitation.email,
         f"som {role_name(membership.role)}")
    return membership


def accept_as(invitation: Invitation, user: AbstractBaseUser) -> Membership:
    """A logged-in user with the invitation's e-mail address takes the access."""
    if (user.email or "").strip().casefold() != invitation.email.strip().casefold():
        raise AccessError(f"Invitationen er sendt til {invitation.email}. Log ind som den bruger for at tage imod.")
    with transaction.atomic():
        _claim(invitation)
        return _grant(invitation, user)


def accept_new_user(invitation: Invitation, *, first_name: str, last_name: str, password: str) -> AbstractBaseUser:
    """Create the user (username = e-mail address) with the chosen password and grant the access."""
    users = get_user_model()
    if existing_user(invitation.email):
        raise AccessError(f"Der findes allerede en bruger med {invitation.email}. Log ind for at tage imod.")
    user = users(username=invitation.email, email=invitation.email, first_name=first_name.strip(),
                 last_name=last_name.strip())
    password_validation.validate_password(password, user)
    with transaction.atomic():
        _claim(invitation)
        user.set_password(password)
        user.save()
        _grant(invitation, user)
    return user


def revoke(invitation: Invitation, by: AbstractBaseUser) -> None:
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True,
                                            revoked_at__isnull=True).update(revoked_at=timezone.now())
        if updated != 1:
            raise AccessError("Invitationen er allerede brugt eller tilbagekaldt.")
        _log(invitation.municipality, by, AccessEvent.Action.REVOKED, invitation.email)


def change_role(membership: Membership, role: str, by: AbstractBaseUser) -> None:
    if role not in Membership.Role.values:
        raise AccessError("Vælg en rolle.")
    with transaction.atomic():
        _lock(membership.municipality)
        membership.refresh_from_db()
        old = membership.role
        if old == role:
            return
        if old == Membership.Role.ADMIN and admin_count(membership.municipality) <= 1:
            raise AccessError(f"{display_name(membership.user)} er den sidste administrator i "
                              f"{membership.municipality.name} og skal beholde rollen. Giv først en anden rollen "
                              "administrator.")
        membership.role = role
        membership.save(update_fields=["role"])
        _log(membership.municipality, by, AccessEvent.Action.ROLE_CHANGED, display_name(membership.user),
             f"{role_name(old)} → {role_name(role)}")


def remove(membership: Membership, by: AbstractBaseUser) -> None:
    with transaction.atomic():
        _lock(membership.municipality)
        membership.refresh_from_db()
        if membership.role == Membership.Role.ADMIN and admin_count(membership.municipality) <= 1:
            raise AccessError(f"{display_name(membership.user)} er den sidste administrator i "
                              f"{membership.municipality.name} og kan ikke fjernes.")
        name = display_name(membership.user)
        detail = f"var {role_name(membership.role)}"
        membership.delete()
        _log(membership.municipality, by, AccessEvent.Action.REMOVED, name, detail)


def existing_user(email: str) -> bool:
    """Whether a user with this e-mail address (or username) exists already."""
    users = get_user_model()
    return users.objects.filter(email__iexact=email).exists() or users.objects.filter(username__iexact=email).exists()
