"""Random canonical appeal tables for the legal-quality tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from frisat.core.legal import schema as s


def random_table(seed: int, kommuner: int = 6, years: tuple[int, int] = (2019, 2022), areas: int = 2,
                 paragraphs: bool = False, scale: float = 8.0) -> pd.DataFrame:
    """All four quarters of every year (and Q1 of the year after), counts that add up."""
    rng = np.random.default_rng(seed)
    names = [f"K{i}" for i in range(kommuner)]
    rows = []
    quarters = [(y, q) for y in range(years[0], years[1] + 1) for q in (1, 2, 3, 4)] + [(years[1] + 1, 1)]
    for k in names:
        for y, q in quarters:
            for a in range(areas):
                parts = rng.poisson(scale * np.array([0.1, 0.6, 0.15, 0.15]) * rng.uniform(0.2, 2))
                rows.append((k, f"L{a}", "", y, q, int(parts.sum()), *map(int, parts), float(rng.uniform(5, 30))))
                if paragraphs and a == 0:
                    rows.append((k, f"L{a}", "§ 1", y, q, int(parts.sum()), *map(int, parts), np.nan))
    return pd.DataFrame(rows, columns=list(s.CANONICAL_COLUMNS)).astype(
        {s.AAR: "int64", s.KVARTAL: "int64", **{c: "int64" for c in s.COUNTS}})
