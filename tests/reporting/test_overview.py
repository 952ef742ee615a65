"""The political overview's view models (frisat.reporting.overview)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from frisat.reporting.codes import QUADRANT_LABELS
from frisat.reporting.overview import barometer_table, legal_table, register_table


def _summary(rows):
    return pd.DataFrame(rows, columns=["omraade", "spor", "quadrant_absolute", "suppressed"])


def test_barometer_change_and_hidden_cells():
    first = _summary([("Skole", "regler", "fokus", False), ("Ældre", "regler", "fokus", False),
                      ("Dagtilbud", "regler", None, True)])
    second = _summary([("Skole", "regler", "fokus", False), ("Ældre", "regler", "fortsaet", False),
                       ("Dagtilbud", "regler", None, True)])
    table = barometer_table([("Måling 1", first), ("Måling 2", second), ("Måling 3", None)], {"regler": "Regler"})
    rows = {r[0]: r for r in table.rows}
    assert table.headers == ["Område", "Spor", "Måling 1", "Måling 2", "Måling 3", "Ændring"]
    # the refused third round shows nothing, so no change can be claimed
    assert rows["Skole"][2:] == [QUADRANT_LABELS["fokus"], QUADRANT_LABELS["fokus"], "–", "–"]
    two = barometer_table([("A", first), ("B", second)], {"regler": "Regler"})
    rows = {r[0]: r for r in two.rows}
    assert rows["Skole"][-1] == "uændret" and rows["Ældre"][-1] == "flyttet"
    assert rows["Dagtilbud"][2].startswith("skjult") and rows["Dagtilbud"][-1] == "–"
    assert [r[0] for r in two.rows] == ["Dagtilbud", "Skole", "Ældre"]


def test_register_and_legal_tables():
    burden = pd.DataFrame({"aar": [2025, 2026], "omraade": ["Skole", ""], "activities": [3, 1],
                           "hours_freed": [1000.0, 12.0], "fjernes": [2, 0], "krav_fjernet": [1, 4]})
    table = register_table(burden, removed=2, requirements=9)
    assert table.rows == [["2025", "Skole", "3", "2", "1", "1 000"], ["2026", "Uden område", "1", "0", "4", "12"]]
    assert "2 af 9" in table.caption
    trend = pd.DataFrame({"lovomraade": ["*", "*", "X"], "aar": [2023, 2022, 2023], "realitetsbehandlede": [50, 40, 9],
                          "rate": [0.3, 0.25, 0.1], "ci_low": [0.2, 0.1, 0.0], "ci_high": [0.4, 0.4, 0.5],
                          "national_rate": [0.31, 0.3, np.nan], "funnel_position": ["inden", "under", "inden"]})
    rows = legal_table(trend, "*").rows
    assert [r[0] for r in rows] == ["2022", "2023"] and rows[1][2] == "30,0 %" and rows[0][5] == "under tragten"
    assert legal_table(None, "*").rows == []
