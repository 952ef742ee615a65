"""``{% load mail_wording %}{{ round.closes_at|closing_text }}``: the closing date in the words of
the mails (:func:`frisat.web.common.wording.closing_text`), in the page's language."""

from __future__ import annotations

import datetime as dt

from django import template

from frisat.web.common.wording import closing_text as _closing_text

register = template.Library()


@register.filter
def closing_text(closes_at: dt.datetime | None) -> str:
    return _closing_text(closes_at) if closes_at else ""
