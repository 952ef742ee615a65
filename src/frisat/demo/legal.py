"""Synthetic appeal statistics shaped like Ankestyrelsen's talportal export — clearly labelled synthetic.

All 98 municipalities × law areas × years × quarters, with the talportal's columns. Levels follow
what seed 003 reports ("omkring 30 procent"; municipalities "omkring 20 procent" to "op mod 60
procent"; "halvdelen af alle klagesager om børnehandicap i 2022 omgjort", voksenhandicap "37
procent"): a municipality effect and a municipality-year effect on the logit scale around each law
area's level. Børnehandicap also has paragraph rows (§ 41 and § 42) that sum to its law row.
Deterministic: the same seed gives the same rows. These are NOT Ankestyrelsen's figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from frisat.demo.names import KOMMUNER

LEGAL_DEMO_NOTE = ("SYNTETISKE DEMODATA formet som Ankestyrelsens talportal — ikke Ankestyrelsens tal. "
                   "Lavet af «frisat legal demo-data».")
LEGAL_DEMO_SOURCE = "Syntetiske demodata (frisat legal demo-data) — ikke Ankestyrelsens tal"

AREAS: dict[str, tuple[float, float]] = {
    "Børnehandicap": (0.50, 0.10),
    "Voksenhandicap": (0.37, 0.14),
    "Børn og unge": (0.30, 0.12),
    "Beskæftigelse": (0.25, 0.34),
    "Kontanthjælp": (0.27, 0.30),
}
"""Law area → (national level of the rate, share of a municipality's appeals)."""

SMALL = {"Læsø": 0.04, "Fanø": 0.06, "Samsø": 0.06, "Ærø": 0.08}
"""Island municipalities with very few appeals (so the few-cases rule has something to do)."""

COLUMNS = ("Instans", "Sagsemne", "Aar", "Kvartal", "Antal_sager_ialt", "Afvisning.Henvisning",
           "Stadfæstelse", "Ændring.Ophævelse", "Hjemvisning", "Sagsbehandlingstid")


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def generate_covariates(first_year: int = 2014, last_year: int = 2024, seed: int = 2024) -> pd.DataFrame:
    """Synthetic covariates per municipality and year for ``frisat legal explain``: last year's budget overrun
    (1,000 kr. per inhabitant) and a socio-economic index around 1 (both made up, deterministic)."""
    rng = np.random.default_rng(seed + 1)
    rows = []
    for kommune in KOMMUNER:
        base_index = rng.normal(1.0, 0.2)
        for year in range(first_year, last_year + 2):
            rows.append((kommune, year, round(float(rng.normal(0.1, 1.0)), 3),
                         round(float(base_index + rng.normal(0, 0.03)), 3)))
    return pd.DataFrame(rows, columns=["kommune", "aar", "budgetoverskridelse_forrige_aar", "socioekonomisk_indeks"])


OVERRUN_EFFECT = 0.09
"""Logit change of the rate per 1,000 kr. of last year's overrun (seed 003 finds higher rates after overruns)."""


def generate_talportal(first_year: int = 2014, last_year: int = 2024, seed: int = 2024) -> pd.DataFrame:
    """Talportal-shaped rows (see module doc) for ``first_year`` Q1 … ``last_year`` Q4 and Q1 of the year after."""
    covariates = generate_covariates(first_year, last_year, seed).set_index(["kommune", "aar"])
    overrun = covariates["budgetoverskridelse_forrige_aar"]
    rng = np.random.default_rng(seed)
    n_k = len(KOMMUNER)
    size = rng.lognormal(np.log(180), 0.7, n_k)
    for i, name in enumerate(KOMMUNER):
        size[i] = size[i] * SMALL[name] if name in SMALL else size[i]
    kommune_effect = rng.normal(0, 0.33, n_k)
    quarters = [(y, q) for y in range(first_year, last_year + 1) for q in (1, 2, 3, 4)] + [(last_year + 1, 1)]
    rows: list[tuple] = []
    for i, kommune in enumerate(KOMMUNER):
        year_effect = {y: rng.normal(0, 0.12) + OVERRUN_EFFECT * overrun[(kommune, y)]
                       for y in range(first_year, last_year + 2)}
        for year, quarter in quarters:
            for area, (level, share) in AREAS.items():
                p = 1 / (1 + np.exp(-(_logit(level) + kommune_effect[i] + year_effect[year])))
                total = int(rng.poisson(size[i] * share / 4))
                refused = int(rng.binomial(total, 0.08))
                reversed_ = int(rng.binomial(total - refused, p))
                returned = int(rng.binomial(reversed_, 0.6))
                changed = reversed_ - returned
                upheld = total - refused - reversed_
                weeks = round(max(2.0, float(rng.normal(22, 5))), 1) if total else None
                counts = (total, refused, upheld, changed, returned)
                if area == "Børnehandicap":
                    rows.extend(_paragraphs(rng, kommune, area, year, quarter, counts, weeks))
                rows.append((kommune, area, year, quarter, *counts, weeks))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _paragraphs(rng: np.random.Generator, kommune: str, area: str, year: int, quarter: int,
                counts: tuple[int, ...], weeks: float | None) -> list[tuple]:
    """Split a law row's counts over § 41 and § 42 (multivariate hypergeometric, so they sum exactly)."""
    total, *parts = counts
    first = int(rng.binomial(total, 0.4))
    split = rng.multivariate_hypergeometric(np.array(parts, dtype=np.int64), first) if total else np.zeros(4, int)
    rest = np.array(parts) - split
    return [(kommune, f"{area} § 41", year, quarter, first, *map(int, split), weeks),
            (kommune, f"{area} § 42", year, quarter, total - first, *map(int, rest), weeks)]
