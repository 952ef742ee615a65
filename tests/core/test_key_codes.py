"""Integer key codes (frisat.core.key_codes) against pandas' MultiIndex of the texts."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from frisat.core.key_codes import class_sizes, key_codes, text_codes

VALUES = st.sampled_from(["a", "b", "", "æble", "Øst", "10", "9", None])


def reference(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """What the disclosure rules did before: the texts (missing as "") as a sorted MultiIndex."""
    keys = pd.DataFrame({c: frame[c].astype("string").fillna("").to_numpy(dtype=object) for c in columns})
    codes, uniques = pd.MultiIndex.from_frame(keys).factorize(sort=True)
    table = uniques.to_frame(index=False)
    table.columns = columns
    return codes, table


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(VALUES, VALUES, VALUES), min_size=1, max_size=40), st.booleans())
def test_key_codes_number_the_keys_as_a_sorted_multiindex_of_their_texts(rows, categorical):
    frame = pd.DataFrame(rows, columns=["x", "y", "z"]).astype("string")
    if categorical:  # the analysis' grouping keys are categoricals
        frame = frame.astype({"y": "category"})
    expected_codes, expected_table = reference(frame, ["x", "y", "z"])
    codes, table = key_codes(frame, ["x", "y", "z"])
    assert codes.tolist() == expected_codes.tolist()
    assert table.astype(str).equals(expected_table.astype(str))
    sizes = [sum(1 for other in codes if other == code) for code in codes]  # a plain count
    assert class_sizes(frame, ["x", "y", "z"]).tolist() == sizes


def test_missing_and_empty_text_are_one_key_and_numbers_compare_as_text():
    codes, texts = text_codes(pd.Series(["b", None, "", 10, "10", 9], dtype=object))
    assert texts.tolist() == ["", "10", "9", "b"]
    assert codes.tolist() == [3, 0, 0, 1, 1, 2]


def test_many_columns_with_many_values_do_not_overflow():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({f"c{i}": rng.integers(0, 60_000, size=500).astype(str) for i in range(5)})
    codes, table = key_codes(frame, list(frame.columns))
    expected_codes, expected_table = reference(frame, list(frame.columns))
    assert codes.tolist() == expected_codes.tolist() and table.equals(expected_table)
