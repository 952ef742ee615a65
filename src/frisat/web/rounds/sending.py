"""Sending invitations from the web page in batches, each well within the web server's time limit.

The web server stops a request after 60 seconds (``frisat serve``), and an SMTP server may take a
tenth of a second or more per mail, so a round with a few thousand respondents cannot be sent in one
request. Each request sends for at most ``settings.FRISAT_SEND_SECONDS`` (default 20) and then
hands over: the *pass* (what is being sent, to whom, since when, how many so far) is kept in the
user's session, and the invitation page offers to go on — with JavaScript it goes on by itself.
Every mail is committed on its own (see :func:`~frisat.web.rounds.invitations.send_invitations`),
so a pass that is left half-way loses nothing: the next click sends only to the rest.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from frisat.web.rounds import invitations
from frisat.web.rounds.models import Round

SESSION_KEY = "frisat_sending"


@dataclass(frozen=True)
class Pass:
    """A sending that has been started from the web page and is not finished."""

    round: int
    reminder: bool
    contact: str
    started: str
    """ISO time the pass began (a reminder pass skips those reminded since)."""
    sent: int
    remaining: int
    """Left when the last batch ended."""
    kept: int = 0
    """Reminders so far that kept the respondent's link (they have begun)."""


def pending(request: HttpRequest, round: Round) -> Pass | None:
    """The unfinished pass of this round in the user's session, if any."""
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict) or stored.get("round") != round.pk:
        return None
    try:
        return Pass(**stored)
    except TypeError:
        return None


def send_batch(request: HttpRequest, round: Round, *, reminder: bool, contact: str,
               continued: bool) -> invitations.SendResult:
    """Send one batch: a new pass, or the next batch of the pending one (``continued``).

    Returns the pass's totals so far (``sent`` counts every batch of the pass); the pass stays in
    the session while ``remaining`` > 0 and is forgotten when it is done or fails.
    """
    previous = pending(request, round) if continued else None
    if previous is not None and previous.reminder == reminder:
        started, contact = dt.datetime.fromisoformat(previous.started), previous.contact
        sent_before, kept_before = previous.sent, previous.kept
    else:
        started, sent_before, kept_before = timezone.now(), 0, 0
    request.session.pop(SESSION_KEY, None)
    result = invitations.send_invitations(
        round, reminder=reminder, contact=contact, deadline=time.monotonic() + settings.FRISAT_SEND_SECONDS,
        reminders_since=started if reminder else None)
    total = invitations.SendResult(sent_before + result.sent, reminder, result.remaining,
                                   kept=kept_before + result.kept)
    if result.remaining:
        request.session[SESSION_KEY] = asdict(Pass(round.pk, reminder, contact, started.isoformat(), total.sent,
                                                      result.remaining, total.kept))
    return total
