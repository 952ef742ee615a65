"""The political follow group's overview (issue 15 item 6; seed 004's «ledelsesinformation om
formålsopfyldelse»): liberation, removed rules, effects and legal quality side by side.

View models only: the web (:mod:`frisat.web.legal.overview`) collects the data — barometer summaries
already passed through the disclosure rules, the register's burden summary and the legal rates — and
these functions word them as tables (Danish; names, never ids).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from frisat.reporting.codes import QUADRANT_LABELS
from frisat.reporting.language import current, source_name, tr
from frisat.reporting.legal.codes import funnel_label, percent

SEED_004_QUOTE = "ledelsesinformation om formålsopfyldelse"
"""Seed 004 (Rebild), quoted: what the political follow group asks for."""

HIDDEN = "skjult"
"""A cell below the anonymity threshold: no placement is shown."""


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: set[int] = field(default_factory=set)
    empty: str = ""


def _number(value: Any, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    language = current()
    text = f"{float(value):,.{decimals}f}".replace(",", "\0").replace(".", language.decimal)
    return text.replace("\0", " " if language.danish else language.thousands)


def placement_label(quadrant: Any, suppressed: bool) -> str:
    if suppressed:
        return tr("skjult (under anonymitetsgrænsen)")
    if quadrant is None or (isinstance(quadrant, float) and math.isnan(quadrant)) or quadrant == "":
        return "–"
    label = QUADRANT_LABELS.get(str(quadrant), str(quadrant))
    return tr(label)


def barometer_table(rounds: Sequence[tuple[str, pd.DataFrame | None]], spor_titles: dict[str, str]) -> Table:
    """Placements per area and spor in each round, and whether the latest differs from the one before.

    ``rounds``: (round name, summary grouped by ``omraade`` with ``spor``, ``quadrant_absolute`` and
    ``suppressed``; None when the disclosure rules refused the round), oldest first.
    """
    names = [name for name, _ in rounds]
    cells: dict[tuple[str, str], list[tuple[str, bool] | None]] = {}
    for i, (_name, summary) in enumerate(rounds):
        if summary is None:
            continue
        for row in summary.itertuples(index=False):
            area = str(getattr(row, "omraade", "") or tr("Hele kommunen"))
            quadrant = row.quadrant_absolute
            known = "" if quadrant is None or (isinstance(quadrant, float) and math.isnan(quadrant)) else str(quadrant)
            cells.setdefault((area, str(row.spor)), [None] * len(rounds))[i] = (known, bool(row.suppressed))
    rows = []
    for (area, spor), values in sorted(cells.items(), key=lambda kv: (kv[0][0].casefold(), kv[0][1])):
        shown = [v[0] if v is not None and v[0] and not v[1] else None for v in values]
        change = "–"
        if len(shown) >= 2 and shown[-1] is not None and shown[-2] is not None:
            change = tr("uændret") if shown[-1] == shown[-2] else tr("flyttet")
        labels = [placement_label(v[0], v[1]) if v is not None else "–" for v in values]
        rows.append([area, source_name(spor_titles.get(spor, spor)), *labels, change])
    return Table(tr("Barometrets placeringer pr. område og spor"), [tr("Område"), tr("Spor"), *names, tr("Ændring")],
                 rows, empty=tr("Ingen målinger med resultater, der må vises."))


def register_table(by_year: pd.DataFrame, removed: int, requirements: int) -> Table:
    """Per year of the decisions and area: activities decided, removed, requirements removed and hours freed.

    ``by_year``: :func:`frisat.web.legal.selectors.register_by_year` (summed by :mod:`frisat.core.burden`);
    ``removed``/``requirements``: the register's requirements decided removed / all of them.
    """
    rows = [[str(int(r.aar)), str(r.omraade or tr("Uden område")), _number(r.activities), _number(r.fjernes),
             _number(r.krav_fjernet), _number(r.hours_freed)]
            for r in by_year.itertuples(index=False)]
    caption = tr("Fjernet og frigjort år for år: %(removed)s af %(n)s krav i registret besluttet fjernet") % {
        "removed": removed, "n": requirements}
    return Table(caption, [tr("År"), tr("Område"), tr("Aktiviteter besluttet"), tr("Heraf fjernet"),
                           tr("Krav fjernet"), tr("Frigjorte timer pr. år")], rows, {2, 3, 4, 5},
                 empty=tr("Ingen beslutninger i registret endnu."))


def effects_table(evaluations: Sequence[tuple[str, list[tuple[str, str]]]]) -> Table:
    """Effects: per evaluation, each case measure's change between the first and the last period
    (``evaluations``: (evaluation name, :func:`frisat.reporting.cases.outputs.change_sentences`))."""
    rows = [[name, measure, sentence] for name, sentences in evaluations for measure, sentence in sentences]
    return Table(tr("Effekter: sagsregistreringer før og efter"), [tr("Evaluering"), tr("Mål"), tr("Ændring")],
                 rows, empty=tr("Ingen data: ingen evaluering med registrerede sager i flere perioder."))


def legal_table(trend: pd.DataFrame | None, area: str) -> Table:
    """The municipality's omgørelsesprocent by year, against the national level, with funnel position."""
    rows: list[list[str]] = []
    if trend is not None and len(trend):
        for r in trend[trend["lovomraade"] == area].sort_values("aar").itertuples(index=False):
            rows.append([str(r.aar), str(int(r.realitetsbehandlede)), percent(r.rate),
                         f"{percent(r.ci_low)} – {percent(r.ci_high)}", percent(r.national_rate),
                         funnel_label(r.funnel_position)])
    return Table(tr("Retssikkerhed: omgørelsesprocent år for år"),
                 [tr("År"), tr("Sager"), tr("Procent"), tr("95 %-interval"), tr("Land"), tr("Tragt")], rows,
                 {1, 2, 4}, empty=tr("Ingen data: intet udtræk fra Ankestyrelsen for kommunen."))
