"""``{% kommune_header round as header %}``: the kommune's name and logo for the survey pages."""

from __future__ import annotations

from django import template

from frisat.web.organisations.logo import Header, survey_header

register = template.Library()


@register.simple_tag
def kommune_header(round: object) -> Header | None:
    """The header of ``round``'s kommune (None without a round: the unknown-link page)."""
    municipality_id = getattr(round, "municipality_id", None)
    return survey_header(municipality_id) if municipality_id else None
