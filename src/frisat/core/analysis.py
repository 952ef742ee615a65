"""The Frisættelsesbarometer analysis: from a canonical DataFrame to tidy result tables.

>>> from frisat.core.instrument import get_instrument
>>> from frisat.demo import generate_responses
>>> inst = get_instrument()
>>> result = analyze(generate_responses(inst, seed=1), inst, by=["omraade"])
>>> sorted(result.summary["omraade"].unique())
['aeldre', 'dagtilbud', 'skole']

Definitions (shared/DESIGN.md section 2) and the public column contract of the tables are
documented in ``docs/analysis.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from frisat.core.errors import FrisatError
from frisat.core.instrument import Instrument
from frisat.core.notes import Note
from frisat.core.quadrants import MIDPOINT, classify, classify_categorical
from frisat.core.schema import ID_COLUMN, background_columns, numeric_answers
from frisat.core.scoring import DEFAULT_MIN_ANSWERED, index_column, indices_for
from frisat.core.statistics import describe_groups, grouped_cronbach_alpha
from frisat.core.uncertainty import (
    CI_METHODS,
    DEFAULT_BOOTSTRAP_SAMPLES,
    DEFAULT_CONFIDENCE,
    DEFAULT_SEED,
    grouped_bootstrap_interval,
    quadrant_certain,
    t_interval_from_stats,
)

DEFAULT_MIN_N = 5
MISSING_GROUP = "(ikke angivet)"
DIMENSIONS = ("impl", "vigt")
"""The two paired dimensions the barometer analysis reads: implementation and importance."""

SUMMARY_STATS = ("n", "mean", "sd", "median", "q1", "q3", "min", "max", "alpha")
CI_STATS = ("ci_low", "ci_high")
"""Confidence interval of each dimension's mean; appended after ``suppressed`` (public contract)."""
MIN_BOOTSTRAP_SAMPLES, MAX_BOOTSTRAP_SAMPLES = 100, 100_000


@dataclass(frozen=True)
class AnalysisConfig:
    """The configurable choices of the analysis, with DESIGN.md's defaults."""

    min_n: int = DEFAULT_MIN_N
    """Anonymity threshold k: nothing is shown for a group with fewer respondents."""
    min_answered: int = DEFAULT_MIN_ANSWERED
    """Indicators (of 4) a respondent must answer for an index."""
    midpoint: float = MIDPOINT
    """Where the absolute quadrant lines are drawn."""
    outlier_iqr: float = 1.5
    """A respondent is an outlier when an index lies more than this many IQRs outside the quartiles."""
    confidence: float = DEFAULT_CONFIDENCE
    """Confidence level of the intervals around every group mean."""
    ci_method: Literal["t", "bootstrap"] = "t"
    """``t``: mean ± t·sd/√n. ``bootstrap``: percentile bootstrap of the mean (frisat.core.uncertainty)."""
    bootstrap_samples: int = DEFAULT_BOOTSTRAP_SAMPLES
    """Bootstrap resamples B per group and dimension (only with ``ci_method="bootstrap"``)."""
    seed: int = DEFAULT_SEED
    """Seed of the bootstrap: the same data and seed give the same intervals."""
    hidden_groups: frozenset[tuple[str, ...]] = frozenset()
    """Groups (their values of ``by`` as text, as in the summary) suppressed as if below ``min_n``:
    those the combination audit (:func:`frisat.core.disclosure.hidden_groups`) refuses."""

    def __post_init__(self) -> None:
        if self.min_n < 1:
            raise FrisatError("Anonymitetsgrænsen (min-n) skal være mindst 1.")
        if not 1 <= self.min_answered <= 4:
            raise FrisatError("Antal besvarede indikatorer for et indeks skal være mellem 1 og 4.")
        if (isinstance(self.confidence, bool) or not isinstance(self.confidence, int | float)
                or not 0 < self.confidence < 1):
            raise FrisatError("Konfidensniveauet skal være et tal mellem 0 og 1, fx 0,95 for 95 %.")
        if self.ci_method not in CI_METHODS:
            raise FrisatError(f"Metoden til konfidensintervaller skal være «t» eller «bootstrap», ikke "
                              f"«{self.ci_method}».")
        if (isinstance(self.bootstrap_samples, bool) or not isinstance(self.bootstrap_samples, int)
                or not MIN_BOOTSTRAP_SAMPLES <= self.bootstrap_samples <= MAX_BOOTSTRAP_SAMPLES):
            raise FrisatError(f"Antal bootstrap-stikprøver skal være et heltal mellem {MIN_BOOTSTRAP_SAMPLES} "
                              f"og {MAX_BOOTSTRAP_SAMPLES:,}.".replace(",", "."))
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise FrisatError("Frøet (seed) til bootstrap skal være et heltal på 0 eller derover.")


@dataclass
class AnalysisResult:
    """The tables of one analysis. Suppressed groups carry no values anywhere."""

    instrument: Instrument
    by: tuple[str, ...]
    config: AnalysisConfig
    summary: pd.DataFrame
    respondents: pd.DataFrame
    counts: pd.DataFrame
    comments: pd.DataFrame
    n_respondents: int
    notes: list[Note] = field(default_factory=list)
    """Cautions about the settings, as codes (:func:`frisat.reporting.codes.note_text` words them)."""

    @property
    def spor(self) -> list[str]:
        return [s.id for s in self.instrument.spor]

    def summary_records(self) -> list[dict[str, Any]]:
        """The summary as JSON-ready records (NaN → null)."""
        return [_jsonable(r) for r in self.summary.to_dict(orient="records")]


def _jsonable(record: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            out[key] = None
        elif isinstance(value, np.bool_ | bool):
            out[key] = bool(value)
        elif isinstance(value, np.integer):
            out[key] = int(value)
        elif isinstance(value, np.floating):
            out[key] = float(value)
        else:
            out[key] = value
    return out


def _check_grouping(frame: pd.DataFrame, instrument: Instrument, by: Sequence[str]) -> list[str]:
    allowed = [c for c in background_columns(instrument) if c != ID_COLUMN]
    by = list(by)
    for column in by:
        if column not in allowed:
            raise FrisatError(
                f"Kan ikke gruppere efter «{column}». Mulige grupperinger: {', '.join(allowed)}."
            )
        if column not in frame.columns:
            raise FrisatError(f"Data har ingen kolonne «{column}» at gruppere efter.")
    if len(set(by)) != len(by):
        raise FrisatError("Den samme grupperingskolonne er angivet to gange.")
    return by


def _group_keys(frame: pd.DataFrame, by: list[str]) -> list[pd.Series]:
    """Each grouping column as a categorical: its values as text, missing or blank as MISSING_GROUP.

    The categories are sorted as ``astype("category")`` sorts them (groupby order follows them).
    """
    if not by:
        return [pd.Series(np.zeros(len(frame), dtype=np.int8), index=frame.index, name="__alle")]
    return [_group_key(frame[column]) for column in by]


def hidden_rows(frame: pd.DataFrame, by: Sequence[str], config: AnalysisConfig) -> np.ndarray:
    """Per row: whether its group is one of ``config.hidden_groups``."""
    if not by or not config.hidden_groups:
        return np.zeros(len(frame), dtype=bool)
    labels = pd.DataFrame({c: k.astype("string").to_numpy(dtype=object) for c, k in zip(by, _group_keys(
        frame, list(by)), strict=True)}, index=frame.index)
    return pd.MultiIndex.from_frame(labels).isin(list(config.hidden_groups))


def _group_key(values: pd.Series) -> pd.Series:
    """One grouping column as a categorical, cleaned once per distinct value instead of once per row.

    The same result as ``values.astype("string")``, missing and whitespace-only values replaced by
    MISSING_GROUP, then ``astype("category")`` — at a million rows and a few hundred distinct values
    it factorizes once instead of running string kernels over every row.
    """
    row_codes, uniques = pd.factorize(values, use_na_sentinel=True)
    labels = pd.Series(uniques, dtype=object).astype("string").fillna(MISSING_GROUP)
    labels = labels.where(labels.str.strip() != "", MISSING_GROUP)
    if (row_codes < 0).any():
        labels = pd.concat([labels, pd.Series([MISSING_GROUP], dtype="string")], ignore_index=True)
        row_codes = np.where(row_codes < 0, len(labels) - 1, row_codes)
    categories = labels.drop_duplicates().astype("category").cat.categories
    codes = categories.get_indexer(labels)[row_codes] if len(labels) else row_codes
    return pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories)), index=values.index,
                     name=values.name)


def analyze(
    frame: pd.DataFrame,
    instrument: Instrument,
    by: Sequence[str] = (),
    config: AnalysisConfig | None = None,
    *,
    detail: bool = True,
    indices: pd.DataFrame | None = None,
) -> AnalysisResult:
    """Indices, group statistics, alpha, quadrants, gaps, outliers and suppression.

    ``frame`` is a canonical DataFrame (frisat.core.schema); ``by`` are background columns to
    group by (none: everybody is one group).

    ``detail=False`` computes only what a table of group means needs — n, mean, sd, the
    intervals, gap, quadrants and suppression — for many small groups (e.g. the follow-up list by
    unit, :mod:`frisat.core.extended`): median, quartiles, min, max, alpha and outliers are left
    empty, and ``respondents`` and ``comments`` are empty tables.

    ``indices``: ``respondent_indices(frame, instrument, config.min_answered)`` when the caller has
    them already (computed here otherwise).
    """
    config = config or AnalysisConfig()
    by = _check_grouping(frame, instrument, by)
    if len(frame) == 0:
        raise FrisatError("Der er ingen besvarelser at analysere.")
    spor_ids = [s.id for s in instrument.spor]
    if not spor_ids or set(instrument.dimension_ids) != set(DIMENSIONS):
        raise FrisatError(
            f"Instrumentet «{instrument.id}» har ingen spor med dimensionerne impl og vigt; "
            "barometer-analysen kan ikke bruges på det."
        )

    keys = _group_keys(frame, by)
    indices = indices_for(frame, instrument, config.min_answered, indices)
    group_codes = indices.groupby(keys, observed=True, sort=True).ngroup().to_numpy()
    n_groups = int(group_codes.max()) + 1
    group_sizes = np.bincount(group_codes, minlength=n_groups)
    hidden = np.bincount(group_codes, weights=hidden_rows(frame, by, config), minlength=n_groups) > 0

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="frisat-analyse") as pool:
        # Cronbach's alpha and the comments' texts read only ``frame`` and the group codes: a second
        # thread computes them while this one does the rest (pandas' grouped variance and Arrow's
        # string kernels release the GIL; copy-on-write: nothing shared is changed).
        codes = pd.Series(group_codes, index=frame.index)
        alphas = {(spor, dim): pool.submit(_alpha, frame, instrument, spor, dim, codes, n_groups)
                  for spor in spor_ids for dim in DIMENSIONS} if detail else {}
        texts = (pool.submit(_comment_texts, frame, instrument, ((group_sizes >= config.min_n) & ~hidden)[group_codes])
                 if detail else None)
        stats = describe_groups(indices, keys) if detail else _describe_means(indices, keys)
        group_index = stats.index
        sizes = pd.Series(group_sizes, index=group_index)
        return _analyze_groups(frame, instrument, by, config, detail, keys, indices, stats, group_codes, sizes,
                               alphas, texts, hidden)


def _alpha(frame: pd.DataFrame, instrument: Instrument, spor: str, dim: str, codes: pd.Series,
           n_groups: int) -> np.ndarray:
    """Cronbach's alpha of one spor × dimension per group, in the groups' order.

    Grouped by the group codes rather than the key columns: one integer key instead of factorizing
    the keys again for each of the ten spor × dimension.
    """
    items = pd.DataFrame(numeric_answers(frame, instrument.item_columns(spor, dim)), index=frame.index)
    return grouped_cronbach_alpha(items, [codes]).reindex(range(n_groups)).to_numpy(dtype=float)


def _analyze_groups(frame, instrument, by, config, detail, keys, indices, stats, group_codes, sizes, alphas,
                    texts, hidden) -> AnalysisResult:
    """The rest of :func:`analyze` (alphas and comment texts come from the helper thread)."""
    spor_ids = [s.id for s in instrument.spor]
    group_index = stats.index
    summary_parts = []
    respondent_parts = []
    for spor_number, spor in enumerate(spor_ids):
        part = pd.DataFrame(index=group_index)
        answered_any = indices[[index_column(spor, d) for d in DIMENSIONS]].notna().any(axis=1).to_numpy()
        part["n"] = np.bincount(group_codes[answered_any], minlength=len(group_index))
        for dim_number, dim in enumerate(DIMENSIONS):
            col = index_column(spor, dim)
            for stat in SUMMARY_STATS[:-1]:
                part[f"{dim}_{stat}"] = stats[(col, stat)]
            if detail:
                part[f"{dim}_alpha"] = alphas[(spor, dim)].result()
            else:
                part[f"{dim}_alpha"] = np.nan
            part[f"{dim}_ci_low"], part[f"{dim}_ci_high"] = _mean_intervals(
                part, dim, indices[col].to_numpy(), group_codes, config, [config.seed, spor_number, dim_number]
            )
        # The relative quadrant lines of the respondents: the group means before suppression blanks them.
        group_means = {dim: part[f"{dim}_mean"].to_numpy(dtype=float, copy=True) for dim in DIMENSIONS}
        part = _suppress_summary(part, config.min_n, hidden)
        part["gap"] = part["vigt_mean"] - part["impl_mean"]
        part["quadrant_absolute"] = classify(
            part["vigt_mean"].to_numpy(), part["impl_mean"].to_numpy(), config.midpoint, config.midpoint
        )
        part["quadrant_certain"] = quadrant_certain(
            part["vigt_mean"].to_numpy(), part["impl_mean"].to_numpy(),
            part["vigt_ci_low"].to_numpy(), part["vigt_ci_high"].to_numpy(),
            part["impl_ci_low"].to_numpy(), part["impl_ci_high"].to_numpy(),
            config.midpoint, config.midpoint,
        )
        part["outliers"] = 0
        part.insert(0, "spor", spor)
        summary_parts.append(part)
        if not detail:
            part["outliers"] = pd.NA
            continue

        respondent_parts.append(
            _respondent_rows(frame, indices, spor, keys if by else [], part, group_means, group_codes, config)
        )
        outliers = respondent_parts[-1]["outlier"].groupby(group_codes).sum()
        part["outliers"] = outliers.reindex(range(len(group_index)), fill_value=0).to_numpy()
        part.loc[part["suppressed"], "outliers"] = pd.NA

    summary = pd.concat(summary_parts)
    summary["n"] = summary["n"].astype("Int64")
    summary["outliers"] = summary["outliers"].astype("Int64")
    for dim in DIMENSIONS:
        summary[f"{dim}_n"] = summary[f"{dim}_n"].astype("Int64")
    summary = _flatten_groups(summary, by)
    summary = summary[[*by, "spor", "n", *_summary_value_columns(), "suppressed", *UNCERTAINTY_COLUMNS]]
    # Group by group, spor in questionnaire order: the parts are spor by spor, each in the groups'
    # order, which is already the sorted order of the group texts (the categories are sorted).
    summary = summary.iloc[np.arange(len(summary)).reshape(len(spor_ids), len(group_index)).T.ravel()]

    counts = _flatten_groups(pd.DataFrame({"respondents": sizes}), by)
    counts["suppressed"] = (counts["respondents"] < config.min_n).to_numpy() | hidden
    if detail:
        respondents = pd.concat(respondent_parts, ignore_index=True)
        spor_column = pd.Categorical.from_codes(np.repeat(np.arange(len(spor_ids)), len(frame)),
                                                categories=spor_ids)
        respondents.insert(1 + len(by), "spor", spor_column)
        comments = _comments(by, keys, respondents, len(frame), texts.result())
    else:
        respondents = pd.DataFrame(columns=[ID_COLUMN, *by, "spor", *RESPONDENT_VALUE_COLUMNS])
        comments = pd.DataFrame(columns=[*by, "spor", "quadrant_absolute", "comment"])
    notes: list[Note] = []
    if config.min_n < DEFAULT_MIN_N:
        notes.append(Note("low_min_n", {"k": config.min_n, "default": DEFAULT_MIN_N}))
    return AnalysisResult(
        instrument=instrument,
        by=tuple(by),
        config=config,
        summary=summary.reset_index(drop=True),
        respondents=respondents,
        counts=counts.reset_index(drop=True),
        comments=comments,
        n_respondents=len(frame),
        notes=notes,
    )


RESPONDENT_VALUE_COLUMNS = ("impl_index", "vigt_index", "quadrant_absolute", "quadrant_relative", "outlier",
                            "suppressed")
"""The columns of ``respondents`` after the ids, groups and spor."""


def _describe_means(indices: pd.DataFrame, keys: list[pd.Series]) -> pd.DataFrame:
    """describe_groups' table with only n, mean and sd filled (the rest NaN), for ``detail=False``."""
    grouped = indices.groupby(keys, observed=True, sort=True, dropna=False)
    parts = {"n": grouped.count(), "mean": grouped.mean(), "sd": grouped.std(ddof=1)}
    for stat in ("median", "q1", "q3", "min", "max"):
        parts[stat] = parts["mean"] * np.nan
    out = pd.concat(parts, axis=1)
    out.columns = out.columns.swaplevel(0, 1)
    return out.sort_index(axis=1)


UNCERTAINTY_COLUMNS = (*(f"{d}_{s}" for d in DIMENSIONS for s in CI_STATS), "quadrant_certain")
"""The summary columns of issue 4 (uncertainty), after ``suppressed``: the column order is public."""


def _mean_intervals(
    part: pd.DataFrame, dim: str, values: np.ndarray, group_codes: np.ndarray, config: AnalysisConfig,
    seed: list[int],
) -> tuple[np.ndarray, np.ndarray]:
    """The confidence interval of each group's mean of one index (before suppression).

    The t interval reuses the group statistics already in ``part``; the bootstrap resamples the
    respondents' indices with its own seeded stream per spor × dimension.
    """
    if config.ci_method == "t":
        return t_interval_from_stats(part[f"{dim}_mean"].to_numpy(dtype=float),
                                     part[f"{dim}_sd"].to_numpy(dtype=float),
                                     part[f"{dim}_n"].to_numpy(dtype=float), config.confidence)
    return grouped_bootstrap_interval(values, group_codes, len(part), config.confidence,
                                      config.bootstrap_samples, seed)


def _summary_value_columns() -> list[str]:
    columns = []
    for dim in DIMENSIONS:
        columns += [f"{dim}_{s}" for s in SUMMARY_STATS]
    return [*columns, "gap", "quadrant_absolute", "outliers"]


def _suppress_summary(part: pd.DataFrame, min_n: int, hidden: np.ndarray | None = None) -> pd.DataFrame:
    """Blank every value of a group below the threshold (or ``hidden``), and a dimension with too few
    answers."""
    part["suppressed"] = (part["n"] < min_n).to_numpy() | (hidden if hidden is not None else False)
    for dim in DIMENSIONS:
        thin = part["suppressed"] | (part[f"{dim}_n"] < min_n)
        stat_columns = [f"{dim}_{s}" for s in (*SUMMARY_STATS, *CI_STATS) if s != "n"]
        part.loc[thin, stat_columns] = np.nan
    part.loc[part["suppressed"], [f"{d}_n" for d in DIMENSIONS]] = np.nan
    part.loc[part["suppressed"], "n"] = np.nan
    return part


def _flatten_groups(table: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    table = table.reset_index()
    if not by:
        table = table.drop(columns=[c for c in table.columns if c == "__alle"])
    for column in by:
        table[column] = table[column].astype("string")
    return table


def _respondent_rows(
    frame: pd.DataFrame,
    indices: pd.DataFrame,
    spor: str,
    keys: list[pd.Series],
    part: pd.DataFrame,
    group_means: dict[str, np.ndarray],
    group_codes: np.ndarray,
    config: AnalysisConfig,
) -> pd.DataFrame:
    """The respondents × one spor block of ``respondents`` (the ``spor`` column is set by the caller).

    Built from codes and Arrow-backed columns, never Python objects per row: at a million
    respondents a string array per row would cost seconds.
    """
    impl = indices[index_column(spor, "impl")].to_numpy(copy=True)
    vigt = indices[index_column(spor, "vigt")].to_numpy(copy=True)
    # Relative lines: the group's own means (computed before suppression blanks them).
    group_impl, group_vigt = group_means["impl"], group_means["vigt"]
    suppressed = part["suppressed"].to_numpy(dtype=bool)[group_codes]

    outlier = np.zeros(len(frame), dtype=bool)
    for dim, values in (("impl", impl), ("vigt", vigt)):
        q1 = part[f"{dim}_q1"].to_numpy(dtype=float)[group_codes]
        q3 = part[f"{dim}_q3"].to_numpy(dtype=float)[group_codes]
        reach = config.outlier_iqr * (q3 - q1)
        with np.errstate(invalid="ignore"):
            outlier |= (values < q1 - reach) | (values > q3 + reach)

    impl[suppressed] = np.nan
    vigt[suppressed] = np.nan
    rows: dict[str, object] = {ID_COLUMN: frame[ID_COLUMN].reset_index(drop=True)}
    for key in keys:
        rows[str(key.name)] = key.reset_index(drop=True)
    rows.update(
        impl_index=impl,
        vigt_index=vigt,
        quadrant_absolute=classify_categorical(vigt, impl, config.midpoint, config.midpoint),
        quadrant_relative=classify_categorical(vigt, impl, group_vigt[group_codes], group_impl[group_codes]),
        outlier=outlier & ~suppressed,
        suppressed=suppressed,
    )
    return pd.DataFrame(rows)


def _comment_texts(
    frame: pd.DataFrame, instrument: Instrument, shown: np.ndarray
) -> list[tuple[str, np.ndarray, object]]:
    """Per spor with comments: (spor, rows, stripped texts of those rows) — the non-empty comments of
    respondents in groups at or above the threshold (``shown`` per row)."""
    found = []
    for spor in (s.id for s in instrument.spor):
        column = instrument.comment_column(spor)
        if column is None or column not in frame.columns:
            continue
        text = frame[column].astype("string").str.strip().array
        keep = np.flatnonzero(pd.Series(text).str.len().to_numpy(dtype=float, na_value=0) > 0)
        keep = keep[shown[keep]]
        if len(keep):
            found.append((spor, keep, text.take(keep)))
    return found


def _comments(
    by: list[str],
    keys: list[pd.Series],
    respondents: pd.DataFrame,
    n: int,
    found: list[tuple[str, np.ndarray, object]],
) -> pd.DataFrame:
    """Non-empty comments of groups at or above the threshold, without respondent ids."""
    quadrants = respondents["quadrant_absolute"].array
    spor_number = {spor: i for i, spor in enumerate(respondents["spor"].cat.categories)}
    rows = [keep for _, keep, _ in found]
    spor_names = [spor for spor, _, _ in found]
    texts = [text for _, _, text in found]
    quadrant_codes = [np.asarray(quadrants[spor_number[spor] * n:(spor_number[spor] + 1) * n].codes)[keep]
                      for spor, keep, _ in found]
    if not rows:
        return pd.DataFrame(columns=[*by, "spor", "quadrant_absolute", "comment"])
    # Sorted by text, not file order, so that order cannot link a comment to a respondent. The order
    # of sort_values([*by, "spor", "comment"], kind="stable"), from integer codes: np.lexsort is
    # stable and its last key is the first sort key.
    row = np.concatenate(rows)
    spor_rank = {name: rank for rank, name in enumerate(sorted(spor_names))}
    spor_codes = np.repeat([spor_rank[name] for name in spor_names], [len(r) for r in rows])
    comment = type(texts[0])._concat_same_type(texts)
    comment_codes, _ = pd.factorize(comment, sort=True)
    key_codes = []
    for key in keys if by else []:
        categories = key.cat.categories
        rank = np.empty(len(categories), dtype=np.int64)
        rank[categories.argsort(kind="stable")] = np.arange(len(categories))
        key_codes.append((key.cat.codes.to_numpy(), rank))
    order = np.lexsort((comment_codes, spor_codes, *(rank[codes[row]] for codes, rank in reversed(key_codes))))
    part: dict[str, object] = {}
    for key, (codes, _) in zip(keys if by else [], key_codes, strict=True):
        labels = key.cat.categories.astype("string").array
        part[str(key.name)] = pd.Series(labels.take(codes[row[order]]), dtype="string")
    spor_labels = np.array(spor_names, dtype=object)[np.repeat(np.arange(len(rows)), [len(r) for r in rows])]
    quadrant_labels = np.array([*quadrants.categories, None], dtype=object)
    part.update(spor=pd.Series(spor_labels[order], dtype="str"),
                quadrant_absolute=pd.Series(quadrant_labels[np.concatenate(quadrant_codes)[order]], dtype=object),
                comment=pd.Series(comment.take(order), dtype="string"))
    return pd.DataFrame(part)
