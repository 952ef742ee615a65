"""Test data for the survey form: a kommune with one unit, rounds and respondent links."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from frisat.core.instrument import get_instrument
from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.rounds import services
from frisat.web.rounds.models import Round

INSTRUMENT = get_instrument("vive-frisaettelse")


def make_unit(name: str = "Skørping Skole") -> Unit:
    municipality, _ = Municipality.objects.get_or_create(name="Rebild")
    area, _ = Area.objects.get_or_create(municipality=municipality, name="skole")
    unit, _ = Unit.objects.get_or_create(area=area, name=name)
    return unit


def make_round(*, opens_in_days: float = -1, closes_in_days: float = 14, **kwargs) -> Round:
    unit = make_unit()
    now = timezone.now()
    args = dict(municipality=unit.area.municipality, name="Barometer 2026",
                opens_at=now + dt.timedelta(days=opens_in_days),
                closes_at=now + dt.timedelta(days=closes_in_days), groups=["leder", "medarbejder"])
    args.update(kwargs)
    return services.create_round(**args)


def make_link(round: Round | None = None, *, email: str = "anna@rebild.dk", group: str = "leder"):
    """A respondent with a fresh link; returns services.IssuedLink (respondent, token)."""
    round = round or make_round()
    return services.add_respondent(round, unit=make_unit(), group=group, email=email)


def section_columns(number: int) -> list:
    """The answer columns of section page ``number`` (1-based)."""
    section = INSTRUMENT.sections[number - 1]
    return [c for c in INSTRUMENT.columns() if c.section == section.id]


def page_answers(number: int) -> dict[str, str]:
    """A full, valid POST for section page ``number``: varied numbers, one «ved ikke», a comment."""
    data = {}
    for i, column in enumerate(section_columns(number)):
        if column.is_text:
            data[column.name] = f"Kommentar til side {number}."
        elif i == 2:
            data[column.name] = "ved_ikke"
        else:
            data[column.name] = str((number + i) % 10 + 1)
    return data


def stored(data: dict[str, str]) -> dict[str, object]:
    """The values save_draft stores for a POST from :func:`page_answers`."""
    return {k: (v if v == "ved_ikke" or not v.isdigit() else int(v)) for k, v in data.items()}


def draft_of(link) -> dict[str, object] | None:
    """The link's draft as stored, opened with the link's token (drafts are encrypted), or None."""
    from frisat.web.rounds.crypto import open_draft
    from frisat.web.rounds.models import Draft

    draft = Draft.objects.filter(respondent=link.respondent).first()
    return None if draft is None else open_draft(link.token, link.respondent.pk, draft.answers)


def responses():
    """Every response, after moving what waits in the anonymous rounds' mixing pools (a submit puts
    an anonymous answer there; the test's transaction never commits, so no flush ran on its own)."""
    from frisat.web.rounds import pool
    from frisat.web.rounds.models import Response, Round

    for round in Round.objects.filter(pending_responses__isnull=False).distinct():
        pool.flush_pool(round, final=True)
    return Response.objects.all()
