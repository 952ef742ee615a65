"""The mixing pool of anonymous rounds: answers reach :class:`Response` in shuffled batches.

Why: a response written in the respondent's own transaction can be linked back to the person by
its id order (ids follow the submit order, as ``answered_at`` does), its submit time and, on
PostgreSQL, its transaction id (``xmin``, shared with the respondent's row). So in an anonymous
round :func:`frisat.web.rounds.services.submit` only claims the link and puts the answers,
encrypted (:func:`frisat.web.rounds.crypto.seal_pending`), into :class:`PendingResponse`, which has
no link to the respondent. :func:`flush_pool` later moves them, in a transaction of its own:

- while the round is open, only when at least ``2k − 1`` answers wait (``k`` the round's
  anonymity limit ``min_n``), and then a random choice of all but ``k − 1`` of them, so every batch
  holds at least ``k`` answers drawn from a larger set and the ``k − 1`` left behind are random too;
- when the round is closed, everything;
- the batch is written in random order (one ``bulk_create``) and its pool rows deleted in the same
  transaction, all-or-nothing: each answer reaches :class:`Response` exactly once (a concurrent
  flush skips locked rows, or finds fewer rows to delete and rolls back).

The flush runs after a submit commits (:func:`flush_after_commit`, never failing the respondent's
request), before the responses of a round are read (:func:`flush_rounds`, called by
:func:`frisat.web.rounds.selectors.responses_frame`) and when a round is closed.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils.translation import gettext as _

from frisat.web.common.formatting import waiting_text
from frisat.web.rounds.crypto import open_pending, seal_pending
from frisat.web.rounds.models import PendingResponse, Response, Round

log = logging.getLogger(__name__)


class PoolConflict(Exception):
    """Another flush moved some of the chosen entries first; this one is rolled back."""


def add_pending(round: Round, *, unit_id: int, group: str, answers: dict[str, object]) -> int:
    """Put a submitted answer set into the round's pool (inside the submitting transaction); returns
    how many entries the pool holds now, as this transaction sees it.

    Two short SQL statements (an INSERT and a count), not the ORM: this is part of the busiest write
    of a round (see :func:`frisat.web.rounds.services.submit`).
    """
    payload = seal_pending(round.pk, {"enhed": unit_id, "gruppe": group, "answers": answers})
    meta, qn = PendingResponse._meta, connection.ops.quote_name
    table, round_column = qn(meta.db_table), qn(meta.get_field("round").column)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({round_column}, {qn(meta.get_field('payload').column)}) "
                       "VALUES (%s, %s)", [round.pk, payload])
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {round_column} = %s", [round.pk])
        return cursor.fetchone()[0]


def threshold(round: Round) -> int:
    """How many answers must wait before an open round's pool is flushed: ``2k − 1``."""
    return 2 * max(1, round.min_n) - 1


def _closed(round: Round) -> bool:
    return round.status == round.CLOSED


def flush_pool(round: Round, *, final: bool | None = None) -> int:
    """Move a shuffled batch of the round's pool into :class:`Response`; returns how many moved.

    ``final`` (default: whether the round is closed) moves every entry; otherwise nothing moves
    until ``2k − 1`` wait, and then all but a random ``k − 1``. One transaction, not any
    respondent's: call it outside the submitting transaction.
    """
    final = _closed(round) if final is None else final
    k = max(1, round.min_n)
    rng = secrets.SystemRandom()
    with transaction.atomic():
        rows = PendingResponse.objects.filter(round=round).order_by()
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        entries = list(rows.values_list("pk", "payload"))
        if not entries or (not final and len(entries) < threshold(round)):
            return 0
        chosen = rng.sample(entries, len(entries) if final else len(entries) - (k - 1))  # random order
        batch = []
        for _pk, payload in chosen:
            value = open_pending(round.pk, payload)
            batch.append(Response(round=round, unit_id=value["enhed"], group=value["gruppe"],
                                  answers=value["answers"]))
        deleted, _counts = PendingResponse.objects.filter(pk__in=[pk for pk, _p in chosen]).delete()
        if deleted != len(chosen):
            raise PoolConflict(f"flush of round {round.pk}: {deleted} of {len(chosen)} entries left")
        Response.objects.bulk_create(batch, batch_size=500)
    return len(batch)


def flush_quietly(round: Round, *, final: bool | None = None) -> int:
    """:func:`flush_pool`, logging instead of raising (a later flush moves what this one did not)."""
    try:
        return flush_pool(round, final=final)
    except Exception:
        log.exception("Puljen for måling %s kunne ikke tømmes; svarene venter til næste forsøg.", round.pk)
        return 0


def flush_after_commit(round: Round, waiting: int) -> None:
    """Flush the round's pool once the current transaction has committed, in a new transaction —
    only when there is something to move (``waiting``: the pool's size as the submit saw it, at
    ``2k − 1`` and then every ``k`` more, so that concurrent submits do not all try while one flush
    runs, and a flush that failed is tried again k submits later). Most submits thus cost no extra
    transaction (a flush locks rows: a write, a WAL flush on commit)."""
    k, start = max(1, round.min_n), threshold(round)
    if (waiting >= start and (waiting - start) % k == 0) or _closed(round):
        transaction.on_commit(lambda: flush_quietly(round))


def flush_rounds(rounds: Iterable[Round]) -> None:
    """Before reading the responses of ``rounds``: move what may be moved (anonymous rounds only)."""
    for round in rounds:
        if round.anonymous:
            flush_quietly(round)


def pending_count(round: Round) -> int:
    return PendingResponse.objects.filter(round=round).count()


def pending_text(round: Round) -> str:
    """For the results page: how many answers wait in the pool and when they come (the staff pages'
    wording, :func:`frisat.web.common.formatting.waiting_text`) and why, or ""."""
    n = pending_count(round) if round.anonymous else 0
    if not n:
        return ""
    return waiting_text(n, threshold(round)) + " " + _(
        "I en anonym måling lægges svarene ind i blandede portioner, så intet svar kan kobles til den, der har "
        "afgivet det; derfor kan der her være færre besvarelser, end der er respondenter, der har svaret.")
