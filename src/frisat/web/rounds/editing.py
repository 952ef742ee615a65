"""Services that change a round while it runs: edit (with a change log), delete, archive.

Rules are :meth:`Round.clean`'s (run once through :func:`~frisat.web.common.validation.validate`);
this module adds the one rule that depends on other rows: once answers exist, the settings that
shape the answers (instrument, anonymity, design, anonymity threshold) are locked
(:func:`locked_fields`). Every change is written to :class:`RoundChange` in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from frisat.core.errors import FrisatError
from frisat.web.common.formatting import closes_text, danish_date
from frisat.web.common.validation import InputErrors, validate
from frisat.web.rounds.models import Round, RoundChange

EDITABLE = ("name", "description", "closes_at", "reminder_dates", "instrument_id", "anonymous", "design", "min_n")
"""The fields :func:`update_round` may change."""

LOCKED_WITH_ANSWERS = ("instrument_id", "anonymous", "design", "min_n")
"""Fields that may not change once anyone has answered."""

LOCK_REASON = "Kan ikke ændres, fordi der allerede er svar: de afgivne svar er givet på disse betingelser."
DESIGN_REASON = "Kan ikke ændres, når der er respondenter: deres links spørger allerede efter designet."

FIELD_LABELS = {"name": "Navn", "description": "Beskrivelse", "closes_at": "Sidste svardag",
                "reminder_dates": "Påmindelsesplan", "instrument_id": "Spørgeskema", "anonymous": "Anonym",
                "design": "Design", "min_n": "Anonymitetsgrænse", "archived": "Arkiveret"}
"""Danish names of the logged fields (the change log shows these)."""


def has_answers(round: Round) -> bool:
    """Anyone has answered: a respondent marked answered, a response, or one waiting in the pool."""
    return (round.respondents.filter(answered_at__isnull=False).exists() or round.responses.exists()
            or round.pending_responses.exists())


def locked_fields(round: Round) -> dict[str, str]:
    """Field → the reason it cannot be changed now (empty: everything may change)."""
    locked: dict[str, str] = {}
    if has_answers(round):
        locked = dict.fromkeys(LOCKED_WITH_ANSWERS, LOCK_REASON)
    elif round.respondents.exists():
        locked["design"] = DESIGN_REASON
    return locked


def _shown(field: str, value: object) -> str:
    """A value as the change log shows it."""
    if field == "closes_at" and isinstance(value, dt.datetime):
        return closes_text(value)
    if field == "reminder_dates":
        return ", ".join(danish_date(dt.date.fromisoformat(d)) for d in value or []) or "ingen"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)


def update_round(round: Round, changes: Mapping[str, object], *, user: object = None) -> list[RoundChange]:
    """Apply ``changes`` (field → new value; only :data:`EDITABLE`), check them with the model's rules
    and log each field that really changes. Raises :class:`InputErrors` (nothing is saved).

    A new closing date must not lie in the past (closing now is «Luk nu»); the reminders read the
    closing date from the round when they are sent, so nothing else needs to change.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise FrisatError(f"Felterne {', '.join(sorted(unknown))} kan ikke ændres her.")
    with transaction.atomic():
        current = Round.objects.select_for_update().get(pk=round.pk)
        locked = locked_fields(current)
        errors: dict[str, str] = {}
        diff: dict[str, tuple[object, object]] = {}
        for field, value in changes.items():
            if field == "name" and isinstance(value, str):
                value = value.strip()
            if field == "reminder_dates":
                value = sorted({str(d) for d in value or []})
            old = getattr(current, field)
            if old == value:
                continue
            if field in locked:
                errors[field] = locked[field]
                continue
            if field == "closes_at" and value <= timezone.now():
                errors[field] = "Den nye sidste svardag er allerede passeret. Brug «Luk nu» for at lukke målingen."
            diff[field] = (old, value)
            setattr(current, field, value)
        validate(current, errors, exclude=("municipality", "previous"))
        if not diff:
            return []
        current.save(update_fields=list(diff))
        logged = RoundChange.objects.bulk_create([
            RoundChange(round=current, round_name=current.name, changed_by=_user(user), field=field,
                        old=_shown(field, old), new=_shown(field, new))
            for field, (old, new) in diff.items()])
    for field in diff:
        setattr(round, field, getattr(current, field))
    return logged


def _user(user: object) -> object:
    return user if getattr(user, "is_authenticated", False) else None


def set_archived(round: Round, archived: bool, *, user: object = None) -> None:
    """Archive a round (hidden from the lists by default) or bring it back; logged."""
    if round.archived == archived:
        return
    with transaction.atomic():
        RoundChange.objects.create(round=round, round_name=round.name, changed_by=_user(user), field="archived",
                                   old=_shown("archived", round.archived), new=_shown("archived", archived))
        round.archived = archived
        round.save(update_fields=["archived"])


def delete_round(round: Round, *, user: object = None) -> None:
    """Delete a round nobody has answered (with its respondents and drafts); the log keeps a row.

    A round with answers is archived instead (the answers are the municipality's data)."""
    with transaction.atomic():
        current = Round.objects.select_for_update().get(pk=round.pk)
        if has_answers(current):
            raise FrisatError("Målingen har svar og kan ikke slettes. Arkivér den i stedet.")
        if current.next_waves.exists():
            raise FrisatError("Målingen er forrige bølge for en anden måling og kan ikke slettes. "
                              "Arkivér den i stedet.")
        RoundChange.objects.create(round=None, round_name=current.name, changed_by=_user(user), field="deleted",
                                   old=current.name, new="slettet")
        RoundChange.objects.filter(round=current).update(round=None)
        current.delete()


__all__ = [
    "EDITABLE",
    "FIELD_LABELS",
    "LOCKED_WITH_ANSWERS",
    "InputErrors",
    "delete_round",
    "has_answers",
    "locked_fields",
    "set_archived",
    "update_round",
]
