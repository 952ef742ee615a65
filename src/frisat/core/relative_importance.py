"""Relative importance: getting past the ceiling effect (issue 4, item 3; seed 002, section 3.8.2).

Almost every respondent rates almost everything as very important, so raw importance means barely
differ. Two ways around it:

- **within-respondent centring** (:func:`relative_importance`): each importance answer minus the
  respondent's own mean importance, so what remains is what he finds *more or less* important than
  he usually does (ipsative scores against response sets: Cunningham, Cunningham & Green 1977,
  "The ipsative process to reduce response set bias", *Public Opinion Quarterly* 41(3); Fischer
  2004, "Standardization to account for cross-cultural response bias", *Journal of Cross-Cultural
  Psychology* 35(3), within-subject centring);
- **points allocation** (:func:`points_summary`): the respondent distributes a fixed number of
  points (100) over the five spor, a forced relative judgement (constant-sum scale).

>>> from frisat.core.instrument import get_instrument
>>> from frisat.demo import generate_responses
>>> inst = get_instrument()
>>> indicators, spor = relative_importance(generate_responses(inst, seed=1), inst)
>>> len(indicators), len(spor)
(20, 5)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from frisat.core.analysis import AnalysisConfig
from frisat.core.errors import FrisatError
from frisat.core.grouping import GroupCells, check_barometer, group_cells, item_ids, spor_counts, tidy
from frisat.core.instrument import Instrument
from frisat.core.schema import numeric_answers
from frisat.core.scoring import row_index
from frisat.core.uncertainty import grouped_mean_sd, grouped_t_interval, t_interval_from_stats

DEFAULT_MIN_ITEMS = 10
"""Importance items a respondent must answer to be centred (of 20 in the VIVE instrument)."""
DEFAULT_POINTS_TOTAL = 100

INDICATOR_COLUMNS = ["spor", "indicator", "n", "raw_mean", "centred_mean", "centred_ci_low", "centred_ci_high",
                     "rank", "suppressed"]
SPOR_COLUMNS = ["spor", "n", "raw_mean", "centred_mean", "centred_ci_low", "centred_ci_high", "rank", "suppressed"]
POINTS_COLUMNS = ["spor", "n", "mean_points", "ci_low", "ci_high", "rank", "suppressed"]
"""Columns after the ``by`` columns."""


def relative_importance(
    frame: pd.DataFrame,
    instrument: Instrument,
    by: Sequence[str] = (),
    config: AnalysisConfig | None = None,
    min_items: int = DEFAULT_MIN_ITEMS,
    *,
    indices: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Within-respondent centred importance of every indicator and spor, per group.

    For respondent i with importance answers v_ij ("ved ikke" = missing) over all spor:
    m_i = mean_j v_ij over his answered items, and the centred answer c_ij = v_ij − m_i. A
    respondent with fewer than ``min_items`` answered importance items (default 10) is left out
    entirely: a mean of a few answers says little about his own standard.

    Returns ``(indicators, spor)``:

    - ``indicators``: ``*by, spor, indicator, n, raw_mean, centred_mean, centred_ci_low,
      centred_ci_high, rank, suppressed`` — over the n included respondents who answered the item,
      the mean of v_ij and of c_ij, and the t interval of the latter (:mod:`frisat.core.uncertainty`,
      at ``config.confidence``). ``rank`` orders all indicators of the group by ``centred_mean``
      (1 = most important; ties share the best rank).
    - ``spor``: ``*by, spor, n, raw_mean, centred_mean, centred_ci_low, centred_ci_high, rank,
      suppressed`` — the respondent's spor score is the mean of his centred a–d answers when at
      least ``config.min_answered`` are answered (= his importance index − m_i); ``raw_mean`` is the
      mean importance index of the same respondents; ``rank`` orders the five spor.

    A row is suppressed (no values) when the group has fewer than ``config.min_n`` respondents for
    the spor by analyze's n; a row with fewer than min_n included answers has no values either.
    ``indices``: the respondents' indices when the caller has them (:func:`frisat.core.scoring.indices_for`).
    """
    config = config or AnalysisConfig()
    check_barometer(instrument)
    cells = group_cells(frame, instrument, by)
    spor_ids = [s.id for s in instrument.spor]
    items = {spor: item_ids(instrument, spor, "vigt") for spor in spor_ids}
    columns = [f"{spor}_vigt_{item}" for spor in spor_ids for item in items[spor]]
    if isinstance(min_items, bool) or not isinstance(min_items, int) or not 1 <= min_items <= len(columns):
        raise FrisatError(f"Mindste antal besvarede vigtighedsspørgsmål skal være et heltal fra 1 til {len(columns)}.")
    n_spor = spor_counts(frame, instrument, cells, config.min_answered, indices)

    raw = numeric_answers(frame, columns)
    answered = (~np.isnan(raw)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        own_mean = np.nansum(raw, axis=1) / answered
    raw[answered < min_items] = np.nan
    centred = raw - own_mean[:, None]

    indicator_parts, spor_parts = [], []
    position = 0
    for spor_number, spor in enumerate(spor_ids):
        width = len(items[spor])
        block = slice(position, position + width)
        for j, item in enumerate(items[spor]):
            indicator_parts.append(_block(cells, raw[:, position + j], centred[:, position + j], config,
                                          n_spor[spor], spor=spor, indicator=item, __spor=spor_number, __item=j))
        needed = min(config.min_answered, width)
        spor_parts.append(_block(cells, row_index(raw[:, block], needed), row_index(centred[:, block], needed),
                                 config, n_spor[spor], spor=spor, __spor=spor_number))
        position += width

    indicators = tidy(cells, indicator_parts, ["__spor", "__item"])
    spor_table = tidy(cells, spor_parts, ["__spor"])
    for table in (indicators, spor_table):
        table["rank"] = table.groupby("__group")["centred_mean"].rank(ascending=False, method="min").astype("Int64")
    return indicators[[*cells.by, *INDICATOR_COLUMNS]], spor_table[[*cells.by, *SPOR_COLUMNS]]


def _block(cells: GroupCells, raw: np.ndarray, centred: np.ndarray, config: AnalysisConfig, n_spor: np.ndarray,
           **labels: object) -> pd.DataFrame:
    """One indicator's (or spor's) group rows: n, raw and centred means, t interval, suppression.

    Over the respondents with a centred value (a raw answer without one is not counted): one mask
    and one copy of the group codes serve both means and the interval.
    """
    keep = ~np.isnan(centred)
    codes, values = cells.codes[keep], centred[keep]
    n, centred_mean, sd = grouped_mean_sd(values, codes, cells.n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        raw_mean = np.bincount(codes, weights=raw[keep], minlength=cells.n_groups) / n
    low, high = t_interval_from_stats(centred_mean, sd, n, config.confidence)
    suppressed = n_spor < config.min_n
    hidden = suppressed | (n < config.min_n)
    values = {"raw_mean": raw_mean, "centred_mean": centred_mean, "centred_ci_low": low, "centred_ci_high": high}
    part = pd.DataFrame({"__group": np.arange(cells.n_groups), **labels,
                         "n": pd.array(np.where(suppressed, pd.NA, n), dtype="Int64")})
    for name, value in values.items():
        part[name] = np.where(hidden, np.nan, value)
    part["suppressed"] = suppressed
    return part


# -- points allocation -----------------------------------------------------------------------------


def _allocation(instrument: Instrument) -> tuple[list[str], int]:
    """The spor that points are distributed over, and the total (100 unless the instrument says)."""
    allocation = getattr(instrument, "allocation", None)
    spor_ids = getattr(instrument, "allocation_spor", lambda: [])() if allocation is not None else []
    if not spor_ids:
        spor_ids = [s.id for s in instrument.spor]
    total = getattr(allocation, "total", None) or DEFAULT_POINTS_TOTAL
    return spor_ids, int(total)


def point_column(spor: str) -> str:
    """The canonical column of a spor's points, e.g. ``regler_point``."""
    return f"{spor}_point"


def points_summary(
    frame: pd.DataFrame,
    instrument: Instrument,
    by: Sequence[str] = (),
    config: AnalysisConfig | None = None,
    *,
    indices: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Mean points per spor from "fordel 100 point på de fem spor", per group.

    Columns ``*by, spor, n, mean_points, ci_low, ci_high, rank, suppressed``: over the n
    respondents with a valid allocation, the mean of their points for the spor with its t interval
    at ``config.confidence``; ``rank`` orders the spor within the group (1 = most points; ties
    share the best rank). An allocation is valid when every ``{spor}_point`` is answered, a whole
    number from 0 to the total (100, or the instrument's ``allocation.total``), and they sum to the
    total; other rows are ignored (the import rejects them; this keeps the analysis robust).
    Suppression as in :func:`relative_importance` (analyze's n of the spor, then n of the points).
    An empty table with these columns when the data has no point columns.
    """
    config = config or AnalysisConfig()
    check_barometer(instrument)
    cells = group_cells(frame, instrument, by)
    spor_ids, total = _allocation(instrument)
    columns = [point_column(spor) for spor in spor_ids]
    if not set(columns) <= set(frame.columns):
        return pd.DataFrame({c: pd.Series(dtype="string") for c in cells.by} | {
            "spor": pd.Series(dtype="string"), "n": pd.Series(dtype="Int64"),
            **{c: pd.Series(dtype=float) for c in ("mean_points", "ci_low", "ci_high")},
            "rank": pd.Series(dtype="Int64"), "suppressed": pd.Series(dtype=bool)})
    n_spor = spor_counts(frame, instrument, cells, config.min_answered, indices)

    points = frame[columns].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan, copy=True)
    with np.errstate(invalid="ignore"):
        valid = (np.isfinite(points).all(axis=1) & (points >= 0).all(axis=1) & (points <= total).all(axis=1)
                 & (points == np.round(points)).all(axis=1) & (np.abs(points.sum(axis=1) - total) < 1e-9))
    points[~valid] = np.nan
    parts = []
    for position, spor in enumerate(spor_ids):
        values = points[:, position]
        n, mean = cells.means(values)
        low, high = grouped_t_interval(values, cells.codes, cells.n_groups, config.confidence)
        suppressed = n_spor.get(spor, np.zeros(cells.n_groups, dtype=int)) < config.min_n
        hidden = suppressed | (n < config.min_n)
        parts.append(pd.DataFrame({
            "__group": np.arange(cells.n_groups), "__spor": position, "spor": spor,
            "n": pd.array(np.where(suppressed, pd.NA, n), dtype="Int64"),
            "mean_points": np.where(hidden, np.nan, mean), "ci_low": np.where(hidden, np.nan, low),
            "ci_high": np.where(hidden, np.nan, high), "suppressed": suppressed,
        }))
    table = tidy(cells, parts, ["__spor"])
    table["rank"] = table.groupby("__group")["mean_points"].rank(ascending=False, method="min").astype("Int64")
    return table[[*cells.by, *POINTS_COLUMNS]]
