"""``{% kommune_header round as header %}``: the kommune's name and logo for the survey pages;
``{% staff_kommune_names user as names %}``: the staff user's kommune(r) for the staff pages' header."""

from __future__ import annotations

from django import template

from frisat.web.organisations.logo import Header, survey_header
from frisat.web.organisations.selectors import visible_municipalities

register = template.Library()

STAFF_NAMES_SHOWN = 3


@register.simple_tag
def kommune_header(round: object) -> Header | None:
    """The header of ``round``'s kommune (None without a round: the unknown-link page)."""
    municipality_id = getattr(round, "municipality_id", None)
    return survey_header(municipality_id) if municipality_id else None


@register.simple_tag
def staff_kommune_names(user: object) -> str:
    """``Aarhus Kommune`` — the kommuner the user sees, at most three named (then «…»); one query."""
    names = list(visible_municipalities(user).order_by("name").values_list("name", flat=True)[:STAFF_NAMES_SHOWN + 1])
    shown = ", ".join(names[:STAFF_NAMES_SHOWN])
    return f"{shown} …" if len(names) > STAFF_NAMES_SHOWN else shown
