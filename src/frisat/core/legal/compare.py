"""A municipality beside the national level and a comparison group (a user-defined list)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from frisat.core.legal import schema as s


def pooled(counts: pd.DataFrame, kommuner: list[str]) -> pd.DataFrame:
    """Pooled rate (Σ omgjort / Σ realitetsbehandlede) of ``kommuner`` per law area and year."""
    group = counts[counts[s.KOMMUNE].isin(kommuner)]
    out = group.groupby([s.LOVOMRAADE, s.AAR], as_index=False)[["realitetsbehandlede", "omgjort"]].sum()
    n = out["realitetsbehandlede"].to_numpy()
    out["group_rate"] = np.where(n > 0, out["omgjort"] / np.where(n > 0, n, 1), np.nan)
    return out


def trend(rates: pd.DataFrame, kommune: str, group: list[str]) -> pd.DataFrame:
    """Per law area and year: the municipality's rate and interval, the national rate, the group's rate.

    The group excludes the municipality itself. ``group_rate`` is NaN when the group is empty.
    """
    own = rates[rates[s.KOMMUNE] == kommune]
    others = [k for k in group if k != kommune]
    columns = [s.LOVOMRAADE, s.AAR, "realitetsbehandlede", "omgjort", "rate", "ci_low", "ci_high",
               "national_rate", "funnel_position", "few_cases"]
    out = own[columns].copy()
    if others:
        comparison = pooled(rates, others)[[s.LOVOMRAADE, s.AAR, "group_rate"]]
        out = out.merge(comparison, on=[s.LOVOMRAADE, s.AAR], how="left")
    else:
        out["group_rate"] = np.nan
    return out.sort_values([s.LOVOMRAADE, s.AAR], ignore_index=True)
