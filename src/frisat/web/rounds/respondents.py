"""Services for one respondent at a time, by staff: correct the e-mail, move, remove, add by hand.

Anonymity (docs/anonymity.md): in an anonymous round a person who has answered is part of the
count of who answered, and their answer cannot be found; so they cannot be removed (the count
would no longer match the responses) and nothing here touches a response. In a named round the
response goes with the respondent.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from frisat.core.errors import FrisatError
from frisat.web.common.validation import InputErrors
from frisat.web.organisations.models import Unit
from frisat.web.rounds.models import Respondent, Response, Round
from frisat.web.rounds.services import add_respondent, is_closed

ANONYMOUS_REMOVE_REASON = ("Respondenten har svaret i en anonym måling og kan ikke fjernes: svaret kan ikke findes, "
                           "så optællingen af, hvem der har svaret, skal passe med besvarelserne.")


def _clean_email(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InputErrors({"email": f"«{email}» er ikke en gyldig e-mailadresse."}) from exc
    return email


InvitationMailer = Callable[[Round, Respondent, str], None]
"""Sends one invitation with a given link token: ``(round, respondent, token)``."""

invitation_mailer: InvitationMailer | None = None
"""Set by the mailings app when it is ready (:mod:`frisat.web.mailings.apps`), so the round's edited
invitation text is used; rounds itself does not import mailings (it is downstream of rounds)."""


def _send_fresh_link(round: Round, respondent: Respondent, token: str) -> None:
    """The invitation with the fresh link, through the registered mailer."""
    if invitation_mailer is None:
        raise RuntimeError("no invitation mailer registered (is frisat.web.mailings installed?)")
    invitation_mailer(round, respondent, token)


def correct_email(respondent: Respondent, email: str, *, send: bool = True) -> bool:
    """Give the respondent a new e-mail address and a fresh link (the old link stops working at once);
    the link is mailed to the new address when ``send`` and the round is open. Returns whether a mail
    was sent. A respondent who has answered keeps their (used) link; only the address changes."""
    email = _clean_email(email)
    round = respondent.round
    if email == respondent.email:
        return False
    mail = send and respondent.answered_at is None and not is_closed(round)
    with transaction.atomic():
        current = Respondent.objects.select_for_update().select_related("unit").get(pk=respondent.pk)
        current.email = email
        fields = ["email"]
        token = ""
        if current.answered_at is None:
            token = current.set_new_token()
            fields.append("token_hash")
        if mail:
            now = timezone.now()
            current.invited_at = current.invited_at or now
            current.link_sent_at = now
            fields += ["invited_at", "link_sent_at"]
        try:
            with transaction.atomic():
                current.save(update_fields=fields)
        except IntegrityError as exc:
            raise InputErrors({"email": f"{email} er allerede respondent i målingen."}) from exc
        if mail:
            try:
                _send_fresh_link(round, current, token)
            except (OSError, ValueError) as exc:
                raise FrisatError(f"E-mailen til {email} kunne ikke sendes ({exc}); intet er ændret.") from exc
    respondent.email, respondent.token_hash = current.email, current.token_hash
    return mail


def move_respondent(respondent: Respondent, unit: Unit) -> None:
    """Move a respondent to another unit of the same kommune. In a named round their response moves
    too; in an anonymous round an answer given is not touched (it cannot be found)."""
    round = respondent.round
    if unit.area.municipality_id != round.municipality_id:
        raise InputErrors({"unit": f"Enheden «{unit.name}» hører ikke til {round.municipality.name}."})
    with transaction.atomic():
        Respondent.objects.filter(pk=respondent.pk).update(unit=unit)
        if not round.anonymous:
            Response.objects.filter(respondent_id=respondent.pk).update(unit=unit)
    respondent.unit = unit


def removal_refused(respondent: Respondent) -> str:
    """Why the respondent cannot be removed ("" when they can)."""
    if respondent.answered_at is not None and respondent.round.anonymous:
        return ANONYMOUS_REMOVE_REASON
    return ""


def remove_respondent(respondent: Respondent) -> None:
    """Remove a respondent (their link dies, no more mails). In a named round their response goes too."""
    if reason := removal_refused(respondent):
        raise FrisatError(reason)
    with transaction.atomic():
        Response.objects.filter(respondent_id=respondent.pk).delete()
        Respondent.objects.filter(pk=respondent.pk).delete()


def add_by_hand(round: Round, *, unit: Unit, group: str, email: str) -> Respondent:
    """One respondent added on the page (their link goes out with the next invitation)."""
    if is_closed(round):
        raise FrisatError("Målingen er lukket; der kan ikke tilføjes respondenter.")
    email = _clean_email(email) if email.strip() else ""
    try:
        return add_respondent(round, unit=unit, group=group, email=email).respondent
    except FrisatError as exc:
        text = str(exc)
        field = "email" if "respondent" in text else "unit" if text.startswith("Enheden") else "group"
        raise InputErrors({field: text}) from exc
