"""Template filters for the staff pages: Danish dates of a round's period."""

from __future__ import annotations

import datetime as dt

from django import template

from frisat.web.rounds.formatting import closes_text, danish_date, first_day, last_day, rate_text

register = template.Library()


@register.filter
def first_answer_day(opens_at: dt.datetime) -> str:
    """``1. april 2026``: the day a round opens."""
    return danish_date(first_day(opens_at))


@register.filter
def last_answer_day(closes_at: dt.datetime) -> str:
    """``30. april 2026``: the last day a round can be answered."""
    return danish_date(last_day(closes_at))


@register.filter
def closes_phrase(closes_at: dt.datetime) -> str:
    """``til og med 30. april 2026``."""
    return closes_text(closes_at)


@register.filter
def rate_of(answered: int, invited: int) -> str:
    """``{{ answered|rate_of:invited }}`` → ``33 af 120 = 27,5 %``."""
    return rate_text(answered, invited)
