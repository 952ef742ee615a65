"""Personal links: invitations and reminders by e-mail, and the link export for other channels.

How links are issued
--------------------
Only the SHA-256 hash of a link's token is stored, so a link can be shown only at the moment its
token is made. Frisat therefore issues a respondent's token when the link is *handed out*:

* **Import** gives each respondent a token that is never shown (no usable link yet).
* **Invitation** (e-mail): a fresh token per respondent, put in the mail; ``invited_at`` is set.
* **Reminder** (e-mail, only to invited respondents who have not answered): again a fresh token;
  the reminder's link replaces the earlier one (the mail says so), ``reminded_at`` is set.
  Answers already saved are kept: a draft belongs to the respondent, not to the link.
* **Link export** (CSV for other channels): by default only respondents who have not yet had a
  link (not invited, not exported), so no link already sent stops working; their ``invited_at`` is
  set. With ``reissue_all`` every respondent who has not answered gets a new link — and the links
  sent to them earlier stop working.

Every token change is a conditional update (``answered_at`` still empty, and the invitation or
reminder state unchanged), so two staff users sending at the same time cannot send twice, and a
respondent who answers meanwhile gets no mail. A closed round sends nothing and exports nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from frisat.cells import neutralise
from frisat.core.errors import FrisatError
from frisat.web.rounds.formatting import closes_text, danish_date, first_day
from frisat.web.rounds.models import Maaling, Respondent, hash_token, new_token
from frisat.web.rounds.services import is_closed

Progress = Callable[[int, int], None]
"""Called with (done, total) while sending."""


def survey_link(token: str) -> str:
    """The respondent's personal link (the survey form's URL ``survey:start``)."""
    return f"{settings.BASE_URL}/s/{token}/"


def sender_name(maaling: Maaling) -> str:
    """``Rebild Kommune`` (the kommune's name, with «Kommune» added when it is not part of it)."""
    name = maaling.kommune.name
    return name if "kommune" in name.casefold() else f"{name} Kommune"


def _check_open(maaling: Maaling, what: str) -> None:
    if is_closed(maaling):
        raise FrisatError(f"Målingen «{maaling.name}» er lukket; der {what}.")


def mail_context(maaling: Maaling, respondent: Respondent, link: str, *, reminder: bool,
                 contact: str = "") -> dict[str, object]:
    now = timezone.now()
    return {
        "maaling": maaling,
        "respondent": respondent,
        "enhed": respondent.enhed.name,
        "gruppe": respondent.gruppe,
        "link": link,
        "reminder": reminder,
        "sender": sender_name(maaling),
        "contact": contact.strip(),
        "closes": closes_text(maaling.closes_at),
        "opens": danish_date(first_day(maaling.opens_at)) if maaling.opens_at > now else "",
        "anonymous": maaling.anonymous,
        "min_n": maaling.min_n,
    }


def build_message(maaling: Maaling, respondent: Respondent, token: str, *, reminder: bool, contact: str = "",
                  connection: object = None) -> EmailMultiAlternatives:
    """The invitation or reminder mail (Danish; plain text with a simple HTML alternative)."""
    context = mail_context(maaling, respondent, survey_link(token), reminder=reminder, contact=contact)
    with translation.override("da"):
        subject = " ".join(render_to_string("rounds/email/subject.txt", context).split())
        text = render_to_string("rounds/email/body.txt", context)
        html = render_to_string("rounds/email/body.html", context)
    from_address = formataddr((sender_name(maaling), parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))
    message = EmailMultiAlternatives(subject, text, from_address, [respondent.email], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


@dataclass(frozen=True)
class SendResult:
    sent: int
    reminder: bool
    remaining: int = 0
    """Respondents not reached because the ``deadline`` came first (0: all done)."""

    def __str__(self) -> str:
        kind = "påmindelser" if self.reminder else "invitationer"
        if self.sent == 1:
            kind = "påmindelse" if self.reminder else "invitation"
        return f"{self.sent} {kind} sendt." + (f" {self.remaining} mangler." if self.remaining else "")


def send_invitations(maaling: Maaling, *, reminder: bool = False, contact: str = "",
                     progress: Progress | None = None, deadline: float | None = None,
                     reminders_since: dt.datetime | None = None) -> SendResult:
    """Send invitations (to respondents with an e-mail who have had no link yet) or reminders (to
    invited respondents who have not answered). Each mail carries a freshly issued link.

    ``deadline`` (a :func:`time.monotonic` time): stop before the next mail once it has passed —
    at least one mail is sent — and report how many are left (``remaining``); a later call goes on
    with them. ``reminders_since``: a reminder pass begun then — respondents reminded since are
    not reminded again (the next batch of the same pass).
    """
    _check_open(maaling, "sendes ingen e-mails til respondenterne")
    targets = maaling.respondents.filter(answered_at__isnull=True).exclude(email="")
    targets = targets.filter(invited_at__isnull=not reminder)
    if reminder and reminders_since is not None:
        targets = targets.exclude(reminded_at__gte=reminders_since)
    respondents = list(targets.select_related("enhed").order_by("id"))
    total = len(respondents)
    sent = 0
    connection = get_connection()
    try:
        connection.open()
        for done, respondent in enumerate(respondents, start=1):
            if deadline is not None and done > 1 and time.monotonic() >= deadline:
                return SendResult(sent, reminder, remaining=total - done + 1)
            token = new_token()
            now = timezone.now()
            guard = Q(pk=respondent.pk, answered_at__isnull=True)
            if reminder:
                guard &= Q(invited_at__isnull=False)
                guard &= (Q(reminded_at__isnull=True) if respondent.reminded_at is None
                          else Q(reminded_at=respondent.reminded_at))
                changes = {"token_hash": hash_token(token), "reminded_at": now}
            else:
                guard &= Q(invited_at__isnull=True)
                changes = {"token_hash": hash_token(token), "invited_at": now}
            try:
                with transaction.atomic():
                    if Respondent.objects.filter(guard).update(**changes) != 1:
                        continue  # answered or handled by someone else meanwhile
                    build_message(maaling, respondent, token, reminder=reminder, contact=contact,
                                  connection=connection).send()
            except (OSError, ValueError) as exc:
                raise FrisatError(
                    f"E-mailen til {respondent.email} kunne ikke sendes ({exc}). {sent} af {total} blev sendt "
                    "før fejlen; de er noteret, så en ny kørsel kun sender til resten.") from exc
            sent += 1
            if progress:
                progress(done, total)
    finally:
        connection.close()
    return SendResult(sent, reminder)


LINK_COLUMNS = ["email", "enhed", "gruppe", "link"]


@dataclass(frozen=True)
class LinkRow:
    email: str
    omraade: str
    enhed: str
    gruppe: str
    link: str


def export_links(maaling: Maaling, *, reissue_all: bool = False,
                 write: Callable[[list[LinkRow]], None] | None = None) -> list[LinkRow]:
    """Issue links for the respondents who have not answered and return them (see the module doc).

    ``write`` is called with the rows inside the transaction: if it fails (say, the file cannot be
    written), no token is changed and no respondent is marked as invited.
    """
    _check_open(maaling, "udleveres ingen links")
    targets = maaling.respondents.filter(answered_at__isnull=True)
    if not reissue_all:
        targets = targets.filter(invited_at__isnull=True)
    respondents = list(targets.select_related("enhed__omraade").order_by(
        "enhed__omraade__name", "enhed__name", "gruppe", "email", "id"))
    rows: list[LinkRow] = []
    now = timezone.now()
    with transaction.atomic():
        for respondent in respondents:
            token = new_token()
            guard = Q(pk=respondent.pk, answered_at__isnull=True)
            if not reissue_all:
                guard &= Q(invited_at__isnull=True)
            changes: dict[str, object] = {"token_hash": hash_token(token)}
            if respondent.invited_at is None:
                changes["invited_at"] = now
            if Respondent.objects.filter(guard).update(**changes) != 1:
                continue
            rows.append(LinkRow(respondent.email, respondent.enhed.omraade.name, respondent.enhed.name,
                                respondent.gruppe, survey_link(token)))
        if write is not None:
            write(rows)
    return rows


def links_csv(rows: list[LinkRow]) -> str:
    """The link export as CSV text: columns email;enhed;gruppe;link (``;`` as Danish Excel expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(LINK_COLUMNS)
    for row in rows:
        writer.writerow([neutralise(row.email), neutralise(row.enhed), neutralise(row.gruppe), neutralise(row.link)])
    return buffer.getvalue()
