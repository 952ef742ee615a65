"""Fixtures for the reporting tests: small canonical data sets made with NumPy."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from frisat.core.analysis import AnalysisConfig, AnalysisResult, analyze
from frisat.core.instrument import Instrument, get_instrument
from frisat.core.schema import DONT_KNOW, canonical_columns
from frisat.reporting import write_outputs

SECRET = "HEMMELIG-KOMMENTAR-7f3a"
"""A comment written only by the respondents of the too-small group."""
HOSTILE = "<script>alert('x')</script> & «citat»"


def make_frame(
    instrument: Instrument,
    groups: Sequence[tuple[str, str, int]],
    seed: int = 1,
    comment_share: float = 0.5,
) -> pd.DataFrame:
    """Canonical data: ``groups`` holds (kommune, omraade, number of respondents)."""
    rng = np.random.default_rng(seed)
    kommune = np.concatenate([[k] * n for k, _, n in groups])
    omraade = np.concatenate([[o] * n for _, o, n in groups])
    total = len(kommune)
    data: dict[str, object] = {
        "respondent_id": [f"R{i:05d}" for i in range(total)],
        "kommune": kommune,
        "omraade": omraade,
        "enhed": ["enhed 1"] * total,
        "gruppe": np.where(rng.random(total) < 0.3, "leder", "medarbejder"),
        "maaling": ["1"] * total,
    }
    for section in instrument.spor:
        level_impl = rng.normal(6.5, 1.6, total)
        level_vigt = rng.normal(8.2, 1.0, total)
        for dim, level in (("impl", level_impl), ("vigt", level_vigt)):
            for column in instrument.item_columns(section.id, dim):
                values = np.clip(np.rint(level + rng.normal(0, 0.8, total)), 1, 10)
                draw = rng.random(total)
                values[draw < 0.04] = np.nan
                values[(draw >= 0.04) & (draw < 0.07)] = DONT_KNOW
                data[column] = values
        comments = np.where(rng.random(total) < comment_share,
                            [f"Kommentar om {section.id} nr. {i}" for i in range(total)], None)
        data[instrument.comment_column(section.id)] = comments
    frame = pd.DataFrame(data)
    for column in ("respondent_id", "kommune", "omraade", "enhed", "gruppe", "maaling",
                   *(instrument.comment_column(s.id) for s in instrument.spor)):
        frame[column] = frame[column].astype("string")
    return frame[canonical_columns(instrument)]


def pdf_page_count(data: bytes) -> int:
    """Pages in a PDF, also when its objects sit in compressed object streams."""
    chunks = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![s\w])", chunk)) for chunk in chunks)


@pytest.fixture(scope="session")
def instrument() -> Instrument:
    return get_instrument()


@pytest.fixture(scope="session")
def main_case(instrument: Instrument, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Two kommuner × three areas, one area with 7 respondents (small) and one group of 3
    respondents (below k = 5) whose members all wrote SECRET and HOSTILE comments."""
    groups = [("Aby", "dagtilbud", 14), ("Aby", "skole", 12), ("Aby", "aeldre", 7),
              ("Bby", "dagtilbud", 15), ("Bby", "skole", 11), ("Bby", "aeldre", 3)]
    frame = make_frame(instrument, groups, seed=4)
    secret_rows = (frame["kommune"] == "Bby") & (frame["omraade"] == "aeldre")
    frame.loc[secret_rows, "regler_kommentar"] = SECRET
    frame.loc[secret_rows, "regler_impl_a"] = 1.0
    frame.loc[frame.index[0], "maal_kommentar"] = HOSTILE
    frame.attrs["source"] = "testdata.csv"
    result = analyze(frame, instrument, by=["kommune", "omraade"], config=AnalysisConfig(min_n=5))
    out = tmp_path_factory.mktemp("hovedtilfaelde")
    messages: list[str] = []
    files = write_outputs(result, frame, out, progress=messages.append)
    return {"frame": frame, "result": result, "out": out, "files": files, "messages": messages}


def run_case(instrument: Instrument, out: Path, groups: Sequence[tuple[str, str, int]], by: Sequence[str],
             pdf: bool = False, min_n: int = 5, seed: int = 2,
             comment_share: float = 0.5) -> tuple[AnalysisResult, list[Path]]:
    frame = make_frame(instrument, groups, seed=seed, comment_share=comment_share)
    result = analyze(frame, instrument, by=list(by), config=AnalysisConfig(min_n=min_n))
    return result, write_outputs(result, frame, out, pdf=pdf)
