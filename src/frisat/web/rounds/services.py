"""Services that change measurement rounds: create, add respondents, store answers, submit.

Business rules live here (HackSoft style); views and the CLI stay thin and call these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from frisat.core.design import (
    DIMENSIONS,
    Design,
    assign_dimension,
    assign_dimensions,
    hidden_columns,
    parse_design,
)
from frisat.core.errors import FrisatError, Problem
from frisat.core.instrument import get_instrument
from frisat.web.common.validation import validate
from frisat.web.organisations.models import Municipality, Unit
from frisat.web.organisations.tabular import Table, fail
from frisat.web.rounds import pool
from frisat.web.rounds.crypto import SEALED, CannotOpen, open_draft, seal_draft
from frisat.web.rounds.models import Draft, Respondent, Response, Round


def create_round(
    *,
    municipality: Municipality,
    name: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    groups: list[str],
    instrument_id: str = "vive-frisaettelse",
    anonymous: bool = True,
    min_n: int = 5,
    wave: str = "1",
    previous: Round | None = None,
    design: str = Design.BOTH,
    group_dimensions: Mapping[str, str] | None = None,
) -> Round:
    """Create a round after checking the instrument, dates, groups, threshold and design.

    ``design``: ``begge`` (default), ``halvdel`` or ``gruppe`` with ``group_dimensions`` mapping every
    group to ``impl`` or ``vigt`` (see :mod:`frisat.core.design`). The input is read here (names
    stripped, groups lower-cased); the rules are :meth:`Round.clean`'s, run once
    (:class:`~frisat.web.common.validation.InputErrors` with one message per field).
    """
    round = Round(
        municipality=municipality, name=name.strip(), instrument_id=instrument_id, opens_at=opens_at,
        closes_at=closes_at,
        groups=sorted({g.strip().lower() for g in groups if g.strip()}), anonymous=anonymous, min_n=min_n,
        wave=wave.strip() or "1", previous=previous, design=parse_design(design).value,
        group_dimensions={g.strip().lower(): d for g, d in (group_dimensions or {}).items()},
    )
    validate(round, exclude=("municipality", "previous"))
    round.save()
    return round


def next_wave(previous: Round, *, name: str, opens_at: dt.datetime, closes_at: dt.datetime,
              wave: str) -> Round:
    """Repeat a round with the same organisation, instrument, groups and settings (design included)."""
    return create_round(
        municipality=previous.municipality, name=name, opens_at=opens_at, closes_at=closes_at, groups=previous.groups,
        instrument_id=previous.instrument_id, anonymous=previous.anonymous, min_n=previous.min_n,
        wave=wave, previous=previous, design=previous.design, group_dimensions=previous.group_dimensions,
    )


@dataclass(frozen=True)
class IssuedLink:
    respondent: Respondent
    token: str


def add_respondent(round: Round, *, unit: Unit, group: str, email: str = "") -> IssuedLink:
    """Add one respondent with a fresh single-use link token."""
    if unit.area.municipality_id != round.municipality_id:
        raise FrisatError(f"Enheden «{unit.name}» hører ikke til {round.municipality}.")
    group = group.strip().lower()
    if group not in round.groups:
        raise FrisatError(f"Gruppen «{group}» er ikke med i målingen ({', '.join(round.groups)}).")
    respondent = Respondent(round=round, unit=unit, group=group, email=email.strip().lower())
    token = respondent.set_new_token()
    if round.design != Design.BOTH:
        cell, in_unit = [0, 0], [0, 0]
        for row in _dimension_counts(round).filter(unit=unit):
            index = DIMENSIONS.index(row["dimension"])
            in_unit[index] += row["n"]
            if row["group"] == group:
                cell[index] += row["n"]
        # The coin for a tie is the new link's token: random, and only the respondent ever holds it.
        respondent.dimension = assign_dimension(round.design, group, round.group_dimensions, token,
                                                cell_counts=cell, unit_counts=in_unit) or ""
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


def _dimension_counts(round: Round):
    """Respondents per (enhed, gruppe, dimension) of a split round so far."""
    return (Respondent.objects.filter(round=round).exclude(dimension="")
            .values("unit", "group", "dimension").annotate(n=Count("id")).order_by())


def _assign_batch(round: Round, respondents: list[Respondent]) -> None:
    """Set the dimension of new respondents (not saved yet) by the round's design.

    ``halvdel``: balanced within every unit and group, counting the respondents already in the
    round; the order is shuffled with fresh OS entropy, so nobody can work out who gets what.
    """
    if round.design == Design.BOTH or not respondents:
        return
    existing: dict[tuple[int, str], list[int]] = {}
    for row in _dimension_counts(round):
        existing.setdefault((row["unit"], row["group"]), [0, 0])[DIMENSIONS.index(row["dimension"])] += row["n"]
    dimensions = assign_dimensions(round.design, [(r.unit_id, r.group) for r in respondents],
                                   round.group_dimensions, np.random.default_rng(), existing)
    for respondent, dimension in zip(respondents, dimensions, strict=True):
        respondent.dimension = dimension or ""


DRAFT_META_PREFIX = "_"
"""Draft keys starting with this are the form's bookkeeping (e.g. the page reached), not answers;
:func:`submit` leaves them out of the response."""


def save_draft(respondent: Respondent, answers: dict[str, object], *, token: str) -> Draft:
    """Merge one page's answers into the respondent's draft (the form can be resumed).

    ``token`` is the link's token (from the URL): the draft is stored encrypted with a key derived
    from it (:func:`frisat.web.rounds.crypto.seal_draft`), which the server never stores. A draft
    that does not open with it (sealed under a link since replaced by a reminder) counts as empty;
    one saved before drafts were encrypted is read and rewritten sealed.

    Inside the caller's transaction when there is one (no savepoint of its own: an error rolls the
    whole transaction back), else in a transaction of its own. The draft's row is locked while it
    is merged. Every page after the first finds a draft: that is read and written with two short
    SQL statements rather than querysets (about a quarter of the CPU of a page save); the first
    page creates it through the ORM.
    """
    with transaction.atomic(savepoint=False):
        found = _locked_draft(respondent.pk)
        if found is None:
            draft, created = Draft.objects.select_for_update().get_or_create(
                respondent=respondent, defaults={"answers": seal_draft(token, respondent.pk, dict(answers))})
            if not created:  # created by another request since _locked_draft looked
                merged = {**_open_or_empty(token, respondent.pk, draft.answers), **answers}
                draft.answers = seal_draft(token, respondent.pk, merged)
                draft.save(update_fields=["answers", "updated_at"])
            return draft
        draft_id, saved = found
        merged = {**_open_or_empty(token, respondent.pk, saved), **answers}
        draft = Draft(id=draft_id, respondent=respondent, answers=seal_draft(token, respondent.pk, merged),
                      updated_at=timezone.now())
        _update_draft(draft)
    return draft


def draft_answers(respondent: Respondent, token: str) -> dict[str, object]:
    """The answers of the respondent's draft (loaded with the respondent, see
    :func:`frisat.web.rounds.lookup.respondent_for_link`), opened with the link's token; {} if none."""
    try:
        draft = respondent.draft
    except Draft.DoesNotExist:
        return {}
    return _open_or_empty(token, respondent.pk, draft.answers)


def _open_or_empty(token: str, respondent_id: int, stored: object) -> dict[str, object]:
    try:
        return open_draft(token, respondent_id, stored)
    except CannotOpen:
        return {}


def _locked_draft(respondent_id: int) -> tuple[int, dict[str, object]] | None:
    """(id, answers) of the respondent's draft, its row locked (FOR UPDATE where the database has
    row locks; SQLite's write transaction locks the whole database), or None."""
    field, qn = Draft._meta.get_field("answers"), connection.ops.quote_name
    sql = (f"SELECT {qn(Draft._meta.pk.column)}, {qn(field.column)} FROM {qn(Draft._meta.db_table)} "
           f"WHERE {qn(Draft._meta.get_field('respondent').column)} = %s")
    if connection.features.has_select_for_update:
        sql += " " + connection.ops.for_update_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [respondent_id])
        row = cursor.fetchone()
    return None if row is None else (row[0], field.from_db_value(row[1], None, connection))


def _update_draft(draft: Draft) -> None:
    """``draft.save(update_fields=["answers", "updated_at"])`` as one UPDATE, the values prepared by the fields."""
    meta, qn = Draft._meta, connection.ops.quote_name
    fields = [meta.get_field("answers"), meta.get_field("updated_at")]
    assignments = ", ".join(f"{qn(f.column)} = %s" for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {qn(meta.db_table)} SET {assignments} WHERE {qn(meta.pk.column)} = %s",
                       [*(f.get_db_prep_save(getattr(draft, f.attname), connection) for f in fields), draft.pk])
    draft._state.adding, draft._state.db = False, connection.alias


@lru_cache(maxsize=32)
def _columns_not_asked(instrument_id: str, dimension: str) -> frozenset[str]:
    return hidden_columns(get_instrument(instrument_id), dimension)


class AlreadyAnswered(FrisatError):
    """The link has been used to submit already."""


def submit(respondent: Respondent, *, token: str | None = None) -> Response | None:
    """Turn the draft into a response exactly once.

    The conditional update on ``answered_at`` is the guard: of two concurrent submissions (double
    click, two tabs) only one changes the row, the other gets :class:`AlreadyAnswered`. The draft is
    read after that claim, in the same transaction, so it holds every page saved before it (a page
    save locks the respondent's row, so the claim waits for it; a page saved later finds the link
    used). ``token`` (the link's) opens the encrypted draft; without it (a caller that has no link)
    an encrypted draft is not dropped silently: the submission fails and nothing changes.

    An identified round stores the :class:`Response` here and returns it. An anonymous round
    stores only the date of ``answered_at`` and puts the answers, encrypted, into the round's mixing
    pool (:mod:`frisat.web.rounds.pool`; returns None): they reach :class:`Response` in a shuffled
    batch written by another transaction (a flush is started once this one has committed).

    This is the busiest write of a round (everyone submits within days), so the claim, the draft
    and the pool are short SQL statements rather than querysets (see :func:`_claim`,
    :func:`_take_draft`, :func:`frisat.web.rounds.pool.add_pending`): three statements in an
    identified round, four in an anonymous one (the pool's INSERT and its size).
    """
    round = respondent.round
    with transaction.atomic():
        if not _claim(respondent.pk, anonymous=round.anonymous):
            raise AlreadyAnswered("Besvarelsen er allerede sendt.")
        taken = _take_draft(respondent.pk)
        if token is None and isinstance(taken, dict) and SEALED in taken:
            raise FrisatError("Kladden er krypteret med linkets nøgle; den kan kun sendes via linket.")
        saved = _open_or_empty(token or "", respondent.pk, taken)
        answers = {k: v for k, v in saved.items() if not k.startswith(DRAFT_META_PREFIX)}
        if respondent.dimension:  # a split design: never store answers to the dimension not asked
            hidden = _columns_not_asked(round.instrument_id, respondent.dimension)
            answers = {k: v for k, v in answers.items() if k not in hidden}
        if round.anonymous:
            waiting = pool.add_pending(round, unit_id=respondent.unit_id, group=respondent.group,
                                       answers=answers)
            pool.flush_after_commit(round, waiting)
            return None
        return Response.objects.create(round=round, respondent=respondent, unit_id=respondent.unit_id,
                                       group=respondent.group, answers=answers)


def answered_stamp(anonymous: bool, now: dt.datetime | None = None) -> dt.datetime:
    """The ``answered_at`` stored for an answer given ``now``: in an anonymous round only the date
    (local midnight), so the time cannot be matched with anything else."""
    now = now or timezone.now()
    if not anonymous:
        return now
    day = timezone.localdate(now)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _claim(respondent_id: int, *, anonymous: bool) -> bool:
    """Set the respondent's ``answered_at`` unless it is set already; True if this call set it.

    ``UPDATE … WHERE answered_at IS NULL``, as ``Respondent.objects.filter(…).update(…)`` writes
    it, without building the queryset; the value is prepared by the model field as the ORM does.
    """
    table, qn = Respondent._meta.db_table, connection.ops.quote_name
    column, pk = qn(Respondent._meta.get_field("answered_at").column), qn(Respondent._meta.pk.column)
    answered_at = Respondent._meta.get_field("answered_at").get_db_prep_save(answered_stamp(anonymous), connection)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {qn(table)} SET {column} = %s WHERE {pk} = %s AND {column} IS NULL",
                       [answered_at, respondent_id])
        return cursor.rowcount == 1


def _take_draft(respondent_id: int) -> dict[str, object] | None:
    """Delete the respondent's draft and return its answers (None: there was none).

    One ``DELETE … RETURNING`` (PostgreSQL; SQLite from 3.35) instead of a SELECT and a DELETE;
    the ORM's two statements on an older SQLite.
    """
    field = Draft._meta.get_field("answers")
    if not _can_return_from_delete():
        drafts = Draft.objects.filter(respondent_id=respondent_id)
        saved = next(iter(drafts.values_list("answers", flat=True)), None)  # at most one (one-to-one)
        if saved is not None:
            drafts.delete()
        return saved
    qn = connection.ops.quote_name
    respondent = qn(Draft._meta.get_field("respondent").column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {qn(Draft._meta.db_table)} WHERE {respondent} = %s RETURNING {qn(field.column)}",
                       [respondent_id])
        rows = cursor.fetchall()  # at most one (one-to-one)
    return field.from_db_value(rows[0][0], None, connection) if rows else None


def _can_return_from_delete() -> bool:
    if connection.vendor == "sqlite":
        return connection.Database.sqlite_version_info >= (3, 35)
    return connection.vendor == "postgresql"


# --- Staff services: close, respondent import, copy to next wave ------------------------------------


def close_round(round: Round) -> Round:
    """Close the round now: links stop working and no e-mails are sent from then on. The answers
    still waiting in an anonymous round's pool are moved to the responses (after this commits)."""
    if not round.closed_manually:
        round.closed_manually = True
        round.save(update_fields=["closed_manually"])
    if round.anonymous:
        transaction.on_commit(lambda: pool.flush_quietly(round, final=True))
    return round


def is_closed(round: Round) -> bool:
    return round.closed_manually or timezone.now() >= round.closes_at


RESPONDENT_COLUMNS = {"email", "enhed", "gruppe"}
RESPONDENT_OPTIONAL_COLUMNS = {"omraade"}


DIMENSION_TEXT = {"impl": "kun implementering", "vigt": "kun vigtighed"}


@dataclass(frozen=True)
class RespondentImportSummary:
    created: int
    by_group: dict[str, int]
    by_dimension: dict[str, int] = field(default_factory=dict)
    """In a split design: new respondents per dimension (``impl``/``vigt``)."""

    def __str__(self) -> str:
        if not self.created:
            return "Ingen respondenter tilføjet."
        groups = ", ".join(f"{n} {g}" for g, n in sorted(self.by_group.items()))
        text = f"{self.created} respondenter tilføjet ({groups})."
        if self.by_dimension:
            text += " Delt design: " + ", ".join(f"{self.by_dimension.get(d, 0)} {DIMENSION_TEXT[d]}"
                                                 for d in DIMENSIONS) + "."
        return text


def _close_matches(name: str, candidates: list[str]) -> str:
    import difflib

    matches = difflib.get_close_matches(name.casefold(), [c.casefold() for c in candidates], n=1, cutoff=0.75)
    if not matches:
        return ""
    original = next(c for c in candidates if c.casefold() == matches[0])
    return f" Mente du «{original}»?"


def import_respondents(round: Round, table: Table) -> RespondentImportSummary:
    """Add the respondents in ``table`` (columns email, enhed, gruppe and optionally omraade).

    All-or-nothing: every row is checked (valid and unique e-mail, known enhed in the round's
    kommune, a gruppe of the round) before anything is stored, and the rows are stored in one
    transaction. Respondents get a link token that is never shown; their personal links are
    issued when they are invited or their links are exported (see :mod:`frisat.web.rounds.invitations`).
    A blank e-mail is allowed: such respondents can only get their link through the link export.
    """
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    if is_closed(round):
        raise fail(table.source, [Problem("Målingen er lukket; der kan ikke tilføjes respondenter.")])
    table.require_columns(RESPONDENT_COLUMNS, RESPONDENT_OPTIONAL_COLUMNS)
    by_name: dict[str, list[Unit]] = {}
    for unit in Unit.objects.filter(area__municipality=round.municipality).select_related("area"):
        by_name.setdefault(unit.name.casefold(), []).append(unit)
    area_names = {o.name.casefold(): o.name for o in round.municipality.areas.all()}
    unit_names = sorted({e.name for units in by_name.values() for e in units})
    taken = set(round.respondents.exclude(email="").values_list("email", flat=True))
    first_row: dict[str, int] = {}
    problems: list[Problem] = []
    new: list[Respondent] = []
    for number, row in table:
        email = row["email"].lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(Problem(f"«{row['email']}» er ikke en gyldig e-mailadresse.", number, "email"))
            else:
                if email in first_row:
                    problems.append(Problem(f"{email} står også i række {first_row[email]}.", number, "email"))
                elif email in taken:
                    problems.append(Problem(f"{email} er allerede respondent i målingen.", number, "email"))
                first_row.setdefault(email, number)
        group = row["gruppe"].lower()
        if not group:
            problems.append(Problem(f"Gruppen mangler ({', '.join(round.groups)}).", number, "gruppe"))
        elif group not in round.groups:
            problems.append(Problem(f"Gruppen «{row['gruppe']}» er ikke med i målingen "
                                    f"({', '.join(round.groups)}).", number, "gruppe"))
        unit_name, area_name = row["enhed"], row.get("omraade", "")
        candidates = by_name.get(unit_name.casefold(), [])
        unit = None
        if not unit_name:
            problems.append(Problem("Enheden mangler.", number, "enhed"))
        elif area_name and area_name.casefold() not in area_names:
            problems.append(Problem(f"Området «{area_name}» findes ikke i {round.municipality.name}."
                                    + _close_matches(area_name, list(area_names.values())), number, "omraade"))
        elif not candidates:
            problems.append(Problem(f"Enheden «{unit_name}» findes ikke i {round.municipality.name}."
                                    + _close_matches(unit_name, unit_names), number, "enhed"))
        elif area_name:
            matching = [e for e in candidates if e.area.name.casefold() == area_name.casefold()]
            if matching:
                unit = matching[0]
            else:
                problems.append(Problem(f"Enheden «{unit_name}» findes ikke i området «{area_name}».",
                                        number, "enhed"))
        elif len(candidates) > 1:
            areas = ", ".join(sorted(e.area.name for e in candidates))
            problems.append(Problem(f"Enheden «{unit_name}» findes i flere områder ({areas}); "
                                    "angiv området i en kolonne «omraade».", number, "enhed"))
        else:
            unit = candidates[0]
        if unit is not None and not problems:
            respondent = Respondent(round=round, unit=unit, group=group, email=email)
            respondent.set_new_token()
            new.append(respondent)
    if not problems and not new:
        problems.append(Problem("Filen indeholder ingen respondenter."))
    if problems:
        raise fail(table.source, problems)
    try:
        with transaction.atomic():
            _assign_batch(round, new)
            Respondent.objects.bulk_create(new, batch_size=500)
    except IntegrityError as exc:
        raise FrisatError("Respondenterne blev ændret samtidig af en anden; intet er indlæst. Prøv igen.") from exc
    by_group: dict[str, int] = {}
    by_dimension: dict[str, int] = {}
    for respondent in new:
        by_group[respondent.group] = by_group.get(respondent.group, 0) + 1
        if respondent.dimension:
            by_dimension[respondent.dimension] = by_dimension.get(respondent.dimension, 0) + 1
    return RespondentImportSummary(len(new), by_group, by_dimension)


def copy_respondents(source: Round, target: Round) -> int:
    """Give ``target`` the respondents of ``source`` (same e-mail, enhed, gruppe) with new tokens.

    Respondents in a gruppe that ``target`` does not have, or whose e-mail is already in
    ``target``, are left out. Returns how many were added.

    Dimensions follow ``target``'s design: when both rounds are ``halvdel`` each respondent keeps
    the dimension they had (the halves stay the same people, so a change between waves is not a
    change of who answered what); otherwise they are assigned afresh.
    """
    if source.municipality_id != target.municipality_id:
        raise FrisatError("Respondenter kan kun kopieres inden for samme kommune.")
    taken = set(target.respondents.exclude(email="").values_list("email", flat=True))
    keep_halves = source.design == Design.HALF and target.design == Design.HALF
    new = []
    for old in source.respondents.order_by("id"):
        if old.group not in target.groups or (old.email and old.email in taken):
            continue
        respondent = Respondent(round=target, unit_id=old.unit_id, group=old.group, email=old.email)
        respondent.set_new_token()
        if keep_halves:
            respondent.dimension = old.dimension
        new.append(respondent)
    rest = new
    with transaction.atomic():
        if keep_halves:  # those who keep their half first, so the others are balanced against them
            Respondent.objects.bulk_create([r for r in new if r.dimension], batch_size=500)
            rest = [r for r in new if not r.dimension]
        _assign_batch(target, rest)
        Respondent.objects.bulk_create(rest, batch_size=500)
    return len(new)
