"""Synthetic case registrations for the built-in scheme ``boernesager-frikommune`` — invented, never real.

Shaped after seed 000: 75 cases before the trial, 75 one year in and 87 two years in, and the mean
number of days from decision to intervention falling «fra 34 til 22 dage» (the target means are 34,
28 and 22). Every case number starts with
``DEMO-`` and :data:`DEMO_NOTE` says, in Danish, that the data are synthetic.

Model per case: inquiry date uniform in the period's half year; days to decision ~ 1 + Poisson(10);
days from decision to intervention ~ Gamma(shape 4, mean − 1) + 1, rounded and shifted by a
whole number of days so the period's mean is within a day of the target (about 5 % have no
intervention yet); changes of intervention ~ Poisson(1.6, 1.2, 0.9); contacts by type ~ Poisson
with more meetings and home visits in the later periods.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

DEMO_NOTE = "Syntetiske demodata — opfundne sager, ikke rigtige registreringer."
PERIODS = (("foer", 75, dt.date(2018, 3, 1), 34.0, 1.6, 2.0),
           ("aar1", 75, dt.date(2019, 3, 1), 28.0, 1.2, 3.0),
           ("aar2", 87, dt.date(2020, 3, 1), 22.0, 0.9, 4.0))
"""(period code, cases, first inquiry date, mean days decision → intervention, mean changes, mean meetings)."""
KOMMUNER = ("Demo Kommune Nord", "Demo Kommune Syd")


def _fmt(day: dt.date | None) -> str:
    return "" if day is None else day.strftime("%d-%m-%Y")


def generate_cases(seed: int = 34) -> pd.DataFrame:
    """Registrations as they would be typed into a file (dates as dd-mm-åååå text), 237 rows."""
    rng = np.random.default_rng(seed)
    rows = []
    for code, count, start, mean_days, changes, meetings in PERIODS:
        delays = 1 + np.round(rng.gamma(4.0, (mean_days - 1) / 4.0, size=count))
        delays = np.clip(delays + round(mean_days - delays.mean()), 0, None).astype(int)
        for i in range(count):
            inquiry = start + dt.timedelta(days=int(rng.integers(0, 180)))
            decision = inquiry + dt.timedelta(days=1 + int(rng.poisson(10)))
            intervention = None if rng.random() < 0.05 else decision + dt.timedelta(days=int(delays[i]))
            rows.append({
                "sagsnummer": f"DEMO-{code.upper()}-{i + 1:03d}",
                "kommune": KOMMUNER[int(rng.integers(0, 2))],
                "periode": code,
                "henvendelse_dato": _fmt(inquiry),
                "beslutning_dato": _fmt(decision),
                "indsats_dato": _fmt(intervention),
                "antal_aendringer": int(rng.poisson(changes)),
                "kontakter_moede": int(rng.poisson(meetings)),
                "kontakter_hjemmebesoeg": int(rng.poisson(meetings / 2)),
                "kontakter_telefon": int(rng.poisson(5)),
                "kontakter_skriftlig": int(rng.poisson(4)),
            })
    return pd.DataFrame(rows)
