"""Danish formatting shared by the staff pages, the e-mails and the CLI.

Dates: staff give a round's first and last day; the round opens at 00:00 on the first day and
closes at 00:00 after the last day (Danish time), so «lukker 30. april» means that 30 April is
the last day to answer.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

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
    """``1.234`` (Danish thousands separator)."""
    return f"{value:,}".replace(",", ".")


def percent(answered: int, invited: int) -> float | None:
    return 100.0 * answered / invited if invited else None


def percent_text(answered: int, invited: int) -> str:
    """``27,5 %`` (``–`` without respondents)."""
    value = percent(answered, invited)
    return "–" if value is None else f"{value:.1f} %".replace(".", ",")


def rate_text(answered: int, invited: int) -> str:
    """``33 af 120 = 27,5 %``."""
    if not invited:
        return "0 af 0 (ingen respondenter)"
    return f"{integer(answered)} af {integer(invited)} = {percent_text(answered, invited)}"
