"""Template filters for the staff pages: a round's period and status in the active language."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import dateformat
from django.utils.translation import gettext_lazy, pgettext

from frisat.web.common.formatting import first_day, last_day, rate_text, waiting_text
from frisat.web.rounds.pool import threshold

register = template.Library()

STATUS_LABELS = {"open": gettext_lazy("åben"), "not_opened": gettext_lazy("ikke åbnet"),
                 "closed": gettext_lazy("lukket")}
"""Danish words (translated) for the codes of :attr:`Round.status`; the one place they are worded."""


def _day(day: dt.date) -> str:
    """``30. april 2026`` in Danish (as :func:`danish_date`), ``30 April 2026`` in English."""
    # Translators: a date in Django's date format syntax; j = day, F = month name, Y = year.
    return dateformat.format(day, pgettext("date format", "j. F Y"))


@register.filter
def first_answer_day(opens_at: dt.datetime) -> str:
    """``1. april 2026``: the day a round opens."""
    return _day(first_day(opens_at))


@register.filter
def last_answer_day(closes_at: dt.datetime) -> str:
    """``30. april 2026``: the last day a round can be answered."""
    return _day(last_day(closes_at))


@register.filter
def closes_phrase(closes_at: dt.datetime) -> str:
    """``til og med 30. april 2026``: the one wording of the mails and survey pages."""
    from frisat.web.common.wording import closing_text

    return closing_text(closes_at, "da")


@register.filter
def rate_of(answered: int, invited: int) -> str:
    """``{{ answered|rate_of:invited }}`` → ``33 af 120 = 27,5 %``."""
    return rate_text(answered, invited)


@register.filter
def status_label(status: str) -> str:
    """``{{ round.status|status_label }}``: ``open`` → «åben» (in English: "open")."""
    return str(STATUS_LABELS.get(status, status))


@register.filter
def waiting_phrase(round: object) -> str:
    """``{{ maaling|waiting_phrase }}``: how many answers wait in the round's pool (``n_waiting``, see
    :func:`frisat.web.rounds.selectors.with_waiting`), or ""."""
    return waiting_text(getattr(round, "n_waiting", 0), threshold(round))
