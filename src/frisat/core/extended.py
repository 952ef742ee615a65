"""The extended analysis of issue 4 in one call: every table that applies to the data.

:func:`extended_analysis` runs, beside :func:`frisat.core.analysis.analyze`, the statistics that
answer the weaknesses VIVE lists for the pilot method (seed 002, section 3.8.2), each only when
the data allow it:

=====================  ================================================  ==========================
table                  function                                          when
=====================  ================================================  ==========================
derived_importance     :func:`frisat.core.derived_importance.derived_importance`  always
relative_importance    :func:`frisat.core.relative_importance.relative_importance` always (one table,
                                                                         ``level`` = spor/indikator)
points                 :func:`frisat.core.relative_importance.points_summary`  ``{spor}_point`` answered
group_differences      :func:`frisat.core.comparisons.compare_groups`    ≥ 2 respondent groups
changes, trend,        :func:`frisat.core.waves.changes`, ``trend``,     ≥ 2 waves
positions              ``positions``
followup               :func:`frisat.core.followup.followup`             units (``enhed``) present
design                 :func:`frisat.core.design.detect_design`          always
=====================  ================================================  ==========================

Every table is grouped like the main analysis (``result.by``), except that the column being
compared (respondent groups, waves) is taken out of the grouping. A table that does not apply is
``None`` and :attr:`ExtendedResult.not_applicable` says why, as a :class:`~frisat.core.notes.Note`
(a code; :mod:`frisat.reporting.codes` words it).

Anonymity: the tables are computed on :func:`visible_frame` — the answers of respondents in a
group × spor that the main analysis suppresses are blanked first — so no extended number, in any
output, is derived from a group the main analysis hides; and each function suppresses its own
groups below ``config.min_n`` on top of that.

>>> from frisat.core.instrument import get_instrument
>>> from frisat.core.analysis import analyze
>>> from frisat.demo import generate_responses
>>> inst = get_instrument()
>>> frame = generate_responses(inst, respondents=400, seed=1, waves=2)
>>> extended = extended_analysis(frame, inst, analyze(frame, inst, by=["omraade"]))
>>> sorted(extended.tables())  # doctest: +NORMALIZE_WHITESPACE
['changes', 'derived_importance', 'followup', 'group_differences', 'relative_importance', 'trend']
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from frisat.core.analysis import MISSING_GROUP, AnalysisConfig, AnalysisResult, analyze
from frisat.core.comparisons import compare_groups
from frisat.core.derived_importance import derived_importance
from frisat.core.design import DesignReport, detect_design
from frisat.core.errors import FrisatError
from frisat.core.followup import followup
from frisat.core.instrument import Instrument
from frisat.core.notes import Note
from frisat.core.relative_importance import points_summary, relative_importance
from frisat.core.schema import ID_COLUMN, background_columns
from frisat.core.scoring import indices_for
from frisat.core.waves import changes, positions, trend, wave_order

TABLES: tuple[str, ...] = (
    "derived_importance", "relative_importance", "points", "group_differences", "changes", "trend", "followup",
)
"""The extended tables, in the order they are written (``{name}.csv``, a sheet, a key in analysis.json)."""
EXTRA: tuple[str, ...] = ("positions",)
"""Tables kept for the report (the arrows in the quadrant plot); not written as CSV."""

RELATIVE_LEVELS = ("spor", "indikator")
"""``level`` of relative_importance: the five spor, then the indicators."""


@dataclass(frozen=True)
class ExtendedConfig:
    """Which columns the extended analysis reads, and the switch that turns it off."""

    enabled: bool = True
    """False: compute nothing (``frisat analyze --no-extended``)."""
    wave_column: str = "maaling"
    waves: tuple[str, ...] | None = None
    """The order of the waves (and which ones); None: natural order of the values (frisat.core.waves)."""
    group_column: str = "gruppe"
    """Respondent groups compared side by side."""
    reference: str | None = None
    """Reference group of the comparison; None: the largest group (frisat.core.comparisons)."""
    unit_column: str = "enhed"
    """Units: paired change between waves, and the follow-up list."""
    followup_top: int = 10
    """How many units the follow-up list names for ``priority``, ``largest_gap`` and ``largest_change``
    (largest first)."""

    def __post_init__(self) -> None:
        for name in ("wave_column", "group_column", "unit_column"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise FrisatError(f"Kolonnenavnet for {_ROLES[name]} må ikke være tomt.")
        if len({self.wave_column, self.group_column, self.unit_column}) < 3:
            raise FrisatError("Kolonnerne for målinger, respondentgrupper og enheder skal være forskellige.")
        if self.waves is not None and len(set(self.waves)) != len(self.waves):
            raise FrisatError("Den samme måling er angivet to gange i rækkefølgen af målinger.")
        if isinstance(self.followup_top, bool) or not isinstance(self.followup_top, int) or self.followup_top < 1:
            raise FrisatError("Antal enheder i opfølgningslisten skal være et helt tal på mindst 1.")


_ROLES = {"wave_column": "målinger", "group_column": "respondentgrupper", "unit_column": "enheder"}


@dataclass
class ExtendedResult:
    """The extended tables of one analysis (tidy DataFrames; ``None`` = does not apply)."""

    config: ExtendedConfig
    by: tuple[str, ...]
    derived_importance: pd.DataFrame | None = None
    relative_importance: pd.DataFrame | None = None
    points: pd.DataFrame | None = None
    group_differences: pd.DataFrame | None = None
    changes: pd.DataFrame | None = None
    trend: pd.DataFrame | None = None
    positions: pd.DataFrame | None = None
    followup: pd.DataFrame | None = None
    design: DesignReport | None = None
    """Which design the visible answers follow (who answered which dimension)."""
    waves: list[str] = field(default_factory=list)
    """The waves in the order used (empty when the data have fewer than two)."""
    groups: list[str] = field(default_factory=list)
    """The respondent groups with answers (values of the group column)."""
    unit_by: tuple[str, ...] = ()
    """The grouping of the follow-up's unit analysis, e.g. ("omraade", "enhed")."""
    notes: list[Note] = field(default_factory=list)
    """Cautions about the tables (codes)."""
    not_applicable: dict[str, Note] = field(default_factory=dict)
    """Table name → why it is not there (a code and its values; ``error`` for a FrisatError)."""

    @property
    def enabled(self) -> bool:
        return self.config.enabled

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables that apply, in :data:`TABLES` order (the written outputs)."""
        return {name: getattr(self, name) for name in TABLES if getattr(self, name) is not None}


# -- visibility ----------------------------------------------------------------------------------


def visible_frame(result: AnalysisResult, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without the answers of respondents whose group × spor the main analysis suppresses.

    Per spor, the spor's items (both dimensions) and comment of those respondents are blanked; a
    respondent suppressed in any spor also loses the points allocation (it spans all spor). Rows
    and background columns stay, so the groups still exist (and are suppressed in every table).
    Returns ``frame`` itself when nothing is suppressed.
    """
    respondents = result.respondents
    n = len(frame)
    if not bool(respondents["suppressed"].any()):
        return frame
    hidden_by_spor = {}
    for i, spor in enumerate(result.spor):
        block = respondents.iloc[i * n:(i + 1) * n]
        if len(block) != n or (block["spor"] != spor).any():
            block = respondents[respondents["spor"] == spor]
        hidden = block["suppressed"].to_numpy(dtype=bool)
        if len(hidden) != n or not np.array_equal(block[ID_COLUMN].to_numpy(), frame[ID_COLUMN].to_numpy()):
            positions = pd.Index(frame[ID_COLUMN]).get_indexer(block[ID_COLUMN][hidden])
            hidden = np.zeros(n, dtype=bool)
            hidden[positions[positions >= 0]] = True
        hidden_by_spor[spor] = hidden
    return blank_hidden(frame, result.instrument, hidden_by_spor, always_copy=True)


def blank_hidden(frame: pd.DataFrame, instrument: Instrument, hidden_by_spor: Mapping[str, np.ndarray],
                 *, always_copy: bool = False) -> pd.DataFrame:
    """``frame`` with the answers of the rows ``hidden_by_spor[spor]`` (boolean per row) blanked.

    What :func:`visible_frame` does once it knows who is suppressed: per spor the items of both
    dimensions and the comment; the points allocation of a row hidden in any spor. Returns
    ``frame`` itself when no row is hidden (unless ``always_copy``).
    """
    if not always_copy and not any(bool(mask.any()) for mask in hidden_by_spor.values()):
        return frame
    out = frame.copy()
    anywhere = np.zeros(len(frame), dtype=bool)
    for spor, hidden in hidden_by_spor.items():
        if not hidden.any():
            continue
        anywhere |= hidden
        columns = [c for d in instrument.dimension_ids for c in instrument.item_columns(spor, d) if c in out.columns]
        comment = instrument.comment_column(spor)
        for column in columns:
            values = out[column].to_numpy(dtype=float, copy=True)
            values[hidden] = np.nan
            out[column] = values
        if comment is not None and comment in out.columns:
            out[comment] = out[comment].mask(pd.Series(hidden, index=out.index))
    for column in _point_columns(instrument, out):
        values = out[column].to_numpy(dtype=float, copy=True)
        values[anywhere] = np.nan
        out[column] = values
    out.attrs = dict(frame.attrs)
    return out


# -- applicability -------------------------------------------------------------------------------


def _point_columns(instrument: Instrument, frame: pd.DataFrame) -> list[str]:
    allocation = getattr(instrument, "allocation_columns", None)
    columns = allocation() if allocation else []
    return [c for c in columns if c in frame.columns]


def _answered_any(frame: pd.DataFrame, instrument: Instrument) -> np.ndarray:
    """Respondents with at least one numeric answer on the barometer items."""
    columns = [c for s in instrument.spor for d in instrument.dimension_ids for c in instrument.item_columns(s.id, d)
               if c in frame.columns]
    if not columns:
        return np.zeros(len(frame), dtype=bool)
    return frame[columns].notna().to_numpy().any(axis=1)


def _values_with_data(frame: pd.DataFrame, column: str, answered: np.ndarray) -> list[str]:
    """The distinct non-empty values of ``column`` among respondents with answers (sorted)."""
    if column not in frame.columns:
        return []
    values = frame[column].astype("string").str.strip()
    # A missing value (pd.NA, None, NaN) is not a value; never compared with "" (NA has no truth value).
    present = values.notna().to_numpy(dtype=bool) & (values.str.len() > 0).to_numpy(dtype=bool, na_value=False)
    return sorted(str(v) for v in values[answered & present].unique())


def _without(by: Sequence[str], *columns: str) -> list[str]:
    return [c for c in by if c not in columns]


# -- the orchestration ---------------------------------------------------------------------------


def extended_analysis(
    frame: pd.DataFrame,
    instrument: Instrument,
    result: AnalysisResult,
    config: ExtendedConfig | None = None,
    *,
    by: Sequence[str] | None = None,
    only: Collection[str] | None = None,
) -> ExtendedResult:
    """Compute every extended table that applies to ``frame`` (see the module docstring).

    ``result`` is ``analyze(frame, instrument, by, analysis_config)``: its grouping, configuration
    (min_n, confidence, ci_method …) and suppression are reused. ``by`` overrides the grouping
    (e.g. ``()`` for the report's overall figures); ``only`` restricts the work to some tables
    (names of :data:`TABLES` and :data:`EXTRA`, plus ``"design"``). Statistical errors that make a
    single table impossible (a FrisatError) do not stop the others: the table is left out and the
    message goes to ``not_applicable`` (an ``error`` note).
    """
    config = config or ExtendedConfig()
    by = tuple(result.by if by is None else by)
    if not config.enabled:
        return ExtendedResult(config=config, by=by)
    return extended_tables(visible_frame(result, frame), instrument, result.config, by, config, only=only)


def extended_tables(
    visible: pd.DataFrame,
    instrument: Instrument,
    analysis_config: AnalysisConfig,
    by: Sequence[str],
    config: ExtendedConfig,
    *,
    only: Collection[str] | None = None,
    indices: pd.DataFrame | None = None,
) -> ExtendedResult:
    """:func:`extended_analysis` on a frame whose suppressed answers are blanked already.

    ``visible`` is :func:`visible_frame` of the main analysis (or :func:`blank_hidden` with the
    same suppression); ``indices`` its respondents' indices when the caller has them.
    """
    by = tuple(by)
    out = ExtendedResult(config=config, by=by)
    if not config.enabled:
        return out
    _check_columns(instrument, config)
    wanted = set(TABLES) | set(EXTRA) | {"design"} if only is None else set(only)
    answered = _answered_any(visible, instrument)
    # The respondents' indices of the visible answers, computed once and handed to every table.
    indices = indices_for(visible, instrument, analysis_config.min_answered, indices)

    # The tables are independent of each other: they are collected here (cheap checks first, in the
    # order below) and computed by two threads (see _compute). Results are applied in this order.
    jobs: list[tuple[str, Callable[[], object]]] = []

    def run(name: str, compute: Callable[[], object]) -> None:
        if name in wanted:
            jobs.append((name, compute))

    run("derived_importance", lambda: _derived(visible, instrument, by, analysis_config, indices))
    run("relative_importance", lambda: _relative(visible, instrument, by, analysis_config, indices))
    if "points" in wanted:
        point_columns = _point_columns(instrument, visible)
        if point_columns and visible[point_columns].notna().to_numpy().any():
            run("points", lambda: _points(visible, instrument, by, analysis_config, indices))
        else:
            out.not_applicable["points"] = Note("no_points")

    out.groups = _values_with_data(visible, config.group_column, answered)
    if config.reference not in (None, "all") and config.reference not in out.groups:
        raise FrisatError(f"Referencegruppen «{config.reference}» findes ikke i kolonnen «{config.group_column}». "
                          f"Grupper i data: {', '.join(out.groups) or 'ingen'}.")
    if "group_differences" in wanted:
        if len(out.groups) >= 2:
            run("group_differences", lambda: _compare(visible, instrument, by, analysis_config, config, indices))
        else:
            out.not_applicable["group_differences"] = _one_group_note(config.group_column, out.groups)

    waves = _values_with_data(visible, config.wave_column, answered)
    if config.waves is not None:
        unknown = [w for w in config.waves if w not in waves]
        if unknown:
            raise FrisatError(f"Målingen «{unknown[0]}» findes ikke i kolonnen «{config.wave_column}». Målinger i "
                              f"data: {', '.join(wave_order(waves)) or 'ingen'}.")
        waves = list(config.waves)
    if len(waves) >= 2:
        out.waves = waves if config.waves is not None else wave_order(waves)
    wave_tables = [t for t in ("changes", "trend", "positions") if t in wanted]
    if wave_tables and len(waves) < 2:
        note = _one_wave_note(config.wave_column, waves)
        for name in wave_tables:
            out.not_applicable[name] = note
    elif wave_tables:
        wave_by = _without(by, config.wave_column)
        order = list(config.waves) if config.waves is not None else None
        run("changes", lambda: _changes(visible, instrument, wave_by, analysis_config, config, order, indices))
        run("trend", lambda: _trend(visible, instrument, wave_by, analysis_config, config, order, indices))
        run("positions", lambda: _positions(visible, instrument, wave_by, analysis_config, config, order, indices))
        if config.wave_column not in by:
            out.notes.append(Note("waves_pooled", {"count": len(out.waves), "waves": list(out.waves),
                                                   "column": config.wave_column}))

    if "followup" in wanted:
        # Into a scratch result of its own, so that the threads never write to the same object.
        scratch = ExtendedResult(config=config, by=by, waves=list(out.waves))
        run("followup", lambda: _followup(scratch, visible, instrument, analysis_config, config, answered, indices)
            or scratch)
    run("design", lambda: _design(visible, instrument))

    names = [name for name, _ in jobs]
    values = _compute([compute for _, compute in jobs], [_COST.get(name, 0.0) for name in names])
    for name, value in zip(names, values, strict=True):
        if isinstance(value, FrisatError):
            out.not_applicable[name] = error_note(value)
        elif name == "followup":
            out.unit_by, out.followup = value.unit_by, value.followup
            if "followup" in value.not_applicable:
                out.not_applicable["followup"] = value.not_applicable["followup"]
        else:
            setattr(out, name, value)
    return out


EXTENDED_THREADS = 2
_COST = {"followup": 3.0, "relative_importance": 2.9, "derived_importance": 1.5, "group_differences": 0.9,
         "changes": 0.8, "trend": 0.8, "positions": 0.5, "points": 0.3, "design": 0.1}
"""Rough CPU seconds per table at a million respondents (docs/benchmarks.md): the submission order."""
"""Threads that compute the extended tables side by side (1: one after the other)."""


def _compute(jobs: Sequence[Callable[[], object]], weights: Sequence[float]) -> list[object]:
    """Run independent table computations, two at a time; a FrisatError is returned, not raised.

    Safe to run side by side: every job only reads the shared ``visible`` frame and ``indices``
    (pandas copy-on-write: no job can change them), writes nothing shared (follow-up writes to its
    own scratch result), and a bootstrap seeds its own generator from ``config.seed`` — so the
    results do not depend on the order or the number of threads. The heavy parts are NumPy,
    pandas' grouped reductions and Arrow kernels, which release the GIL.
    """
    def guarded(job: Callable[[], object]) -> object:
        try:
            return job()
        except FrisatError as exc:
            return exc

    if EXTENDED_THREADS <= 1 or len(jobs) <= 1:
        return [guarded(job) for job in jobs]
    # The longest first (follow-up, then relative importance …), so that the two threads end together.
    with ThreadPoolExecutor(max_workers=EXTENDED_THREADS, thread_name_prefix="frisat-udvidet") as pool:
        futures = {i: pool.submit(guarded, jobs[i]) for i in sorted(range(len(jobs)), key=lambda i: -weights[i])}
        return [futures[i].result() for i in range(len(jobs))]


def _check_columns(instrument: Instrument, config: ExtendedConfig) -> None:
    """The wave, group and unit columns must be background columns of the instrument."""
    allowed = [c for c in background_columns(instrument) if c != ID_COLUMN]
    for name in ("wave_column", "group_column", "unit_column"):
        column = getattr(config, name)
        if column not in allowed:
            raise FrisatError(f"«{column}» kan ikke bruges som kolonne for {_ROLES[name]}: det er ikke en "
                              f"baggrundskolonne. Mulige kolonner: {', '.join(allowed)}.")


def error_note(exc: FrisatError) -> Note:
    """Why a table is missing when computing it raised a FrisatError (its message, as raised)."""
    return Note("error", {"message": str(exc)})


def _one_group_note(column: str, groups: list[str]) -> Note:
    if not groups:
        return Note("no_groups", {"column": column})
    return Note("single_group", {"column": column, "group": groups[0]})


def _one_wave_note(column: str, waves: list[str]) -> Note:
    if not waves:
        return Note("no_waves", {"column": column})
    return Note("single_wave", {"column": column, "wave": waves[0]})


# -- the single tables (thin wrappers, so the orchestration reads as a list) ---------------------


def _derived(frame, instrument, by, config, indices=None) -> pd.DataFrame:
    return derived_importance(frame, instrument, by=list(by), config=config, indices=indices)


def _relative(frame, instrument, by, config, indices=None) -> pd.DataFrame:
    """The indicator and spor tables of relative_importance as one table with a ``level`` column."""
    indicators, spor = relative_importance(frame, instrument, by=list(by), config=config, indices=indices)
    return combine_relative(indicators, spor, list(by))


def combine_relative(indicators: pd.DataFrame, spor: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """relative_importance's (indicators, spor) as one tidy table: ``*by, level, spor, indicator, …``.

    Per group, the spor rows (``level`` = ``spor``, ``indicator`` empty) come before the indicator
    rows (``level`` = ``indikator``); ``rank`` ranks within the level.
    """
    spor = spor.copy()
    spor.insert(len(by) + 1, "indicator", pd.Series(pd.NA, index=spor.index, dtype="string"))
    spor.insert(len(by), "level", RELATIVE_LEVELS[0])
    indicators = indicators.copy()
    indicators.insert(len(by), "level", RELATIVE_LEVELS[1])
    indicators["indicator"] = indicators["indicator"].astype("string")
    columns = list(indicators.columns)
    table = pd.concat([spor[columns], indicators[columns]], ignore_index=True)
    table["__level"] = np.repeat([0, 1], [len(spor), len(indicators)])
    table["__row"] = np.arange(len(table))
    keys = [*(c for c in by), "__level", "__row"]
    table = table.sort_values(keys, key=lambda c: c if c.name.startswith("__") else c.astype(str), kind="stable")
    return table.drop(columns=["__level", "__row"]).reset_index(drop=True)


def _points(frame, instrument, by, config, indices=None) -> pd.DataFrame:
    return points_summary(frame, instrument, by=list(by), config=config, indices=indices)


def _compare(frame, instrument, by, config, extended: ExtendedConfig, indices=None) -> pd.DataFrame:
    return compare_groups(frame, instrument, group_column=extended.group_column,
                          by=_without(by, extended.group_column), config=config, reference=extended.reference,
                          indices=indices)


def _unit_column(frame: pd.DataFrame, extended: ExtendedConfig) -> str | None:
    return extended.unit_column if extended.unit_column in frame.columns else None


def _changes(frame, instrument, by, config, extended: ExtendedConfig, waves, indices=None) -> pd.DataFrame:
    unit = _unit_column(frame, extended)
    return changes(frame, instrument, wave_column=extended.wave_column, by=by, config=config, unit_column=unit,
                   waves=waves, indices=indices)


def _trend(frame, instrument, by, config, extended: ExtendedConfig, waves, indices=None) -> pd.DataFrame:
    return trend(frame, instrument, wave_column=extended.wave_column, by=by, config=config, waves=waves,
                 indices=indices)


def _positions(frame, instrument, by, config, extended: ExtendedConfig, waves, indices=None) -> pd.DataFrame:
    return positions(frame, instrument, wave_column=extended.wave_column, by=by, config=config, waves=waves,
                     indices=indices)


def _design(frame, instrument):
    return detect_design(frame, instrument)


# -- follow-up -----------------------------------------------------------------------------------


def unit_grouping(frame: pd.DataFrame, extended: ExtendedConfig, answered: np.ndarray) -> list[str]:
    """The grouping of the follow-up's unit analysis: ``[omraade, enhed]`` when areas are given, else
    ``[enhed]`` (empty when there are no units)."""
    if not _values_with_data(frame, extended.unit_column, answered):
        return []
    area = "omraade"
    if area != extended.unit_column and _values_with_data(frame, area, answered):
        return [area, extended.unit_column]
    return [extended.unit_column]


def _followup(out: ExtendedResult, frame: pd.DataFrame, instrument: Instrument, config: AnalysisConfig,
              extended: ExtendedConfig, answered: np.ndarray, indices: pd.DataFrame | None = None) -> None:
    """Units that stand out: the latest wave by unit, with the change since the wave before."""
    unit_by = unit_grouping(frame, extended, answered)
    if not unit_by:
        out.not_applicable["followup"] = Note("no_units", {"column": extended.unit_column})
        return
    out.unit_by = tuple(unit_by)
    current, previous = frame, None
    now_indices, before_indices = indices, None
    if len(out.waves) >= 2 and extended.wave_column in frame.columns:
        labels = frame[extended.wave_column].astype("string").fillna(MISSING_GROUP).to_numpy(dtype=object)
        current = frame[labels == out.waves[-1]]
        previous = frame[labels == out.waves[-2]]
        if indices is not None:
            now_indices, before_indices = indices[labels == out.waves[-1]], indices[labels == out.waves[-2]]
    try:
        now = unit_summary(current, instrument, unit_by, config, indices=now_indices)
        before = (unit_summary(previous, instrument, unit_by, config, indices=before_indices)
                  if previous is not None else None)
        # The priority list is capped like the others: at a million respondents tens of thousands of
        # unit × spor can lie in «Vigtigste fokusområde»; the largest gaps come first.
        out.followup = followup(now, current, instrument, previous=before, top=extended.followup_top,
                                priority_top=extended.followup_top, indices=now_indices)
    except FrisatError as exc:
        out.not_applicable["followup"] = error_note(exc)


def unit_summary(frame: pd.DataFrame, instrument: Instrument, unit_by: Sequence[str],
                 config: AnalysisConfig, *, indices: pd.DataFrame | None = None) -> AnalysisResult:
    """The analysis by unit that the follow-up list reads (group means only: ``detail=False``)."""
    return analyze(frame, instrument, by=list(unit_by), config=config, detail=False, indices=indices)
