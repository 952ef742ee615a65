"""Split designs: validation of the settings, balanced random assignment and detection from data."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frisat.core import schema
from frisat.core.design import (
    Design,
    assign_dimension,
    assign_dimensions,
    check_design,
    design_problems,
    detect_design,
    dimensions_answered,
    parse_design,
    parse_group_dimensions,
)
from frisat.core.errors import FrisatError
from frisat.core.instrument import get_instrument

VIVE = get_instrument("vive-frisaettelse")
GROUPS = ["leder", "medarbejder"]


# -- settings --------------------------------------------------------------------------------------
def test_parse_design_and_group_dimensions():
    assert parse_design(" Halvdel ") is Design.HALF and parse_design("begge") is Design.BOTH
    with pytest.raises(FrisatError, match=r"Ukendt design «tredjedel»\. Vælg et af: begge, halvdel, gruppe\."):
        parse_design("tredjedel")
    assert parse_group_dimensions(["Leder=vigtighed", " medarbejder = impl ", ""]) == {
        "leder": "vigt", "medarbejder": "impl"}
    with pytest.raises(FrisatError, match="skal skrives som gruppe=dimension"):
        parse_group_dimensions(["leder"])
    with pytest.raises(FrisatError, match="dimensionen skal være impl"):
        parse_group_dimensions(["leder=begge"])
    with pytest.raises(FrisatError, match="to forskellige dimensioner"):
        parse_group_dimensions(["leder=impl", "leder=vigt"])


@pytest.mark.parametrize(
    ("design", "groups", "mapping", "expected"),
    [
        ("begge", GROUPS, {}, []),
        ("halvdel", GROUPS, {}, []),
        ("gruppe", GROUPS, {"leder": "vigt", "medarbejder": "impl"}, []),
        ("gruppe", [*GROUPS, "politiker"], {"leder": "vigt", "medarbejder": "impl", "politiker": "vigt"}, []),
        ("halvdel", GROUPS, {"leder": "vigt"}, ["bruges kun med designet «gruppe»"]),
        ("gruppe", GROUPS, {"leder": "vigt"}, ["hver gruppe have en dimension", "«medarbejder» mangler"]),
        ("gruppe", GROUPS, {}, ["«leder», «medarbejder» mangler"]),
        ("gruppe", GROUPS, {"leder": "vigt", "medarbejder": "vigt"}, ["mindst én gruppe svare på implementering"]),
        ("gruppe", ["leder"], {"leder": "vigt"}, ["mindst én gruppe svare på implementering"]),
        ("gruppe", GROUPS, {"leder": "vigt", "medarbejder": "impl", "borger": "impl"},
         ["«borger» er ikke med i målingens grupper (leder, medarbejder)"]),
        ("gruppe", GROUPS, {"leder": "begge", "medarbejder": "impl"}, ["Dimensionen for «leder» skal være impl"]),
        ("trekvart", GROUPS, {}, ["Ukendt design «trekvart»"]),
    ],
)
def test_design_problems(design, groups, mapping, expected):
    problems = " ".join(design_problems(design, groups, mapping))
    if not expected:
        assert problems == ""
        assert check_design(design, groups, mapping)[0] == Design(design)
    else:
        for part in expected:
            assert part in problems
        with pytest.raises(FrisatError):
            check_design(design, groups, mapping)


def test_check_design_returns_mapping_only_for_gruppe():
    assert check_design("begge", GROUPS, None) == (Design.BOTH, {})
    assert check_design("gruppe", GROUPS, {"leder": "vigt", "medarbejder": "impl"}) == (
        Design.GROUP, {"leder": "vigt", "medarbejder": "impl"})


# -- assignment ----------------------------------------------------------------------------------
def test_assign_dimension_single_respondent():
    rng = np.random.default_rng(0)
    mapping = {"leder": "vigt", "medarbejder": "impl"}
    assert assign_dimension("begge", "leder", {}, rng) is None
    assert assign_dimension("gruppe", "Leder", mapping, rng) == "vigt"
    assert assign_dimension("gruppe", "medarbejder", mapping, rng) == "impl"
    with pytest.raises(FrisatError, match="«politiker» har ingen dimension"):
        assign_dimension("gruppe", "politiker", mapping, rng)
    # halvdel: fewer in the unit and group first, then in the unit, then chance.
    assert assign_dimension("halvdel", "leder", {}, rng, cell_counts=(3, 2)) == "vigt"
    assert assign_dimension("halvdel", "leder", {}, rng, cell_counts=(1, 2)) == "impl"
    assert assign_dimension("halvdel", "leder", {}, rng, cell_counts=(1, 1), unit_counts=(4, 2)) == "vigt"


def test_assign_dimension_by_token_is_fixed_per_link_and_splits_tokens_evenly():
    tokens = [f"token-{i}" for i in range(2000)]
    first = [assign_dimension("halvdel", "leder", {}, t) for t in tokens]
    assert first == [assign_dimension("halvdel", "leder", {}, t) for t in tokens]
    share = Counter(first)["impl"] / len(tokens)
    assert 0.45 < share < 0.55


def _balance_by(keys: list, dims: list) -> dict:
    out: dict = {}
    for key, dim in zip(keys, dims, strict=True):
        out.setdefault(key, Counter())[dim] += 1
    return out


def test_assign_dimensions_halvdel_is_balanced_in_every_unit_and_group():
    rng = np.random.default_rng(42)
    rows = ([("Skole A", "leder")] * 3 + [("Skole A", "medarbejder")] * 8 + [("Skole B", "leder")] * 1
            + [("Skole B", "medarbejder")] * 1 + [("Børnehus", "medarbejder")] * 5)
    dims = assign_dimensions("halvdel", rows, {}, rng)
    assert set(dims) == {"impl", "vigt"}
    for cell, counts in _balance_by(rows, dims).items():
        assert abs(counts["impl"] - counts["vigt"]) <= 1, cell
    for unit, counts in _balance_by([r[0] for r in rows], dims).items():
        assert abs(counts["impl"] - counts["vigt"]) <= 1, unit
        assert counts["impl"] and counts["vigt"], unit  # every unit with ≥ 2 respondents gets both


def test_assign_dimensions_is_random_within_a_cell():
    rows = [("Skole A", "medarbejder")] * 10
    patterns = {tuple(assign_dimensions("halvdel", rows, {}, np.random.default_rng(seed))) for seed in range(30)}
    assert len(patterns) > 10  # not a fixed alternation the respondent could work out from a list
    for pattern in patterns:
        assert Counter(pattern) == Counter({"impl": 5, "vigt": 5})
    # Each respondent (position in the file) gets each dimension about half of the time.
    firsts = Counter(assign_dimensions("halvdel", rows, {}, np.random.default_rng(s))[0] for s in range(400))
    assert 150 < firsts["impl"] < 250


def test_assign_dimensions_counts_earlier_batches():
    rng = np.random.default_rng(1)
    rows = [("Skole A", "leder")] * 4
    dims = assign_dimensions("halvdel", rows, {}, rng, existing={("Skole A", "leder"): (3, 1)})
    assert Counter(dims) == Counter({"vigt": 3, "impl": 1})  # 3 + 1 = 1 + 3: balanced after both batches


def test_assign_dimensions_gruppe_and_begge():
    rows = [("A", "leder"), ("A", "medarbejder"), ("B", "leder")]
    rng = np.random.default_rng(0)
    assert assign_dimensions("gruppe", rows, {"leder": "vigt", "medarbejder": "impl"}, rng) == ["vigt", "impl", "vigt"]
    assert assign_dimensions("begge", rows, {}, rng) == [None, None, None]
    assert assign_dimensions("halvdel", [], {}, rng) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C", "D"]), st.sampled_from(["leder", "medarbejder", "x"])),
                max_size=80),
       st.integers(0, 2**32 - 1))
def test_assign_dimensions_balance_property(rows, seed):
    dims = assign_dimensions("halvdel", rows, {}, np.random.default_rng(seed))
    assert all(d in ("impl", "vigt") for d in dims)
    for counts in _balance_by(rows, dims).values():
        assert abs(counts["impl"] - counts["vigt"]) <= 1
    for counts in _balance_by([r[0] for r in rows], dims).values():
        assert abs(counts["impl"] - counts["vigt"]) <= 1


# -- detection -----------------------------------------------------------------------------------
def _frame(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """One respondent per (gruppe, asked) pair; asked ∈ impl, vigt, both, none, vigt-dk (only «ved ikke»)."""
    data: dict[str, list] = {"respondent_id": [], "gruppe": []}
    columns = {dim: [c for s in VIVE.spor for c in VIVE.item_columns(s.id, dim)] for dim in ("impl", "vigt")}
    for name in columns["impl"] + columns["vigt"]:
        data[name] = []
    for i, (gruppe, asked) in enumerate(rows):
        data["respondent_id"].append(f"R{i}")
        data["gruppe"].append(gruppe)
        for dim, names in columns.items():
            for j, name in enumerate(names):
                if asked == "vigt-dk" and dim == "vigt":
                    value = schema.DONT_KNOW
                elif asked in (dim, "both") and j % 3 == 0:  # answer only some items
                    value = float(j % 10 + 1)
                else:
                    value = np.nan
                data[name].append(value)
    return schema.conform(pd.DataFrame(data), VIVE)


def test_detect_both():
    report = detect_design(_frame([("leder", "both")] * 6 + [("leder", "impl")] + [("medarbejder", "none")]), VIVE)
    assert report.design is Design.BOTH and not report.is_split
    assert (report.respondents, report.impl_only, report.vigt_only, report.both) == (7, 1, 0, 6)
    assert (report.n_impl, report.n_vigt) == (7, 6)
    assert report.share("both") == pytest.approx(6 / 7)


def test_detect_halvdel_counts_ved_ikke_as_asked():
    rows = [("leder", "impl"), ("leder", "vigt"), ("medarbejder", "impl"), ("medarbejder", "vigt-dk"),
            ("medarbejder", "vigt"), ("medarbejder", "both"), ("leder", "none")]
    report = detect_design(_frame(rows), VIVE)
    assert report.design is Design.HALF and report.is_split
    assert (report.respondents, report.impl_only, report.vigt_only, report.both) == (6, 2, 3, 1)
    assert (report.n_impl, report.n_vigt) == (3, 4)
    assert report.share("impl_only") == pytest.approx(2 / 6)
    by_group = report.by_group.set_index("gruppe")
    assert by_group.loc["medarbejder", ["respondents", "impl_only", "vigt_only", "both", "n_impl", "n_vigt"]].tolist() \
        == [4, 1, 2, 1, 2, 3]
    assert by_group.loc["leder", "respondents"] == 2  # the one who answered nothing is not counted


def test_detect_gruppe():
    rows = [("leder", "vigt")] * 3 + [("medarbejder", "impl")] * 5 + [("medarbejder", "none")]
    report = detect_design(_frame(rows), VIVE)
    assert report.design is Design.GROUP
    assert report.group_dimensions == {"leder": "vigt", "medarbejder": "impl"}
    assert (report.n_impl, report.n_vigt) == (5, 3)


def test_detect_empty_and_without_gruppe_column():
    assert detect_design(schema.empty_frame(VIVE), VIVE).design is Design.BOTH
    frame = _frame([("x", "impl"), ("x", "vigt")]).drop(columns=["gruppe"])
    report = detect_design(frame, VIVE)
    assert report.design is Design.HALF and report.respondents == 2


def test_dimensions_answered_matches_a_plain_loop():
    frame = _frame([("l", "impl"), ("l", "vigt"), ("l", "both"), ("l", "none"), ("l", "vigt-dk")])
    answered = dimensions_answered(frame, VIVE)
    for i in range(len(frame)):
        for dim in ("impl", "vigt"):
            names = [c for s in VIVE.spor for c in VIVE.item_columns(s.id, dim)]
            expected = any(not pd.isna(frame.iloc[i][n]) for n in names)
            assert bool(answered.iloc[i][dim]) == expected
