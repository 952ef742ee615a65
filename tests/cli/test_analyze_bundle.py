"""``frisat analyze`` computes once (frisat.core.results.compute) and applies the results pages' rules."""

from __future__ import annotations

from itertools import count

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from frisat.cli.main import app
from frisat.core.instrument import get_instrument
from frisat.demo import generate_responses
from frisat.io import write_responses
from tests.core.call_spy import Spy

runner = CliRunner()
INST = get_instrument()


def test_frisat_analyze_computes_each_table_once(tmp_path, monkeypatch):
    path = tmp_path / "data.csv"
    write_responses(generate_responses(INST, respondents=500, seed=4, waves=2), path, INST)
    spy = Spy(monkeypatch)
    result = runner.invoke(app, ["analyze", str(path), "--by", "omraade", "--out", str(tmp_path / "res"),
                                 "--no-pdf"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    spy.assert_once()
    assert (tmp_path / "res" / "group_differences.csv").exists()


# -- the CLI shows no group the results page hides ---------------------------------------------------

AREAS = {"skole": ("Skole A", "Skole B"), "dagtilbud": ("Vuggestue", "Børnehave")}
ROUNDS = count(1)
CELLS = [(area, unit, group) for area, units in AREAS.items() for unit in units
         for group in ("leder", "medarbejder")]


def shown_groups(summary: pd.DataFrame, column: str | None) -> set[str]:
    rows = summary[~summary["suppressed"].astype(bool)]
    return set(rows[column].astype(str)) if column else ({"alle"} if len(rows) else set())


@pytest.mark.django_db
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sizes=st.lists(st.integers(0, 9), min_size=len(CELLS), max_size=len(CELLS)),
       grouping=st.sampled_from(["", "omraade", "gruppe"]), k=st.sampled_from([3, 5]))
def test_the_cli_never_shows_a_group_the_results_page_hides(tmp_path_factory, sizes, grouping, k):
    from frisat.web.organisations.models import Area, Municipality, Unit
    from frisat.web.results.pipeline import Choices, prepare
    from frisat.web.rounds.selectors import responses_frame
    from tests.web.helpers import make_round
    from tests.web.results.helpers import add_responses

    municipality, _ = Municipality.objects.get_or_create(name="Lige")
    round = make_round(municipality, min_n=k, name=f"Runde {next(ROUNDS)}")
    rng = np.random.default_rng(sum(sizes))
    for (area, unit, group), n in zip(CELLS, sizes, strict=True):
        area, _ = Area.objects.get_or_create(municipality=municipality, name=area)
        unit, _ = Unit.objects.get_or_create(area=area, name=unit)
        if n:
            add_responses(round, unit, group, n, rng)
    bundle = prepare(Choices(rounds=[round], group_by=grouping)).bundle

    folder = tmp_path_factory.mktemp("cli")
    responses_frame([round], INST).to_csv(folder / "data.csv", index=False)
    args = ["analyze", str(folder / "data.csv"), "--min-n", str(k), "--out", str(folder / "res"), "--no-pdf",
            "--no-extended", *(["--by", grouping] if grouping else [])]
    result = runner.invoke(app, args, catch_exceptions=False)
    if not bundle.allowed:  # the page refuses the subset: the CLI writes nothing either
        assert result.exit_code != 0 and not (folder / "res" / "summary.csv").exists()
        return
    assert result.exit_code == 0, result.output
    cli = pd.read_csv(folder / "res" / "summary.csv", dtype={grouping: str} if grouping else None)
    page = bundle.analysis.summary
    assert shown_groups(cli, grouping or None) <= shown_groups(page, grouping or None)
    if grouping:
        hidden = set(bundle.disclosure.merged)
        assert not hidden & set(cli[grouping].astype(str))
