"""Reads of the political overview: the barometer rounds over time and the register's removals by year.

The register's figures are summed by :mod:`frisat.core.burden` (never here); this module only collects
the activities, the year of each decision in force and the requirements removed.
"""

from __future__ import annotations

import pandas as pd
from django.db.models import QuerySet

from frisat.core import burden
from frisat.web.audits.models import Activity
from frisat.web.audits.selectors import activities_frame, decisions_in_force
from frisat.web.organisations.models import Municipality
from frisat.web.rounds.models import Round

YEAR_COLUMNS = ("aar", "omraade", *burden.SUMMARY_COLUMNS, "krav_fjernet")
""":func:`register_by_year`: the decision year, the area, the burden summary and the requirements removed."""


def rounds_over_time(municipality: Municipality) -> QuerySet[Round]:
    """Every round (wave) of the kommune, oldest first."""
    return Round.objects.filter(municipality=municipality).order_by("opens_at", "pk")


def round_years(municipality: Municipality) -> list[int]:
    """The years in which the kommune's rounds opened (for the overview's period selector)."""
    return sorted({m.opens_at.year for m in rounds_over_time(municipality).only("opens_at")})


def register_by_year(municipality: Municipality) -> pd.DataFrame:
    """Per year of the decision in force and area: the activities decided (with hours freed per year, as
    :func:`frisat.core.burden.summarise` sums them) and the requirements decided removed that year.

    Activities without a decision are left out (they have freed nothing yet). Columns :data:`YEAR_COLUMNS`.
    """
    frame = activities_frame(Activity.objects.filter(process__municipality=municipality))
    in_force = decisions_in_force().order_by("created_at", "pk")  # the latest entry wins, as in the register
    years = {activity: day.year for activity, day in in_force.filter(activity__process__municipality=municipality)
             .values_list("activity_id", "decided_on")}
    frame = frame.assign(aar=[years.get(pk) for pk in frame["activity_id"]])
    decided = frame[frame["aar"].notna() & frame["outcome"].notna()]
    summary = (burden.summarise(decided.astype({"aar": "int64"}), ["aar", "omraade"]) if len(decided)
               else pd.DataFrame(columns=["aar", "omraade", *burden.SUMMARY_COLUMNS]))
    removed: dict[tuple[int, str], int] = {}
    latest = {req: (outcome, day, area) for req, outcome, day, area in in_force.filter(
        requirement__municipality=municipality).values_list("requirement_id", "outcome", "decided_on",
                                                            "requirement__area__name")}
    for outcome, day, area in latest.values():
        if outcome == "fjernes":
            key = (day.year, area or "")
            removed[key] = removed.get(key, 0) + 1
    keys = {"aar": "int64", "omraade": "object"}
    summary = summary.assign(omraade=[a if isinstance(a, str) else "" for a in summary["omraade"]]).astype(keys)
    extra = pd.DataFrame([(y, a, n) for (y, a), n in removed.items()], columns=["aar", "omraade", "krav_fjernet"]
                         ).astype(keys)
    merged = summary.merge(extra, on=["aar", "omraade"], how="outer")
    for column in ("activities", "estimated", "fjernes", "forandres", "forankres", "undecided", "krav_fjernet"):
        merged[column] = merged[column].fillna(0).astype("int64")
    merged["aar"] = merged["aar"].astype("int64")
    return merged.sort_values(["aar", "omraade"], key=lambda c: c.str.casefold() if c.dtype == object else c
                              ).reset_index(drop=True)[list(YEAR_COLUMNS)]
