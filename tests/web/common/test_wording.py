"""The one closing-date wording."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from frisat.web.common.formatting import day_bounds
from frisat.web.common.wording import closing_text

ZONE = ZoneInfo("Europe/Copenhagen")


@pytest.mark.parametrize("last", [dt.date(2026, 12, 28), dt.date(2026, 12, 31), dt.date(2027, 3, 28)])
def test_the_last_day_is_named_not_the_midnight_after(last):
    _, closes_at = day_bounds(dt.date(2026, 1, 1), last)
    assert closes_at.date() == last + dt.timedelta(days=1)  # closes at 00:00 the day after
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
              "november", "december"]
    assert closing_text(closes_at, "da") == f"til og med {last.day}. {months[last.month - 1]} {last.year}"
    assert closing_text(closes_at, "en").startswith(f"until and including {last.day} ")


def test_a_close_at_another_hour_says_the_hour():
    closes_at = dt.datetime(2026, 12, 28, 14, 30, tzinfo=ZONE)
    assert closing_text(closes_at, "da") == "frem til 28. december 2026 kl. 14.30"
    assert closing_text(closes_at, "en") == "until 28 December 2026 at 14:30"


def test_the_filter_follows_the_active_language():
    from frisat.web.mailings.templatetags.mail_wording import closing_text as closing_filter

    _, closes_at = day_bounds(dt.date(2026, 1, 1), dt.date(2026, 12, 28))
    with translation.override("da"):
        assert closing_filter(closes_at) == "til og med 28. december 2026"
    with translation.override("en"):
        assert closing_filter(closes_at) == "until and including 28 December 2026"
