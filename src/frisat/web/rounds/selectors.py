"""Read-only queries over rounds: responses as the canonical DataFrame, response rates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_noop

from frisat.core.instrument import Instrument, get_instrument
from frisat.core.schema import DONT_KNOW, conform
from frisat.web.common.formatting import percent, percent_text, rate_text
from frisat.web.organisations.selectors import managed_municipalities, visible_municipalities
from frisat.web.rounds import pool
from frisat.web.rounds.models import PendingResponse, Respondent, Response, Round

DONT_KNOW_ANSWER = "ved_ikke"
"""How a "ved ikke" answer is stored in Response.answers / Draft.answers."""


def responses_frame(rounds: Iterable[Round], instrument: Instrument | None = None) -> pd.DataFrame:
    """Submitted responses of one or more rounds as a canonical DataFrame.

    ``respondent_id`` is the response's own id (never the respondent's), so an anonymous round
    exports no link to a person. ``maaling`` is the round's wave label.

    Every reader of responses comes through here, so the anonymous rounds' mixing pools are
    flushed first (:func:`frisat.web.rounds.pool.flush_rounds`: a batch when enough answers wait,
    everything once a round is closed) — the one write a selector does, in its own transaction.
    """
    rounds = list(rounds)
    if not rounds:
        raise ValueError("no rounds")
    pool.flush_rounds(rounds)
    instrument = instrument or get_instrument(rounds[0].instrument_id)
    rows = (
        Response.objects.filter(round__in=rounds)
        .select_related("unit__area__municipality", "round")
        .order_by("round_id", "id")
        .values_list("id", "round__wave", "unit__area__municipality__name", "unit__area__name",
                     "unit__name", "group", "answers")
    )
    records = []
    columns = instrument.columns()
    for rid, wave, municipality, area, unit, group, answers in rows.iterator(chunk_size=2000):
        record = {"respondent_id": f"R{rid}", "kommune": municipality, "omraade": area, "enhed": unit,
                  "gruppe": group, "maaling": wave}
        for spec in columns:
            value = answers.get(spec.name)
            if spec.is_text:
                record[spec.name] = value or None
            elif value == DONT_KNOW_ANSWER:
                record[spec.name] = DONT_KNOW
            elif value is None or value == "":
                record[spec.name] = np.nan
            else:
                record[spec.name] = float(value)
        records.append(record)
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame(columns=["respondent_id"])
    for column in ("respondent_id", "kommune", "omraade", "enhed", "gruppe", "maaling"):
        if column in frame.columns:
            frame[column] = frame[column].astype("string")
    for spec in columns:
        if spec.name in frame.columns:
            frame[spec.name] = frame[spec.name].astype("string" if spec.is_text else "float64")
    return conform(frame, instrument)


def response_rates(round: Round, by: str) -> QuerySet:
    """Invited and answered respondents per ``by`` (``omraade``, ``enhed``, ``gruppe`` or, in a split
    design, ``dimension``: "" both, ``impl``, ``vigt``).

    Per ``enhed`` the rows also carry ``enhed__omraade__name``: units of the same name in two
    områder are counted apart.
    """
    fields = {"omraade": ["unit__area__name"], "enhed": ["unit__area__name", "unit__name"],
              "gruppe": ["group"], "dimension": ["dimension"]}[by]
    return (
        Respondent.objects.filter(round=round)
        .values(*fields)
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
        .order_by(*fields)
    )


# --- Staff views: access-filtered rounds and response-rate tables -----------------------------------


def visible_rounds(user: object) -> QuerySet[Round]:
    """Rounds of the kommuner the user may see (all for a superuser)."""
    return Round.objects.filter(municipality__in=visible_municipalities(user)).select_related("municipality")


def managed_rounds(user: object) -> QuerySet[Round]:
    """Rounds the user may change (role «admin» in the round's kommune, or superuser)."""
    return Round.objects.filter(municipality__in=managed_municipalities(user)).select_related("municipality")


def round_to_manage(user: object, pk: int) -> Round:
    """The round ``pk`` for a page that changes it: 404 when it is not in the user's kommuner (it does
    not exist for them), 403 when it is but the user's role may not change it (analyst, reader)."""
    round = get_object_or_404(visible_rounds(user), pk=pk)
    if not managed_rounds(user).filter(pk=pk).exists():
        raise PermissionDenied
    return round


def with_counts(rounds: QuerySet[Round]) -> QuerySet[Round]:
    """Annotate ``n_respondents`` and ``n_answered``."""
    return rounds.annotate(
        n_respondents=Count("respondents", distinct=True),
        n_answered=Count("respondents", filter=Q(respondents__answered_at__isnull=False), distinct=True),
    )


def with_waiting(rounds: Iterable[Round]) -> list[Round]:
    """The rounds, each with ``n_waiting``: answers in its mixing pool, not yet among the responses
    (anonymous rounds; see :mod:`frisat.web.rounds.pool`). One query; reads only (no flush)."""
    rounds = list(rounds)
    counts = dict(PendingResponse.objects.filter(round__in=[m.pk for m in rounds]).order_by()
                  .values("round").annotate(n=Count("id")).values_list("round", "n"))
    for round in rounds:
        round.n_waiting = counts.get(round.pk, 0)
    return rounds


@dataclass(frozen=True)
class RateRow:
    label: str
    invited: int
    answered: int
    area: str = ""

    @property
    def percent(self) -> float | None:
        return percent(self.answered, self.invited)

    @property
    def percent_text(self) -> str:
        return percent_text(self.answered, self.invited)

    @property
    def text(self) -> str:
        return rate_text(self.answered, self.invited)


RATE_DIMENSIONS = {"omraade": gettext_noop("Område"), "enhed": gettext_noop("Enhed"), "gruppe": gettext_noop("Gruppe")}
"""Danish labels (the CLI prints them as they are; the staff pages translate them with gettext)."""


def rate_rows(round: Round, by: str) -> list[RateRow]:
    """:func:`response_rates` as rows ready for a table."""
    label_field = {"omraade": "unit__area__name", "enhed": "unit__name", "gruppe": "group",
                   "dimension": "dimension"}[by]
    return [RateRow(label=row[label_field], invited=row["invited"], answered=row["answered"],
                    area=row.get("unit__area__name", "") if by == "enhed" else "")
            for row in response_rates(round, by)]


def overall_rate(round: Round) -> RateRow:
    counts = Respondent.objects.filter(round=round).aggregate(
        invited=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
    return RateRow(label="I alt", invited=counts["invited"], answered=counts["answered"])


@dataclass(frozen=True)
class SendCounts:
    respondents: int
    answered: int
    without_email: int
    to_invite: int
    """Not answered, has an e-mail, not invited (by e-mail or link export) yet."""
    to_remind: int
    """Not answered, has an e-mail, invited."""
    in_progress: int
    """Of ``to_remind``: has saved answers (a draft); a reminder keeps their link."""
    not_linked: int
    """Not answered and never given a link (neither e-mail nor export)."""


def send_counts(round: Round) -> SendCounts:
    open_ = Q(answered_at__isnull=True)
    has_email = ~Q(email="")
    counts = Respondent.objects.filter(round=round).aggregate(
        respondents=Count("id"),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        without_email=Count("id", filter=Q(email="")),
        to_invite=Count("id", filter=open_ & has_email & Q(invited_at__isnull=True)),
        to_remind=Count("id", filter=open_ & has_email & Q(invited_at__isnull=False)),
        in_progress=Count("id", filter=open_ & has_email & Q(invited_at__isnull=False, draft__isnull=False)),
        not_linked=Count("id", filter=open_ & Q(invited_at__isnull=True)),
    )
    return SendCounts(**counts)


# --- Round administration: the respondent list and the change log -----------------------------------


def listed_rounds(user: object, *, archived: bool = False) -> QuerySet[Round]:
    """The user's rounds for the lists: archived rounds only when asked for."""
    return visible_rounds(user).filter(archived=archived)


def respondent_list(round: Round, query: str = "") -> QuerySet[Respondent]:
    """The round's respondents for the staff list, searched by e-mail, unit, area or group.

    Only the fields the list shows are read (never a draft or a response); in an anonymous round
    ``answered_at`` is a date anyway (:func:`frisat.web.rounds.services.answered_stamp`).
    """
    respondents = Respondent.objects.filter(round=round).select_related("unit__area")
    query = query.strip()
    if query:
        respondents = respondents.filter(
            Q(email__icontains=query) | Q(unit__name__icontains=query) | Q(unit__area__name__icontains=query)
            | Q(group__icontains=query))
    return respondents.only("email", "group", "invited_at", "reminded_at", "answered_at", "unit__name",
                            "unit__area__name", "round_id").order_by("email", "id")


def round_changes(round: Round) -> QuerySet:
    """The round's change log, newest first, with who made each change."""
    from frisat.web.rounds.models import RoundChange

    return RoundChange.objects.filter(round=round).select_related("changed_by")
