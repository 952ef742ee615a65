"""``frisat analyze --min-n``: the combination audit of frisat.core.disclosure applies to its groups."""

from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from frisat.cli.main import app
from frisat.core.instrument import get_instrument
from tests.core.helpers import random_frame

runner = CliRunner()


def data(layout: list[tuple[str, str, int]]) -> pd.DataFrame:
    """A canonical frame with (maaling, omraade, n) blocks of respondents."""
    total = sum(n for _w, _o, n in layout)
    frame = random_frame(get_instrument(), total, seed=5, dont_know=0.0)
    frame["omraade"] = [o for _w, o, n in layout for _ in range(n)]
    frame["maaling"] = [w for w, _o, n in layout for _ in range(n)]
    return frame


def test_a_group_whose_numbers_with_the_others_reveal_a_small_group_is_blanked(tmp_path):
    # skole 10, dagtilbud 12, aeldre 3: aeldre is below k, and with the total written too (report,
    # overview) showing both others would give aeldre's 3 as total − skole − dagtilbud
    path = tmp_path / "data.csv"
    data([("1", "skole", 10), ("1", "dagtilbud", 12), ("1", "aeldre", 3)]).to_csv(path, index=False)
    out = tmp_path / "res"
    result = runner.invoke(app, ["analyze", str(path), "--by", "omraade", "--min-n", "5", "--out", str(out),
                                 "--no-pdf", "--no-extended"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summary = pd.read_csv(out / "summary.csv")
    shown = set(summary.loc[summary["n"].notna(), "omraade"])
    # the results pages' rule (frisat.core.results.compute): the larger area first; skole would reveal
    # aeldre, so both are merged into «Øvrige (samlet)» (13 respondents) instead of shown on their own
    assert shown == {"dagtilbud", "Øvrige (samlet)"}
    assert not {"skole", "aeldre"} & set(summary["omraade"])
    assert "2 grupper kan ikke vises for sig" in result.output and "aeldre, skole" in result.output


def test_without_a_combination_leak_nothing_changes(tmp_path):
    path = tmp_path / "data.csv"
    data([("1", "skole", 10), ("1", "dagtilbud", 12), ("1", "aeldre", 7)]).to_csv(path, index=False)
    out = tmp_path / "res"
    result = runner.invoke(app, ["analyze", str(path), "--by", "omraade", "--out", str(out), "--no-pdf",
                                 "--no-extended"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summary = pd.read_csv(out / "summary.csv")
    assert summary["n"].notna().all() and "vises ikke" not in result.output
