"""From the chosen filters to an analysis: load, filter, apply the combination audit, analyse.

Shared by the results page and every download, so they always show the same subset. The
statistics are computed by :func:`frisat.core.analysis.analyze` and, for the extended tables
(issue 4), :func:`frisat.core.extended.extended_analysis` only.

The extended tables look at two columns the chosen grouping may not be about: respondent groups
(compared side by side) and units (paired change between waves, units that stand out). Before they
are computed, the audit (:mod:`~frisat.web.results.anonymity`) decides the groups of those columns
too, as if the page were grouped by them: respondent groups that may not be shown on their
own are merged into «Øvrige (samlet)», and units that may not be shown on their own lose their
unit (they enter no pairing and are never named as a unit that stands out).

The tables across waves (change, trend, positions) and the units that stand out (in the latest
wave) show each wave on its own, so with several waves the audit is applied to every selected wave
separately as well: a wave in which the subset may not be shown gives no such tables, and a group or
unit that may not be shown in one of the waves is merged (or loses its unit) in them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext_noop

from frisat.core.analysis import MISSING_GROUP, AnalysisConfig, AnalysisResult, analyze
from frisat.core.extended import (
    EXTRA,
    TABLES,
    ExtendedConfig,
    ExtendedResult,
    extended_analysis,
    unit_summary,
    visible_frame,
)
from frisat.core.instrument import Instrument, get_instrument
from frisat.core.schema import ID_COLUMN
from frisat.reporting.report_extended import OVERVIEW_TABLES
from frisat.web.organisations.models import Enhed
from frisat.web.results import anonymity
from frisat.web.results.selectors import atom_counts
from frisat.web.rounds.models import Maaling
from frisat.web.rounds.selectors import responses_frame

UNIT_COLUMN = "enhed"
GROUP_COLUMN = "gruppe"
WAVE_COLUMN = "maaling"
COMPARED_TABLES = ("group_differences",)
"""Extended tables computed over the whole shown subset (``by=()``), not per group of the grouping:
respondent groups within a grouping's cell could be differenced against the cell's own numbers."""
WAVE_TABLES = ("changes", "trend", "positions", "followup")
"""Extended tables that show a wave on its own: computed from :attr:`Prepared.wave_frame`."""
GROUPED_TABLES = tuple(name for name in (*TABLES, *EXTRA, "design") if name not in (*COMPARED_TABLES, *WAVE_TABLES))


@dataclass
class Choices:
    """What the user chose on the filter form (validated)."""

    rounds: list[Maaling]
    omraade: str = ""
    enhed: Enhed | None = None
    gruppe: str = ""
    group_by: str = ""
    chain: list[Maaling] = field(default_factory=list)
    """Every wave the form offers (the audit's universe); the selected ones when empty."""

    @classmethod
    def from_form(cls, data: dict[str, Any]) -> Choices:
        return cls(rounds=list(data["rounds"]), omraade=data.get("omraade") or "", enhed=data.get("enhed_obj"),
                   gruppe=data.get("gruppe") or "", group_by=data.get("grupper") or "",
                   chain=list(data.get("chain") or []))

    @property
    def waves_offered(self) -> list[Maaling]:
        """The chain, oldest first, with the selected rounds in it."""
        chain = {m.pk: m for m in [*self.chain, *self.rounds]}
        return sorted(chain.values(), key=lambda m: (m.opens_at, m.pk))

    @property
    def k(self) -> int:
        """The strictest anonymity threshold of the waves offered together (so every request of a
        chain is audited against the same safe set)."""
        return max(m.min_n for m in self.waves_offered)


@dataclass
class Prepared:
    """The filtered data of one request and the decision of the combination audit."""

    choices: Choices
    instrument: Instrument
    decision: anonymity.Decision
    raw: pd.DataFrame = field(repr=False)
    """The filtered rows in the canonical format (original names) — for raw-data downloads."""
    frame: pd.DataFrame = field(repr=False)
    """The filtered rows as analysed: unique unit names, small groups merged into «Øvrige»."""
    by: list[str] = field(default_factory=list)
    extended_frame: pd.DataFrame | None = field(default=None, repr=False)
    """``frame`` with the audit applied to respondent groups and units too (see the module docstring)."""
    hidden: dict[str, list[str]] = field(default_factory=dict)
    """Per column (grouping, ``gruppe``, ``enhed``): the values the audit merges in :attr:`extended_frame`."""
    waves: tuple[str, ...] = ()
    """The selected waves with answers in the subset, oldest first (by opening date)."""
    wave_frame: pd.DataFrame | None = field(default=None, repr=False)
    """:attr:`extended_frame` with the audit applied to each wave too; None when a wave may not be shown."""

    @property
    def allowed(self) -> bool:
        return self.decision.allowed

    @property
    def config(self) -> AnalysisConfig:
        return AnalysisConfig(min_n=self.choices.k)

    def analyze(self) -> AnalysisResult:
        """The analysis of the shown subset (call once per request)."""
        if not self.allowed:
            raise ValueError("the subset may not be shown")
        return analyze(self.frame, self.instrument, by=self.by, config=self.config)

    def extended(self, result: AnalysisResult) -> ExtendedResult:
        """The extended tables of the shown subset (call once per request, after :meth:`analyze`).

        Tables per group use the page's grouping; the comparison of respondent groups is over the
        whole subset. Units that may not be shown on their own are left out of the follow-up list.
        """
        if not self.allowed or self.extended_frame is None:
            raise ValueError("the subset may not be shown")
        config = ExtendedConfig(wave_column=WAVE_COLUMN, group_column=GROUP_COLUMN, unit_column=UNIT_COLUMN,
                                waves=self.waves if len(self.waves) >= 2 else None)
        out = extended_analysis(self.extended_frame, self.instrument, result, config, only=GROUPED_TABLES)
        compared = extended_analysis(self.extended_frame, self.instrument, result, config, by=(),
                                     only=COMPARED_TABLES)
        out.group_differences = compared.group_differences
        out.groups = compared.groups
        out.not_applicable.update(compared.not_applicable)
        if self.wave_frame is None:
            for name in WAVE_TABLES:
                out.not_applicable[name] = WAVE_REFUSAL
        else:
            waves = extended_analysis(self.wave_frame, self.instrument, result, config, only=WAVE_TABLES)
            for name in WAVE_TABLES:
                setattr(out, name, getattr(waves, name))
            out.waves, out.unit_by = waves.waves, waves.unit_by
            out.not_applicable.update({k: v for k, v in waves.not_applicable.items() if k in WAVE_TABLES})
        if out.followup is not None and UNIT_COLUMN in out.followup:
            # units without a unit (blanked above) or merged into «Øvrige» are never named
            hidden = {MISSING_GROUP, "", self.decision.other_label}
            units = out.followup[UNIT_COLUMN].astype("string").fillna("")
            out.followup = out.followup[~units.isin(hidden).to_numpy(dtype=bool)].reset_index(drop=True)
        return out

    def overview(self, result: AnalysisResult, extended: ExtendedResult) -> ExtendedResult:
        """The extended tables for everybody shown, as one group — for the figures and the report.

        As :func:`frisat.reporting.report_extended.overview`, but the tables across waves come
        from :attr:`wave_frame` (the rules applied in each wave), like the page's own tables.
        """
        if not result.by:
            return extended
        tables = set(OVERVIEW_TABLES)
        whole = extended_analysis(self.extended_frame, self.instrument, result, extended.config, by=(),
                                  only=tables - set(WAVE_TABLES))
        if self.wave_frame is not None and tables & set(WAVE_TABLES):
            waves = extended_analysis(self.wave_frame, self.instrument, result, extended.config, by=(),
                                      only=tables & set(WAVE_TABLES))
            for name in tables & set(WAVE_TABLES):
                setattr(whole, name, getattr(waves, name))
        whole.design, whole.followup, whole.unit_by = extended.design, extended.followup, extended.unit_by
        whole.waves, whole.groups = extended.waves, extended.groups
        whole.not_applicable = dict(extended.not_applicable)
        return whole


    def followup_means(self, result: AnalysisResult, extended: ExtendedResult) -> FollowupMeans | None:
        """The means the sentences about the units that stand out quote (the follow-up table has only
        the difference, ``value``): by unit in the latest selected wave and the wave before, and by
        area. Computed by :func:`frisat.core.extended.unit_summary` from the same rows as the
        follow-up list (:meth:`extended`: :attr:`wave_frame` without suppressed answers, the
        latest wave); None when there is no list.
        """
        followup, unit_by = extended.followup, list(extended.unit_by)
        if followup is None or followup.empty or not unit_by or self.wave_frame is None:
            return None
        visible = visible_frame(result, self.wave_frame)
        current, previous = visible, None
        if len(extended.waves) >= 2:
            waves = visible[WAVE_COLUMN].astype("string").fillna(MISSING_GROUP).to_numpy(dtype=object)
            current = visible[waves == extended.waves[-1]]
            previous = visible[waves == extended.waves[-2]]
        reasons = set(followup["reason"].astype(str))
        config = result.config

        def means(frame: pd.DataFrame, by: list[str]) -> dict[tuple[str, ...], dict[str, float]]:
            summary = unit_summary(frame, self.instrument, by, config).summary
            return {(*(str(r[c]) for c in by), str(r["spor"])): {"impl": r["impl_mean"], "vigt": r["vigt_mean"]}
                    for r in summary.to_dict("records")}

        area = unit_by[:1] if len(unit_by) > 1 else []
        return FollowupMeans(
            now=means(current, unit_by), area_by=area,
            before={k: v["impl"] for k, v in means(previous, unit_by).items()}
            if previous is not None and "største ændring" in reasons else {},
            areas=means(current, area) if "afvigelse" in reasons else {})


@dataclass
class FollowupMeans:
    """Unit and area means for the sentences of :func:`frisat.reporting.views.sentences.followup_sentence`.

    Keys are the unit's values (``*unit_by``) and the spor, as text; ``areas`` is keyed by
    (area, spor), or by (spor,) when the units have no area.
    """

    now: dict[tuple[str, ...], dict[str, float]]
    before: dict[tuple[str, ...], float]
    areas: dict[tuple[str, ...], dict[str, float]]
    area_by: list[str]

    TOLERANCE = 1e-6

    def dimension(self, key: tuple[str, ...], record: dict[str, Any], value: float) -> str | None:
        """The dimension (``impl``/``vigt``) of a row «far from the area's mean»: the one whose unit mean
        minus area mean is the row's value."""
        now = self.now.get(key)
        area = self.areas.get((*(str(record[c]) for c in self.area_by), str(record["spor"])))
        if now is None or area is None:
            return None
        for dim in ("impl", "vigt"):
            difference = now[dim] - area[dim]
            if difference == difference and abs(difference - value) < self.TOLERANCE:
                return dim
        return None


def unit_labels(frame: pd.DataFrame) -> pd.Series:
    """The unit name of each row, with the område added where two områder have a unit of that name."""
    names = frame[UNIT_COLUMN].astype("string")
    areas = frame["omraade"].astype("string")
    pairs = pd.DataFrame({"enhed": names, "omraade": areas}).drop_duplicates()
    shared = set(pairs.loc[pairs["enhed"].duplicated(keep=False), "enhed"].dropna())
    if not shared:
        return names
    return names.where(~names.isin(shared), names + " (" + areas + ")")


def enhed_label(enhed: Enhed, frame: pd.DataFrame) -> str:
    """The label :func:`unit_labels` gives to rows of ``enhed``."""
    areas = frame.loc[frame[UNIT_COLUMN] == enhed.name, "omraade"].dropna().unique()
    if len(areas) > 1:
        return f"{enhed.name} ({enhed.omraade.name})"
    return enhed.name


def prepare(choices: Choices) -> Prepared:
    """Load the responses of the chosen waves, filter them and apply the combination audit."""
    instrument = get_instrument(choices.rounds[0].instrument_id)
    raw = responses_frame(choices.rounds, instrument)
    work = raw.assign(**{UNIT_COLUMN: unit_labels(raw)}) if len(raw) else raw
    filters: dict[str, str] = {}
    if choices.omraade:
        filters["omraade"] = choices.omraade
    if choices.enhed is not None:
        filters["enhed"] = enhed_label(choices.enhed, raw) if len(raw) else choices.enhed.name
        filters.setdefault("omraade", choices.enhed.omraade.name)
    if choices.gruppe:
        filters["gruppe"] = choices.gruppe
    group_by = choices.group_by or None
    if len(work) == 0:
        decision = anonymity.Decision(False, "subset")
    else:
        disclosure = _disclosure(choices, raw)
        decision = anonymity.decide(work, filters, group_by, choices.k, disclosure,
                                    several_waves=len(choices.rounds) > 1)
    if not decision.allowed:
        empty = raw.iloc[0:0]
        return Prepared(choices, instrument, decision, raw=empty, frame=empty)
    rows = decision.rows.to_numpy(dtype=bool)
    frame = work[rows].reset_index(drop=True)
    if group_by and decision.merged:
        decision.other_label = anonymity.other_label(frame[group_by])
        frame = anonymity.merge_groups(frame, group_by, decision.merged, decision.other_label)
    frame.attrs = dict(raw.attrs)
    several = len(choices.rounds) > 1
    merged = _merged(work, filters, group_by, decision, choices.k, several, disclosure)
    extended = _apply_merges(frame, merged, group_by, decision.other_label)
    present = set(frame[WAVE_COLUMN].astype("string").dropna())
    waves = tuple(m.wave for m in sorted(choices.rounds, key=lambda m: (m.opens_at, m.pk)) if m.wave in present)
    wave_frame = extended
    if len(waves) > 1:
        per_wave = _merged_per_wave(work, filters, group_by, choices.k, waves, disclosure)
        if per_wave is None:
            wave_frame = None
        else:
            extra = {column: sorted(set(values) - set(merged[column])) for column, values in per_wave.items()}
            wave_frame = _apply_merges(extended, extra, group_by, decision.other_label)
    units = _units_in_hidden_areas(work, filters, waves, disclosure) if wave_frame is not None else []
    if units:
        # the units that stand out are compared with their area's mean in a wave: that area must be
        # publishable in each wave, else its units are not named (or, grouped by unit, no wave tables)
        wave_frame = None if group_by == UNIT_COLUMN else _apply_merges(
            wave_frame, {UNIT_COLUMN: units}, group_by, decision.other_label)
    return Prepared(choices, instrument, decision, raw=raw[rows].reset_index(drop=True), frame=frame,
                    by=[group_by] if group_by else [], extended_frame=extended, hidden=merged, waves=waves,
                    wave_frame=wave_frame)


WAVE_REFUSAL = gettext_noop("I en af de valgte bølger kan udvalget ikke vises for sig uden at afsløre en gruppe "
                            "med færre besvarelser end anonymitetsgrænsen; derfor vises ingen udvikling. Vælg et "
                            "bredere udvalg.")
"""Shown (translated) when the subset may be shown for the waves together but not in each wave."""


def _secondary(group_by: str | None) -> list[str]:
    """The columns the audit decides for the extended tables: the grouping, respondent groups, units."""
    return list(dict.fromkeys([*([group_by] if group_by else []), GROUP_COLUMN, UNIT_COLUMN]))


def _disclosure(choices: Choices, raw: pd.DataFrame) -> anonymity.Disclosure:
    """The audit of the chain: atoms of the loaded rows plus the counts of the other offered waves."""
    chain = choices.waves_offered
    selected = {m.pk for m in choices.rounds}
    others = [m for m in chain if m.pk not in selected]
    return anonymity.disclosure_for(raw, choices.k, other_counts=atom_counts(others) if others else None,
                                    waves=[str(m.pk) for m in chain],
                                    wave_keys={m.wave: str(m.pk) for m in choices.rounds})


def _merged(work: pd.DataFrame, filters: dict[str, str], group_by: str | None, decision: anonymity.Decision,
            k: int, several: bool, disclosure: anonymity.Disclosure) -> dict[str, list[str]]:
    """Per column of :func:`_secondary`: the values the audit merges (the grouping's from ``decision``)."""
    merged = {}
    for column in _secondary(group_by):
        if column == group_by:
            merged[column] = list(decision.merged)
        else:
            merged[column] = anonymity.decide(work, filters, column, k, disclosure, several_waves=several).merged
    return merged


def _merged_per_wave(work: pd.DataFrame, filters: dict[str, str], group_by: str | None, k: int,
                     waves: tuple[str, ...], disclosure: anonymity.Disclosure) -> dict[str, list[str]] | None:
    """The audit in each wave on its own: the values merged in any wave, or None when the subset
    may not be shown in one of them."""
    labels = work[WAVE_COLUMN].astype("string").fillna("")
    merged: dict[str, set[str]] = {column: set() for column in _secondary(group_by)}
    for wave in waves:
        part = work[(labels == wave).to_numpy(dtype=bool)]
        for column in merged:
            decision = anonymity.decide(part, filters, column, k, disclosure)
            if not decision.allowed:
                return None
            merged[column] |= set(decision.merged)
    return {column: sorted(values) for column, values in merged.items()}


def _units_in_hidden_areas(work: pd.DataFrame, filters: dict[str, str], waves: tuple[str, ...],
                           disclosure: anonymity.Disclosure) -> list[str]:
    """The units (labels) of the areas whose cell (the filtered subset in one of ``waves``) may not be
    shown."""
    subset = work[anonymity.subset_mask(work, filters).to_numpy(dtype=bool)]
    labels = subset[WAVE_COLUMN].astype("string").fillna("")
    units: set[str] = set()
    for wave in waves:
        part = subset[(labels == wave).to_numpy(dtype=bool)]
        areas = part["omraade"].astype("string").fillna("")
        for _area, index in areas.groupby(areas).groups.items():
            if not disclosure.shown(index):
                units |= set(part.loc[index, UNIT_COLUMN].astype("string").dropna())
    return sorted(units)


def _apply_merges(frame: pd.DataFrame, merged: dict[str, list[str]], group_by: str | None,
                  other_label: str) -> pd.DataFrame:
    """``frame`` with the audit's merges applied: respondent groups (and the grouping's own values) into
    «Øvrige (samlet)», units (unless they are the grouping) to no unit (blank)."""
    out = frame
    for column, values in merged.items():
        if not values:
            continue
        current = out[column].astype("string")
        inside = current.fillna("").isin(values)  # the audit names a missing value ""
        if not inside.any():
            continue
        if column == group_by:
            replacement = current.mask(inside, other_label)
        elif column == UNIT_COLUMN:
            replacement = current.mask(inside, "")  # blank: no unit (frisat.core treats "" as missing)
        else:
            replacement = current.mask(inside, anonymity.other_label(current))
        out = out.assign(**{column: replacement})
    if out is not frame:
        out.attrs = dict(frame.attrs)
    return out


def pseudonymised(frame: pd.DataFrame, rng: np.random.Generator | None = None) -> tuple[pd.DataFrame, dict]:
    """Rows in random order with new ids ``B0001…`` (and the old → new id map).

    Used for respondent-level downloads of anonymous rounds: the response's database id and the
    row order follow the order of submission, which could be matched with the respondents'
    «har svaret» times.
    """
    rng = rng or np.random.default_rng()
    order = rng.permutation(len(frame))
    shuffled = frame.iloc[order].reset_index(drop=True)
    width = max(4, len(str(len(frame))))
    new_ids = pd.Series([f"B{i:0{width}d}" for i in range(1, len(frame) + 1)], dtype="string")
    mapping = dict(zip(shuffled[ID_COLUMN].astype(str), new_ids, strict=True))
    shuffled[ID_COLUMN] = new_ids
    shuffled.attrs = dict(frame.attrs)
    return shuffled, mapping
