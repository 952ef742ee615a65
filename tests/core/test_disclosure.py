"""The combination audit of frisat.core.disclosure, against an independent brute-force check."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frisat.core.disclosure import (
    LEAK_COMPLEX,
    LEAK_SMALL,
    Audit,
    atoms_from_counts,
    atoms_of,
    candidate_cells,
    greedy_safe_set,
    hidden_groups,
    k_anonymous,
    wave_sets,
)
from tests.core.disclosure_check import leaks

COLUMNS = ["maaling", "omraade", "enhed", "gruppe"]
LEVELS = [(), ("omraade",), ("gruppe",), ("omraade", "gruppe"), ("omraade", "enhed"), ("omraade", "enhed", "gruppe")]


def frame(layout: list[tuple[str, str, str, str, int]]) -> pd.DataFrame:
    rows = []
    for wave, omraade, enhed, gruppe, n in layout:
        rows += [{"maaling": wave, "omraade": omraade, "enhed": enhed, "gruppe": gruppe}] * n
    return pd.DataFrame(rows, columns=COLUMNS)


def cell(table: pd.DataFrame, **conditions: object) -> np.ndarray:
    mask = np.ones(len(table), dtype=bool)
    for column, value in conditions.items():
        mask &= table[column].isin(value if isinstance(value, list) else [value]).to_numpy()
    return np.flatnonzero(mask)


FOUR_VIEWS = frame([(w, "dagtilbud", unit, gruppe, n) for w in ("1", "2")
                    for unit, gruppe, n in [("Vugge", "leder", 1), ("Vugge", "medarbejder", 6),
                                            ("Børne", "leder", 1), ("Børne", "medarbejder", 6)]]
                   + [(w, "skole", "Skole", "medarbejder", 9) for w in ("1", "2")])


def four_views(table: pd.DataFrame) -> list[np.ndarray]:
    return [cell(table, maaling="1", enhed="Vugge"), cell(table, maaling="2", enhed="Vugge"),
            cell(table, gruppe="medarbejder", omraade="dagtilbud"), cell(table, gruppe="medarbejder", enhed="Børne")]


def test_the_four_view_attack_is_found_exactly():
    atoms = atoms_of(FOUR_VIEWS, COLUMNS)
    views = four_views(atoms.table)
    audit = Audit(atoms.sizes, 5)
    assert all(audit.add(v) for v in views[:3])
    leak = audit.leak_if_added(views[3])
    leaders = cell(atoms.table, enhed="Vugge", gruppe="leder")
    assert leak is not None and leak.reason == LEAK_SMALL
    assert leak.atoms == tuple(leaders) and leak.weight == 2
    assert not audit.add(views[3]) and not audit.contains(views[3])
    # the independent check agrees: all four together isolate the two leaders, three do not
    assert tuple(leaders) in leaks(views, atoms.sizes, 5)
    assert leaks(views[:3], atoms.sizes, 5) == []


def test_the_greedy_safe_set_never_shows_all_four_views():
    atoms = atoms_of(FOUR_VIEWS, COLUMNS)
    audit = greedy_safe_set(atoms.sizes, candidate_cells(atoms.table, LEVELS, "maaling"), 5)
    views = four_views(atoms.table)
    shown = [v for v in views if audit.contains(v)]
    assert len(shown) < 4
    assert leaks(shown, atoms.sizes, 5) == []
    assert audit.contains(cell(atoms.table)) and audit.contains(cell(atoms.table, maaling="1"))
    assert audit.leak() is None


def test_a_single_small_cell_and_a_difference_are_leaks():
    audit = Audit([3, 10], 5)
    assert audit.leak_if_added([0]).atoms == (0,)
    assert audit.add([0, 1]) and audit.add([1]) is False   # (0 + 1) − 1 = atom 0
    assert audit.contains([0, 1]) and not audit.contains([1])


def test_large_atoms_are_always_publishable_and_empty_cells_are_free():
    audit = Audit([5, 7, 0, 9], 5)
    assert audit.add([0]) and audit.add([1]) and audit.add([3]) and audit.add([0, 1, 3])
    assert audit.contains([2]) and audit.contains([0, 1, 2, 3])


def test_combinations_of_small_atoms_with_enough_weight_are_safe():
    # three small atoms (2, 2, 2); cells a+b and b+c and a+b+c would give c = (a+b+c) − (a+b) → leak
    audit = Audit([2, 2, 2], 5)
    assert audit.add([0, 1, 2]) is True            # 6 ≥ 5
    assert audit.add([0, 1]) is False              # 4 < 5 on its own
    assert audit.leak() is None


def test_a_two_dimensional_component_is_checked_through_its_minimal_supports():
    # cells a+b+c+d and a+b−… : span{a+b+c, c+d+e}; every nonzero combination has support ≥ 3 atoms
    audit = Audit([2, 2, 2, 2, 2], 5)
    assert audit.add([0, 1, 2])
    assert audit.add([2, 3, 4])
    assert audit.leak() is None
    # a third cell b+c lets a = (a+b+c) − (b+c) appear: weight 2
    leak = audit.leak_if_added([1, 2])
    assert leak is not None and leak.weight < 5


def test_too_many_subsets_is_treated_as_a_leak(monkeypatch):
    import frisat.core.disclosure as disclosure

    monkeypatch.setattr(disclosure, "MAX_SUBSETS", 1)
    audit = Audit([2] * 6, 5)
    assert audit.add([0, 1, 2])
    assert audit.leak_if_added([2, 3, 4, 5]).reason == LEAK_COMPLEX


def test_atoms_from_counts_matches_atoms_of():
    atoms = atoms_of(FOUR_VIEWS, COLUMNS)
    counts = FOUR_VIEWS.value_counts().rename("n").reset_index()
    assert atoms_from_counts(counts, COLUMNS).equals(atoms.table)
    assert (atoms.table["n"].to_numpy()[atoms.codes].sum()) == sum(atoms.sizes ** 2)


def test_wave_sets_put_single_waves_first_then_all_pooled():
    assert wave_sets(["a"]) == [("a",)]
    assert wave_sets(["a", "b", "c"]) == [("a",), ("b",), ("c",), ("a", "b", "c"), ("a", "b"), ("a", "c"),
                                          ("b", "c")]


@st.composite
def organisations(draw):
    areas = draw(st.integers(1, 2))
    units = [(f"o{a}", f"u{a}{u}") for a in range(areas) for u in range(draw(st.integers(1, 2)))]
    groups = ["leder", "medarbejder"][:draw(st.integers(1, 2))]
    waves = ["1", "2"][:draw(st.integers(1, 2))]
    layout = [(w, o, u, g, draw(st.integers(0, 12))) for w in waves for o, u in units for g in groups]
    return frame(layout), draw(st.integers(3, 5))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_what_the_audit_publishes_never_admits_a_leak(case):
    data, k = case
    atoms = atoms_of(data, COLUMNS)
    if len(atoms.table) == 0:
        return
    candidates = list(candidate_cells(atoms.table, LEVELS, "maaling"))
    audit = greedy_safe_set(atoms.sizes, candidates, k)
    shown = [c for c in candidates if audit.contains(c)]
    assert leaks(shown, atoms.sizes, k) == []
    # every shown cell really lies in the span of the accepted ones (rank does not grow)
    matrix = np.zeros((len(shown), len(atoms.sizes)))
    for i, atoms_ in enumerate(shown):
        matrix[i, atoms_] = 1
    assert np.linalg.matrix_rank(matrix) == audit.rank
    # not vacuous: without small atoms every cell is shown
    if (atoms.sizes >= k).all():
        assert len(shown) == len(candidates)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 8), min_size=2, max_size=7), st.integers(3, 5),
       st.lists(st.lists(st.integers(0, 6), min_size=1, max_size=4), min_size=1, max_size=6))
def test_the_audit_agrees_with_the_brute_force_check_on_random_cells(sizes, k, raw_cells):
    sizes = np.array(sizes)
    cells = [np.unique([i % len(sizes) for i in c]) for c in raw_cells]
    audit = Audit(sizes, k)
    kept = [c for c in cells if audit.add(c)]
    assert leaks(kept, sizes, k) == []
    for c in cells:
        if not audit.contains(c):  # refused: adding it would leak, by the independent check too
            assert leaks([*kept, c], sizes, k) != []


@pytest.mark.parametrize("k", [3, 5])
def test_the_audit_is_deterministic(k):
    atoms = atoms_of(FOUR_VIEWS, COLUMNS)
    first = greedy_safe_set(atoms.sizes, candidate_cells(atoms.table, LEVELS, "maaling"), k)
    second = greedy_safe_set(atoms.sizes, candidate_cells(atoms.table, LEVELS, "maaling"), k)
    assert [first.contains(c) for c in candidate_cells(atoms.table, LEVELS, "maaling")] == [
        second.contains(c) for c in candidate_cells(atoms.table, LEVELS, "maaling")]


def test_k_anonymous_blanks_background_columns_of_small_classes():
    data = frame([("1", "skole", "A", "leder", 2), ("1", "skole", "A", "medarbejder", 8),
                  ("1", "skole", "B", "leder", 3), ("1", "skole", "B", "medarbejder", 9),
                  ("1", "dagtilbud", "C", "leder", 1), ("1", "dagtilbud", "C", "medarbejder", 6),
                  ("2", "skole", "A", "medarbejder", 3)])
    out = k_anonymous(data, ["gruppe", "enhed", "omraade"], 5, keep=["maaling"])
    classes = out.astype(object).fillna("-").value_counts()
    assert (classes >= 5).all()
    assert len(out) == len(data) - 3                    # wave 2 has only 3 rows: left out
    # skole's 5 leaders lose gruppe and enhed; dagtilbud's one leader loses område too, and the
    # smallest other class (skole's 5 leaders) joins it, so the blank class has 6
    assert classes[("1", "-", "-", "-")] == 6
    assert classes[("1", "dagtilbud", "C", "medarbejder")] == 6 and len(classes) == 4
    assert k_anonymous(data[data["gruppe"] == "medarbejder"].iloc[:10], ["gruppe"], 5).equals(
        data[data["gruppe"] == "medarbejder"].iloc[:10])


def test_hidden_groups_of_an_analysis_are_the_groups_outside_the_safe_span():
    assert hidden_groups(frame([("1", "a", "x", "g", 10), ("1", "b", "y", "g", 12), ("1", "c", "z", "g", 3)]),
                         ["omraade"], 5, "maaling") == {("a",), ("c",)}
    assert hidden_groups(frame([("1", "a", "x", "g", 10), ("1", "b", "y", "g", 12)]), ["omraade"], 5,
                         "maaling") == frozenset()
    # the four views: with waves, a unit is hidden when its cell in one wave is not publishable
    hidden = hidden_groups(FOUR_VIEWS, ["enhed", "gruppe"], 5, "maaling")
    assert ("Vugge", "leder") in hidden and ("Børne", "leder") in hidden
    atoms = atoms_of(FOUR_VIEWS, COLUMNS)
    shown = [cell(atoms.table, enhed=e, gruppe=g, **({"maaling": w} if w else {}))
             for e, g in FOUR_VIEWS[["enhed", "gruppe"]].drop_duplicates().itertuples(index=False)
             if (e, g) not in hidden for w in ("", "1", "2")]
    assert shown and leaks([cell(atoms.table), *shown], atoms.sizes, 5) == []


def test_the_same_unit_and_group_in_two_waves_counts_its_people_once():
    # 3 answers in each of two waves may be the same 3 people: the pooled cell is no safe 6
    assert Audit([3, 3], 5).leak_if_added([0, 1]) is None
    leak = Audit([3, 3], 5, persons=[0, 0]).leak_if_added([0, 1])
    assert leak is not None and leak.weight == 3
    assert Audit([3, 4], 5, persons=[0, 1]).leak_if_added([0, 1]) is None


def _plain_component_leak(rows: np.ndarray, weights: np.ndarray, persons: np.ndarray, k: int):
    """The least weight below k of a nonzero vector in span(rows), one zero set at a time (no batching)."""
    from itertools import combinations as subsets_of

    columns = np.flatnonzero((rows != 0).any(axis=0))
    part, w, p = rows[:, columns], weights[columns], persons[columns]

    def weight(support: np.ndarray) -> int:
        largest: dict[int, int] = {}
        for person, n in zip(p[support].tolist(), w[support].tolist(), strict=True):
            largest[person] = max(largest.get(person, 0), n)
        return sum(largest.values())

    candidates = [np.ones(len(columns), dtype=bool), *(row != 0 for row in part)]
    d = part.shape[0]
    for zero in subsets_of(range(len(columns)), d - 1):
        _u, s, vt = np.linalg.svd(part[:, list(zero)].T)
        if d > 1 and (s > 1e-9 * max(s.max(), 1.0)).sum() == d - 1:
            v = vt[-1] @ part
            candidates.append(np.abs(v) > 1e-9 * max(np.abs(v).max(), 1.0))
    found = [weight(c) for c in candidates if c.any()]
    return min(found) if found and min(found) < k else None


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5), st.integers(2, 6), st.integers(3, 8), st.integers(0, 2**31 - 1))
def test_the_batched_leak_search_finds_the_least_weight_of_a_plain_search(k, d, m, seed):
    from frisat.core import disclosure

    rng = np.random.default_rng(seed)
    rows = rng.integers(-2, 3, size=(d, m)).astype(float)
    rows[rng.random((d, m)) < 0.4] = 0.0
    rows = rows[(rows != 0).any(axis=1)]
    if not len(rows) or np.linalg.matrix_rank(rows) < len(rows):
        return  # the audit's rows are independent
    weights = rng.integers(1, k + 1, size=m)
    persons = rng.integers(0, max(1, m - 2), size=m)
    expected = _plain_component_leak(rows, weights, persons, k)
    if expected is not None and disclosure.comb(m, len(rows) - 1) > disclosure.MAX_SUBSETS:
        return
    found = disclosure._component_leak(rows, weights, persons, k)
    if expected is None:
        assert found is None
    else:
        # the batched search may stop at a basis row of weight < k before the least weight
        assert found is not None and found.reason == disclosure.LEAK_SMALL and found.weight < k
