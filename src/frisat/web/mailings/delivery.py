"""The background side of a sending: deliver its pending mails, each exactly once.

Any number of workers may run :func:`deliver` for the same sending at once. Each mail is one
transaction: claim the next pending :class:`Delivery` with its row locked (PostgreSQL: rows another
worker holds are skipped; SQLite: one writer at a time), lock the respondent and check the mail is
still due, issue the link (:func:`frisat.web.rounds.invitations._record_mail`: a fresh token, only
its hash stored; a reminder to someone with saved answers keeps their link), send, and mark the
delivery sent — all or nothing. A mail the server refuses is marked failed with the reason, and
the respondent keeps their old state (a later sending tries again). A mail no longer due (the
respondent answered meanwhile) is recorded as skipped — in an anonymous round its row is deleted
instead, so no row tells when someone answered (``answered_at`` keeps only the day). If a worker dies mid-mail the
transaction is rolled back and the delivery stays pending for the next worker.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from frisat.web.mailings.compose import compose, message
from frisat.web.mailings.models import Delivery, Kind, Sending
from frisat.web.rounds.invitations import _record_mail, survey_link
from frisat.web.rounds.models import Respondent
from frisat.web.rounds.services import is_closed


@dataclass(frozen=True)
class Delivered:
    sent: int = 0
    failed: int = 0
    skipped: int = 0


def _still_due(sending: Sending, respondent_id: int) -> Respondent | None:
    """The respondent, locked, if the sending's mail is still due to them (else None)."""
    due = Q(pk=respondent_id, answered_at__isnull=True) & ~Q(email="")
    if sending.kind == Kind.REMINDER:
        due &= Q(invited_at__isnull=False) & (Q(reminded_at__isnull=True) | Q(reminded_at__lt=sending.created_at))
    else:
        due &= Q(invited_at__isnull=True)
    return Respondent.objects.select_for_update().filter(due).select_related("unit").first()


def _deliver_one(sending: Sending, delivery: Delivery, connection: object) -> str:
    """Inside the claim's transaction: send the mail; returns the delivery's new status."""
    round_ = sending.round
    if is_closed(round_):
        delivery.reason = "Målingen er lukket."
        return Delivery.Status.SKIPPED
    respondent = _still_due(sending, delivery.respondent_id)
    if respondent is None:
        delivery.reason = "Ikke længere aktuel: har svaret, er allerede " + \
            ("påmindet" if sending.kind == Kind.REMINDER else "inviteret") + " eller har ingen e-mail."
        return Delivery.Status.SKIPPED
    reminder = sending.kind == Kind.REMINDER
    try:
        with transaction.atomic():
            claimed = _record_mail(respondent, reminder=reminder, now=timezone.now())
            if claimed is None:
                delivery.reason = "Ikke længere aktuel."
                return Delivery.Status.SKIPPED
            token, kept = claimed
            composed = compose(round_, respondent, subject=sending.subject, body=sending.body, kind=sending.kind,
                               link="" if kept else survey_link(token), contact=sending.contact, kept=kept)
            message(round_, respondent, composed, connection=connection).send()
    except (OSError, ValueError) as exc:  # smtplib's errors are OSErrors; a bad address is a ValueError
        delivery.reason = _reason(exc)[:500]
        return Delivery.Status.FAILED
    delivery.email = respondent.email
    delivery.kept_link = kept is not None
    return Delivery.Status.SENT


def _reason(exc: Exception) -> str:
    """The server's own words: ``550 5.1.1 User unknown`` rather than a Python repr."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refusals = [f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
                    for code, text in exc.recipients.values()]
        return "Mailserveren afviste modtageren: " + "; ".join(refusals)
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"Mailserveren afviste mailen: {exc.smtp_code} {detail}"
    if isinstance(exc, ValueError):
        return f"Adressen kan ikke bruges: {exc}"
    return f"Mailen kunne ikke afleveres til mailserveren: {exc}"


def deliver(sending_id: int) -> Delivered:
    """Send the sending's pending mails until none is left (see the module doc)."""
    sending = Sending.objects.select_related("round", "round__municipality").get(pk=sending_id)
    counts = {Delivery.Status.SENT: 0, Delivery.Status.FAILED: 0, Delivery.Status.SKIPPED: 0}
    connection = get_connection()
    try:
        while True:
            with transaction.atomic():
                delivery = (Delivery.objects.select_for_update(skip_locked=True)
                            .filter(sending_id=sending_id, status=Delivery.Status.PENDING).order_by("id").first())
                if delivery is None:
                    break
                status = _deliver_one(sending, delivery, connection)
                if status == Delivery.Status.SKIPPED and sending.round.anonymous:
                    delivery.delete()  # anonymous: no row saying when someone answered (docs/anonymity.md)
                else:
                    delivery.status, delivery.finished_at = status, timezone.now()
                    delivery.save(update_fields=["status", "reason", "email", "kept_link", "finished_at"])
            counts[status] += 1
    finally:
        connection.close()
    pending = Delivery.objects.filter(sending=OuterRef("pk"), status=Delivery.Status.PENDING)
    Sending.objects.filter(pk=sending_id, finished_at__isnull=True).exclude(Exists(pending)).update(
        finished_at=timezone.now())
    return Delivered(counts[Delivery.Status.SENT], counts[Delivery.Status.FAILED], counts[Delivery.Status.SKIPPED])
