"""analyze_with_extended: the main and the extended analysis side by side give exactly the results
of the two calls one after the other — also when groups are suppressed — and the same errors."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.core.errors import FrisatError
from frisat.core.extended import ExtendedConfig, blank_hidden, extended_analysis, visible_frame
from frisat.core.full_analysis import analyze_with_extended
from frisat.core.instrument import get_instrument
from frisat.demo import generate_responses

INST = get_instrument()
POINTS = get_instrument("vive-frisaettelse-point")


def assert_same(left, right) -> None:
    """Every field of two result dataclasses is equal; tables exactly (bit for bit)."""
    for field in dataclasses.fields(left):
        a, b = getattr(left, field.name), getattr(right, field.name)
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b, check_exact=True)
        elif dataclasses.is_dataclass(a) and not isinstance(a, type):
            assert_same(a, b)
        else:
            assert a == b, field.name


@pytest.mark.parametrize(("inst", "by", "kwargs"), [
    (POINTS, ["omraade"], {"respondents": 900, "kommuner": 2, "waves": 2}),
    (INST, ["gruppe", "enhed"], {"respondents": 600, "kommuner": 1, "waves": 2}),  # many groups below 5
    (INST, [], {}),  # the pilot's shape, everybody one group
])
def test_side_by_side_equals_one_after_the_other(inst, by, kwargs):
    frame = generate_responses(inst, seed=11, **kwargs)
    config = AnalysisConfig(min_n=5)
    result, extended = analyze_with_extended(frame, inst, by, config, ExtendedConfig())
    expected = analyze(frame, inst, by=by, config=config)
    assert_same(result, expected)
    assert_same(extended, extended_analysis(frame, inst, expected, ExtendedConfig()))
    if by == ["gruppe", "enhed"]:
        assert expected.summary["suppressed"].any() and not expected.summary["suppressed"].all()


def test_switched_off_gives_the_main_analysis_and_an_empty_extended_result():
    frame = generate_responses(INST, seed=2)
    result, extended = analyze_with_extended(frame, INST, ["omraade"], extended=ExtendedConfig(enabled=False))
    assert_same(result, analyze(frame, INST, by=["omraade"]))
    assert not extended.enabled and extended.tables() == {} and extended.by == ("omraade",)


def test_errors_are_those_of_analyze_first_then_of_the_extended_analysis():
    frame = generate_responses(INST, seed=2)
    with pytest.raises(FrisatError, match="Kan ikke gruppere efter «respondent_id»"):
        analyze_with_extended(frame, INST, ["respondent_id"], extended=ExtendedConfig(reference="ingen"))
    with pytest.raises(FrisatError, match="Der er ingen besvarelser"):
        analyze_with_extended(frame.iloc[:0], INST, ["omraade"])
    with pytest.raises(FrisatError, match="Referencegruppen «ingen» findes ikke"):
        analyze_with_extended(frame, INST, ["omraade"], extended=ExtendedConfig(reference="ingen"))


def test_blank_hidden_blanks_exactly_the_hidden_rows_of_each_spor_and_their_points():
    frame = generate_responses(POINTS, respondents=200, kommuner=1, seed=4)
    hidden = {s.id: np.zeros(len(frame), dtype=bool) for s in POINTS.spor}
    assert blank_hidden(frame, POINTS, hidden) is frame  # nobody hidden: the frame itself
    hidden["regler"][[0, 5]] = True
    hidden["maal"][7] = True
    out = blank_hidden(frame, POINTS, hidden)
    regler = POINTS.item_columns("regler", "impl") + POINTS.item_columns("regler", "vigt")
    assert out.loc[[0, 5], regler].isna().all().all()
    assert out.loc[7, POINTS.item_columns("maal", "vigt")].isna().all()
    assert out.loc[[0, 5, 7], POINTS.allocation_columns()].isna().all().all()
    untouched = [i for i in range(len(frame)) if i not in (0, 5, 7)]
    pd.testing.assert_frame_equal(out.iloc[untouched], frame.iloc[untouched])
    pd.testing.assert_frame_equal(frame, generate_responses(POINTS, respondents=200, kommuner=1, seed=4))


def test_visible_frame_from_the_group_sizes_equals_the_one_from_the_main_analysis():
    frame = generate_responses(INST, respondents=600, kommuner=1, seed=8)
    result = analyze(frame, INST, by=["gruppe", "enhed"])
    hidden = {}
    for spor in result.spor:
        rows = result.respondents[result.respondents["spor"] == spor]
        hidden[spor] = rows["suppressed"].to_numpy(dtype=bool)
    assert any(mask.any() for mask in hidden.values())
    pd.testing.assert_frame_equal(blank_hidden(frame, INST, hidden), visible_frame(result, frame))
