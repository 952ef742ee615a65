"""Waves: change from one measurement to the next, and the trend across all of them (issue 4, item 6).

>>> from frisat.core.instrument import get_instrument
>>> from frisat.demo import generate_responses
>>> inst = get_instrument()
>>> table = changes(generate_responses(inst, respondents=300, seed=1, waves=2), inst)
>>> table[["wave_from", "wave_to"]].drop_duplicates().to_dict("records")
[{'wave_from': '1', 'wave_to': '2'}]
>>> len(table)  # 5 spor × 2 dimensions × 1 step
10

**Wave order.** The waves are the values of the wave column (``maaling``). Without ``waves`` they
are put in *natural order* (:func:`wave_order`): each value is split into runs of digits and of
other characters, digit runs compare as whole numbers and the rest as text (case-insensitive), so
``"2" < "10"`` and ``"2026-1" < "2026-2" < "2027-1"``. ``waves=[...]`` gives the order explicitly
and selects those waves: respondents of other waves are left out. Every respondent must have a
wave; :func:`changes` and :func:`positions` need at least two.

**Anonymity** follows :func:`frisat.core.analysis.analyze`: a cell (``by`` group × wave) has the n of
``analyze`` for a spor (respondents with an index on either dimension). A cell below
``config.min_n`` shows nothing, and a row that involves it is ``suppressed`` with no values. A cell
with enough respondents for the spor but fewer than ``min_n`` with this dimension's index shows
its n but no mean. A unit enters the paired estimate only with at least ``min_n`` respondents with
the dimension's index in *both* waves, so no unit mean from fewer is ever used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

import numpy as np
import pandas as pd

from frisat.core.analysis import AnalysisConfig, _check_grouping, _group_keys
from frisat.core.comparisons import (
    cell_stats,
    check_column,
    check_instrument,
    excludes_zero,
    order_rows,
    welch_difference,
)
from frisat.core.errors import FrisatError
from frisat.core.instrument import Instrument
from frisat.core.scoring import indices_for
from frisat.core.uncertainty import t_interval_from_stats

CHANGE_COLUMNS = (
    "spor", "dimension", "wave_from", "wave_to", "n_from", "mean_from", "n_to", "mean_to", "change",
    "ci_low", "ci_high", "significant", "paired_units", "paired_change", "paired_ci_low", "paired_ci_high",
    "suppressed", "df", "p_value", "paired_significant",
)
"""The columns of :func:`changes` (``changes.csv``) after the ``by`` columns."""
TREND_COLUMNS = ("spor", "dimension", "wave", "wave_order", "n", "mean", "ci_low", "ci_high", "suppressed")
"""The columns of :func:`trend` after the ``by`` columns."""
POSITION_COLUMNS = ("spor", "wave_from", "wave_to", "vigt_from", "impl_from", "vigt_to", "impl_to", "suppressed")
"""The columns of :func:`positions` after the ``by`` columns."""

_WAVE_ROLE = "målinger"
_UNIT_ROLE = "enheder"


def natural_key(value: str) -> tuple:
    """Sort key of the natural order: digit runs as numbers, the rest as case-insensitive text.

    >>> sorted(["10", "2", "1"], key=natural_key)
    ['1', '2', '10']
    >>> sorted(["2027-1", "2026-2", "2026-1"], key=natural_key)
    ['2026-1', '2026-2', '2027-1']
    """
    parts = re.split(r"(\d+)", str(value))
    # Even positions are text, odd positions digits, so keys of different values stay comparable.
    return (*((int(p) if i % 2 else p.casefold()) for i, p in enumerate(parts)), str(value))


def wave_order(values: Iterable[str]) -> list[str]:
    """The distinct ``values`` in natural order (:func:`natural_key`)."""
    return sorted({str(v) for v in values}, key=natural_key)


def _prepare(
    frame: pd.DataFrame,
    instrument: Instrument,
    wave_column: str,
    by: Sequence[str],
    waves: Sequence[str] | None,
    need_two: bool,
) -> tuple[list[str], list[str], pd.DataFrame, list[str]]:
    """Check the arguments; return the spor ids, ``by``, the rows of the chosen waves, and the wave order."""
    by = _check_grouping(frame, instrument, by)
    check_column(frame, instrument, wave_column, _WAVE_ROLE, by)
    spor_ids = check_instrument(frame, instrument)
    labels = frame[wave_column].astype("string")
    missing = int((labels.isna() | (labels.str.strip() == "")).sum())
    if missing:
        raise FrisatError(
            f"{missing} besvarelse{'r' if missing != 1 else ''} mangler en måling i kolonnen «{wave_column}»; "
            "angiv målingen for alle besvarelser."
        )
    present = wave_order(labels.unique())
    if waves is None:
        order = present
    else:
        order = [str(w) for w in waves]
        if len(set(order)) != len(order):
            raise FrisatError("Den samme måling er angivet to gange i rækkefølgen af målinger.")
        unknown = [w for w in order if w not in present]
        if unknown:
            raise FrisatError(
                f"Målingen «{unknown[0]}» findes ikke i kolonnen «{wave_column}». Målinger i data: "
                f"{', '.join(present)}."
            )
        if len(order) < len(present):
            frame = frame[labels.isin(order).to_numpy(dtype=bool)]
    if need_two and len(order) < 2:
        raise FrisatError(
            f"Data har kun én måling («{order[0]}») i kolonnen «{wave_column}»; en ændring kræver mindst to."
        )
    return spor_ids, by, frame, order


def _wave_cells(
    frame: pd.DataFrame, indices: pd.DataFrame, wave_column: str, by: list[str], spor_ids: list[str],
    config: AnalysisConfig, intervals: bool,
) -> pd.DataFrame:
    """Cell statistics per ``by`` × wave × spor × dimension, with anonymity applied (see module doc)."""
    cells = cell_stats(indices, _group_keys(frame, [*by, wave_column]), spor_ids, config if intervals else None)
    cells["suppressed"] = (cells["n_spor"] < config.min_n).to_numpy()
    blank = cells["suppressed"] | (cells["n"] < config.min_n)
    values = ["mean", *(["ci_low", "ci_high"] if intervals else [])]
    cells.loc[blank, values] = np.nan
    return cells


def trend(
    frame: pd.DataFrame,
    instrument: Instrument,
    wave_column: str = "maaling",
    by: Sequence[str] = (),
    config: AnalysisConfig | None = None,
    waves: Sequence[str] | None = None,
    *,
    indices: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Mean index with its confidence interval per ``by`` group × spor × dimension × wave.

    For a trend figure across all waves. ``mean`` is the mean of the respondents' indices, ``n`` the
    number of respondents with the dimension's index, and ``ci_low``/``ci_high`` the interval of the
    mean by ``config.ci_method`` — exactly as ``analyze`` computes ``impl_ci_low`` etc. for one wave
    (t: x̄ ∓ t_{(1+c)/2, n−1} · s/√n; bootstrap: percentile bootstrap, seeded per spor × dimension;
    :mod:`frisat.core.uncertainty`). ``wave_order`` is the wave's position (1 = first) in the wave
    order of the module docstring. A single wave is allowed. Rows exist for the cells that have
    respondents; suppression as in the module docstring.

    Columns: ``*by``, then :data:`TREND_COLUMNS`; sorted by ``by``, spor, dimension, wave order.
    """
    config = config or AnalysisConfig()
    spor_ids, by, frame, order = _prepare(frame, instrument, wave_column, by, waves, need_two=False)
    indices = indices_for(frame, instrument, config.min_answered, indices)
    cells = _wave_cells(frame, indices, wave_column, by, spor_ids, config, intervals=True)
    cells = cells.rename(columns={wave_column: "wave"})
    cells["wave_order"] = cells["wave"].map({w: i + 1 for i, w in enumerate(order)}).astype("int64")
    cells["n"] = cells["n"].astype("Int64")
    cells.loc[cells["suppressed"], "n"] = pd.NA
    return order_rows(cells, by, spor_ids, ["wave_order"])[[*by, *TREND_COLUMNS]]


def changes(
    frame: pd.DataFrame,
    instrument: Instrument,
    wave_column: str = "maaling",
    by: Sequence[str] = (),
    config: AnalysisConfig | None = None,
    unit_column: str | None = "enhed",
    waves: Sequence[str] | None = None,
    *,
    indices: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Change per ``by`` group × spor × dimension from each wave to the next (``changes.csv``).

    Two estimates per row:

    - **unpaired**: ``change`` = mean_to − mean_from of all respondents of the two waves, with
      Welch's t interval ``ci_low``/``ci_high`` at ``config.confidence`` (whatever ``ci_method``),
      its degrees of freedom ``df`` and two-sided ``p_value``
      (:func:`frisat.core.comparisons.welch_difference`: Welch 1947); ``significant`` when the
      interval excludes 0.
    - **paired by unit**: for the ``paired_units`` units (``unit_column``, e.g. ``enhed``) with at
      least ``config.min_n`` respondents with the dimension's index in both waves, the unit
      difference d_u = (unit mean in the new wave) − (unit mean in the old wave);
      ``paired_change`` = mean of the d_u, and ``paired_ci_low``/``paired_ci_high`` the one-sample
      t interval d̄ ∓ t_{(1+c)/2, k−1} · s_d/√k over the k units (Student 1908; the unit as unit of
      analysis, a cluster-level analysis as in Donner & Klar 2000, *Design and Analysis of Cluster
      Randomization Trials*, ch. 6). Every unit weighs the same, whatever its size; the interval
      needs k ≥ 2. ``paired_significant`` when it excludes 0. Respondents with no unit are left
      out of the pairing; ``unit_column=None`` skips it (paired columns empty).

    ``n_from``/``n_to`` count the respondents with the dimension's index in each wave. A ``by``
    group that has respondents in only one of the two waves gets a suppressed row. Wave order and
    anonymity as in the module docstring. Columns: ``*by``, then :data:`CHANGE_COLUMNS`; sorted by
    ``by``, spor, dimension and wave order.
    """
    config = config or AnalysisConfig()
    spor_ids, by, frame, order = _prepare(frame, instrument, wave_column, by, waves, need_two=True)
    if unit_column is not None:
        check_column(frame, instrument, unit_column, _UNIT_ROLE, ())
        if unit_column == wave_column:
            raise FrisatError(f"Kolonnen «{unit_column}» kan ikke både angive enheder og målinger.")
    indices = indices_for(frame, instrument, config.min_answered, indices)
    cells = _wave_cells(frame, indices, wave_column, by, spor_ids, config, intervals=False)
    units = _unit_means(frame, indices, wave_column, by, unit_column, spor_ids, config)
    on = [*by, "spor", "dimension"]
    columns = [*on, "n_spor", "n", "mean", "var"]
    parts = []
    for step, (old, new) in enumerate(pairwise(order)):
        part = (cells.loc[cells[wave_column] == old, columns]
                .merge(cells.loc[cells[wave_column] == new, columns], on=on, how="outer", suffixes=("_from", "_to")))
        part["wave_from"], part["wave_to"], part["__step"] = old, new, step
        if units is not None:
            part = part.merge(_paired(units, wave_column, unit_column, by, old, new, config), on=on, how="left")
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    for column in ("n_spor_from", "n_spor_to", "n_from", "n_to"):
        table[column] = table[column].fillna(0).astype("int64")

    change, low, high, df, p_value = welch_difference(
        table["mean_to"], table["var_to"], table["n_to"], table["mean_from"], table["var_from"], table["n_from"],
        config.confidence)
    table["change"], table["ci_low"], table["ci_high"], table["df"], table["p_value"] = change, low, high, df, p_value
    table["significant"] = excludes_zero(low, high)
    if units is None:
        for column in ("paired_units", "paired_change", "paired_ci_low", "paired_ci_high"):
            table[column] = np.nan
    table["paired_units"] = table["paired_units"].fillna(0 if units is not None else np.nan).astype("Int64")

    min_n = config.min_n
    suppressed = ((table["n_spor_from"] < min_n) | (table["n_spor_to"] < min_n)).to_numpy()
    thin_from = (table["n_from"] < min_n).to_numpy()
    thin_to = (table["n_to"] < min_n).to_numpy()
    table.loc[suppressed | thin_from, "mean_from"] = np.nan
    table.loc[suppressed | thin_to, "mean_to"] = np.nan
    table.loc[suppressed | thin_from | thin_to, ["change", "ci_low", "ci_high", "df", "p_value"]] = np.nan
    table.loc[suppressed, ["paired_change", "paired_ci_low", "paired_ci_high"]] = np.nan
    for column in ("n_from", "n_to", "paired_units"):
        table[column] = table[column].astype("Int64")
        table.loc[suppressed, column] = pd.NA
    table["significant"] = excludes_zero(table["ci_low"].to_numpy(), table["ci_high"].to_numpy())
    table["paired_significant"] = excludes_zero(table["paired_ci_low"].to_numpy(), table["paired_ci_high"].to_numpy())
    table["suppressed"] = suppressed
    return order_rows(table, by, spor_ids, ["__step"])[[*by, *CHANGE_COLUMNS]]


def _unit_means(
    frame: pd.DataFrame, indices: pd.DataFrame, wave_column: str, by: list[str], unit_column: str | None,
    spor_ids: list[str], config: AnalysisConfig,
) -> pd.DataFrame | None:
    """Per ``by`` × unit × wave × spor × dimension: n and mean, only where n ≥ min_n (None: no pairing)."""
    if unit_column is None:
        return None
    unit = frame[unit_column].astype("string")
    has_unit = (unit.notna() & (unit.str.strip() != "")).to_numpy(dtype=bool)
    keys = [*by, *([unit_column] if unit_column not in by else []), wave_column]
    if not has_unit.any():
        return pd.DataFrame(columns=[*keys, "spor", "dimension", "n", "mean"])
    background = frame[keys]
    if not has_unit.all():  # only the few key columns and the indices are copied, never the answers
        background, indices = background[has_unit], indices[has_unit]
    units = cell_stats(indices, _group_keys(background, keys), spor_ids)
    return units.loc[units["n"] >= config.min_n, [*keys, "spor", "dimension", "n", "mean"]]


def _paired(
    units: pd.DataFrame, wave_column: str, unit_column: str, by: list[str], old: str, new: str,
    config: AnalysisConfig,
) -> pd.DataFrame:
    """The paired-by-unit change from ``old`` to ``new`` per ``by`` × spor × dimension."""
    on = [*by, "spor", "dimension"]
    match = [*on, *([unit_column] if unit_column not in by else [])]
    both = (units.loc[units[wave_column] == old, [*match, "mean"]]
            .merge(units.loc[units[wave_column] == new, [*match, "mean"]], on=match, suffixes=("_from", "_to")))
    both["difference"] = both["mean_to"] - both["mean_from"]
    summary = both.groupby(on, sort=False)["difference"].agg(["count", "mean", "std"]).reset_index()
    low, high = t_interval_from_stats(summary["mean"].to_numpy(dtype=float), summary["std"].to_numpy(dtype=float),
                                      summary["count"].to_numpy(dtype=float), config.confidence)
    return pd.DataFrame({
        **{c: summary[c] for c in on},
        "paired_units": summary["count"].astype("int64"),
        "paired_change": summary["mean"].astype(float),
        "paired_ci_low": low,
        "paired_ci_high": high,
    })


def positions(
    frame: pd.DataFrame,
    instrument: Instrument,
    wave_column: str = "maaling",
    by: Sequence[str] = (),
    config: AnalysisConfig | None = None,
    waves: Sequence[str] | None = None,
    *,
    indices: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each ``by`` group's point (vigt_mean, impl_mean) per spor in one wave and the next.

    For arrows from the old to the new position in the quadrant plot (importance on the x-axis,
    implementation on the y-axis, as everywhere). The means are those of :func:`trend`.
    ``suppressed`` when the group is below the anonymity threshold (or absent) in either wave; then
    there are no values. A mean of a dimension with too few indices is blank on its own.

    Columns: ``*by``, then :data:`POSITION_COLUMNS`; sorted by ``by``, spor and wave order.
    """
    config = config or AnalysisConfig()
    spor_ids, by, frame, order = _prepare(frame, instrument, wave_column, by, waves, need_two=True)
    indices = indices_for(frame, instrument, config.min_answered, indices)
    cells = _wave_cells(frame, indices, wave_column, by, spor_ids, config, intervals=False)
    keys = [*by, wave_column, "spor"]
    impl = cells.loc[cells["dimension"] == "impl", [*keys, "mean", "suppressed"]].rename(columns={"mean": "impl"})
    vigt = cells.loc[cells["dimension"] == "vigt", [*keys, "mean"]].rename(columns={"mean": "vigt"})
    points = impl.merge(vigt, on=keys)  # the same cells: suppression depends on the spor, not the dimension
    on = [*by, "spor"]
    parts = []
    for step, (old, new) in enumerate(pairwise(order)):
        part = (points[points[wave_column] == old].drop(columns=wave_column)
                .merge(points[points[wave_column] == new].drop(columns=wave_column), on=on, how="outer",
                       suffixes=("_from", "_to")))
        part["wave_from"], part["wave_to"], part["__step"] = old, new, step
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    suppressed = (table["suppressed_from"].astype("boolean").fillna(True)
                  | table["suppressed_to"].astype("boolean").fillna(True)).to_numpy(dtype=bool)
    table["suppressed"] = suppressed
    table.loc[suppressed, ["vigt_from", "impl_from", "vigt_to", "impl_to"]] = np.nan
    return order_rows(table, by, spor_ids, ["__step"])[[*by, *POSITION_COLUMNS]]
