"""The disclosure rules of every output, applied by :func:`frisat.core.results.compute` itself.

A :class:`DisclosurePolicy` carries what only the caller knows: the threshold k, the chosen subset
(filters on område/enhed/gruppe), the atom counts of the chain's other waves and the wave keys
(the web loads them from the database; ``frisat analyze`` has none). :func:`apply_policy` then
decides, with the combination audit of :mod:`frisat.core.anonymity`:

* whether the subset may be shown at all (reason codes ``subset``, ``wave``, ``difference``);
* the groups of the grouping that are merged into «Øvrige (samlet)» (one grouping column) or
  suppressed (several columns, ``frisat analyze --by a --by b``);
* for the extended tables, the respondent groups and units as if the output were grouped by them:
  groups that may not be shown are merged into «Øvrige (samlet)», units lose their unit (they enter
  no pairing and are never named as a unit that stands out);
* for the tables across waves, the same audit in each wave: a wave in which the subset may not be
  shown gives no such tables (:attr:`DisclosureOutcome.waves_refused`), a group or unit that may not
  be shown in one of the waves is merged (or loses its unit) in them; units of an area that may not
  be shown in a wave are not named.

No prose: the outcome holds reason codes; the web and the report word them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from frisat.core import anonymity
from frisat.core.analysis import _group_keys
from frisat.core.disclosure import hidden_groups
from frisat.core.key_codes import class_sizes, key_codes
from frisat.core.notes import Note
from frisat.core.waves import wave_order as natural_wave_order

WAVES_REFUSED = Note("waves_refused")
"""Reason code (in ``ExtendedResult.not_applicable``) of a wave table left out because the subset may
not be shown in one of the waves on its own."""


def _readonly(mapping: Mapping) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class DisclosurePolicy:
    """What the audit needs besides the rows: the threshold and the caller's context."""

    k: int
    filters: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """The chosen subset: column (``omraade``/``enhed``/``gruppe``) → value, as in the analysed rows."""
    other_counts: pd.DataFrame | None = field(default=None, repr=False)
    """Atom counts (:data:`~frisat.core.anonymity.ATOM_COLUMNS` + ``n``) of the chain's waves not
    in the rows (web: :func:`frisat.web.results.selectors.atom_counts`)."""
    chain: tuple[str, ...] | None = None
    """The wave keys of the whole chain, oldest first (the audit's universe); default: the rows' waves."""
    wave_keys: Mapping[str, str] | None = None
    """Wave label (as in the rows) → its key in ``chain`` and ``other_counts``; default: the label."""
    wave_order: tuple[str, ...] | None = None
    """The selected waves' labels, oldest first. When given, the extended tables compare the waves of
    the shown rows in this order (web); otherwise the extended configuration's order is kept (CLI)."""
    unique_units: bool = False
    """Give a unit name shared by two områder the område in brackets (the web's unit labels)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "filters", _readonly(self.filters))
        if self.wave_keys is not None:
            object.__setattr__(self, "wave_keys", _readonly(self.wave_keys))


@dataclass(frozen=True)
class DisclosureOutcome:
    """What the audit decided for one computation (reason codes, no prose)."""

    allowed: bool
    reason: str = ""
    """``subset`` (fewer than k), ``wave`` (a selected wave has 1..k−1 in the subset), ``difference``."""
    merged: tuple[str, ...] = ()
    """Groups of the grouping merged into :attr:`other_label` (names as in the data, "" = missing)."""
    small: tuple[str, ...] = ()
    """The merged groups that have fewer than k respondents themselves."""
    other_label: str = anonymity.OTHER_LABEL
    hidden: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    """Per column (grouping, respondent groups, units): the values merged or blanked in the extended tables."""
    hidden_groups: frozenset[tuple[str, ...]] = frozenset()
    """Groups of a grouping by several columns that are suppressed (labels as the analysis gives them)."""
    waves_refused: bool = False
    """Several waves, and the subset may not be shown in one of them: no tables across waves."""
    coarse: bool = False
    """Too many atoms for the combination audit in reasonable time (:data:`MAX_AUDIT_ATOMS`): the grouping
    was audited on its own and small units and respondent groups blanked instead (:func:`_coarse_policy`)."""
    rows: np.ndarray | None = field(default=None, repr=False, compare=False)
    """Boolean mask of the input rows in the shown subset (read-only; None when refused)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden", _readonly({k: tuple(v) for k, v in self.hidden.items()}))
        object.__setattr__(self, "merged", tuple(self.merged))
        object.__setattr__(self, "small", tuple(self.small))
        if self.rows is not None:
            rows = np.array(self.rows, dtype=bool)
            rows.flags.writeable = False
            object.__setattr__(self, "rows", rows)


@dataclass(frozen=True)
class ShownFrames:
    """The rows each kind of table is computed from."""

    frame: pd.DataFrame
    """The subset as analysed: unit labels, the grouping's hidden groups merged."""
    extended: pd.DataFrame
    """:attr:`frame` with the audit applied to respondent groups and units too."""
    waves_frame: pd.DataFrame | None
    """:attr:`extended` with the audit applied in each wave; None when the wave tables are refused."""
    waves: tuple[str, ...]
    """The waves of the shown rows, in order."""


def unit_labels(frame: pd.DataFrame, unit_column: str = "enhed") -> pd.Series:
    """The unit name of each row, with the område added where two områder have a unit of that name."""
    names = frame[unit_column].astype("string")
    areas = frame["omraade"].astype("string")
    pairs = pd.DataFrame({"enhed": names, "omraade": areas}).drop_duplicates()
    shared = set(pairs.loc[pairs["enhed"].duplicated(keep=False), "enhed"].dropna())
    if not shared:
        return names
    return names.where(~names.isin(shared), names + " (" + areas + ")")


def present_waves(frame: pd.DataFrame, wave_column: str, order: Sequence[str] | None) -> tuple[str, ...]:
    """The waves with rows in ``frame``: in ``order`` (only those named) or in natural order."""
    if wave_column not in frame.columns:
        return ()
    # perf: the distinct values as text, not every row's
    present = set(pd.Series(frame[wave_column].unique(), dtype=object).astype("string").dropna())
    if order is None:
        return tuple(natural_wave_order(present))
    return tuple(w for w in order if w in present)


MAX_AUDIT_ATOMS = 50_000
"""Above this many atoms (wave × område × enhed × gruppe × the grouping) the combination audit is not run;
:func:`_coarse_policy` decides instead. The audit's basis is sparse (memory follows its nonzeros, not
atoms²), so this is a bound on time: ≈ 5 CPU-s for the safe set of 49,000 atoms (500,000 demo
respondents, 49 kommuner); the 98,000 atoms of 1,000,000 respondents take several times longer."""


def _coarse_policy(frame: pd.DataFrame, policy: DisclosurePolicy, by: list[str], group_column: str,
                   unit_column: str, order: Sequence[str] | None) -> tuple[DisclosureOutcome, ShownFrames]:
    """The rules for data too large for the combination audit (e.g. ``frisat analyze`` on a whole
    country): the groups of ``by`` are audited across waves on their own
    (:func:`frisat.core.disclosure.hidden_groups`, atoms wave × ``by``, as ``frisat analyze`` did
    before the audit moved here), and for the extended tables every unit and respondent group with
    fewer than k respondents within its wave × grouping is blanked (:func:`_blank_small`), so none is
    named or compared on its own."""
    wave_column = anonymity.WAVE_COLUMN
    hidden = hidden_groups(frame, by, policy.k, wave_column if wave_column in frame.columns else None,
                           list(order) if order else None)
    keep = [c for c in [wave_column, *by] if c in frame.columns]
    blank = [c for c in (group_column, unit_column) if c in frame.columns and c not in by]
    extended = _blank_small(frame, blank, keep, policy.k) if blank else frame
    extended.attrs = dict(frame.attrs)
    outcome = DisclosureOutcome(True, hidden_groups=hidden, coarse=True, rows=np.ones(len(frame), dtype=bool))
    return outcome, ShownFrames(frame, extended, extended, present_waves(frame, wave_column, order))


def _blank_small(frame: pd.DataFrame, blank: Sequence[str], keep: Sequence[str], k: int) -> pd.DataFrame:
    """``frame`` with each ``blank`` column (in turn, most specific first) emptied in the rows whose
    class (``keep`` × the ``blank`` columns) has fewer than ``k`` rows; vectorised for large data."""
    out = frame.copy()
    columns = [*keep, *blank]
    for column in blank:
        small = class_sizes(out, columns) < k  # perf: integer codes, not a MultiIndex of strings
        if not small.any():
            break
        out[column] = out[column].mask(small)
    return out


def _atom_count(frame: pd.DataFrame, columns: Sequence[str]) -> int:
    present = [c for c in dict.fromkeys(columns) if c in frame.columns]
    if not present:
        return 1
    return len(key_codes(frame, present)[1])


def apply_policy(frame: pd.DataFrame, policy: DisclosurePolicy, by: Sequence[str], *,
                 group_column: str = "gruppe", unit_column: str = "enhed",
                 wave_order: Sequence[str] | None = None) -> tuple[DisclosureOutcome, ShownFrames | None]:
    """The audit of ``frame`` (the loaded rows, original unit names) for an output grouped by ``by``.

    Returns the outcome and, when the subset may be shown, the frames to compute from.
    """
    by = list(dict.fromkeys(by))
    group_by = by[0] if len(by) == 1 else None
    wave_column = anonymity.WAVE_COLUMN
    order = policy.wave_order if policy.wave_order is not None else wave_order
    if not len(frame):
        return DisclosureOutcome(False, "subset"), None
    work = frame
    if policy.unique_units and unit_column in frame.columns and "omraade" in frame.columns:
        work = frame.assign(**{unit_column: unit_labels(frame, unit_column)})
    secondary = list(dict.fromkeys([*([group_by] if group_by else []), group_column, unit_column]))
    secondary = [c for c in secondary if c in frame.columns]
    extra = [c for c in [*by, *secondary] if c in frame.columns and c != wave_column]
    if _atom_count(frame, [*anonymity.ATOM_COLUMNS, *extra]) > MAX_AUDIT_ATOMS:
        return _coarse_policy(frame, policy, by, group_column, unit_column, order)
    disclosure = anonymity.disclosure_for(frame, policy.k, other_counts=policy.other_counts, waves=policy.chain,
                                          wave_keys=policy.wave_keys, extra=extra)
    selected = policy.wave_order if policy.wave_order is not None else present_waves(frame, wave_column, order)
    several = len(selected) > 1
    filters = dict(policy.filters)
    decision = anonymity.decide(work, filters, group_by, policy.k, disclosure, several_waves=several)
    if not decision.allowed:
        return DisclosureOutcome(False, decision.reason), None
    rows = decision.rows.to_numpy(dtype=bool)
    shown = work[rows].reset_index(drop=True)
    other = anonymity.OTHER_LABEL
    if group_by and decision.merged:
        other = anonymity.other_label(shown[group_by])
        shown = anonymity.merge_groups(shown, group_by, decision.merged, other)
    shown.attrs = dict(frame.attrs)
    hidden_groups = _hidden_groups(work, rows, by, disclosure) if len(by) > 1 else frozenset()
    merged = {column: (list(decision.merged) if column == group_by else
                       anonymity.decide(work, filters, column, policy.k, disclosure, several_waves=several).merged)
              for column in secondary}
    extended = _apply_merges(shown, merged, group_by, other, unit_column)
    waves = present_waves(shown, wave_column, order)
    waves_frame: pd.DataFrame | None = extended
    if len(waves) > 1:
        per_wave = _merged_per_wave(work, filters, secondary, policy.k, waves, disclosure)
        if per_wave is None:
            waves_frame = None
        else:
            more = {column: sorted(set(values) - set(merged[column])) for column, values in per_wave.items()}
            waves_frame = _apply_merges(extended, more, group_by, other, unit_column)
    units = (_units_in_hidden_areas(work, filters, waves, disclosure, unit_column)
             if waves_frame is not None and unit_column in work.columns and "omraade" in work.columns else [])
    if units:
        # the units that stand out are compared with their area's mean in a wave: that area must be
        # publishable in each wave, else its units are not named (or, grouped by unit, no wave tables)
        waves_frame = None if group_by == unit_column else _apply_merges(
            waves_frame, {unit_column: units}, group_by, other, unit_column)
    outcome = DisclosureOutcome(True, merged=decision.merged, small=decision.small, other_label=other,
                                hidden=merged, hidden_groups=hidden_groups, waves_refused=waves_frame is None,
                                rows=rows)
    return outcome, ShownFrames(shown, extended, waves_frame, waves)


def _hidden_groups(work: pd.DataFrame, rows: np.ndarray, by: list[str],
                   disclosure: anonymity.Disclosure) -> frozenset[tuple[str, ...]]:
    """The groups of a grouping by several columns whose cell may not be shown (analysis labels)."""
    subset = work[rows]
    labels = pd.DataFrame({c: key.astype("string") for c, key in zip(by, _group_keys(subset, by), strict=True)},
                          index=subset.index)
    hidden = set()
    for key, index in labels.groupby(by, sort=True, observed=True).groups.items():
        if not disclosure.shown(index):
            hidden.add(tuple(str(v) for v in (key if isinstance(key, tuple) else (key,))))
    return frozenset(hidden)


def _merged_per_wave(work: pd.DataFrame, filters: dict[str, str], columns: list[str], k: int,
                     waves: tuple[str, ...], disclosure: anonymity.Disclosure) -> dict[str, list[str]] | None:
    """The audit in each wave on its own: the values merged in any wave, or None when the subset
    may not be shown in one of them."""
    labels = work[anonymity.WAVE_COLUMN].astype("string").fillna("")
    merged: dict[str, set[str]] = {column: set() for column in columns}
    for wave in waves:
        part = work[(labels == wave).to_numpy(dtype=bool)]
        for column in merged:
            decision = anonymity.decide(part, filters, column, k, disclosure)
            if not decision.allowed:
                return None
            merged[column] |= set(decision.merged)
    return {column: sorted(values) for column, values in merged.items()}


def _units_in_hidden_areas(work: pd.DataFrame, filters: dict[str, str], waves: tuple[str, ...],
                           disclosure: anonymity.Disclosure, unit_column: str) -> list[str]:
    """The units (labels) of the areas whose cell (the filtered subset in one of ``waves``) may not be
    shown."""
    subset = work[anonymity.subset_mask(work, filters).to_numpy(dtype=bool)]
    labels = subset[anonymity.WAVE_COLUMN].astype("string").fillna("")
    units: set[str] = set()
    for wave in waves:
        part = subset[(labels == wave).to_numpy(dtype=bool)]
        areas = part["omraade"].astype("string").fillna("")
        for _area, index in areas.groupby(areas).groups.items():
            if not disclosure.shown(index):
                units |= set(part.loc[index, unit_column].astype("string").dropna())
    return sorted(units)


def _apply_merges(frame: pd.DataFrame, merged: Mapping[str, Sequence[str]], group_by: str | None,
                  other_label: str, unit_column: str) -> pd.DataFrame:
    """``frame`` with the audit's merges applied: respondent groups (and the grouping's own values) into
    «Øvrige (samlet)», units (unless they are the grouping) to no unit (blank)."""
    out = frame
    for column, values in merged.items():
        if not values:
            continue
        current = out[column].astype("string")
        inside = current.fillna("").isin(list(values))  # the audit names a missing value ""
        if not inside.any():
            continue
        if column == group_by:
            replacement = current.mask(inside, other_label)
        elif column == unit_column:
            replacement = current.mask(inside, "")  # blank: no unit (frisat.core treats "" as missing)
        else:
            replacement = current.mask(inside, anonymity.other_label(current))
        out = out.assign(**{column: replacement})
    if out is not frame:
        out.attrs = dict(frame.attrs)
    return out
