"""The allocation question («fordel 100 point»): instrument format, `extends`, columns and row rule."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from frisat.core import schema
from frisat.core.errors import InstrumentError
from frisat.core.instrument import (
    ALLOCATION_SECTION,
    builtin_instrument_ids,
    get_instrument,
    load_instrument_file,
    parse_instrument,
)

SPOR = ["regler", "maal", "dok", "tillid", "innov"]

MINI = """
id: mini
title: Mini
scales:
  s: {type: numeric, min: 1, max: 5}
dimensions:
  impl: {label: I, question: "Hvor langt?", scale: s}
  vigt: {label: V, question: "Hvor vigtigt?", scale: s}
sections:
  - id: a
    title: Spor A
    questions:
      - {number: "1", type: matrix, dimension: impl, text: T, items: {x: X, y: Y}}
      - {number: "2", type: matrix, dimension: vigt, text: T, items: {x: X, y: Y}}
  - id: b
    title: Spor B
    questions:
      - {number: "3", type: matrix, dimension: impl, text: T, items: {x: X, y: Y}}
      - {number: "4", type: matrix, dimension: vigt, text: T, items: {x: X, y: Y}}
  - id: c
    title: Noget andet
    questions:
      - {number: "5", type: text, id: kommentar, text: Skriv}
"""

ALLOCATION = """allocation:
  number: "6"
  total: 10
  question: Fordel 10 point.
"""


# -- the built-in instrument -----------------------------------------------------------------------
def test_point_instrument_is_bilag1_plus_the_allocation():
    base = get_instrument("vive-frisaettelse")
    point = get_instrument("vive-frisaettelse-point")
    assert "vive-frisaettelse-point" in builtin_instrument_ids()
    assert point.extends == "vive-frisaettelse"
    # Every Bilag 1 text is shared, not copied: sections, scales and dimensions are the parent's.
    assert point.sections == base.sections
    assert point.scales == base.scales and point.dimensions == base.dimensions
    assert point.background == base.background
    assert point.id == "vive-frisaettelse-point" and point.title != base.title
    assert "Frisat" in point.source and "ikke en del af VIVE" in point.source
    # The parent has no allocation and is unchanged.
    assert base.allocation is None and base.allocation_columns() == []
    assert point.allocation.total == 100
    assert point.allocation_columns() == [f"{s}_point" for s in SPOR]


def test_point_columns_come_last_as_integers_0_to_100_labelled_by_spor():
    point = get_instrument("vive-frisaettelse-point")
    base = get_instrument("vive-frisaettelse")
    names = [c.name for c in point.columns()]
    assert names == [c.name for c in base.columns()] + [f"{s}_point" for s in SPOR]
    titles = {s.id: s.title for s in base.sections}
    for letter, spor in zip("abcde", SPOR, strict=True):
        spec = point.column(f"{spor}_point")
        assert spec.is_allocation and spec.section == ALLOCATION_SECTION
        assert spec.item == spor and spec.dimension is None
        assert spec.text == titles[spor]
        assert spec.question == f"16{letter}"
        assert spec.scale.type == "numeric" and (spec.scale.min, spec.scale.max) == (0, 100)
        assert spec.scale.codes == tuple(range(101)) and not spec.scale.dont_know
        assert spec.stem == point.allocation.question
    # The spor analysis is unaffected: the point columns are not items of any spor.
    assert [s.id for s in point.spor] == SPOR
    assert point.item_columns("regler", "vigt") == base.item_columns("regler", "vigt")
    assert point.comment_column("regler") == "regler_kommentar"
    assert schema.canonical_columns(point)[-5:] == [f"{s}_point" for s in SPOR]


def test_empty_frame_of_point_instrument_has_float_point_columns():
    frame = schema.empty_frame(get_instrument("vive-frisaettelse-point"))
    assert str(frame["regler_point"].dtype) == "float64"


# -- the format --------------------------------------------------------------------------------------
def test_allocation_defaults_to_every_spor_and_labels_can_be_given():
    inst = parse_instrument(MINI + ALLOCATION, "mini.yaml")
    assert inst.allocation_columns() == ["a_point", "b_point"]  # c is not a spor
    assert [inst.column(c).text for c in inst.allocation_columns()] == ["Spor A", "Spor B"]
    assert inst.column("b_point").scale.max == 10
    labelled = parse_instrument(MINI + ALLOCATION + "  items: {b: Det andet spor, a: Det første}\n", "mini.yaml")
    assert labelled.allocation_columns() == ["b_point", "a_point"]
    assert labelled.column("b_point").text == "Det andet spor"
    assert labelled.column("a_point").question == "6b"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("  items: {a: A, c: C}\n", [f"linje {(MINI + ALLOCATION).count(chr(10)) + 1}", "allocation.items.c",
                                      "«c» er ikke et spor", "spor: a, b"]),
        ("  items: {a: A}\n", ["allocation", "mindst to spor"]),
        ("  colour: red\n", ["allocation.colour", "ukendt felt"]),
    ],
)
def test_broken_allocation_is_refused_with_line_and_place(extra, expected):
    with pytest.raises(InstrumentError) as info:
        parse_instrument(MINI + ALLOCATION + extra, "mini.yaml")
    for part in expected:
        assert part in str(info.value)


@pytest.mark.parametrize(("total", "ok"), [(0, False), (1, True), (1000, True), (1001, False)])
def test_allocation_total_must_be_1_to_1000(total, ok):
    text = MINI + ALLOCATION.replace("total: 10", f"total: {total}")
    if ok:
        assert parse_instrument(text, "mini.yaml").allocation.total == total
    else:
        with pytest.raises(InstrumentError, match=r"allocation\.total: skal være et heltal fra 1 til 1000"):
            parse_instrument(text, "mini.yaml")


def test_allocation_missing_question_and_reserved_section_id():
    with pytest.raises(InstrumentError, match=r"allocation\.question: feltet mangler"):
        parse_instrument(MINI + 'allocation: {total: 10}\n', "mini.yaml")
    clash = MINI.replace("id: c\n", "id: point\n") + ALLOCATION
    with pytest.raises(InstrumentError, match="«point» er reserveret"):
        parse_instrument(clash, "mini.yaml")
    column_clash = MINI.replace("id: kommentar", "id: x") + ALLOCATION
    assert parse_instrument(column_clash, "mini.yaml")  # c_x does not clash with a_point
    vigt_b = '      - {number: "4", type: matrix, dimension: vigt, text: T, items: {x: X, y: Y}}\n'
    same_column = MINI[: MINI.index("  - id: c")].replace(
        vigt_b, vigt_b + '      - {number: "5", type: text, id: point, text: Skriv}\n')
    with pytest.raises(InstrumentError, match="samme kolonne: b_point"):
        parse_instrument(same_column + ALLOCATION, "mini.yaml")


# -- extends -------------------------------------------------------------------------------------
def test_extends_a_file_relative_to_the_child(tmp_path):
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "mini.yaml").write_text(MINI, encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("extends: base/mini.yaml\nid: mini-point\ntitle: Mini med point\n" + ALLOCATION,
                     encoding="utf-8")
    inst = load_instrument_file(child)
    base = load_instrument_file(tmp_path / "base" / "mini.yaml")
    assert inst.sections == base.sections and inst.title == "Mini med point"
    assert inst.allocation_columns() == ["a_point", "b_point"]
    # get_instrument accepts the path too.
    assert get_instrument(str(child)).allocation.total == 10


def test_extends_a_builtin_id_from_text():
    inst = parse_instrument("extends: vive-frisaettelse\nid: egen\ntitle: Egen\n" + ALLOCATION.replace(
        "total: 10", "total: 50"), "egen.yaml")
    assert inst.sections == get_instrument("vive-frisaettelse").sections
    assert inst.allocation_columns()[0] == "regler_point" and inst.column("innov_point").scale.max == 50


def test_extends_errors_are_danish_and_name_the_place(tmp_path):
    with pytest.raises(InstrumentError, match=r"linje 1, extends: «nope» er hverken et indbygget instrument"):
        parse_instrument("extends: nope\nid: x\ntitle: X\n", "x.yaml")
    me = tmp_path / "me.yaml"
    me.write_text("extends: me.yaml\nid: me\ntitle: Mig\n", encoding="utf-8")
    with pytest.raises(InstrumentError, match=r"bygger .* på sig selv"):
        load_instrument_file(me)
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("extends: b.yaml\nid: a\ntitle: A\n", encoding="utf-8")
    b.write_text("extends: a.yaml\nid: b\ntitle: B\n", encoding="utf-8")
    with pytest.raises(InstrumentError, match="på sig selv"):
        load_instrument_file(a)
    # A problem in the child's own fields points at the child's line; one in the combination names
    # the inherited field.
    child = "extends: vive-frisaettelse\nid: x\ntitle: X\nallocation:\n  question: Q\n  items: {regler: R, nix: N}\n"
    with pytest.raises(InstrumentError, match=r"linje 6, allocation\.items\.nix"):
        parse_instrument(child, "x.yaml")
    overriding = "extends: vive-frisaettelse\nid: x\ntitle: X\nscales:\n  kommentar: {type: text}\n"
    with pytest.raises(InstrumentError, match=r"dimensions\.impl\.scale \(arvet fra «vive-frisaettelse»\): "
                                              r"skalaen «implementering» findes ikke"):
        parse_instrument(overriding, "x.yaml")
    with pytest.raises(InstrumentError, match=r"extends: skal være id'et"):
        parse_instrument("extends: [a, b]\nid: x\ntitle: X\n", "x.yaml")


def test_broken_parent_is_reported_with_its_own_file(tmp_path):
    (tmp_path / "parent.yaml").write_text(MINI.replace("min: 1, max: 5", "min: 5, max: 1"), encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("extends: parent.yaml\nid: c\ntitle: C\n", encoding="utf-8")
    with pytest.raises(InstrumentError, match=r"parent\.yaml kan ikke bruges"):
        load_instrument_file(child)


# -- the row rule ----------------------------------------------------------------------------------
def _expected_status(row: list[float | None], total: int) -> int:
    """Plain-loop reference for schema.allocation_status."""
    given_values = [v for v in row if v is not None]
    if not given_values:
        return schema.ALLOCATION_OK
    if len(given_values) < len(row):
        return schema.ALLOCATION_PARTIAL
    return schema.ALLOCATION_OK if sum(given_values) == total else schema.ALLOCATION_WRONG_SUM


def test_allocation_status_examples():
    nan = np.nan
    points = np.array([[20, 20, 20, 20, 20], [nan] * 5, [100, 0, 0, 0, 0], [50, 50, nan, nan, nan],
                       [20, 20, 20, 20, 19], [0, 0, 0, 0, 0], [30, 30, 30, 30, -20]], dtype=float)
    assert schema.allocation_status(points, 100).tolist() == [
        schema.ALLOCATION_OK, schema.ALLOCATION_OK, schema.ALLOCATION_OK, schema.ALLOCATION_PARTIAL,
        schema.ALLOCATION_WRONG_SUM, schema.ALLOCATION_WRONG_SUM, schema.ALLOCATION_OK]


@given(st.lists(st.lists(st.one_of(st.none(), st.integers(0, 100)), min_size=5, max_size=5), max_size=30),
       st.sampled_from([10, 100]))
def test_allocation_status_agrees_with_a_plain_loop(rows, total):
    points = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float).reshape(-1, 5)
    assert schema.allocation_status(points, total).tolist() == [_expected_status(r, total) for r in rows]
