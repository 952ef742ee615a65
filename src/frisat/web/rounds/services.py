"""Services that change measurement rounds: create, add respondents, store answers, submit.

Business rules live here (HackSoft style); views and the CLI stay thin and call these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from frisat.core.errors import FrisatError
from frisat.core.instrument import get_instrument
from frisat.web.organisations.models import Enhed, Kommune
from frisat.web.rounds.models import Draft, Maaling, Respondent, Response


def create_round(
    *,
    kommune: Kommune,
    name: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    groups: list[str],
    instrument_id: str = "vive-frisaettelse",
    anonymous: bool = True,
    min_n: int = 5,
    wave: str = "1",
    previous: Maaling | None = None,
) -> Maaling:
    """Create a round after checking the instrument, dates, groups and threshold."""
    get_instrument(instrument_id)  # raises a Danish error for an unknown instrument
    name = name.strip()
    if not name:
        raise FrisatError("Målingen skal have et navn.")
    if closes_at <= opens_at:
        raise FrisatError("Målingen skal lukke efter den åbner.")
    if min_n < 1:
        raise FrisatError("Anonymitetsgrænsen skal være mindst 1.")
    clean_groups = sorted({g.strip().lower() for g in groups if g.strip()})
    if not clean_groups:
        raise FrisatError("Angiv mindst én respondentgruppe, fx leder eller medarbejder.")
    if previous is not None and previous.kommune_id != kommune.id:
        raise FrisatError("En ny bølge skal høre til samme kommune som den forrige måling.")
    return Maaling.objects.create(
        kommune=kommune, name=name, instrument_id=instrument_id, opens_at=opens_at, closes_at=closes_at,
        groups=clean_groups, anonymous=anonymous, min_n=min_n, wave=wave.strip() or "1", previous=previous,
    )


def next_wave(previous: Maaling, *, name: str, opens_at: dt.datetime, closes_at: dt.datetime,
              wave: str) -> Maaling:
    """Repeat a round with the same organisation, instrument, groups and settings."""
    return create_round(
        kommune=previous.kommune, name=name, opens_at=opens_at, closes_at=closes_at, groups=previous.groups,
        instrument_id=previous.instrument_id, anonymous=previous.anonymous, min_n=previous.min_n,
        wave=wave, previous=previous,
    )


@dataclass(frozen=True)
class IssuedLink:
    respondent: Respondent
    token: str


def add_respondent(maaling: Maaling, *, enhed: Enhed, gruppe: str, email: str = "") -> IssuedLink:
    """Add one respondent with a fresh single-use link token."""
    if enhed.omraade.kommune_id != maaling.kommune_id:
        raise FrisatError(f"Enheden «{enhed.name}» hører ikke til {maaling.kommune}.")
    gruppe = gruppe.strip().lower()
    if gruppe not in maaling.groups:
        raise FrisatError(f"Gruppen «{gruppe}» er ikke med i målingen ({', '.join(maaling.groups)}).")
    respondent = Respondent(maaling=maaling, enhed=enhed, gruppe=gruppe, email=email.strip().lower())
    token = respondent.set_new_token()
    try:
        with transaction.atomic():
            respondent.save()
    except IntegrityError as exc:
        raise FrisatError(f"{email} er allerede respondent i målingen.") from exc
    return IssuedLink(respondent, token)


def reissue_token(respondent: Respondent) -> str:
    """A new link for a respondent who has not answered (the old link stops working)."""
    if respondent.answered_at:
        raise FrisatError("Respondenten har allerede svaret; linket kan ikke fornyes.")
    token = respondent.set_new_token()
    respondent.save(update_fields=["token_hash"])
    return token


def save_draft(respondent: Respondent, answers: dict[str, object]) -> Draft:
    """Merge one page's answers into the respondent's draft (the form can be resumed)."""
    with transaction.atomic():
        draft, _ = Draft.objects.select_for_update().get_or_create(respondent=respondent)
        draft.answers = {**draft.answers, **answers}
        draft.save(update_fields=["answers", "updated_at"])
    return draft


class AlreadyAnswered(FrisatError):
    """The link has been used to submit already."""


def submit(respondent: Respondent) -> Response:
    """Turn the draft into a response exactly once.

    The conditional update on ``answered_at`` is the guard: of two concurrent submissions (double
    click, two tabs) only one changes the row, the other gets :class:`AlreadyAnswered`.
    """
    with transaction.atomic():
        claimed = Respondent.objects.filter(pk=respondent.pk, answered_at__isnull=True).update(
            answered_at=timezone.now()
        )
        if claimed != 1:
            raise AlreadyAnswered("Besvarelsen er allerede sendt.")
        maaling = respondent.maaling
        draft = Draft.objects.filter(respondent=respondent).first()
        answers = draft.answers if draft else {}
        response = Response.objects.create(
            maaling=maaling,
            respondent=None if maaling.anonymous else respondent,
            enhed_id=respondent.enhed_id,
            gruppe=respondent.gruppe,
            answers=answers,
        )
        if draft:
            draft.delete()
    return response
