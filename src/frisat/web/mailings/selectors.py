"""Read-only queries: who would receive a mail now, the texts in force, progress and history.

The round's respondents are reached in one place, :func:`_respondents` (the field name ``maaling``
becomes ``round`` with the model rename).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from frisat.web.mailings.defaults import default_body, default_subject
from frisat.web.mailings.models import Delivery, Kind, MailText, Round, Sending
from frisat.web.rounds.models import Respondent


def _respondents(round_: Round) -> QuerySet[Respondent]:
    return Respondent.objects.filter(round=round_)


def recipients(round_: Round, kind: str) -> QuerySet[Respondent]:
    """Who a sending of ``kind`` started now would go to: not answered, with an e-mail, and
    not yet invited (invitation) or invited (reminder); never someone with a pending delivery of the
    same kind in an earlier sending that is still going on.

    (A respondent removed from the round by staff, when that exists, is to be excluded here.)"""
    targets = _respondents(round_).filter(answered_at__isnull=True).exclude(email="")
    targets = targets.filter(invited_at__isnull=kind != Kind.REMINDER)
    busy = Delivery.objects.filter(round=round_, kind=kind, status=Delivery.Status.PENDING).values("respondent_id")
    return targets.exclude(pk__in=busy)


def recipient_count(round_: Round, kind: str) -> int:
    return recipients(round_, kind).count()


def example_respondent(round_: Round) -> Respondent | None:
    """A real respondent of the round for the preview (the first with a unit), or None."""
    return _respondents(round_).select_related("unit").order_by("id").first()


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    edited: bool
    """False: the default text (nothing saved for this round)."""


def text_for(round_: Round, kind: str) -> Text:
    saved = MailText.objects.filter(round=round_, kind=kind).first()
    if saved is not None:
        return Text(saved.subject, saved.body, True)
    return Text(default_subject(kind), default_body(round_, kind), False)


@dataclass(frozen=True)
class Progress:
    recipients: int
    sent: int
    failed: int
    skipped: int
    pending: int

    @property
    def done(self) -> bool:
        return self.pending == 0


def progress(sending: Sending) -> Progress:
    status = Delivery.Status
    counts = Delivery.objects.filter(sending=sending).aggregate(
        sent=Count("id", filter=Q(status=status.SENT)), failed=Count("id", filter=Q(status=status.FAILED)),
        pending=Count("id", filter=Q(status=status.PENDING)))
    # Skipped: the rest (in an anonymous round a skipped delivery leaves no row; see delivery.py).
    skipped = sending.recipients - counts["sent"] - counts["failed"] - counts["pending"]
    return Progress(recipients=sending.recipients, skipped=skipped, **counts)


def failures(sending: Sending) -> QuerySet[Delivery]:
    """Failed and skipped deliveries, with address and reason (nothing of any answer)."""
    return (Delivery.objects.filter(sending=sending, status__in=[Delivery.Status.FAILED, Delivery.Status.SKIPPED])
            .order_by("status", "email").only("email", "status", "reason", "finished_at"))


def history(round_: Round) -> QuerySet[Sending]:
    """The round's sendings, newest first, each with ``n_sent``, ``n_failed``, ``n_skipped``, ``n_pending``."""
    status = Delivery.Status
    return (Sending.objects.filter(round=round_).select_related("created_by")
            .annotate(n_sent=Count("deliveries", filter=Q(deliveries__status=status.SENT)),
                      n_failed=Count("deliveries", filter=Q(deliveries__status=status.FAILED)),
                      n_pending=Count("deliveries", filter=Q(deliveries__status=status.PENDING)))
            .annotate(n_skipped=F("recipients") - F("n_sent") - F("n_failed") - F("n_pending"))
            .order_by("-created_at", "-id"))
