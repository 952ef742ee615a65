"""Disclosure control against combinations of published cells: a linear-algebra audit (issue 11).

Respondents who agree on every column a view can select on (wave, unit, respondent group …) are
indistinguishable in every view; they form an *atom* with ``n_a`` respondents. A published cell is
a set of atoms, i.e. a 0/1 vector over atoms, and every number of the cell (n, a mean × n = a sum,
shares …) is a linear function of its atoms' respondents. Whoever holds several cells can compute
every vector ``v`` in their row space, and ``v`` says something about fewer than k respondents iff
the weight of its support, ``sum(n_a for a with v_a != 0)``, is below k. (Atoms of the same unit
and group in different waves may be the same people: they count once, with the largest size.)

A set S of cells is *safe* iff no nonzero vector of span(S) has support weight below k. A leaking
vector is zero on every large atom (``n_a >= k``), so only N = {v in span(S): v = 0 on large atoms}
needs checking. :class:`Audit` keeps a sparse reduced row echelon basis of span(S) (rows as column →
value, memory in its nonzeros) with the large atoms' columns first: the rows whose pivot is a small
atom's column are zero on every large column and span N exactly. N splits into connected components
(rows and columns sharing a nonzero), direct summands with disjoint supports, so the least weight is
the least over components. In a component of dimension d, a vector of minimal support vanishes on
d − 1 independent columns, so enumerating the (d − 1)-subsets of the component's columns finds every
minimal support; above :data:`MAX_SUBSETS` subsets the component is treated as a leak
(conservative).

:func:`greedy_safe_set` adds candidate cells in a fixed priority order and keeps a cell only if the
set stays safe (a cell already in the span is free). The order is deterministic, so the same cells
are publishable on every request, whatever was asked before. A cell may be shown iff it lies in the
span of the safe set (:meth:`Audit.contains`): it tells an attacker nothing the safe set does not.

Arithmetic is in float64 with :data:`TOLERANCE` (relative to the largest entry of a vector): the
entries are small rationals (differences and ratios of 0/1 combinations), far above that tolerance.
Pure NumPy/pandas; no prose. Reason codes are stable ASCII strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations, islice
from math import comb

import numpy as np
import pandas as pd

from frisat.core.key_codes import key_codes

TOLERANCE = 1e-9
"""Entries below this (relative to the vector's largest entry) count as zero."""
MAX_SUBSETS = 20_000
"""More (d − 1)-subsets than this in one component of N: treated as a leak (sound, conservative)."""
LEAK_SMALL = "small-combination"
"""Reason code: a nonzero combination of the cells is supported on fewer than k respondents."""
LEAK_COMPLEX = "too-complex"
"""Reason code: the check was too large to finish and the set is treated as unsafe."""


@dataclass(frozen=True)
class Leak:
    """Why a set of cells is unsafe: ``reason`` and, for :data:`LEAK_SMALL`, the atoms and their weight."""

    reason: str
    atoms: tuple[int, ...] = ()
    weight: int = 0


class Audit:
    """An incrementally built safe set of cells over atoms of the given sizes, for threshold ``k``.

    Cells are given as the indices of their atoms. Columns are kept in a permuted order: the large
    atoms (``n >= k``) first, then the small ones, so the rows with a small pivot span N.

    The basis is sparse (one ``{column: value}`` row per rank and an index column → rows), so memory
    and time follow the number of nonzeros, not atoms²: a cell is reduced against the few rows whose
    pivot it touches, and a new pivot is eliminated from the rows that hold it (the updates are
    applied in place and undone when the cell would open a leak).

    ``persons`` (a group id per atom, default: all different) marks atoms that may hold the same
    people — the same unit × group in different waves: a support counts each group with its largest
    atom only, so pooling two waves of 3 answers does not count as 6 respondents.
    """

    def __init__(self, sizes: Sequence[int] | np.ndarray, k: int,
                 persons: Sequence[int] | np.ndarray | None = None) -> None:
        sizes = np.asarray(sizes, dtype=np.int64)
        if (sizes < 0).any():
            raise ValueError("atom sizes must not be negative")
        self.k = int(k)
        self.sizes = sizes
        small = sizes < self.k
        self._order = np.concatenate([np.flatnonzero(~small), np.flatnonzero(small)])
        self._position = np.empty(len(sizes), dtype=np.int64)
        self._position[self._order] = np.arange(len(sizes))
        self._weights = sizes[self._order]
        self._persons = (np.asarray(persons, dtype=np.int64)[self._order] if persons is not None
                         else np.arange(len(sizes), dtype=np.int64))
        self._n_large = int((~small).sum())
        self._rows: list[dict[int, float]] = []
        """Basis row i (in the order added) as column → value; its pivot is ``self._pivot_of[i]``."""
        self._pivot_of: list[int] = []
        self._row_of: dict[int, int] = {}
        """Pivot column → its row."""
        self._holders: dict[int, set[int]] = {}
        """Column → the rows with a nonzero in it."""
        self._null_holders: dict[int, set[int]] = {}
        """Column → the rows of N (small pivot) with a nonzero in it."""
        self._distinct = len(np.unique(self._persons)) == len(self._persons)
        self._shared: dict[int, int] = {}
        """Row of N → how many (column, other row of N) pairs it shares: 0 = a component on its own."""
        self._weight: dict[int, int] = {}
        """Row of N → the summed sizes of its atoms (its support weight when every atom is its own person)."""
        self.cells = 0
        """How many cells were accepted by :meth:`add` (those not already in the span included)."""

    @property
    def rank(self) -> int:
        return len(self._rows)

    def _vector(self, atoms: Iterable[int] | np.ndarray) -> dict[int, float]:
        atoms = np.asarray(list(atoms) if not isinstance(atoms, np.ndarray) else atoms, dtype=np.int64)
        positions = np.unique(self._position[atoms])
        positions = positions[self._weights[positions] != 0]  # empty atoms carry nobody: ignored
        return dict.fromkeys(positions.tolist(), 1.0)

    def _reduce(self, v: dict[int, float]) -> dict[int, float]:
        # the basis is reduced (a row is zero in every other row's pivot column), so one pass over
        # the rows whose pivot is in v's support is enough
        used = [(self._row_of[c], value) for c, value in v.items() if c in self._row_of]
        if not used:
            return v
        out = dict(v)
        for row, coefficient in used:
            for c, value in self._rows[row].items():
                out[c] = out.get(c, 0.0) - coefficient * value
        scale = max(max(abs(value) for value in out.values()), 1.0)
        return {c: value for c, value in out.items() if abs(value) > TOLERANCE * scale}

    def contains(self, atoms: Iterable[int] | np.ndarray) -> bool:
        """Whether the cell of these atoms lies in the span of the safe set (it may be shown)."""
        v = self._vector(atoms)
        return not v or not self._reduce(v)

    def leak_if_added(self, atoms: Iterable[int] | np.ndarray) -> Leak | None:
        """The leak that adding this cell would open, or None (the set stays safe)."""
        return self._try(self._vector(atoms), keep=False)

    def add(self, atoms: Iterable[int] | np.ndarray) -> bool:
        """Add the cell if the set stays safe; returns whether it is in the span afterwards."""
        return self._try(self._vector(atoms), keep=True) is None

    def _set(self, row: int, column: int, value: float) -> None:
        entries = self._rows[row]
        if value == 0.0:
            if entries.pop(column, None) is not None:
                self._holders[column].discard(row)
                if self._pivot_of[row] >= self._n_large:
                    others = self._null_holders[column]
                    others.discard(row)
                    for other in others:
                        self._shared[other] -= 1
                    self._shared[row] -= len(others)
                    self._weight[row] -= int(self._weights[column])
        else:
            if column not in entries:
                self._holders.setdefault(column, set()).add(row)
                if self._pivot_of[row] >= self._n_large:
                    others = self._null_holders.setdefault(column, set())
                    for other in others:
                        self._shared[other] += 1
                    self._shared[row] = self._shared.get(row, 0) + len(others)
                    self._weight[row] = self._weight.get(row, 0) + int(self._weights[column])
                    others.add(row)
            entries[column] = value

    def _try(self, v: dict[int, float], keep: bool) -> Leak | None:
        r = self._reduce(v)
        if not r:
            return None
        pivot = min(r)
        head = r[pivot]
        r = {c: value / head for c, value in r.items()}
        biggest = max(abs(value) for value in r.values())
        # eliminate the new pivot from the rows that have it (only those change), in place; the old
        # values are kept to undo it
        changed = sorted(self._holders.get(pivot, ()))
        undo: list[tuple[int, int, float]] = []
        for row in changed:
            entries = self._rows[row]
            factor = entries[pivot]
            updates = {c: entries.get(c, 0.0) - factor * value for c, value in r.items()}
            updates[pivot] = 0.0
            # relative to the operands (not the whole row: a long row would cost its length each time)
            scale = max(max(abs(value) for value in updates.values()), abs(factor) * biggest, 1.0)
            for c, value in updates.items():
                undo.append((row, c, entries.get(c, 0.0)))
                self._set(row, c, value if abs(value) > TOLERANCE * scale else 0.0)
        new = len(self._rows)
        self._rows.append({})
        self._pivot_of.append(pivot)
        self._row_of[pivot] = new
        for c, value in r.items():
            self._set(new, c, value)
        leak = None
        if pivot >= self._n_large:  # N grows: check it (only its rows are needed)
            touched = [row for row in changed if self._pivot_of[row] >= self._n_large] + [new]
            leak = self._check_null_space(touched, exact=not keep)
        if leak is not None or not keep:
            for c in list(self._rows[new]):
                self._set(new, c, 0.0)
            self._rows.pop()
            self._pivot_of.pop()
            self._shared.pop(new, None)
            self._weight.pop(new, None)
            del self._row_of[pivot]
            for row, c, value in reversed(undo):
                self._set(row, c, value)
        elif keep:
            self.cells += 1
        return leak

    def _component(self, start: int, bounded: bool) -> list[int] | None:
        """The rows of N (small pivot) connected to row ``start`` through shared columns, in order.

        ``bounded``: None as soon as the component is known to have d ≥ 2 rows and more than
        :data:`MAX_SUBSETS` (d − 1)-subsets of its columns — it is a leak whatever else it holds
        (:func:`_component_leak`), and both numbers only grow as the search goes on (each row has a
        pivot column of its own). Saves walking a large component for every cell that touches it.
        """
        if not self._shared.get(start, 0):
            return [start]  # shares no column with another row of N
        seen = {start}
        columns: set[int] = set()
        todo = [start]
        while todo:
            row = todo.pop()
            for c in self._rows[row]:
                if c in columns:
                    continue
                columns.add(c)
                for other in self._null_holders[c]:
                    if other not in seen:
                        seen.add(other)
                        todo.append(other)
                if bounded and len(seen) > 1 and len(columns) >= _least_columns(len(seen) - 1):
                    return None
        return sorted(seen)

    def _check_null_space(self, touched: Sequence[int], exact: bool = True) -> Leak | None:
        """A leak in N (the span of the basis rows with a small pivot), looking only at the components
        that contain one of the rows ``touched``; components in the order of their first row.
        ``exact=False``: any leak will do (the first too complex component found is returned)."""
        components: list[list[int]] = []
        covered: set[int] = set()
        for row in touched:
            if row not in covered:
                members = self._component(row, bounded=not exact)
                if members is None:
                    return Leak(LEAK_COMPLEX)
                covered.update(members)
                components.append(members)
        components.sort(key=lambda members: members[0])
        for members in components:
            if len(members) == 1 and self._distinct:  # one row: its own support is the only one
                weight = self._weight[members[0]]
                if weight < self.k:
                    atoms = tuple(sorted(int(self._order[c]) for c in self._rows[members[0]]))
                    return Leak(LEAK_SMALL, atoms, weight)
                continue
            leak = _component_leak([self._rows[row] for row in members], self._weights,
                                   None if self._distinct else self._persons, self.k)
            if leak is not None:
                atoms = tuple(sorted(int(self._order[c]) for c in leak.atoms))
                return Leak(leak.reason, atoms, leak.weight)
        return None

    def leak(self) -> Leak | None:
        """A leak of the current set (None when safe) — a full check, for tests and assertions."""
        null = [row for row, pivot in enumerate(self._pivot_of) if pivot >= self._n_large]
        return self._check_null_space(null) if null else None


@cache
def _least_columns(m: int) -> int:
    """The least number of columns c with more than :data:`MAX_SUBSETS` m-subsets (comb(c, m))."""
    c = m
    while comb(c, m) <= MAX_SUBSETS:
        c += 1
    return c


SUBSET_CHUNK = 2048
"""Zero sets checked together in one batched SVD by :func:`_component_leak`."""


def _component_leak(rows: Sequence[dict[int, float]] | np.ndarray, weights: np.ndarray, persons: np.ndarray | None,
                    k: int) -> Leak | None:
    """The least-weight nonzero vector of the span of ``rows`` (sparse, column → value) if its weight
    is below k (columns index ``weights``; returned atoms are column positions). ``persons=None``:
    every atom its own person.

    Among vectors of equal least weight, the one of the first zero set in lexicographic order is
    returned. The zero sets are checked in batches (one batched SVD per :data:`SUBSET_CHUNK`); the
    component is made dense only then, when it has few columns.
    """
    if isinstance(rows, np.ndarray):  # a dense matrix (tests)
        rows = [{int(c): float(row[c]) for c in np.flatnonzero(row)} for row in rows]
    columns = np.array(sorted({c for row in rows for c in row}), dtype=np.int64)
    w = weights[columns]
    p = persons[columns] if persons is not None else np.arange(len(columns))

    def weight_of(atoms: np.ndarray) -> int:
        if persons is None:
            return int(weights[atoms].sum())
        return _person_weight(weights[atoms], persons[atoms])

    def small(atoms: np.ndarray) -> Leak | None:
        weight = weight_of(atoms)
        return Leak(LEAK_SMALL, tuple(int(c) for c in np.sort(atoms)), weight) if weight < k else None

    if weight_of(columns) < k:
        return small(columns)
    for row in rows:  # cheap first: a basis row itself
        found = small(np.fromiter(row, dtype=np.int64, count=len(row)))
        if found is not None:
            return found
    d = len(rows)
    if d == 1:
        return None
    if comb(len(columns), d - 1) > MAX_SUBSETS:
        return Leak(LEAK_COMPLEX)
    part = np.zeros((d, len(columns)))
    where = {int(c): i for i, c in enumerate(columns)}
    for i, row in enumerate(rows):
        for c, value in row.items():
            part[i, where[c]] = value
    subsets = combinations(range(len(columns)), d - 1)
    best: tuple[int, np.ndarray] | None = None
    while True:
        chunk = np.array(list(islice(subsets, SUBSET_CHUNK)), dtype=np.intp).reshape(-1, d - 1)
        if not len(chunk):
            break
        # block i is part[:, chunk[i]] (d × (d − 1)); its null combinations x solve x @ block = 0
        blocks = np.transpose(part[:, chunk], (1, 2, 0))  # (B, d − 1, d): each block transposed
        _u, s, vt = np.linalg.svd(blocks)
        scale = np.maximum(s.max(axis=1), 1.0)
        full = (s > TOLERANCE * scale[:, None]).sum(axis=1) == d - 1
        if not full.any():
            continue
        vectors = vt[full, -1, :] @ part
        magnitude = np.abs(vectors)
        support = magnitude > TOLERANCE * np.maximum(magnitude.max(axis=1), 1.0)[:, None]
        found = _person_weights(support, w, p)
        first = int(np.argmin(found))
        if found[first] < k and (best is None or found[first] < best[0]):
            best = (int(found[first]), support[first])
    if best is None:
        return None
    return Leak(LEAK_SMALL, tuple(int(c) for c in columns[best[1]]), best[0])


def _person_weights(support: np.ndarray, sizes: np.ndarray, persons: np.ndarray) -> np.ndarray:
    """:func:`_person_weight` of each row of the boolean matrix ``support`` (columns: atoms)."""
    chosen = np.where(support, sizes[None, :], 0)
    if len(np.unique(persons)) == len(persons):
        return chosen.sum(axis=1)
    order = np.argsort(persons, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(persons[order]) != 0])
    return np.maximum.reduceat(chosen[:, order], starts, axis=1).sum(axis=1)


def _person_weight(sizes: np.ndarray, persons: np.ndarray) -> int:
    """How many different respondents the atoms may hold at least: atoms of the same ``persons``
    group (e.g. one unit × group in several waves) may be the same people, so each group counts with
    its largest atom only."""
    if len(np.unique(persons)) == len(persons):
        return int(sizes.sum())
    largest: dict[int, int] = {}
    for person, n in zip(persons.tolist(), sizes.tolist(), strict=True):
        largest[person] = max(largest.get(person, 0), int(n))
    return sum(largest.values())


# --- Atoms and candidate cells -------------------------------------------------------------------------


@dataclass(frozen=True)
class Atoms:
    """The atoms of a frame: one row per distinct combination of ``columns`` with its size ``n``."""

    table: pd.DataFrame
    """Columns: the key columns (as text, missing as "") and ``n``; index 0..m-1 = atom index."""
    codes: np.ndarray
    """The atom index of each row of the frame."""

    @property
    def sizes(self) -> np.ndarray:
        return self.table["n"].to_numpy(dtype=np.int64)


def _keys(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: frame[c].astype("string").fillna("").to_numpy(dtype=object) for c in columns},
                        index=frame.index)


def atoms_of(frame: pd.DataFrame, columns: Sequence[str]) -> Atoms:
    """The atoms of ``frame`` over ``columns`` (sorted by key, so the numbering is deterministic)."""
    if not len(columns):
        table = pd.DataFrame({"n": [len(frame)]}) if len(frame) else pd.DataFrame({"n": pd.Series([], dtype="int64")})
        return Atoms(table, np.zeros(len(frame), dtype=np.int64))
    codes, table = key_codes(frame, list(columns))  # perf: integer codes, not a MultiIndex of strings
    table["n"] = np.bincount(codes, minlength=len(table)).astype(np.int64)
    return Atoms(table, codes)


def atoms_from_counts(counts: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """An atom table (as :attr:`Atoms.table`) from pre-aggregated counts (``columns`` + ``n``),
    empty atoms dropped and equal keys summed, sorted by key."""
    keys = _keys(counts, columns)
    keys["n"] = counts["n"].to_numpy(dtype=np.int64)
    table = keys.groupby(list(columns), sort=True, as_index=False)["n"].sum()
    return table[table["n"] > 0].reset_index(drop=True)


def wave_sets(waves: Sequence[str], limit: int = 64) -> list[tuple[str, ...]]:
    """The wave selections whose pooled cells are candidates, most useful first: each wave alone, all
    waves pooled, then the other subsets of two or more waves (largest first; above ``limit``
    subsets only runs of consecutive waves)."""
    waves = list(waves)
    out: list[tuple[str, ...]] = [(w,) for w in waves]
    if len(waves) < 2:
        return out
    out.append(tuple(waves))
    if 2 ** len(waves) - 1 <= limit:
        pooled = [s for size in range(len(waves) - 1, 1, -1) for s in combinations(waves, size)]
    else:
        pooled = [tuple(waves[i:i + size]) for size in range(len(waves) - 1, 1, -1)
                  for i in range(len(waves) - size + 1)]
    return out + pooled


def candidate_cells(table: pd.DataFrame, levels: Sequence[Sequence[str]], wave: str | None = None,
                    waves: Sequence[tuple[str, ...]] | None = None) -> Iterator[np.ndarray]:
    """Candidate cells (arrays of atom indices) in priority order: for each wave selection of
    ``waves`` (default :func:`wave_sets` of the table's waves), each level of ``levels`` (a tuple of
    columns; ``()`` is the total), the cells of that level — largest first, ties by key."""
    if wave is None:
        selections: list[np.ndarray] = [np.ones(len(table), dtype=bool)]
    else:
        labels = table[wave].astype(str).to_numpy(dtype=object)
        if waves is None:
            waves = wave_sets(list(dict.fromkeys(sorted(set(labels)))))
        selections = [np.isin(labels, list(s)) for s in waves]
    sizes = table["n"].to_numpy(dtype=np.int64)
    for selected in selections:
        part = table[selected]
        index = np.flatnonzero(selected)
        for level in levels:
            if not level:
                if len(index):
                    yield index
                continue
            groups = part.groupby(list(level), sort=True).indices
            cells = [index[rows] for rows in groups.values()]
            cells.sort(key=lambda c: -int(sizes[c].sum()))  # stable: ties keep the key order
            yield from cells


def greedy_safe_set(sizes: Sequence[int] | np.ndarray, candidates: Iterable[np.ndarray], k: int,
                    persons: Sequence[int] | np.ndarray | None = None) -> Audit:
    """The safe set built from ``candidates`` in order: each is kept only if the set stays safe
    (``persons`` as in :class:`Audit`)."""
    audit = Audit(sizes, k, persons)
    for cell in candidates:
        audit.add(cell)
    return audit


def publishable(audit: Audit, atoms: np.ndarray) -> bool:
    """Whether the cell of these atoms (indices, repeats allowed) may be shown."""
    return audit.contains(np.unique(np.asarray(atoms, dtype=np.int64)))


def k_anonymous(frame: pd.DataFrame, blank: Sequence[str], k: int, keep: Sequence[str] = ()) -> pd.DataFrame:
    """``frame`` with no combination of its background columns shared by fewer than k rows.

    ``keep`` are columns never blanked (e.g. the wave); ``blank`` the columns blanked in turn, most
    specific first (e.g. gruppe, enhed, omraade): rows in a class of fewer than k lose the next
    column. Should the rows with every ``blank`` column blank still be fewer than k (within their
    ``keep`` values), the smallest other classes are blanked too until they reach k; rows of a
    ``keep`` value with fewer than k rows in all are left out.
    """
    blank = [c for c in blank if c in frame.columns]
    keep = [c for c in keep if c in frame.columns]
    columns = [*keep, *blank]
    out = frame.copy()
    if not columns:
        return out if len(out) >= k else out.iloc[0:0]

    def classes() -> pd.Series:
        keys = _keys(out, columns)
        return pd.Series(pd.MultiIndex.from_frame(keys).factorize()[0], index=out.index)

    for column in blank:
        codes = classes()
        small = (codes.map(codes.value_counts()) < k).to_numpy()
        if not small.any():
            return out
        out[column] = out[column].mask(small)
    codes = classes()
    outer = _keys(out, keep).agg("\x1f".join, axis=1) if keep else pd.Series("", index=out.index)
    blank_all = out[blank].isna().all(axis=1)
    for _key, rows in outer.groupby(outer, sort=False).groups.items():
        hidden = blank_all.loc[rows]
        n_hidden = int(hidden.sum())
        if n_hidden == 0 or n_hidden >= k:
            continue
        others = sorted((int(n), int(code)) for code, n in
                        codes.loc[rows][~hidden.to_numpy()].value_counts().items())
        for _n, code in others:
            members = codes.loc[rows].index[(codes.loc[rows] == code).to_numpy()]
            out.loc[members, blank] = pd.NA
            n_hidden += len(members)
            if n_hidden >= k:
                break
    codes = classes()
    return out[(codes.map(codes.value_counts()) >= k).to_numpy()]


def hidden_groups(frame: pd.DataFrame, by: Sequence[str], k: int, wave_column: str | None = None,
                  waves: Sequence[str] | None = None) -> frozenset[tuple[str, ...]]:
    """The groups of ``by`` (values as text, as :func:`frisat.core.analysis.analyze` labels them)
    that an analysis grouped by ``by`` may not show: their cell, pooled over the waves or in one
    wave, is outside the span of the safe set.

    The atoms are the wave (``wave_column``, when the frame has it) × the ``by`` columns; the
    candidates are, per wave selection (:func:`wave_sets` of ``waves``, default the sorted waves),
    the total and the cells of every non-empty subset of ``by`` (fewer columns first).
    """
    from frisat.core.analysis import _group_keys  # the analysis' own labels ("(ikke angivet)" …)

    by = [c for c in dict.fromkeys(by) if c != wave_column]
    if not by or not len(frame) or not set(by) <= set(frame.columns):
        return frozenset()  # nothing to audit, or a grouping the analysis refuses with its own error
    wave = wave_column if wave_column and wave_column in frame.columns else None
    columns = [*([wave] if wave else []), *by]
    # the analysis' categorical labels as they are: atoms_of compares them as text
    labels = pd.DataFrame(dict(zip(columns, _group_keys(frame, columns), strict=True)), index=frame.index)
    atoms = atoms_of(labels, columns)
    table = atoms.table
    levels = [(), *(level for size in range(1, len(by) + 1) for level in combinations(by, size))]
    selections = None
    if wave:
        present = list(dict.fromkeys(sorted(table[wave].astype(str))))
        order = [w for w in (waves or present) if w in present] + [w for w in present if w not in (waves or [])]
        selections = wave_sets(order)
    persons = pd.MultiIndex.from_frame(table[by]).factorize()[0]  # the same groups in every wave
    audit = greedy_safe_set(atoms.sizes, candidate_cells(table, levels, wave, selections), k, persons)
    hidden: set[tuple[str, ...]] = set()
    for key, index in table.groupby(by, sort=True).indices.items():
        key = key if isinstance(key, tuple) else (key,)
        cells = [index]
        if wave:
            cells = [index] + [index[rows] for rows in table.iloc[index].groupby(wave, sort=True).indices.values()]
        if not all(audit.contains(cell) for cell in cells):
            hidden.add(tuple(str(v) for v in key))
    return frozenset(hidden)
