"""Personal links: invitations and reminders by e-mail, and the link export for other channels.

How links are issued
--------------------
Only the SHA-256 hash of a link's token is stored, so a link can be shown only at the moment its
token is made. Frisat therefore issues a respondent's token when the link is *handed out*:

* **Import** gives each respondent a token that is never shown (no usable link yet).
* **Invitation** (e-mail): a fresh token per respondent, put in the mail; ``invited_at`` is set.
* **Reminder** (e-mail, only to invited respondents who have not answered): ``reminded_at`` is
  set, and what the mail carries depends on whether the respondent has begun:

  - **No draft**: a fresh token; the reminder's link replaces the earlier one (the mail says so).
  - **A draft** (saved answers): the token is *not* replaced. The draft is encrypted with a key
    derived from the link's token, which the server never stores (docs/anonymity.md), so a new
    link could not open it. The mail has no link; it says the saved answers wait under the link
    they already have, from the mail of ``link_sent_at`` (the invitation or an earlier reminder),
    and that a new link — from the contact person — means starting over.

  The draft is looked for after the respondent's row is locked; a survey page locks the same row
  while it saves, so a draft saved meanwhile is either seen or saved after the reminder is done
  (under a link the reminder did not change).
* **Link export** (CSV for other channels): by default only respondents who have not yet had a
  link (not invited, not exported), so no link already sent stops working; their ``invited_at`` is
  set. With ``reissue_all`` every respondent who has not answered gets a new link — and the links
  sent to them earlier stop working (and drafts saved under them cannot be opened: they start
  over). ``emails``: only these respondents (a new link for someone who lost theirs).

``link_sent_at`` records when the current link was handed out (invitation, reminder with a link,
export).

Every mail is recorded only if it is still due — ``answered_at`` still empty, and the invitation
or reminder state unchanged, checked with the respondent's row locked (the link export: a
conditional update) — so two staff users sending at the same time cannot send twice, and a
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
from frisat.web.common.formatting import danish_date, first_day
from frisat.web.common.tokens import hash_token, new_token
from frisat.web.common.wording import closing_text
from frisat.web.rounds.models import Draft, Respondent, Round
from frisat.web.rounds.services import is_closed

Progress = Callable[[int, int], None]
"""Called with (done, total) while sending."""


def survey_link(token: str) -> str:
    """The respondent's personal link (the survey form's URL ``survey:start``)."""
    return f"{settings.BASE_URL}/s/{token}/"


def sender_name(round: Round) -> str:
    """``Rebild Kommune`` (the kommune's name, with «Kommune» added when it is not part of it)."""
    name = round.municipality.name
    return name if "kommune" in name.casefold() else f"{name} Kommune"


def _check_open(round: Round, what: str) -> None:
    if is_closed(round):
        raise FrisatError(f"Målingen «{round.name}» er lukket; der {what}.")


@dataclass(frozen=True)
class KeptLink:
    """A reminder without a link: the respondent has begun, under the link handed out ``sent_at``."""

    sent_at: dt.datetime
    mail: str
    """``invitationen`` or ``påmindelsen``: the mail that carried the link ("" when not known, e.g.
    an exported link, or a reminder's link after a later reminder without one)."""


def mail_context(round: Round, respondent: Respondent, link: str, *, reminder: bool,
                 contact: str = "", kept: KeptLink | None = None) -> dict[str, object]:
    now = timezone.now()
    return {
        "round": round,
        "respondent": respondent,
        "unit": respondent.unit.name,
        "group": respondent.group,
        "link": "" if kept else link,
        "reminder": reminder,
        "kept": kept is not None,
        "link_date": danish_date(timezone.localdate(kept.sent_at)) if kept else "",
        "link_mail": kept.mail if kept else "",
        "sender": sender_name(round),
        "contact": contact.strip(),
        "closes": closing_text(round.closes_at, "da"),
        "opens": danish_date(first_day(round.opens_at)) if round.opens_at > now else "",
        "anonymous": round.anonymous,
        "min_n": round.min_n,
    }


def build_message(round: Round, respondent: Respondent, token: str, *, reminder: bool, contact: str = "",
                  connection: object = None, kept: KeptLink | None = None) -> EmailMultiAlternatives:
    """The invitation or reminder mail (Danish; plain text with a simple HTML alternative).

    ``kept``: a reminder to a respondent who has begun — no link (``token`` is not used), but the
    date of the mail with the link they should go on with."""
    link = "" if kept else survey_link(token)
    context = mail_context(round, respondent, link, reminder=reminder, contact=contact, kept=kept)
    with translation.override("da"):
        subject = " ".join(render_to_string("rounds/email/subject.txt", context).split())
        text = render_to_string("rounds/email/body.txt", context)
        html = render_to_string("rounds/email/body.html", context)
    from_address = formataddr((sender_name(round), parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))
    message = EmailMultiAlternatives(subject, text, from_address, [respondent.email], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


@dataclass(frozen=True)
class SendResult:
    sent: int
    reminder: bool
    remaining: int = 0
    """Respondents not reached because the ``deadline`` came first (0: all done)."""
    kept: int = 0
    """Reminders (of ``sent``) without a new link: the respondent has begun and keeps their link."""

    def __str__(self) -> str:
        kind = "påmindelser" if self.reminder else "invitationer"
        if self.sent == 1:
            kind = "påmindelse" if self.reminder else "invitation"
        kept = ""
        if self.kept:
            who = "1 respondent, der" if self.kept == 1 else f"{self.kept} respondenter, der"
            kept = f" ({who} er i gang, fik ikke noget nyt link, så de gemte svar bevares)"
        return f"{self.sent} {kind} sendt{kept}." + (f" {self.remaining} mangler." if self.remaining else "")


def _record_mail(respondent: Respondent, *, reminder: bool,
                 now: dt.datetime) -> tuple[str, KeptLink | None] | None:
    """Inside the mail's transaction: lock the respondent's row if the mail is still due and record
    it. Returns the new link's token (``""`` with a :class:`KeptLink` for a reminder to someone
    with a draft), or None when the mail is no longer due (answered, or sent by someone else).

    The draft is looked for after the lock: a survey page saves a draft with the same row locked.
    """
    guard = Q(pk=respondent.pk, answered_at__isnull=True)
    if reminder:
        guard &= Q(invited_at__isnull=False)
        guard &= (Q(reminded_at__isnull=True) if respondent.reminded_at is None
                  else Q(reminded_at=respondent.reminded_at))
    else:
        guard &= Q(invited_at__isnull=True)
    row = (Respondent.objects.select_for_update().filter(guard)
           .values_list("invited_at", "reminded_at", "link_sent_at").first())
    if row is None:
        return None
    invited_at, reminded_at, link_sent_at = row
    if reminder and Draft.objects.filter(respondent_id=respondent.pk).exists():
        sent_at = link_sent_at or invited_at
        mail = ("påmindelsen" if reminded_at is not None and sent_at == reminded_at
                else "invitationen" if sent_at == invited_at else "")
        Respondent.objects.filter(pk=respondent.pk).update(reminded_at=now)
        return "", KeptLink(sent_at, mail)
    token = new_token()
    changes = {"token_hash": hash_token(token), "link_sent_at": now, ("reminded_at" if reminder else "invited_at"): now}
    Respondent.objects.filter(pk=respondent.pk).update(**changes)
    return token, None


def send_invitations(round: Round, *, reminder: bool = False, contact: str = "",
                     progress: Progress | None = None, deadline: float | None = None,
                     reminders_since: dt.datetime | None = None) -> SendResult:
    """Send invitations (to respondents with an e-mail who have had no link yet) or reminders (to
    invited respondents who have not answered). Each mail carries a freshly issued link — except a
    reminder to someone who has a draft, which keeps their link (see the module doc).

    ``deadline`` (a :func:`time.monotonic` time): stop before the next mail once it has passed —
    at least one mail is sent — and report how many are left (``remaining``); a later call goes on
    with them. ``reminders_since``: a reminder pass begun then — respondents reminded since are
    not reminded again (the next batch of the same pass).
    """
    _check_open(round, "sendes ingen e-mails til respondenterne")
    targets = round.respondents.filter(answered_at__isnull=True).exclude(email="")
    targets = targets.filter(invited_at__isnull=not reminder)
    if reminder and reminders_since is not None:
        targets = targets.exclude(reminded_at__gte=reminders_since)
    respondents = list(targets.select_related("unit").order_by("id"))
    total = len(respondents)
    sent = kept_links = 0
    connection = get_connection()
    try:
        connection.open()
        for done, respondent in enumerate(respondents, start=1):
            if deadline is not None and done > 1 and time.monotonic() >= deadline:
                return SendResult(sent, reminder, remaining=total - done + 1, kept=kept_links)
            now = timezone.now()
            try:
                with transaction.atomic():
                    claimed = _record_mail(respondent, reminder=reminder, now=now)
                    if claimed is None:
                        continue  # answered or handled by someone else meanwhile
                    token, kept = claimed
                    build_message(round, respondent, token, reminder=reminder, contact=contact,
                                  connection=connection, kept=kept).send()
            except (OSError, ValueError) as exc:
                raise FrisatError(
                    f"E-mailen til {respondent.email} kunne ikke sendes ({exc}). {sent} af {total} blev sendt "
                    "før fejlen; de er noteret, så en ny kørsel kun sender til resten.") from exc
            sent += 1
            kept_links += kept is not None
            if progress:
                progress(done, total)
    finally:
        connection.close()
    return SendResult(sent, reminder, kept=kept_links)


LINK_COLUMNS = ["email", "enhed", "gruppe", "link"]


@dataclass(frozen=True)
class LinkRow:
    email: str
    area: str
    unit: str
    group: str
    link: str


def export_links(round: Round, *, reissue_all: bool = False, emails: list[str] | None = None,
                 write: Callable[[list[LinkRow]], None] | None = None) -> list[LinkRow]:
    """Issue links for the respondents who have not answered and return them (see the module doc).

    ``emails``: only the respondents with these e-mail addresses, each with a new link (their
    earlier link stops working) — :class:`FrisatError` for an address that is not a respondent of
    the round who has not answered. ``write`` is called with the rows inside the transaction: if it
    fails (say, the file cannot be written), no token is changed and no respondent is marked as invited.
    """
    _check_open(round, "udleveres ingen links")
    targets = round.respondents.filter(answered_at__isnull=True)
    if emails is not None:
        wanted = {e.strip().casefold() for e in emails if e.strip()}
        targets = [r for r in targets.exclude(email="").select_related("unit__area")
                   if r.email.casefold() in wanted]
        missing = sorted(wanted - {r.email.casefold() for r in targets})
        if missing:
            raise FrisatError(f"Ingen respondent i målingen, der mangler at svare, har e-mailen {', '.join(missing)}.")
        reissue_all = True
        respondents = sorted(targets, key=lambda r: r.email)
    else:
        if not reissue_all:
            targets = targets.filter(invited_at__isnull=True)
        respondents = list(targets.select_related("unit__area").order_by(
            "unit__area__name", "unit__name", "group", "email", "id"))
    rows: list[LinkRow] = []
    now = timezone.now()
    with transaction.atomic():
        for respondent in respondents:
            token = new_token()
            guard = Q(pk=respondent.pk, answered_at__isnull=True)
            if not reissue_all:
                guard &= Q(invited_at__isnull=True)
            changes: dict[str, object] = {"token_hash": hash_token(token), "link_sent_at": now}
            if respondent.invited_at is None:
                changes["invited_at"] = now
            if Respondent.objects.filter(guard).update(**changes) != 1:
                continue
            rows.append(LinkRow(respondent.email, respondent.unit.area.name, respondent.unit.name,
                                respondent.group, survey_link(token)))
        if write is not None:
            write(rows)
    return rows


def links_csv(rows: list[LinkRow]) -> str:
    """The link export as CSV text: columns email;enhed;gruppe;link (``;`` as Danish Excel expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(LINK_COLUMNS)
    for row in rows:
        writer.writerow([neutralise(row.email), neutralise(row.unit), neutralise(row.group), neutralise(row.link)])
    return buffer.getvalue()
