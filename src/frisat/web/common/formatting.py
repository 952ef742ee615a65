"""Formatting shared by the staff pages, the e-mails and the CLI. Dates and the e-mail texts are Danish;
the response-rate texts (:func:`rate_text`, :func:`percent_text`) follow the active language, which is
Danish unless a staff page runs in English.

Dates: staff give a round's first and last day; the round opens at 00:00 on the first day and
closes at 00:00 after the last day (Danish time), so «lukker 30. april» means that 30 April is
the last day to answer.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december"]


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def day_bounds(first_day: dt.date, last_day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """(opens_at, closes_at) for a round answered from ``first_day`` through ``last_day``."""
    zone = _zone()
    opens_at = dt.datetime.combine(first_day, dt.time(), tzinfo=zone)
    closes_at = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return opens_at, closes_at


def danish_date(day: dt.date) -> str:
    """``30. april 2026``."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def first_day(opens_at: dt.datetime) -> dt.date:
    return timezone.localtime(opens_at, _zone()).date()


def last_day(closes_at: dt.datetime) -> dt.date:
    """The last day the round can be answered (the day before a midnight close)."""
    local = timezone.localtime(closes_at, _zone())
    return (local - dt.timedelta(microseconds=1)).date()


def closes_text(closes_at: dt.datetime) -> str:
    """``til og med 30. april 2026`` (midnight close) or ``frem til 30. april 2026 kl. 14.00``."""
    local = timezone.localtime(closes_at, _zone())
    if local.time() == dt.time():
        return f"til og med {danish_date(last_day(closes_at))}"
    return f"frem til {danish_date(local.date())} kl. {local:%H.%M}"


def parse_date(text: str) -> dt.date:
    """``2026-04-30``, ``30-04-2026`` or ``30.04.2026``; ValueError (Danish) otherwise."""
    value = text.strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"«{text}» er ikke en dato. Skriv fx 2026-04-30 eller 30-04-2026.")


def integer(value: int) -> str:
    """``1.234`` (the thousands separator of the active language; Danish by default)."""
    return f"{value:,}".replace(",", get_format("THOUSAND_SEPARATOR"))


def percent(answered: int, invited: int) -> float | None:
    return 100.0 * answered / invited if invited else None


def percent_text(answered: int, invited: int) -> str:
    """``27,5 %`` in Danish, ``27.5%`` in English (``–`` without respondents)."""
    value = percent(answered, invited)
    if value is None:
        return "–"
    number = f"{value:.1f}".replace(".", get_format("DECIMAL_SEPARATOR"))
    # Translators: a percentage, e.g. "27,5 %" (Danish has a space before the sign).
    return gettext("%(percent)s %%") % {"percent": number}


def rate_text(answered: int, invited: int) -> str:
    """``33 af 120 = 27,5 %`` in Danish, ``33 of 120 = 27.5%`` in English."""
    if not invited:
        return gettext("0 af 0 (ingen respondenter)")
    return gettext("%(answered)s af %(invited)s = %(percent)s") % {
        "answered": integer(answered), "invited": integer(invited), "percent": percent_text(answered, invited)}


def waiting_text(waiting: int, threshold: int) -> str:
    """``3 svar venter og kommer med i resultaterne, når der er mindst 9 ventende svar, eller når målingen
    lukker.``: answers of an anonymous round in its mixing pool (:mod:`frisat.web.rounds.pool`); "" for none.
    The one wording of the staff pages and the CLI (in the active language)."""
    if not waiting:
        return ""
    return gettext("%(n)s svar venter og kommer med i resultaterne, når der er mindst %(m)s ventende svar, eller "
                   "når målingen lukker.") % {"n": waiting, "m": threshold}
