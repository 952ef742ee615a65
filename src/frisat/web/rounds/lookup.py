"""The respondent of a survey link: the query every survey request starts with.

:func:`respondent_for_link` returns what

    Respondent.objects.select_related("round"[, "draft"])[.select_for_update(of=("self",))]
                      .get(token_hash=…)

returns — the respondent with its round (and its draft) cached on it, every value converted as
the ORM converts it — but from a SQL statement built once per process. Compiling that queryset on
every request cost about 0.8 ms of CPU, a fifth of a survey submission (docs/benchmarks.md).
The statement is plain SQL that PostgreSQL and SQLite both run (``FOR UPDATE OF`` only where the
database has it, as the ORM does); tests/web/rounds/test_link_lookup.py checks it against the queryset.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.db.transaction import TransactionManagementError

from frisat.web.rounds.models import Draft, Respondent, Round


@dataclass(frozen=True)
class _Part:
    """One model's columns in the statement: where they start in the row, and their fields."""

    model: type[Model]
    start: int
    fields: tuple
    attnames: tuple[str, ...]


def respondent_for_link(token_hash: str, *, draft: bool = False, lock: bool = False) -> Respondent | None:
    """The respondent whose link token hashes to ``token_hash``, with ``round`` (and ``draft``:
    the draft, or none) loaded; None for an unknown hash. ``lock``: lock the respondent's row (not
    the round's) until the end of the surrounding transaction, which there must be."""
    db = connections[DEFAULT_DB_ALIAS]  # this thread's connection (not the proxy: it is slow to go through)
    if lock and db.features.has_select_for_update and db.get_autocommit():
        raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
    sql, parts = _statement(db.vendor, db.alias, draft, lock)
    with db.cursor() as cursor:
        cursor.execute(sql, [token_hash])
        row = cursor.fetchone()
    if row is None:
        return None
    respondent, round, *rest = (_instance(db, part, row) for part in parts)
    Respondent.round.field.set_cached_value(respondent, round)
    if draft:
        saved = rest[0]
        Respondent.draft.related.set_cached_value(respondent, saved)  # None: respondent.draft raises DoesNotExist
        if saved is not None:
            Draft.respondent.field.set_cached_value(saved, respondent)
    return respondent


def _instance(db: BaseDatabaseWrapper, part: _Part, row: tuple) -> Model | None:
    """The model instance from its columns, each value converted as the ORM converts it."""
    values = list(row[part.start:part.start + len(part.fields)])
    if values[0] is None:  # the primary key: no row joined (no draft)
        return None
    ops = db.ops
    for index, field in enumerate(part.fields):
        col = field.cached_col
        for convert in ops.get_db_converters(col) + field.get_db_converters(db):
            values[index] = convert(values[index], col, db)
    return part.model.from_db(db.alias, part.attnames, values)


@lru_cache(maxsize=16)
def _statement(vendor: str, alias: str, draft: bool, lock: bool) -> tuple[str, tuple[_Part, ...]]:
    """The SQL and its column layout (``vendor`` and ``alias`` name the database: the cache key)."""
    models: list[type[Model]] = [Respondent, Round, *([Draft] if draft else [])]
    columns, parts = [], []
    for model in models:
        fields = model._meta.concrete_fields
        parts.append(_Part(model, len(columns), tuple(fields), tuple(f.attname for f in fields)))
        columns += [_column(model, f.name) for f in fields]
    sql = (f"SELECT {', '.join(columns)} FROM {_table(Respondent)} "
           f"INNER JOIN {_table(Round)} ON ({_column(Respondent, 'round')} = {_column(Round, 'id')})")
    if draft:
        sql += f" LEFT OUTER JOIN {_table(Draft)} ON ({_column(Respondent, 'id')} = {_column(Draft, 'respondent')})"
    sql += f" WHERE {_column(Respondent, 'token_hash')} = %s"
    if lock and connection.features.has_select_for_update:
        of = (_table(Respondent),) if connection.features.has_select_for_update_of else ()
        sql += " " + connection.ops.for_update_sql(of=of)
    return sql, tuple(parts)


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], name: str) -> str:
    return f"{_table(model)}.{connection.ops.quote_name(model._meta.get_field(name).column)}"
