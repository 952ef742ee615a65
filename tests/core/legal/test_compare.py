"""The comparison group's pooled rate against a plain loop."""

from __future__ import annotations

import pytest

from frisat.core.legal.compare import trend
from frisat.core.legal.rates import compute_rates
from tests.core.legal.helpers import random_table


def test_group_rate_pools_the_other_municipalities():
    rates = compute_rates(random_table(7, kommuner=5)).rates
    table = trend(rates, "K0", ["K0", "K1", "K2"])
    for row in table.itertuples(index=False):
        group = [r for r in rates.itertuples(index=False)
                 if r.kommune in ("K1", "K2") and r.lovomraade == row.lovomraade and r.aar == row.aar]
        expected = sum(r.omgjort for r in group) / sum(r.realitetsbehandlede for r in group)
        assert row.group_rate == pytest.approx(expected)
    assert set(table["lovomraade"]) == set(rates.loc[rates["kommune"] == "K0", "lovomraade"])
    assert trend(rates, "K0", [])["group_rate"].isna().all()
