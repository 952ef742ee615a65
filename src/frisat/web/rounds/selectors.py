"""Read-only queries over rounds: responses as the canonical DataFrame, response rates."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from django.db.models import Count, Q, QuerySet

from frisat.core.instrument import Instrument, get_instrument
from frisat.core.schema import DONT_KNOW, conform
from frisat.web.rounds.models import Maaling, Respondent, Response

DONT_KNOW_ANSWER = "ved_ikke"
"""How a "ved ikke" answer is stored in Response.answers / Draft.answers."""


def responses_frame(rounds: Iterable[Maaling], instrument: Instrument | None = None) -> pd.DataFrame:
    """Submitted responses of one or more rounds as a canonical DataFrame.

    ``respondent_id`` is the response's own id (never the respondent's), so an anonymous round
    exports no link to a person. ``maaling`` is the round's wave label.
    """
    rounds = list(rounds)
    if not rounds:
        raise ValueError("no rounds")
    instrument = instrument or get_instrument(rounds[0].instrument_id)
    rows = (
        Response.objects.filter(maaling__in=rounds)
        .select_related("enhed__omraade__kommune", "maaling")
        .order_by("maaling_id", "id")
        .values_list("id", "maaling__wave", "enhed__omraade__kommune__name", "enhed__omraade__name",
                     "enhed__name", "gruppe", "answers")
    )
    records = []
    columns = instrument.columns()
    for rid, wave, kommune, omraade, enhed, gruppe, answers in rows.iterator(chunk_size=2000):
        record = {"respondent_id": f"R{rid}", "kommune": kommune, "omraade": omraade, "enhed": enhed,
                  "gruppe": gruppe, "maaling": wave}
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


def response_rates(maaling: Maaling, by: str) -> QuerySet:
    """Invited and answered respondents per ``by`` (``omraade``, ``enhed`` or ``gruppe``)."""
    field = {"omraade": "enhed__omraade__name", "enhed": "enhed__name", "gruppe": "gruppe"}[by]
    return (
        Respondent.objects.filter(maaling=maaling)
        .values(field)
        .annotate(invited=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
        .order_by(field)
    )
