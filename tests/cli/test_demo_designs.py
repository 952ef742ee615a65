"""`frisat demo-data --design …` and the points allocation of the demo generator (issue 4)."""

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from frisat.cli.main import app
from frisat.core.design import detect_design
from frisat.core.instrument import get_instrument
from frisat.demo import generate_responses

runner = CliRunner()
INSTRUMENT = get_instrument()
POINTS = get_instrument("vive-frisaettelse-point")


def answered(frame: pd.DataFrame, dim: str) -> np.ndarray:
    columns = [c for s in INSTRUMENT.spor for c in INSTRUMENT.item_columns(s.id, dim)]
    return frame[columns].notna().to_numpy().any(axis=1)


def test_default_answers_do_not_change_with_the_new_options():
    base = generate_responses(INSTRUMENT, respondents=800, kommuner=2, seed=9, waves=2)
    split = generate_responses(INSTRUMENT, respondents=800, kommuner=2, seed=9, waves=2, design="halvdel")
    items = [c.name for c in INSTRUMENT.columns() if not c.is_text]
    kept = split[items].notna().to_numpy()
    assert np.array_equal(split[items].to_numpy()[kept], base[items].to_numpy()[kept])


def test_half_design_balances_both_dimensions_within_units():
    frame = generate_responses(INSTRUMENT, respondents=3000, kommuner=2, seed=4, waves=2, design="halvdel")
    impl, vigt = answered(frame, "impl"), answered(frame, "vigt")
    assert not (impl & vigt).any()
    cells = pd.DataFrame({"unit": frame["enhed"], "wave": frame["maaling"], "gruppe": frame["gruppe"],
                          "impl": impl, "vigt": vigt}).groupby(["unit", "wave", "gruppe"])[["impl", "vigt"]].sum()
    assert ((cells["impl"] - cells["vigt"]).abs() <= 1).all()  # alternating within unit × wave × group
    assert detect_design(frame, INSTRUMENT).design == "halvdel"


def test_group_design_gives_leaders_importance_and_employees_implementation():
    frame = generate_responses(INSTRUMENT, respondents=1000, seed=4, design="gruppe")
    impl, vigt = answered(frame, "impl"), answered(frame, "vigt")
    leader = (frame["gruppe"] == "leder").to_numpy()
    assert not impl[leader].any() and vigt[leader].all()
    assert not vigt[~leader].any() and impl[~leader].all()
    report = detect_design(frame, INSTRUMENT)
    assert report.design == "gruppe" and report.group_dimensions == {"leder": "vigt", "medarbejder": "impl"}


def test_points_sum_to_the_total_and_follow_stated_importance():
    frame = generate_responses(POINTS, respondents=4000, seed=2)
    points = frame[POINTS.allocation_columns()].to_numpy()
    given = ~np.isnan(points).any(axis=1)
    assert np.isnan(points[~given]).all()  # none or all five
    assert 0.85 < given.mean() < 0.99
    assert (points[given].sum(axis=1) == 100).all() and (points[given] % 5 == 0).all()
    assert points[given].min() >= 0
    # A respondent gives more points to the spor he rates more important than his own average.
    vigt = []
    for section in POINTS.spor:
        values = frame[POINTS.item_columns(section.id, "vigt")].to_numpy()[given]
        values = np.where(values < 0, np.nan, values)  # "ved ikke"
        vigt.append(np.nanmean(values, axis=1))
    vigt = np.column_stack(vigt)
    centred = vigt - vigt.mean(axis=1, keepdims=True)
    assert np.corrcoef(centred.ravel(), points[given].ravel())[0, 1] > 0.2


def test_half_design_leaves_points_to_those_asked_about_importance():
    frame = generate_responses(POINTS, respondents=600, seed=2, design="halvdel")
    points = frame[POINTS.allocation_columns()].notna().to_numpy().any(axis=1)
    impl_only = answered(frame, "impl") & ~answered(frame, "vigt")
    assert not points[impl_only].any() and points[~impl_only].any()


def test_cli_design_option(tmp_path):
    out = tmp_path / "d.csv"
    done = runner.invoke(app, ["demo-data", "--out", str(out), "--respondents", "300", "--waves", "2",
                               "--design", "gruppe"])
    assert done.exit_code == 0, done.output
    frame = pd.read_csv(out, dtype=str)
    assert set(frame["maaling"]) == {"1", "2"} and set(frame["gruppe"]) == {"leder", "medarbejder"}
    leaders = frame[frame["gruppe"] == "leder"]
    assert leaders["regler_impl_a"].isna().all()


@pytest.mark.parametrize("args,message", [(["--design", "tredjedel"], "Design skal være et af"),
                                          (["--design", "gruppe"], "kræver både ledere og medarbejdere")])
def test_cli_refuses_a_bad_design(tmp_path, args, message):
    out = tmp_path / "x.csv"
    done = runner.invoke(app, ["demo-data", "--out", str(out), *args])
    assert done.exit_code == 1 and message in done.output
    assert not out.exists()
