"""The main analysis as view models: counts, summary tables, key figures, quadrant overview, comments.

Both the report and the results page show these; each builder is the only place its table is made.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from frisat.core.analysis import AnalysisResult
from frisat.core.followup import PLACEMENT_BASES
from frisat.core.quadrants import QUADRANTS
from frisat.reporting import labels
from frisat.reporting.language import tr

OVERVIEW_NAMES = 12
"""Spor (× group) named per quadrant in the quadrant overview; the rest are counted."""


def group_cells(record: dict, by: Sequence[str]) -> list[str]:
    """The display names of a row's group values; «Alle» when there is no grouping."""
    return [labels.value_label(record[c]) for c in by] or [tr(labels.ALL)]


@dataclass
class CountRow:
    """Respondents of one group."""

    groups: list[str]
    suppressed: bool
    n: str | None
    small: bool


def count_rows(analysis: AnalysisResult) -> list[CountRow]:
    rows = []
    for record in analysis.counts.to_dict("records"):
        suppressed = bool(record["suppressed"])
        n = int(record["respondents"])
        rows.append(CountRow(groups=group_cells(record, analysis.by), suppressed=suppressed,
                             n=None if suppressed else labels.fmt_int(n),
                             small=not suppressed and n < labels.SMALL_N))
    return rows


@dataclass
class DimensionCells:
    """One dimension's statistics of a group mean, formatted."""

    mean: str
    interval: str
    sd: str
    median: str
    alpha: str


@dataclass
class SummaryRow:
    groups: list[str]
    suppressed: bool
    n: str = ""
    small: bool = False
    impl: DimensionCells | None = None
    vigt: DimensionCells | None = None
    gap: str = ""
    quadrant: str = ""
    uncertain: bool = False
    uncertain_text: str = ""
    """Why the placement is uncertain (empty when it is certain)."""

    @property
    def values(self) -> list[str]:
        """Mean, sd, median and α per dimension, then the gap (the results page's columns)."""
        return [v for d in (self.impl, self.vigt) if d for v in (d.mean, d.sd, d.median, d.alpha)] + [self.gap]

    @property
    def values_with_intervals(self) -> list[str]:
        """Mean, interval, sd, median and α per dimension, then the gap (the report's columns)."""
        return [v for d in (self.impl, self.vigt) if d for v in (d.mean, d.interval, d.sd, d.median, d.alpha)] + [
            self.gap]


@dataclass
class SummaryTable:
    spor: str
    title: str
    rows: list[SummaryRow] = field(default_factory=list)


def _dimension_cells(record: dict, dim: str) -> DimensionCells:
    return DimensionCells(mean=labels.fmt_num(record[f"{dim}_mean"]),
                          interval=labels.fmt_interval(record[f"{dim}_ci_low"], record[f"{dim}_ci_high"]),
                          sd=labels.fmt_num(record[f"{dim}_sd"]), median=labels.fmt_num(record[f"{dim}_median"]),
                          alpha=labels.fmt_num(record[f"{dim}_alpha"]))


def summary_tables(analysis: AnalysisResult) -> list[SummaryTable]:
    """Per spor: every group's means with their statistics, gap, quadrant and placement."""
    spor_names = labels.spor_labels(analysis.instrument)
    tables = []
    for spor in analysis.spor:
        part = analysis.summary[(analysis.summary["spor"] == spor).to_numpy()]
        table = SummaryTable(spor, spor_names[spor])
        for r in part.to_dict("records"):
            row = SummaryRow(groups=group_cells(r, analysis.by), suppressed=bool(r["suppressed"]))
            if not row.suppressed:
                n = int(r["n"])
                uncertain = labels.is_uncertain(r.get("quadrant_certain"))
                quadrant = r["quadrant_absolute"]
                row.n, row.small = labels.fmt_int(n), n < labels.SMALL_N
                row.impl, row.vigt = _dimension_cells(r, "impl"), _dimension_cells(r, "vigt")
                row.gap = labels.fmt_num(r["gap"])
                row.quadrant = "" if labels.is_missing(quadrant) else labels.quadrant_label(quadrant)
                row.uncertain = uncertain
                row.uncertain_text = labels.uncertain_text(r, analysis.config.midpoint) if uncertain else ""
            table.rows.append(row)
        tables.append(table)
    return tables


def has_values(analysis: AnalysisResult) -> bool:
    """True when at least one group mean is shown."""
    return bool(np.any(~analysis.summary["suppressed"].to_numpy(dtype=bool)))


@dataclass
class KeyFigures:
    n_respondents: str
    n_groups: str
    n_groups_shown: str
    n_groups_hidden: int
    k: int


def key_figures(analysis: AnalysisResult) -> KeyFigures:
    counts = analysis.counts
    shown = counts[~counts["suppressed"].to_numpy(dtype=bool)]
    return KeyFigures(n_respondents=labels.fmt_int(analysis.n_respondents), n_groups=labels.fmt_int(len(counts)),
                      n_groups_shown=labels.fmt_int(len(shown)), n_groups_hidden=int(len(counts) - len(shown)),
                      k=analysis.config.min_n)


@dataclass
class QuadrantEntry:
    label: str
    count: int
    names: list[str]
    more: int


def quadrant_overview(analysis: AnalysisResult) -> list[QuadrantEntry]:
    """Per quadrant: the spor (of shown groups) whose group means lie in it."""
    summary = analysis.summary
    shown = summary[~summary["suppressed"].to_numpy(dtype=bool)]
    spor_names = labels.spor_labels(analysis.instrument)
    out = []
    quadrant = shown["quadrant_absolute"].astype("string").fillna("").to_numpy()  # a group without a placement
    for q in QUADRANTS:
        rows = shown[quadrant == q.id]
        names = []
        for record in rows.to_dict("records"):
            where = labels.group_name([record[c] for c in analysis.by]) if analysis.by else ""
            names.append(f"{spor_names[record['spor']]}" + (f" ({where})" if where else ""))
        out.append(QuadrantEntry(label=labels.quadrant_label(q.id), count=len(rows), names=names[:OVERVIEW_NAMES],
                                 more=max(0, len(names) - OVERVIEW_NAMES)))
    return out


# -- comments ----------------------------------------------------------------------------------


def comment_quadrants(part: pd.DataFrame) -> Iterator[tuple[str | None, pd.DataFrame, int]]:
    """Rows of :func:`frisat.core.followup.shown_comments` per quadrant of their ``placement``.

    Yields ``(quadrant id, rows, how many of them are placed by their group)`` for each quadrant
    with comments, in the quadrants' order; the comments without a placement come last, with the
    id None.
    """
    quadrants = part["placement"].astype("string").fillna("").to_numpy()
    by_group = (part["placement_basis"] == PLACEMENT_BASES[1]).fillna(False).to_numpy(dtype=bool)
    for qid in [*(q.id for q in QUADRANTS), None]:
        chosen = quadrants == (qid or "")
        if chosen.any():
            yield qid, part[chosen], int(by_group[chosen].sum())


def spread(count: int, limit: int) -> list[int]:
    """Evenly spread positions of ``limit`` items among ``count`` (all when fewer): the comments are
    sorted by group and text, so this shows more than the first groups."""
    if count <= limit:
        return list(range(count))
    return sorted(set(np.linspace(0, count - 1, limit).round().astype(int).tolist()))


@dataclass
class Comment:
    text: str
    group: str


@dataclass
class CommentBlock:
    """The comments of one quadrant (of a spor, and area)."""

    label: str
    items: list[Comment]
    count: int
    more_count: int
    by_group_count: int

    @property
    def total(self) -> str:
        return labels.fmt_int(self.count)

    @property
    def more(self) -> str:
        """How many are not listed (empty when all are)."""
        return labels.fmt_int(self.more_count) if self.more_count else ""

    @property
    def by_group(self) -> str:
        """How many are placed by their group's placement (empty when none)."""
        return labels.fmt_int(self.by_group_count) if self.by_group_count else ""

    @property
    def all_by_group(self) -> bool:
        return self.by_group_count == self.count


@dataclass
class CommentArea:
    """The comments of one spor in one area (``title`` empty when comments are not split by area)."""

    title: str
    count: int
    quadrants: list[CommentBlock]

    @property
    def total(self) -> str:
        return labels.fmt_int(self.count)


@dataclass
class CommentSection:
    spor: str
    title: str
    count: int
    areas: list[CommentArea] = field(default_factory=list)

    @property
    def total(self) -> str:
        return labels.fmt_int(self.count)

    @property
    def quadrants(self) -> list[CommentBlock]:
        """The quadrant blocks of every area, in order (one area when comments are not split)."""
        return [block for area in self.areas for block in area.quadrants]


def comment_blocks(part: pd.DataFrame, by: Sequence[str], limit: int) -> list[CommentBlock]:
    """The comments of one spor (and area) per quadrant of their placement, at most ``limit`` each."""
    blocks = []
    for qid, sub, placed_by_group in comment_quadrants(part):
        texts = sub["comment"].to_numpy()
        items = []
        for i in spread(len(texts), limit):
            record = sub.iloc[i]
            items.append(Comment(text=str(texts[i]), group=labels.group_name([record[c] for c in by]) if by else ""))
        label = labels.quadrant_label(qid) if qid else labels.no_quadrant()
        blocks.append(CommentBlock(label=label, items=items, count=len(sub), more_count=len(sub) - len(items),
                                   by_group_count=placed_by_group))
    return blocks


def comment_sections(analysis: AnalysisResult, comments: pd.DataFrame, limit: int, *, area: str | None = None,
                     area_keys: Sequence[str] = ()) -> list[CommentSection]:
    """Comments per spor and quadrant (``comments``: :func:`frisat.core.followup.shown_comments`).

    With ``area`` (a grouping column) the comments of each spor are split by its values
    (``area_keys``, in order) and each comment names its group within the area.
    """
    spor_names = labels.spor_labels(analysis.instrument)
    sections = []
    for spor in analysis.spor:
        part = comments[(comments["spor"] == spor).to_numpy()] if not comments.empty else comments
        section = CommentSection(spor=spor, title=spor_names[spor], count=len(part))
        if not part.empty:
            if area:
                extra = [c for c in analysis.by if c != area]
                for key in area_keys:
                    sub = part[(part[area].astype("string") == key).to_numpy()]
                    if not sub.empty:
                        section.areas.append(CommentArea(labels.value_label(key), len(sub),
                                                         comment_blocks(sub, extra, limit)))
            else:
                section.areas.append(CommentArea("", len(part), comment_blocks(part, list(analysis.by), limit)))
        sections.append(section)
    return sections
