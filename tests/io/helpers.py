"""Helpers for the frisat.io tests: instruments, frames and small files built on the spot."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from frisat.core import schema
from frisat.core.errors import ValidationFailed
from frisat.core.instrument import Instrument, get_instrument, parse_instrument
from frisat.io import read_responses

VIVE = get_instrument("vive-frisaettelse")

SMALL_YAML = """
id: test-skema
title: Testskema
scales:
  enig:
    type: likert
    options:
      - {code: 1, label: Helt uenig}
      - {code: 2, label: Uenig}
      - {code: 3, label: Hverken eller}
      - {code: 4, label: Enig}
      - {code: 5, label: Helt enig}
  janej:
    type: yesno
  ti:
    type: numeric
    min: 0
    max: 10
    dont_know: Ved ikke
background: [respondent_id, kommune, region]
sections:
  - id: trivsel
    title: Trivsel
    questions:
      - number: "1"
        type: matrix
        scale: enig
        text: Hvor enig er du i følgende?
        items: {a: Jeg trives, b: Jeg har tid nok}
      - number: "2"
        type: single
        id: ferie
        scale: janej
        text: Har du holdt ferie?
      - number: "3"
        type: single
        id: score
        scale: ti
        text: Giv en samlet score
      - number: "4"
        type: text
        id: kommentar
        text: Skriv en kommentar
"""

SMALL = parse_instrument(SMALL_YAML, source="test-skema.yaml")


def write(path: Path, text: str | bytes, encoding: str = "utf-8") -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def refused(path: Path, instrument: Instrument = VIVE) -> ValidationFailed:
    """Read ``path`` and return the ValidationFailed it must raise."""
    with pytest.raises(ValidationFailed) as info:
        read_responses(path, instrument)
    return info.value


def messages(error: ValidationFailed) -> list[str]:
    return [str(p) for p in error.problems]


def random_frame(n: int, seed: int = 0, instrument: Instrument = VIVE) -> pd.DataFrame:
    """A valid canonical frame with blanks, "ved ikke", æøå, quotes and line breaks."""
    rng = np.random.default_rng(seed)
    data: dict[str, object] = {}
    for name in schema.background_columns(instrument):
        values = [f"{name} {i % 5} æøå" if rng.random() > 0.2 else None for i in range(n)]
        data[name] = pd.Series(values, dtype="string")
    data[schema.ID_COLUMN] = pd.Series([f"R{i:04d}" for i in range(n)], dtype="string")
    for spec in instrument.columns():
        if spec.is_text:
            texts = [None if rng.random() < 0.5 else f'Svar {i}: "godt", dårligt; Æblegrød\nLinje to'
                     for i in range(n)]
            data[spec.name] = pd.Series(texts, dtype="string")
            continue
        values = rng.choice(np.asarray(spec.scale.codes, dtype=float), size=n)
        values[rng.random(n) < 0.15] = np.nan
        if spec.scale.dont_know:
            values[rng.random(n) < 0.1] = schema.DONT_KNOW
        data[spec.name] = values
    return schema.conform(pd.DataFrame(data), instrument)
