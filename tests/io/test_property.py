"""Property test: writing a valid canonical frame and reading it back gives the same frame."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frisat.core import schema
from frisat.io import read_responses, write_responses

from .helpers import SMALL, VIVE

ALPHABET = st.sampled_from([*"abcxyzæøåÆØÅé019 -.,;:'\"=\n\t/()!?%", "NA", "ved ikke", "#NULL!"])
TEXT = st.lists(ALPHABET, min_size=1, max_size=12).map("".join).map(str.strip).filter(bool)
"""Canonical text: stripped and not empty (what the reader produces); may look like a blank marker."""


@st.composite
def frames(draw, instrument):
    n = draw(st.integers(min_value=1, max_value=6))
    data: dict[str, object] = {}
    ids = draw(st.lists(TEXT, min_size=n, max_size=n, unique=True))
    for name in schema.background_columns(instrument):
        data[name] = pd.Series(draw(st.lists(st.none() | TEXT, min_size=n, max_size=n)), dtype="string")
    data[schema.ID_COLUMN] = pd.Series(ids, dtype="string")
    for spec in instrument.columns():
        if spec.is_text:
            data[spec.name] = pd.Series(draw(st.lists(st.none() | TEXT, min_size=n, max_size=n)), dtype="string")
        else:
            choices = [np.nan, *map(float, spec.scale.codes)]
            if spec.scale.dont_know:
                choices.append(schema.DONT_KNOW)
            data[spec.name] = np.array(draw(st.lists(st.sampled_from(choices), min_size=n, max_size=n)))
    return schema.conform(pd.DataFrame(data), instrument)


def _round_trip(frame: pd.DataFrame, instrument, suffix: str) -> None:
    # A fresh folder per example (hypothesis reuses one tmp_path for all examples).
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"svar{suffix}"
        write_responses(frame, path, instrument)
        pd.testing.assert_frame_equal(read_responses(path, instrument).frame, frame)


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(frames(VIVE))
def test_csv_identity(frame):
    _round_trip(frame, VIVE, ".csv")


@SETTINGS
@given(frames(VIVE))
def test_xlsx_identity(frame):
    _round_trip(frame, VIVE, ".xlsx")


@SETTINGS
@given(frames(VIVE))
def test_sav_identity(frame):
    _round_trip(frame, VIVE, ".sav")


@SETTINGS
@given(frames(VIVE))
def test_dta_identity(frame):
    _round_trip(frame, VIVE, ".dta")


@SETTINGS
@given(frames(SMALL), st.sampled_from([".csv", ".xlsx", ".sav", ".dta"]))
def test_identity_other_scales(frame, suffix):
    _round_trip(frame, SMALL, suffix)
