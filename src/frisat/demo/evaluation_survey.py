"""Synthetic staff survey in two waves for the demo evaluation — invented answers, never real ones.

:func:`generate_evaluation_survey` returns a canonical DataFrame for the built-in instrument
``evaluering-medarbejdere``: all social workers of one kommune's family area, asked twice (the
article behind seed 000 had 42 answers in 2019 and 45 in 2020). The shares are shaped so that
the article's figures are roughly visible in the last wave — about 67 % spend «mindre» or «meget
mindre tid» on documentation and registration and 18 % the same, about 60 % more time with the
child and 74 % with the family, over 90 % agree they are motivated, 45 % that there is enough
time — and the first wave lies on the way there.

Each answer distribution is laid out exactly (shares × n, rounded by the largest remainder) and
then shuffled with the seed, so the shares do not wander with the seed and every run with the
same seed gives the same rows. Respondent ids start with ``DEMO-EVAL-``; ``frame.attrs["demo"]``
holds :data:`frisat.demo.synthetic.DEMO_NOTE`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from frisat.core import schema
from frisat.core.instrument import get_instrument
from frisat.demo.synthetic import DEMO_NOTE

INSTRUMENT_ID = "evaluering-medarbejdere"
DEFAULT_WAVES: tuple[str, ...] = ("2019", "2020")
DEFAULT_RESPONDENTS: tuple[int, ...] = (42, 45)
UNITS: tuple[str, ...] = ("Team Nord", "Team Syd", "Team Vest")
DK = "dk"
"""Key of the «ved ikke» answer in the distributions below."""

# Shares of the answers per item, first wave → last wave (codes 1–5 of the item's scale, DK, blank).
# The last wave follows the article's figures where it reports one; the rest is invented.
DISTRIBUTIONS: Mapping[str, tuple[Mapping[object, float], Mapping[object, float]]] = {
    "tid_dokumentation": ({1: 0.12, 2: 0.33, 3: 0.35, 4: 0.12, 5: 0.03, DK: 0.05},
                          {1: 0.22, 2: 0.45, 3: 0.18, 4: 0.08, 5: 0.02, DK: 0.05}),
    "tid_borger": ({1: 0.02, 2: 0.08, 3: 0.45, 4: 0.33, 5: 0.10, DK: 0.02},
                   {1: 0.02, 2: 0.05, 3: 0.31, 4: 0.42, 5: 0.18, DK: 0.02}),
    "tid_familie": ({1: 0.02, 2: 0.06, 3: 0.40, 4: 0.38, 5: 0.12, DK: 0.02},
                    {1: 0.0, 2: 0.04, 3: 0.20, 4: 0.50, 5: 0.24, DK: 0.02}),
    "motivation_egen": ({1: 0.0, 2: 0.02, 3: 0.05, 4: 0.33, 5: 0.60},
                        {1: 0.0, 2: 0.02, 3: 0.04, 4: 0.30, 5: 0.64}),
    "motivation_kolleger": ({1: 0.0, 2: 0.02, 3: 0.06, 4: 0.40, 5: 0.50, DK: 0.02},
                            {1: 0.0, 2: 0.02, 3: 0.05, 4: 0.38, 5: 0.53, DK: 0.02}),
    "motivation_tid": ({1: 0.12, 2: 0.25, 3: 0.20, 4: 0.33, 5: 0.10},
                       {1: 0.10, 2: 0.22, 3: 0.23, 4: 0.33, 5: 0.12}),
    "udvikling_borger": ({1: 0.02, 2: 0.08, 3: 0.25, 4: 0.45, 5: 0.17, DK: 0.03},
                         {1: 0.0, 2: 0.05, 3: 0.18, 4: 0.50, 5: 0.25, DK: 0.02}),
    "udvikling_skoen": ({1: 0.03, 2: 0.12, 3: 0.35, 4: 0.35, 5: 0.15},
                        {1: 0.02, 2: 0.08, 3: 0.25, 4: 0.42, 5: 0.23}),
    "ledelse_droefter": ({1: 0.02, 2: 0.03, 3: 0.07, 4: 0.55, 5: 0.33},
                         {1: 0.02, 2: 0.03, 3: 0.05, 4: 0.52, 5: 0.38}),
    "ledelse_retning": ({1: 0.03, 2: 0.07, 3: 0.15, 4: 0.45, 5: 0.28, DK: 0.02},
                        {1: 0.02, 2: 0.05, 3: 0.13, 4: 0.45, 5: 0.33, DK: 0.02}),
    "ledelse_ryg": ({1: 0.02, 2: 0.05, 3: 0.13, 4: 0.45, 5: 0.33, DK: 0.02},
                    {1: 0.02, 2: 0.04, 3: 0.10, 4: 0.44, 5: 0.38, DK: 0.02}),
    "om_hele": ({1: 0.80, 0: 0.20}, {1: 0.85, 0: 0.15}),
}
BLANK_SHARE = 0.02
"""About this share of every item is left blank (largest remainder, so often none at n ≈ 45)."""


def _layout(rng: np.random.Generator, shares: Mapping[object, float], n: int) -> np.ndarray:
    """``n`` answers with exactly the given shares (largest remainder), shuffled; NaN for blank."""
    keys = [*shares, None]
    weights = np.array([*shares.values(), BLANK_SHARE], dtype=float)
    weights /= weights.sum()
    raw = weights * n
    counts = np.floor(raw).astype(int)
    counts[np.argsort(-(raw - counts), kind="stable")[: n - counts.sum()]] += 1
    values = []
    for key, count in zip(keys, counts, strict=True):
        code = np.nan if key is None else (schema.DONT_KNOW if key == DK else float(key))
        values += [code] * int(count)
    out = np.array(values, dtype=np.float64)
    rng.shuffle(out)
    return out


def generate_evaluation_survey(*, seed: int = 14, kommune: str = "Demokommune",
                               waves: Sequence[str] = DEFAULT_WAVES,
                               respondents: Sequence[int] = DEFAULT_RESPONDENTS) -> pd.DataFrame:
    """The synthetic staff survey (canonical format, ``evaluering-medarbejdere``), one row per answer.

    With more than two waves the distributions are interpolated between the first and the last.
    """
    if len(waves) < 2 or len(waves) != len(respondents):
        raise ValueError("waves and respondents must have the same length, at least two")
    if any(n < 1 for n in respondents):
        raise ValueError("every wave needs at least one respondent")
    instrument = get_instrument(INSTRUMENT_ID)
    rng = np.random.default_rng(seed)
    parts = []
    for position, (wave, n) in enumerate(zip(waves, respondents, strict=True)):
        weight = position / (len(waves) - 1)
        data: dict[str, object] = {
            "respondent_id": [f"DEMO-EVAL-{wave}-{i + 1:03d}" for i in range(n)],
            "kommune": kommune, "omraade": "familie", "gruppe": "medarbejder", "maaling": str(wave),
            "enhed": [UNITS[i % len(UNITS)] for i in rng.permutation(n)],
        }
        for column, (first, last) in DISTRIBUTIONS.items():
            keys = dict.fromkeys([*first, *last])
            shares = {key: (1 - weight) * first.get(key, 0.0) + weight * last.get(key, 0.0) for key in keys}
            data[column] = _layout(rng, shares, n)
        years = np.clip(np.round(rng.gamma(2.2, 5.0, n)), 0, 45)
        years[rng.random(n) < BLANK_SHARE] = np.nan
        data["om_aar"] = years
        parts.append(pd.DataFrame(data))
    frame = pd.concat(parts, ignore_index=True)
    for column in schema.background_columns(instrument):
        if column in frame:
            frame[column] = frame[column].astype("string")
    frame = schema.conform(frame, instrument)
    frame.attrs["demo"] = DEMO_NOTE
    return frame
