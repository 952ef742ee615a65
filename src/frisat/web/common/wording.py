"""The one wording of a round's closing date, for the mails and the survey pages alike.

A round closes at 00:00 after its last day (:func:`frisat.web.common.formatting.day_bounds`), so
«til og med 28. december 2026» — never «indtil 29. december 00:00», which reads as one day more.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from frisat.web.common.formatting import closes_text, last_day

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]


def closing_text(closes_at: dt.datetime, language: str | None = None) -> str:
    """``til og med 28. december 2026`` (or ``frem til 28. december 2026 kl. 14.00`` when the round
    closes at another time than midnight); in English ``until and including 28 December 2026``.

    ``language``: ``da`` or ``en`` (default: the active language)."""
    language = (language or translation.get_language() or "da")[:2]
    if language != "en":
        return closes_text(closes_at)
    local = timezone.localtime(closes_at)
    if local.time() == dt.time():
        day = last_day(closes_at)
        return f"until and including {day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    return f"until {local.day} {EN_MONTHS[local.month - 1]} {local.year} at {local:%H:%M}"
