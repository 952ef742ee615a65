"""One entry point from the canonical frame to every table an output needs: :func:`compute`.

``frisat analyze`` (CLI and :func:`frisat.reporting.write_outputs`), the results page and every
download call :func:`compute` once and then only read the :class:`ResultBundle`: the main analysis,
the extended tables (grouped like the main analysis, the comparison of respondent groups over the
whole shown subset, the tables across waves), their overview for everybody shown, the panels of the
figures and the comments that may be shown. Each table is computed once; where two groupings
coincide the result is reused.

The disclosure rules (:mod:`frisat.core.disclosure_policy`) are applied here, before anything is
computed, so no caller can forget them: the caller only says what it knows
(:class:`~frisat.core.disclosure_policy.DisclosurePolicy`: the threshold, the chosen subset, the
chain's other waves).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from frisat.core import analysis, full_analysis
from frisat.core import extended as extended_tables
from frisat.core.analysis import MISSING_GROUP, AnalysisConfig, AnalysisResult
from frisat.core.disclosure_policy import (
    WAVES_REFUSED,
    DisclosureOutcome,
    DisclosurePolicy,
    ShownFrames,
    apply_policy,
    present_waves,
)
from frisat.core.extended import EXTRA, TABLES, ExtendedConfig, ExtendedResult
from frisat.core.followup import shown_comments
from frisat.core.grouping import group_cells
from frisat.core.instrument import Instrument
from frisat.core.items import item_changes, item_specs, item_table
from frisat.core.panels import PanelStatistics, panel_statistics

COMPARED_TABLES = ("group_differences",)
"""Extended tables computed over the whole shown subset (``by=()``), not per group of the grouping:
respondent groups within a grouping's cell could be differenced against the cell's own numbers."""
WAVE_TABLES = ("changes", "trend", "positions", "followup")
"""Extended tables that show a wave on its own: computed from the rows audited in each wave."""
GROUPED_TABLES = tuple(name for name in (*TABLES, *EXTRA, "design") if name not in (*COMPARED_TABLES, *WAVE_TABLES))
OVERVIEW_TABLES = ("derived_importance", "relative_importance", "points", "group_differences", "changes", "trend",
                   "positions")
"""The extended tables the report's figures show for everybody shown, as one group."""


@dataclass(frozen=True)
class ResultBundle:
    """Every table any output of one computation needs (read only; see the module docstring).

    When the disclosure rules refuse the subset (``disclosure.allowed`` false) every table is None.
    """

    analysis: AnalysisResult | None
    """The main analysis, grouped by ``by``."""
    extended: ExtendedResult | None
    """The extended tables (None when the extended analysis is off)."""
    overview: ExtendedResult | None
    """The extended tables for everybody shown, as one group (``extended`` itself without a grouping)."""
    panels: PanelStatistics | None
    comments: pd.DataFrame | None
    """:func:`frisat.core.followup.shown_comments` of the analysis."""
    disclosure: DisclosureOutcome
    frame: pd.DataFrame | None
    """The rows as analysed (after the disclosure rules' merges)."""
    extended_frame: pd.DataFrame | None = None
    """The rows of the extended tables (respondent groups and units audited too)."""
    waves_frame: pd.DataFrame | None = None
    """The rows of the tables across waves (audited in each wave); None when those are refused."""
    waves: tuple[str, ...] = ()
    """The waves of the shown rows, in order."""
    items: pd.DataFrame | None = None
    """:func:`frisat.core.items.item_table` per group and wave (None when the instrument has no such items)."""
    item_changes: pd.DataFrame | None = None
    """:func:`frisat.core.items.item_changes` between the waves (None with fewer than two waves shown)."""
    instrument: Instrument | None = None
    min_n: int = 0
    """The anonymity threshold the tables were made with."""
    confidence: float = 0.95

    @property
    def allowed(self) -> bool:
        return self.disclosure.allowed


def compute(
    frame: pd.DataFrame,
    instrument: Instrument,
    *,
    by: Sequence[str] = (),
    config: AnalysisConfig | None = None,
    extended: ExtendedConfig | None = None,
    policy: DisclosurePolicy | None = None,
) -> ResultBundle:
    """Every table of one output from the canonical ``frame``, the disclosure rules of ``policy`` applied.

    Without ``policy`` nothing is audited beyond the analysis' own threshold (for tests and
    benchmarks; every output passes one). ``extended=None`` or ``enabled=False``: no extended tables.

    >>> from frisat.core.disclosure_policy import DisclosurePolicy
    >>> from frisat.core.instrument import get_instrument
    >>> from frisat.demo import generate_responses
    >>> instrument = get_instrument("vive-frisaettelse")
    >>> frame = generate_responses(instrument, respondents=300, kommuner=1, seed=3)
    >>> bundle = compute(frame, instrument, by=["omraade"], policy=DisclosurePolicy(k=5))
    >>> bundle.allowed, sorted(bundle.analysis.summary["omraade"].unique())
    (True, ['aeldre', 'dagtilbud', 'skole'])
    >>> refused = compute(frame.head(3), instrument, policy=DisclosurePolicy(k=5))  # 3 respondents < k
    >>> refused.allowed, refused.disclosure.reason, refused.analysis
    (False, 'subset', None)
    """
    by = tuple(by)
    config = config or AnalysisConfig()
    ext_config = extended or ExtendedConfig(enabled=False)
    if policy is None:
        waves = present_waves(frame, ext_config.wave_column, ext_config.waves)
        frames = ShownFrames(frame, frame, frame, waves)
        outcome = DisclosureOutcome(True)
    else:
        if any(column not in frame.columns for column in by):
            group_cells(frame, instrument, by)  # the analysis' own error about the grouping comes first
        outcome, shown = apply_policy(frame, policy, by, group_column=ext_config.group_column,
                                      unit_column=ext_config.unit_column, wave_order=ext_config.waves)
        if shown is None:
            return ResultBundle(analysis=None, extended=None, overview=None, panels=None, comments=None,
                                disclosure=outcome, frame=None)
        frames = shown
        if outcome.hidden_groups:
            config = replace(config, hidden_groups=frozenset(config.hidden_groups | outcome.hidden_groups))
        if policy.wave_order is not None and ext_config.enabled:
            ext_config = replace(ext_config, waves=frames.waves if len(frames.waves) >= 2 else None)
    k = policy.k if policy is not None else config.min_n
    items, changes = _items(frames, instrument, by, k, config, ext_config.wave_column,
                            outcome.hidden_groups)
    if not instrument.spor:  # an instrument without the barometer's dimensions: its item tables only
        return ResultBundle(analysis=None, extended=None, overview=None, panels=None, comments=None,
                            disclosure=outcome, frame=frames.frame, extended_frame=frames.extended,
                            waves_frame=frames.waves_frame, waves=frames.waves, items=items, item_changes=changes,
                            instrument=instrument, min_n=k, confidence=config.confidence)
    if ext_config.enabled:
        result, ext = _extended(frames, instrument, by, config, ext_config)
        overview = _overview(frames, instrument, result, ext)
    else:
        result, ext, overview = analysis.analyze(frames.frame, instrument, by=list(by), config=config), None, None
    if ext is not None and policy is not None:
        same = overview is ext
        ext = _unnamed_units(ext, outcome, ext_config.unit_column)
        overview = ext if same else replace(overview, followup=ext.followup)
    return ResultBundle(
        analysis=result, extended=ext, overview=overview, panels=panel_statistics(result, frames.frame),
        comments=shown_comments(result), disclosure=outcome, frame=frames.frame,
        extended_frame=frames.extended, waves_frame=frames.waves_frame, waves=frames.waves,
        items=items, item_changes=changes, instrument=instrument, min_n=k, confidence=config.confidence)


def _items(frames: ShownFrames, instrument: Instrument, by: tuple[str, ...], k: int, config: AnalysisConfig,
           wave_column: str, hidden_groups: frozenset[tuple[str, ...]],
           ) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The item tables per group and wave (rows audited in each wave) and their changes; when the
    waves may not be shown one by one, the waves pooled and no changes."""
    if not item_specs(instrument):
        return None, None
    waves = frames.waves or None
    source = frames.waves_frame
    if source is None:
        source = frames.frame.assign(**{wave_column: pd.NA}) if wave_column in frames.frame else frames.frame
        waves = None
    table = item_table(source, instrument, by, k=k, confidence=config.confidence, wave_column=wave_column,
                       waves=waves, hidden_groups=hidden_groups)
    shown = [w for w in (waves or ()) if w]
    changes = (item_changes(table, by, waves=shown, confidence=config.confidence)
               if len(shown) >= 2 else None)
    return table, changes


def _extended(frames: ShownFrames, instrument: Instrument, by: tuple[str, ...], config: AnalysisConfig,
              ext_config: ExtendedConfig) -> tuple[AnalysisResult, ExtendedResult]:
    """The main analysis and the extended tables: grouped tables per group of ``by``, the comparison of
    respondent groups over the whole subset, the wave tables from the rows audited per wave."""
    waves_together = frames.waves_frame is frames.extended
    first = set(GROUPED_TABLES) | (set(WAVE_TABLES) if waves_together else set()) | (
        set(COMPARED_TABLES) if not by else set())
    # the main analysis and these tables side by side (perf: also when the extended rows are audited)
    result, out = full_analysis.analyze_with_extended(frames.frame, instrument, by, config, ext_config,
                                                      only=first, extended_frame=frames.extended)
    not_applicable = dict(out.not_applicable)
    changes: dict[str, Any] = {}
    if by:
        compared = extended_tables.extended_analysis(frames.extended, instrument, result, ext_config, by=(),
                                                     only=COMPARED_TABLES)
        changes.update(group_differences=compared.group_differences, groups=list(compared.groups))
        not_applicable.update(compared.not_applicable)
    if frames.waves_frame is None:
        changes.update({name: None for name in WAVE_TABLES})
        not_applicable.update({name: WAVES_REFUSED for name in WAVE_TABLES})
    elif not waves_together:
        waves = extended_tables.extended_analysis(frames.waves_frame, instrument, result, ext_config,
                                                  only=WAVE_TABLES)
        changes.update({name: getattr(waves, name) for name in WAVE_TABLES})
        changes.update(waves=list(waves.waves), unit_by=tuple(waves.unit_by),
                       notes=[*out.notes, *(n for n in waves.notes if n not in out.notes)])
        not_applicable.update({k: v for k, v in waves.not_applicable.items() if k in WAVE_TABLES})
    return result, replace(out, not_applicable=not_applicable, **changes)


def _overview(frames: ShownFrames, instrument: Instrument, result: AnalysisResult,
              ext: ExtendedResult) -> ExtendedResult:
    """The extended tables for everybody shown, as one group: the tables across waves from the rows
    audited in each wave, the comparison of respondent groups reused (it is over everybody already)."""
    if not result.by:
        return ext
    tables = set(OVERVIEW_TABLES) - set(COMPARED_TABLES)
    waves_together = frames.waves_frame is frames.extended
    first = tables if waves_together else tables - set(WAVE_TABLES)
    whole = extended_tables.extended_analysis(frames.extended, instrument, result, ext.config, by=(), only=first)
    changes: dict[str, Any] = {"group_differences": ext.group_differences}
    if not waves_together:
        wave_part = tables & set(WAVE_TABLES)
        if frames.waves_frame is not None:
            waves = extended_tables.extended_analysis(frames.waves_frame, instrument, result, ext.config, by=(),
                                                      only=wave_part)
            changes.update({name: getattr(waves, name) for name in wave_part})
        else:
            changes.update({name: None for name in wave_part})
    return replace(whole, design=ext.design, followup=ext.followup, unit_by=ext.unit_by, waves=list(ext.waves),
                   groups=list(ext.groups), not_applicable=dict(ext.not_applicable), **changes)


def _unnamed_units(ext: ExtendedResult, outcome: DisclosureOutcome, unit_column: str) -> ExtendedResult:
    """The follow-up list without units that lost their unit or were merged (they are never named)."""
    followup = ext.followup
    if followup is None or unit_column not in followup:
        return ext
    hidden = {MISSING_GROUP, "", outcome.other_label}
    units = followup[unit_column].astype("string").fillna("")
    return replace(ext, followup=followup[~units.isin(hidden).to_numpy(dtype=bool)].reset_index(drop=True))


def bundle_of(result: AnalysisResult, frame: pd.DataFrame, extended: ExtendedResult | None = None) -> ResultBundle:
    """A bundle around an analysis computed already (``analyze(frame, …)`` and optionally
    ``extended_analysis`` of it) — for tests and scripts that call the core functions themselves.
    No disclosure rules beyond the analysis' own; the panels, the overview and the comments are
    computed here, once."""
    overview = None
    if extended is not None:
        overview = extended
        if extended.enabled and result.by:
            whole = extended_tables.extended_analysis(frame, result.instrument, result, extended.config, by=(),
                                                      only=OVERVIEW_TABLES)
            overview = replace(whole, design=extended.design, followup=extended.followup, unit_by=extended.unit_by,
                               waves=list(extended.waves), groups=list(extended.groups))
    return ResultBundle(analysis=result, extended=extended, overview=overview,
                        panels=panel_statistics(result, frame), comments=shown_comments(result),
                        disclosure=DisclosureOutcome(True), frame=frame, extended_frame=frame, waves_frame=frame)
