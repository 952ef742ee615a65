"""Which part of a set of responses may be shown: the combination audit of every output.

The analysis (:func:`frisat.core.analysis.analyze`) blanks every group with fewer than k
respondents. In the browser a user can also *choose* the data (filters, waves, grouping) and add
and subtract the numbers of several views, so before anything is analysed
:func:`frisat.core.results.compute` asks :mod:`frisat.core.disclosure` whether each cell it would
show is publishable (the same rules for ``frisat analyze``, whose views are its groupings):

* The **atoms** are the respondents of the round's whole wave chain (every wave the form offers)
  that agree on wave, enhed and respondent group (område follows from enhed). Every view the pages
  and downloads offer is a union of atoms.
* The **safe set** is built once per chain and data version (:func:`chain_audit`, cached per
  process): candidate cells in a fixed order (per wave: total, område, gruppe, område × gruppe,
  enhed, enhed × gruppe; then the same pooled over wave selections), each kept only if no
  combination of the kept cells isolates fewer than k respondents.
* A **cell is shown** iff it lies in the span of the safe set; then it adds nothing an attacker
  could not compute already. The chosen subset must be such a cell (else «for få besvarelser» /
  refused); each group of the chosen grouping is shown iff its cell is; the others are merged into
  «Øvrige (samlet)», which is the subset minus the shown groups and so publishable too.

The threshold of the audit is the strictest ``min_n`` of the chain, so every request of the chain
is checked against the same safe set. See docs/web.md, «Anonymitet i resultater».
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from frisat.core.disclosure import Audit, atoms_from_counts, candidate_cells, greedy_safe_set, wave_sets

FILTER_DIMENSIONS = ("omraade", "enhed", "gruppe")
WAVE_COLUMN = "maaling"
ATOM_COLUMNS = ("maaling", "omraade", "enhed", "gruppe")
"""An atom: wave (the round's id as text), område, enhed (its name) and respondent group."""
LEVELS = ((), ("omraade",), ("gruppe",), ("omraade", "gruppe"), ("omraade", "enhed"),
          ("omraade", "enhed", "gruppe"))
"""The candidate cells of each wave selection, most useful first."""
OTHER_LABEL = "Øvrige (samlet)"
"""The group that collects the groups that may not be shown on their own."""
CACHE_SIZE = 8


@dataclass
class Disclosure:
    """The safe set of a wave chain and the atom of every loaded response row."""

    audit: Audit
    atoms: pd.Series
    """Atom index per row (index aligned with the responses frame)."""

    def shown(self, index: pd.Index) -> bool:
        """Whether the cell of these rows may be shown (an empty cell may)."""
        codes = self.atoms.loc[index].to_numpy(dtype=np.int64)
        return self.audit.contains(np.unique(codes))

    def shown_by(self, index: pd.Index, keys: pd.Series) -> dict[str, bool]:
        """:meth:`shown` of the cell of each value of ``keys`` (text, aligned with ``index``), sorted
        by value: one look-up of the rows' atoms for all of them."""
        codes = self.atoms.loc[index].to_numpy(dtype=np.int64)
        key_codes, values = pd.factorize(keys.to_numpy(dtype=object), sort=True)
        width = int(codes.max(initial=0)) + 1
        pairs = np.unique(key_codes.astype(np.int64) * width + codes)  # (value, atom), sorted by value
        owner, atoms = pairs // width, pairs % width
        starts = np.searchsorted(owner, np.arange(len(values) + 1))
        return {str(value): self.audit.contains(atoms[starts[i]:starts[i + 1]]) for i, value in enumerate(values)}


_cache: OrderedDict[tuple, tuple[pd.DataFrame, Audit]] = OrderedDict()
_lock = threading.Lock()


def levels_for(extra: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """:data:`LEVELS` followed by the cells of every non-empty combination of ``extra`` columns (a
    grouping of ``frisat analyze`` by columns outside the atoms), alone and within each område."""
    extra = [c for c in dict.fromkeys(extra) if c not in ATOM_COLUMNS]
    combos = [tuple(c) for size in range(1, len(extra) + 1) for c in combinations(extra, size)]
    return (*LEVELS, *combos, *(("omraade", *c) for c in combos))


def chain_audit(counts: pd.DataFrame, waves: Sequence[str], k: int,
                columns: Sequence[str] = ATOM_COLUMNS) -> tuple[pd.DataFrame, Audit]:
    """The atom table and safe set for a chain: ``counts`` has ``columns`` (:data:`ATOM_COLUMNS`,
    the wave first, plus any extra grouping columns) and ``n`` (any granularity at least as fine as
    atoms), ``waves`` the chain's wave keys in order.

    Cached per process by the chain, k and a fingerprint of the atom counts (a new answer changes
    the fingerprint, so the safe set follows the data; the same data always give the same set).
    """
    columns = tuple(columns)
    table = atoms_from_counts(counts, columns)
    digest = hashlib.sha256(pd.util.hash_pandas_object(table, index=False).to_numpy().tobytes()).hexdigest()
    key = (int(k), tuple(waves), columns, digest)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    cells = candidate_cells(table, levels_for(columns[len(ATOM_COLUMNS):]), WAVE_COLUMN, wave_sets(list(waves)))
    persons = pd.MultiIndex.from_frame(table[list(columns[1:])]).factorize()[0]  # across waves
    audit = greedy_safe_set(table["n"].to_numpy(dtype=np.int64), cells, k, persons)
    with _lock:
        _cache[key] = (table, audit)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return table, audit


def atom_keys(frame: pd.DataFrame, wave_keys: Mapping[str, str] | None = None,
              columns: Sequence[str] = ATOM_COLUMNS) -> pd.DataFrame:
    """``columns`` (default :data:`ATOM_COLUMNS`) of each row of a responses frame (original unit
    names), the wave label replaced by its key (``wave_keys``: label → key; default the label itself).
    A column the frame lacks counts as missing ("") in every row."""
    keys = pd.DataFrame({c: (frame[c].astype("string").fillna("").to_numpy(dtype=object) if c in frame.columns
                             else np.full(len(frame), "", dtype=object)) for c in columns}, index=frame.index)
    if wave_keys is not None:
        keys[WAVE_COLUMN] = keys[WAVE_COLUMN].map(lambda label: wave_keys.get(label, label))
    return keys


def disclosure_for(frame: pd.DataFrame, k: int, *, other_counts: pd.DataFrame | None = None,
                   waves: Sequence[str] | None = None, wave_keys: Mapping[str, str] | None = None,
                   extra: Sequence[str] = ()) -> Disclosure:
    """The :class:`Disclosure` for the rows of ``frame`` (original unit names), with the atoms of
    the chain's other waves given as ``other_counts`` (:data:`ATOM_COLUMNS` + ``n``). ``extra``:
    grouping columns beyond :data:`ATOM_COLUMNS` that are atoms' keys too (``frisat analyze --by``)."""
    columns = [*ATOM_COLUMNS, *(c for c in dict.fromkeys(extra) if c not in ATOM_COLUMNS)]
    keys = atom_keys(frame, wave_keys, columns)
    own = keys.value_counts(sort=False).rename("n").reset_index() if len(keys) else pd.DataFrame(
        columns=[*columns, "n"])
    counts = pd.concat([own, other_counts], ignore_index=True) if other_counts is not None else own
    if waves is None:
        waves = list(dict.fromkeys(keys[WAVE_COLUMN]))
    table, audit = chain_audit(counts, waves, k, columns)
    codes = pd.MultiIndex.from_frame(table[columns]).get_indexer(
        pd.MultiIndex.from_frame(keys[columns])) if len(keys) else np.zeros(0, dtype=np.int64)
    if (codes < 0).any():
        raise RuntimeError("a response row has no atom")
    return Disclosure(audit, pd.Series(codes, index=frame.index, dtype=np.int64))


def subset_mask(frame: pd.DataFrame, filters: Mapping[str, str]) -> pd.Series:
    """The rows of ``frame`` that match every filter."""
    mask = pd.Series(True, index=frame.index)
    for column, value in filters.items():
        mask &= (frame[column] == value).fillna(False)
    return mask


def _text(values: pd.Series) -> pd.Series:
    return values.astype("string").fillna("")


@dataclass
class Decision:
    """The outcome of the audit for one request."""

    allowed: bool
    reason: str = ""
    rows: pd.Series | None = None
    """Boolean mask of the rows in the filtered subset (when allowed)."""
    merged: list[str] = field(default_factory=list)
    """Groups merged into «Øvrige» (names as in the data)."""
    small: list[str] = field(default_factory=list)
    """The merged groups that have fewer than k respondents themselves (the others protect them)."""
    other_label: str = OTHER_LABEL


def decide(frame: pd.DataFrame, filters: Mapping[str, str], group_by: str | None, k: int,
           disclosure: Disclosure, *, several_waves: bool = False) -> Decision:
    """The audit for one request: ``frame`` holds the responses of the selected waves (rows indexed
    as in ``disclosure.atoms``), ``filters`` maps a column of :data:`FILTER_DIMENSIONS` to its
    chosen value and ``group_by`` is the grouping column (or ``None``).

    Refusal reasons: ``subset`` (fewer than k), ``wave`` (several waves and one of them has between
    1 and k − 1 in the subset), ``difference`` (otherwise not publishable).
    """
    rows = subset_mask(frame, filters)
    subset = frame[rows.to_numpy(dtype=bool)]
    if len(subset) < k:
        return Decision(False, "subset")
    if not disclosure.shown(subset.index):
        small_wave = several_waves and any(0 < n < k for n in _text(subset[WAVE_COLUMN]).value_counts())
        return Decision(False, "wave" if small_wave else "difference")
    if not group_by:
        return Decision(True, rows=rows)
    keys = _text(subset[group_by])
    merged = sorted(g for g, shown in disclosure.shown_by(subset.index, keys).items() if not shown)
    rest = int(keys.isin(merged).sum())
    if 0 < rest < k:  # cannot happen for a safe set (the rest is publishable); never show it anyway
        merged = sorted(set(keys))
    sizes = keys.value_counts()
    small = [g for g in merged if 0 < int(sizes.get(g, 0)) < k]
    return Decision(True, rows=rows, merged=merged, small=small)


def merge_groups(frame: pd.DataFrame, column: str, merged: list[str], label: str = OTHER_LABEL) -> pd.DataFrame:
    """``frame`` with the values ``merged`` of ``column`` replaced by ``label``."""
    if not merged:
        return frame
    values = frame[column].astype("string")
    return frame.assign(**{column: values.mask(values.fillna("").isin(merged), label)})  # "" = missing


def other_label(existing: pd.Series) -> str:
    """:data:`OTHER_LABEL`, made unique should a real group carry that name."""
    label = OTHER_LABEL
    taken = set(existing.astype("string").dropna())
    while label in taken:
        label += "*"
    return label
