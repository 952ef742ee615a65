"""Comparing the periods of a case registration: per measure, group and period, and between periods.

Per measure (× group) and period: n (cases with a value), mean, sd (ddof = 1), median, q1 and q3
(linear interpolation, ``numpy.percentile``'s default), the t interval of the mean and — when a
limit is given for the measure (e.g. the municipality's *sagsbehandlingsfrist*) — the share of
cases within the limit (value ≤ limit) with its Wilson interval.

Between every earlier and later period (før → 1 år, før → 2 år, 1 år → 2 år): the difference of
means with Welch's interval, of medians with a seeded percentile bootstrap (B = ``n_boot``
resamples, see :func:`frisat.core.intervals.bootstrap_median_diff`), and of shares with Newcombe's
interval. Differences are later minus earlier.

Cells with fewer than ``min_n`` cases show only n (the statistics are blanked); cells with fewer
than ``small_n`` cases carry the caution code ``small_n`` in the ``caution`` column and a
:class:`~frisat.core.notes.Note`. The core writes no prose: the reporting layer turns the codes into
sentences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from frisat.core.cases.scheme import Scheme
from frisat.core.intervals import (
    DEFAULT_BOOTSTRAP_SAMPLES,
    DEFAULT_CONFIDENCE,
    DEFAULT_SEED,
    bootstrap_median_diff,
    newcombe_diff,
    welch_diff,
    wilson,
)
from frisat.core.notes import Note
from frisat.core.uncertainty import t_interval

DEFAULT_MIN_N = 5
DEFAULT_SMALL_N = 20
CASE_NOTE_CODES = ("small_n", "suppressed", "single_period", "no_values")
"""The :data:`frisat.core.notes.NOTE_CODES` the comparison hands on (their parameters are listed there)."""

PERIOD_COLUMNS = ("n", "mean", "sd", "median", "q1", "q3", "mean_ci_low", "mean_ci_high")
SHARE_COLUMNS = ("limit", "share_within", "share_ci_low", "share_ci_high")
CHANGE_COLUMNS = ("diff_mean", "diff_ci_low", "diff_ci_high", "diff_median", "median_ci_low", "median_ci_high")
SHARE_CHANGE_COLUMNS = ("diff_share", "share_diff_ci_low", "share_diff_ci_high")


@dataclass
class PeriodComparison:
    periods: pd.DataFrame
    changes: pd.DataFrame
    notes: list[Note]
    by: list[str]
    limits: dict[str, float]
    n_boot: int
    seed: int
    confidence: float
    min_n: int
    small_n: int
    values: dict[tuple[Any, ...], np.ndarray] = field(default_factory=dict)
    """(measure, *group, period) → the cell's values (for the figures; empty for blanked cells)."""


def _stats(values: np.ndarray, limit: float | None, confidence: float) -> dict[str, float]:
    n = len(values)
    row: dict[str, float] = {"n": n}
    if n:
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        row.update(mean=float(values.mean()), median=float(median), q1=float(q1), q3=float(q3))
    row["sd"] = float(values.std(ddof=1)) if n >= 2 else np.nan
    row["mean_ci_low"], row["mean_ci_high"] = t_interval(values, confidence) if n >= 2 else (np.nan, np.nan)
    if limit is not None:
        within = int((values <= limit).sum())
        low, high = wilson(within, n, confidence)
        row.update(limit=limit, share_within=within / n if n else np.nan,
                   share_ci_low=float(low), share_ci_high=float(high), _within=within)
    return row


def compare_periods(
    frame: pd.DataFrame,
    measures: pd.DataFrame,
    scheme: Scheme,
    by: Sequence[str] = (),
    limits: Mapping[str, float] | None = None,
    *,
    min_n: int = DEFAULT_MIN_N,
    small_n: int = DEFAULT_SMALL_N,
    n_boot: int = DEFAULT_BOOTSTRAP_SAMPLES,
    seed: int = DEFAULT_SEED,
    confidence: float = DEFAULT_CONFIDENCE,
) -> PeriodComparison:
    """Statistics per measure × group × period and the changes between periods (see module doc)."""
    limits = dict(limits or {})
    by = list(by)
    for name in by:
        if name not in frame.columns:
            raise KeyError(name)
    periods = [p.code for p in scheme.periods()]
    period_values = frame[scheme.period_field].astype(object)
    present = [p for p in periods if (period_values == p).any()]
    notes: list[Note] = []
    if len(present) < 2:
        notes.append(Note("single_period", {"periods": present}))
    keys = frame[by].astype(object).fillna("") if by else pd.DataFrame(index=frame.index)
    groups = sorted({tuple(row) for row in keys.itertuples(index=False)}, key=lambda g: tuple(map(str, g)))
    rows: list[dict[str, Any]] = []
    change_rows: list[dict[str, Any]] = []
    cells: dict[tuple[Any, ...], np.ndarray] = {}
    for measure in scheme.measures:
        column = measures[measure.id].to_numpy(dtype=float)
        if not np.isfinite(column).any():
            notes.append(Note("no_values", {"measure": measure.id}))
        limit = limits.get(measure.id)
        for group in groups or [()]:
            in_group = np.ones(len(frame), dtype=bool)
            for name, value in zip(by, group, strict=True):
                in_group &= (keys[name] == value).to_numpy()
            stats_by_period: dict[str, dict[str, float]] = {}
            for period in present:
                mask = in_group & (period_values == period).to_numpy() & np.isfinite(column)
                values = column[mask]
                row = _stats(values, limit, confidence)
                where = {"measure": measure.id, "period": period, "group": list(group), "n": len(values)}
                if len(values) < min_n:
                    row = {"n": len(values)} | ({"limit": limit} if limit is not None else {})
                    notes.append(Note("suppressed", where | {"min_n": min_n}))
                    values = values[:0]
                elif len(values) < small_n:
                    notes.append(Note("small_n", where | {"small_n": small_n}))
                row["caution"] = "suppressed" if len(values) < min_n else ("small_n" if row["n"] < small_n else "")
                cells[(measure.id, *group, period)] = values
                stats_by_period[period] = row
                rows.append({"measure": measure.id, **dict(zip(by, group, strict=True)), "period": period,
                             **{k: v for k, v in row.items() if not k.startswith("_")}})
            for first, second in combinations(present, 2):
                a, b = cells[(measure.id, *group, first)], cells[(measure.id, *group, second)]
                change = {"measure": measure.id, **dict(zip(by, group, strict=True)), "from_period": first,
                          "to_period": second, "n_from": len(a), "n_to": len(b)}
                change["diff_mean"], change["diff_ci_low"], change["diff_ci_high"] = welch_diff(a, b, confidence)
                change["diff_median"], change["median_ci_low"], change["median_ci_high"] = \
                    bootstrap_median_diff(a, b, n_boot=n_boot, seed=seed, confidence=confidence)
                if limit is not None:
                    x1 = stats_by_period[first].get("_within", np.nan) if len(a) else np.nan
                    x2 = stats_by_period[second].get("_within", np.nan) if len(b) else np.nan
                    d, low, high = newcombe_diff(np.nan_to_num(x1), len(a), np.nan_to_num(x2), len(b), confidence)
                    change.update(diff_share=float(d), share_diff_ci_low=float(low), share_diff_ci_high=float(high))
                change_rows.append(change)
    share = bool(limits)
    period_columns = ["measure", *by, "period", *PERIOD_COLUMNS, *(SHARE_COLUMNS if share else ()), "caution"]
    change_columns = ["measure", *by, "from_period", "to_period", *CHANGE_COLUMNS,
                      *(SHARE_CHANGE_COLUMNS if share else ()), "n_from", "n_to"]
    period_table = pd.DataFrame(rows).reindex(columns=period_columns)
    change_table = pd.DataFrame(change_rows).reindex(columns=change_columns)
    period_table["n"] = period_table["n"].astype("int64")
    return PeriodComparison(period_table, change_table, notes, by, limits, n_boot, seed, confidence, min_n,
                            small_n, cells)
