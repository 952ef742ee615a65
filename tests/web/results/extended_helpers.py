"""Independent computations for the extended sections' tests: plain pandas/NumPy/SciPy formulas,
never frisat.core's own functions, so a wrong number on the page cannot agree by construction."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from django.urls import reverse
from scipy import stats

from frisat.web.rounds import services
from frisat.web.rounds.selectors import responses_frame

from .helpers import fill_round

SECTION_IDS = ("usikkerhed", "afledt-vigtighed", "relativ-vigtighed", "point", "grupper", "boelger", "design",
               "opfoelgning", "eftersyn")
"""The anchors of the extended sections, in page order."""


def url(round) -> str:
    return reverse("results:detail", args=[round.pk])


def sections(html: str) -> list[str]:
    """The extended sections on the page (by anchor), in order."""
    found = re.findall(r'<section class="extended-section" aria-labelledby="([^"]+)">', html)
    return [s for s in found if s in SECTION_IDS]


def toc(html: str) -> list[str]:
    block = html[html.index('<nav class="toc"'):]
    block = block[:block.index("</nav>")]
    return re.findall(r'href="#([^"]+)"', block)


def section_html(html: str, anchor: str) -> str:
    start = html.index(f'<section class="extended-section" aria-labelledby="{anchor}">')
    return html[start:html.index("</section>", start)]


def second_wave(first, seed: int = 7, shift: int = 2):
    wave = services.next_wave(first, name=first.name, opens_at=first.opens_at, closes_at=first.closes_at, wave="2")
    fill_round(wave, seed=seed, shift=shift)
    return wave


def frame_of(rounds) -> pd.DataFrame:
    return responses_frame(list(rounds))


def index(frame: pd.DataFrame, spor: str, dim: str) -> pd.Series:
    """A respondent's index: the mean of the answered indicators a–d when at least 3 are answered."""
    values = frame[[f"{spor}_{dim}_{x}" for x in "abcd"]].astype(float)
    values = values.where(values >= 1)
    return values.mean(axis=1).where(values.notna().sum(axis=1) >= 3)


def t_interval(values: pd.Series, confidence: float = 0.95) -> tuple[float, float]:
    x = values.dropna().to_numpy(dtype=float)
    half = stats.t.ppf((1 + confidence) / 2, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
    return x.mean() - half, x.mean() + half


def welch(group: pd.Series, reference: pd.Series, confidence: float = 0.95) -> dict[str, float]:
    """Difference group − reference with Welch's interval (hand formula) and SciPy's p-value."""
    a, b = group.dropna().to_numpy(dtype=float), reference.dropna().to_numpy(dtype=float)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    half = stats.t.ppf((1 + confidence) / 2, df) * math.sqrt(va + vb)
    difference = a.mean() - b.mean()
    p = stats.ttest_ind(a, b, equal_var=False).pvalue
    return {"difference": difference, "low": difference - half, "high": difference + half, "p": p,
            "mean_group": a.mean(), "mean_reference": b.mean(), "n_group": len(a), "n_reference": len(b)}


def fmt(value: float, decimals: int = 2) -> str:
    return f"{value:.{decimals}f}".replace(".", ",").replace("-", "−")


def fmt_interval(low: float, high: float, decimals: int = 2) -> str:
    return f"{fmt(low, decimals)}–{fmt(high, decimals)}"


def row(table: list[list[str]], *keys: str) -> list[str]:
    """The one row whose first cells are ``keys``."""
    found = [r for r in table if r[:len(keys)] == list(keys)]
    assert len(found) == 1, (keys, table[:4])
    return found[0]


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(x, y)[0, 1])
