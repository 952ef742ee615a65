"""Respondent groups side by side: differences of group means with Welch intervals (issue 4, item 5).

>>> from frisat.core.instrument import get_instrument
>>> from frisat.demo import generate_responses
>>> inst = get_instrument()
>>> table = compare_groups(generate_responses(inst, respondents=400, seed=1), inst)
>>> table[["group", "reference"]].drop_duplicates().to_dict("records")
[{'group': 'leder', 'reference': 'medarbejder'}]

For each cell of the ``by`` grouping, each spor and each dimension (impl, vigt), the mean index of
one respondent group is compared with that of a reference group: the difference of the two means
(group − reference), Welch's t interval of the difference, Welch–Satterthwaite degrees of freedom
and the two-sided p-value (:func:`welch_difference`). Groups are the values of ``group_column``
(``gruppe``: leder, medarbejder, …); a missing value forms its own group ``(ikke angivet)`` as in
:func:`frisat.core.analysis.analyze`.

Anonymity follows ``analyze``: a group's *n* for a spor is the number of its respondents with an
index on either dimension. When either side of a comparison has fewer than ``config.min_n``, the
row is ``suppressed`` and carries no numbers. When a side has enough respondents for the spor but
fewer than ``min_n`` with an index on this row's dimension, that side's mean and everything
computed from it are blank (its n is shown, as ``analyze`` shows ``impl_n``).

The p-values are per comparison and not adjusted for the many comparisons in one table (five spor ×
two dimensions × the pairs); read a single "significant" among many with that in mind.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from frisat.core.analysis import DIMENSIONS, AnalysisConfig, _check_grouping, _group_keys
from frisat.core.errors import FrisatError
from frisat.core.instrument import Instrument
from frisat.core.schema import ID_COLUMN, background_columns
from frisat.core.scoring import index_column, indices_for
from frisat.core.uncertainty import DEFAULT_CONFIDENCE, grouped_mean_interval, t_interval_from_stats

ALL_PAIRS = "all"
"""``reference="all"``: compare every pair of groups instead of each group with one reference."""

COMPARISON_COLUMNS = (
    "spor", "dimension", "group", "reference", "n_group", "mean_group", "n_reference", "mean_reference",
    "difference", "ci_low", "ci_high", "p_value", "significant", "suppressed", "df",
)
"""The columns of :func:`compare_groups` after the ``by`` columns (``df`` is appended last)."""


# -- Welch's t ---------------------------------------------------------------------------------


def welch_difference(
    mean_a: np.ndarray | float,
    var_a: np.ndarray | float,
    n_a: np.ndarray | float,
    mean_b: np.ndarray | float,
    var_b: np.ndarray | float,
    n_b: np.ndarray | float,
    confidence: float = DEFAULT_CONFIDENCE,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Difference of two means with Welch's t interval, degrees of freedom and p-value (vectorised).

    With sample variances s² (ddof = 1) and sizes n of samples a and b:

    - difference d = x̄_a − x̄_b, standard error se = √(s_a²/n_a + s_b²/n_b);
    - Welch–Satterthwaite degrees of freedom
      ν = se⁴ / ((s_a²/n_a)² / (n_a − 1) + (s_b²/n_b)² / (n_b − 1));
    - interval d ∓ t_{(1+c)/2, ν} · se; p = 2 · P(T_ν > |d| / se).

    References: Welch (1947), *Biometrika* 34, 28–35; Satterthwaite (1946), *Biometrics Bulletin*
    2, 110–114. Agrees with ``scipy.stats.ttest_ind(a, b, equal_var=False)`` (its ``df``, ``pvalue``
    and ``confidence_interval``).

    Returns ``(difference, low, high, df, p_value)``. The interval, df and p are NaN when a side has
    fewer than two values or a statistic is missing. When both samples have zero variance (se = 0)
    the interval is the point d, df is NaN and p is 0 (d ≠ 0) or 1 (d = 0) — the limit as the
    variances shrink; scipy returns NaN there.

    >>> d, low, high, df, p = welch_difference(6.0, 2.5, 5, 4.0, 1.0, 4)
    >>> round(float(d[0]), 4), round(float(low[0]), 4), round(float(high[0]), 4), round(float(df[0]), 4)
    (2.0, -0.0633, 4.0633, 6.75)
    """
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
    mean_a, var_a, n_a, mean_b, var_b, n_b = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(v, dtype=float)) for v in (mean_a, var_a, n_a, mean_b, var_b, n_b))
    )
    difference = mean_a - mean_b
    with np.errstate(invalid="ignore", divide="ignore"):
        part_a = var_a / n_a
        part_b = var_b / n_b
        se2 = part_a + part_b
        df = se2 * se2 / (part_a * part_a / (n_a - 1) + part_b * part_b / (n_b - 1))
    usable = (n_a >= 2) & (n_b >= 2) & ~np.isnan(se2) & ~np.isnan(difference)
    regular = usable & (se2 > 0)
    degenerate = usable & (se2 == 0)
    safe_df = np.where(regular, df, 1.0)
    se = np.sqrt(np.where(regular, se2, 1.0))
    half = stats.t.ppf((1 + confidence) / 2, safe_df) * se
    low = np.where(regular, difference - half, np.where(degenerate, difference, np.nan))
    high = np.where(regular, difference + half, np.where(degenerate, difference, np.nan))
    p_value = np.where(regular, 2 * stats.t.sf(np.abs(difference) / se, safe_df),
                       np.where(degenerate, np.where(difference == 0, 1.0, 0.0), np.nan))
    return difference, low, high, np.where(regular, df, np.nan), p_value


def excludes_zero(low: np.ndarray, high: np.ndarray) -> pd.arrays.BooleanArray:
    """True where the interval [low, high] lies entirely above or below 0; NA where it is missing."""
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    missing = np.isnan(low) | np.isnan(high)
    return pd.arrays.BooleanArray(((low > 0) | (high < 0)) & ~missing, missing)


# -- shared building blocks (also used by frisat.core.waves) -----------------------------------


def check_instrument(frame: pd.DataFrame, instrument: Instrument) -> list[str]:
    """The spor ids, after refusing empty data and instruments without the impl/vigt dimensions."""
    if len(frame) == 0:
        raise FrisatError("Der er ingen besvarelser at analysere.")
    spor_ids = [s.id for s in instrument.spor]
    if not spor_ids or set(instrument.dimension_ids) != set(DIMENSIONS):
        raise FrisatError(
            f"Instrumentet «{instrument.id}» har ingen spor med dimensionerne impl og vigt; "
            "barometer-analysen kan ikke bruges på det."
        )
    return spor_ids


def check_column(frame: pd.DataFrame, instrument: Instrument, column: str, role: str, by: Sequence[str]) -> None:
    """Refuse a special column (groups, waves, units) that is missing, not background, or also in ``by``.

    ``role`` completes the sentence "Data har ingen kolonne «x» med …", e.g. "respondentgrupper".
    """
    allowed = [c for c in background_columns(instrument) if c != ID_COLUMN]
    if column not in allowed:
        raise FrisatError(f"«{column}» er ikke en baggrundskolonne. Mulige kolonner: {', '.join(allowed)}.")
    if column not in frame.columns:
        raise FrisatError(f"Data har ingen kolonne «{column}» med {role}.")
    if column in by:
        raise FrisatError(f"Kolonnen «{column}» kan ikke både bruges til {role} og stå i grupperingen (by).")


def cell_stats(
    indices: pd.DataFrame,
    keys: list[pd.Series],
    spor_ids: list[str],
    config: AnalysisConfig | None = None,
) -> pd.DataFrame:
    """One row per observed cell (combination of ``keys``) × spor × dimension, vectorised.

    Columns: the key columns (as strings), ``spor``, ``dimension``, ``n_spor`` (respondents with an
    index on either dimension of the spor, the n of ``analyze``), ``n`` (respondents with this
    dimension's index), ``mean``, ``var`` (ddof = 1). With ``config``, also ``ci_low``/``ci_high``:
    the interval of the mean by ``config.ci_method``, the bootstrap seeded per spor × dimension as
    in ``analyze`` (``[seed, spor number, dimension number]``).
    """
    grouped = indices.groupby(keys, observed=True, sort=True)
    count = grouped.count()
    mean = grouped.mean()
    var = grouped.var(ddof=1)
    answered = pd.DataFrame(
        {spor: indices[[index_column(spor, d) for d in DIMENSIONS]].notna().any(axis=1) for spor in spor_ids}
    )
    n_spor = answered.groupby(keys, observed=True, sort=True).sum().reindex(count.index)
    codes = grouped.ngroup().to_numpy() if config is not None and config.ci_method == "bootstrap" else None

    cells = count.index.to_frame(index=False)
    for column in cells.columns:
        cells[column] = cells[column].astype("string")
    parts = []
    for spor_number, spor in enumerate(spor_ids):
        for dim_number, dim in enumerate(DIMENSIONS):
            column = index_column(spor, dim)
            part = cells.copy()
            part["spor"] = spor
            part["dimension"] = dim
            part["n_spor"] = n_spor[spor].to_numpy(dtype=np.int64)
            part["n"] = count[column].to_numpy(dtype=np.int64)
            part["mean"] = mean[column].to_numpy(dtype=float)
            part["var"] = var[column].to_numpy(dtype=float)
            if config is not None:
                if codes is None:
                    low, high = t_interval_from_stats(part["mean"].to_numpy(), np.sqrt(part["var"].to_numpy()),
                                                      part["n"].to_numpy(dtype=float), config.confidence)
                else:
                    low, high = grouped_mean_interval(
                        indices[column].to_numpy(dtype=float), codes, len(cells), config.confidence,
                        "bootstrap", config.bootstrap_samples, [config.seed, spor_number, dim_number])
                part["ci_low"], part["ci_high"] = low, high
            parts.append(part)
    return pd.concat(parts, ignore_index=True)


def order_rows(table: pd.DataFrame, by: list[str], spor_ids: list[str], then: list[str]) -> pd.DataFrame:
    """Sort by the ``by`` columns (as text), spor in instrument order, dimension (impl, vigt), ``then``."""
    spor_rank = {s: i for i, s in enumerate(spor_ids)}
    dim_rank = {d: i for i, d in enumerate(DIMENSIONS)}

    def key(column: pd.Series) -> pd.Series:
        if column.name == "spor":
            return column.map(spor_rank)
        if column.name == "dimension":
            return column.map(dim_rank)
        return column if pd.api.types.is_numeric_dtype(column) else column.astype(str)

    columns = [*by, "spor", *(["dimension"] if "dimension" in table.columns else []), *then]
    return table.sort_values(columns, key=key, kind="stable").reset_index(drop=True)


# -- groups side by side -----------------------------------------------------------------------


def compare_groups(
    frame: pd.DataFrame,
    instrument: Instrument,
    group_column: str = "gruppe",
    by: Sequence[str] = (),
    config: AnalysisConfig | None = None,
    reference: str | None = None,
    *,
    indices: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Differences between respondent groups per ``by`` cell × spor × dimension, with Welch intervals.

    **Which pairs.** ``reference=None`` (default): every group is compared with the *largest* group
    — the one with the most respondents (rows) in the whole of ``frame``, ties going to the first
    in sorted order — so the same reference is used in every cell. ``reference="leder"`` (a group
    name): that group is the reference. ``reference="all"``: every pair of groups once, ``group``
    being the first of the two in sorted order. A pair gives rows only in the cells where both
    groups have respondents.

    **Each row.** ``difference`` = mean_group − mean_reference of the respondents' indices;
    ``ci_low``/``ci_high`` its Welch t interval at ``config.confidence`` (whatever ``ci_method``),
    ``p_value`` the two-sided Welch test of no difference, ``significant`` whether the interval
    excludes 0, ``df`` the Welch–Satterthwaite degrees of freedom (:func:`welch_difference` has the
    formulas and references). ``n_group``/``n_reference`` count the respondents with this
    dimension's index. Suppression as described in the module docstring.

    Columns: ``*by``, then :data:`COMPARISON_COLUMNS`. Rows are sorted by ``by``, spor (instrument
    order), dimension (impl, vigt), group and reference. ``indices``: the respondents' indices when
    the caller has them (:func:`frisat.core.scoring.indices_for`).
    """
    config = config or AnalysisConfig()
    by = _check_grouping(frame, instrument, by)
    check_column(frame, instrument, group_column, "respondentgrupper", by)
    spor_ids = check_instrument(frame, instrument)

    keys = _group_keys(frame, [*by, group_column])
    groups = sorted(str(g) for g in keys[-1].cat.categories)
    if len(groups) < 2:
        raise FrisatError(
            f"Kolonnen «{group_column}» har kun én respondentgruppe («{groups[0]}»); der er ingen grupper "
            "at sammenligne."
        )
    pairs = _pairs(groups, keys[-1], reference, group_column)

    cells = cell_stats(indices_for(frame, instrument, config.min_answered, indices), keys, spor_ids)
    cells = cells.rename(columns={group_column: "side"})
    on = [*by, "spor", "dimension"]
    left = cells.rename(columns={"side": "group"})
    right = cells.rename(columns={"side": "reference"})
    table = (
        left.merge(pd.DataFrame(pairs, columns=["group", "reference"], dtype="string"), on="group")
        .merge(right, on=[*on, "reference"], suffixes=("_group", "_reference"))
    )

    difference, low, high, df, p_value = welch_difference(
        table["mean_group"], table["var_group"], table["n_group"],
        table["mean_reference"], table["var_reference"], table["n_reference"], config.confidence)
    table["difference"], table["ci_low"], table["ci_high"] = difference, low, high
    table["df"], table["p_value"] = df, p_value

    min_n = config.min_n
    suppressed = ((table["n_spor_group"] < min_n) | (table["n_spor_reference"] < min_n)).to_numpy()
    thin_group = (table["n_group"] < min_n).to_numpy()
    thin_reference = (table["n_reference"] < min_n).to_numpy()
    blank_difference = suppressed | thin_group | thin_reference
    table.loc[suppressed | thin_group, "mean_group"] = np.nan
    table.loc[suppressed | thin_reference, "mean_reference"] = np.nan
    table.loc[blank_difference, ["difference", "ci_low", "ci_high", "df", "p_value"]] = np.nan
    for column in ("n_group", "n_reference"):
        table[column] = table[column].astype("Int64")
        table.loc[suppressed, column] = pd.NA
    table["significant"] = excludes_zero(table["ci_low"].to_numpy(), table["ci_high"].to_numpy())
    table["suppressed"] = suppressed

    group_rank = {g: i for i, g in enumerate(groups)}
    table["__group"] = table["group"].map(group_rank)
    table["__reference"] = table["reference"].map(group_rank)
    table = order_rows(table, by, spor_ids, ["__group", "__reference"])
    return table[[*by, *COMPARISON_COLUMNS]]


def _pairs(groups: list[str], key: pd.Series, reference: str | None, group_column: str) -> list[tuple[str, str]]:
    """The (group, reference) pairs to compare, by the rule documented in :func:`compare_groups`."""
    if reference == ALL_PAIRS:
        return list(combinations(groups, 2))
    if reference is None:
        sizes = key.value_counts(sort=False)
        sizes.index = sizes.index.astype(str)
        largest = max(sizes[groups])
        reference = next(g for g in groups if sizes[g] == largest)
    elif str(reference) not in groups:
        raise FrisatError(
            f"Referencegruppen «{reference}» findes ikke i kolonnen «{group_column}». Grupper i data: "
            f"{', '.join(groups)} "
            f"(eller «{ALL_PAIRS}» for alle par)."
        )
    reference = str(reference)
    return [(g, reference) for g in groups if g != reference]
