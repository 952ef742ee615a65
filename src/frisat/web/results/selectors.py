"""Read-only queries of the results pages, all built on the organisations access selectors.

A round of another kommune is simply not in these querysets, so it is a 404.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from frisat.web.organisations.models import Area, Unit
from frisat.web.organisations.selectors import visible_areas
from frisat.web.rounds.models import Response, Round
from frisat.web.rounds.selectors import managed_rounds, visible_rounds


def results_rounds(user: object) -> QuerySet[Round]:
    """Rounds whose results the user may look at (every visible round)."""
    return visible_rounds(user)


def overview_rounds(user: object) -> QuerySet[Round]:
    """The rounds of the overview page with ``n_responses`` (submitted responses), newest first."""
    responses = (Response.objects.filter(round=OuterRef("pk")).order_by().values("round")
                 .annotate(n=Count("id")).values("n"))
    return (results_rounds(user)
            .annotate(n_responses=Coalesce(Subquery(responses, output_field=IntegerField()), 0))
            .order_by("municipality__name", "-opens_at", "name"))


def wave_chain(user: object, round: Round) -> list[Round]:
    """The round with its earlier and later waves (``previous`` / ``next_waves``) that the user may see.

    Only waves with the same instrument are included; ordered by opening date.
    """
    visible = results_rounds(user).filter(municipality=round.municipality, instrument_id=round.instrument_id)
    chain = {round.pk: round}
    current = round
    while current.previous_id and current.previous_id not in chain:
        found = visible.filter(pk=current.previous_id).first()
        if found is None:
            break
        chain[found.pk] = found
        current = found
    pending = list(chain.values())
    while pending:
        later = visible.filter(previous__in=pending).exclude(pk__in=list(chain))
        pending = list(later)
        chain.update((m.pk, m) for m in pending)
    return sorted(chain.values(), key=lambda m: (m.opens_at, m.pk))


def round_areas(user: object, round: Round) -> QuerySet[Area]:
    """The områder of the round's kommune, for the filter."""
    return visible_areas(user).filter(municipality=round.municipality).order_by("name")


def round_units(user: object, round: Round) -> QuerySet[Unit]:
    """The enheder of the round's kommune, for the filter (through the visible områder)."""
    return (Unit.objects.filter(area__in=round_areas(user, round))
            .select_related("area").order_by("area__name", "name"))


def atom_counts(rounds: Iterable[Round]) -> pd.DataFrame:
    """Responses per round, område, enhed and respondent group (the atoms of the combination audit,
    :mod:`frisat.web.results.anonymity`), without loading any answers. ``maaling`` is the round's id."""
    rows = (Response.objects.filter(round__in=list(rounds)).order_by()
            .values_list("round_id", "unit__area__name", "unit__name", "group").annotate(n=Count("id")))
    return pd.DataFrame([(str(m), o, e, g, n) for m, o, e, g, n in rows],
                        columns=["maaling", "omraade", "enhed", "gruppe", "n"])


def may_see_respondent_data(user: object, round: Round) -> bool:
    """Comments and raw data: not for the read-only role «laeser» (see frisat.web.access)."""
    from frisat.web.access.selectors import respondent_data_municipalities

    return respondent_data_municipalities(user).filter(pk=round.municipality_id).exists()


def may_download_raw(user: object, rounds: Iterable[Round]) -> bool:
    """Raw data: only for a user who may see the kommune's respondent-level data (not a reader), and
    only when no selected round is anonymous or the user manages them all (admin role).

    See docs/web.md, «Anonymitet i resultater».
    """
    rounds = list(rounds)
    if not rounds or not all(may_see_respondent_data(user, m) for m in rounds):
        return False
    if not any(m.anonymous for m in rounds):
        return True
    ids = {m.pk for m in rounds}
    return managed_rounds(user).filter(pk__in=ids).count() == len(ids)
