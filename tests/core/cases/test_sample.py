"""The sample: reproducible, the documented NumPy draw, refusals in Danish."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frisat.core.cases.sample import METHOD, SampleError, draw_sample, sha256_of

CASES = [f"S-{i:04d}" for i in range(1, 301)]


def test_same_seed_and_list_give_the_same_sample_and_record():
    one, record = draw_sample(CASES, 75, 2024, "abc")
    two, _ = draw_sample(list(CASES), 75, 2024, "abc")
    assert one == two and len(set(one)) == 75 and set(one) <= set(CASES)
    assert draw_sample(CASES, 75, 2025, "abc")[0] != one
    assert (record.seed, record.n, record.population, record.sha256) == (2024, 75, 300, "abc")
    assert record.method == METHOD


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 200), st.integers(0, 2**32 - 1), st.data())
def test_sample_is_the_documented_numpy_draw(size, seed, data):
    n = data.draw(st.integers(1, size))
    cases = [f"K{i}" for i in range(size)]
    sample, _ = draw_sample(cases, n, seed, "x")
    rng = np.random.default_rng(seed)
    assert sample == [cases[i] for i in rng.choice(size, size=n, replace=False)]


def test_checksum_is_sha256_hex():
    assert sha256_of(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@pytest.mark.parametrize(("cases", "n", "words"), [
    ([], 1, "tom"), (["A", "B"], 3, "listen har kun 2"), (["A", "B", "A"], 1, "to gange"),
    (["A", "010203-1234"], 1, "CPR-nummer"), (["A"], 0, "mindst én"),
])
def test_refusals(cases, n, words):
    with pytest.raises(SampleError, match=words):
        draw_sample(cases, n, 1, "x")
