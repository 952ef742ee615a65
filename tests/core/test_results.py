"""frisat.core.results.compute: one call, every table once, the disclosure rules applied, read only."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from frisat.core.analysis import AnalysisConfig
from frisat.core.disclosure_policy import WAVES_REFUSED, DisclosurePolicy
from frisat.core.extended import ExtendedConfig
from frisat.core.instrument import get_instrument
from frisat.core.results import compute
from frisat.demo import generate_responses
from tests.core.call_spy import Spy
from tests.core.helpers import random_frame

INST = get_instrument()


@pytest.fixture(scope="module")
def two_waves() -> pd.DataFrame:
    return generate_responses(INST, respondents=600, seed=3, waves=2)


@pytest.mark.parametrize("by", [(), ("omraade",), ("gruppe",), ("omraade", "gruppe")])
def test_each_table_is_computed_once_per_grouping(monkeypatch, two_waves, by):
    spy = Spy(monkeypatch)
    bundle = compute(two_waves, INST, by=by, config=AnalysisConfig(min_n=5), extended=ExtendedConfig(),
                     policy=DisclosurePolicy(k=5))
    assert bundle.allowed and bundle.analysis.by == by
    spy.assert_once()
    assert spy.analyses[by] == 1
    assert bundle.overview is not None and bundle.panels is not None and bundle.comments is not None
    if not by:
        assert bundle.overview is bundle.extended
    else:  # the comparison of respondent groups is over everybody shown, and reused by the overview
        assert bundle.overview.group_differences is bundle.extended.group_differences
        assert ("_compare", ()) in spy.tables and ("_compare", by) not in spy.tables


def test_the_panels_reuse_the_main_analysis_when_grouped_by_the_area(two_waves):
    bundle = compute(two_waves, INST, by=["omraade"], config=AnalysisConfig(min_n=5), extended=ExtendedConfig())
    assert bundle.panels.result is bundle.analysis


def test_the_bundle_is_read_only(two_waves):
    bundle = compute(two_waves, INST, by=["omraade"], config=AnalysisConfig(min_n=5), extended=ExtendedConfig(),
                     policy=DisclosurePolicy(k=5))
    with pytest.raises(dataclasses.FrozenInstanceError):
        bundle.analysis = None
    with pytest.raises(dataclasses.FrozenInstanceError):
        bundle.disclosure.allowed = False
    with pytest.raises(TypeError):
        bundle.disclosure.hidden["gruppe"] = ("x",)
    with pytest.raises(ValueError):
        bundle.disclosure.rows[0] = False
    with pytest.raises(TypeError):
        bundle.panels.excluded["regler"] = 1
    assert isinstance(bundle.disclosure.merged, tuple) and isinstance(bundle.panels.keys, tuple)


def layout_frame(layout: list[tuple[str, str, str, str, int]], seed: int = 1) -> pd.DataFrame:
    """(maaling, omraade, enhed, gruppe, n) blocks of random respondents."""
    total = sum(block[-1] for block in layout)
    frame = random_frame(INST, total, seed=seed, dont_know=0.0, missing=0.0)
    for i, column in enumerate(("maaling", "omraade", "enhed", "gruppe")):
        frame[column] = pd.array([block[i] for block in layout for _ in range(block[-1])], dtype="string")
    return frame


def test_a_group_that_would_reveal_a_small_one_is_merged_into_the_rest():
    frame = layout_frame([("1", "skole", "A", "leder", 10), ("1", "dagtilbud", "B", "leder", 12),
                          ("1", "aeldre", "C", "leder", 3)])
    bundle = compute(frame, INST, by=["omraade"], config=AnalysisConfig(min_n=5), policy=DisclosurePolicy(k=5))
    assert bundle.disclosure.merged == ("aeldre", "skole") and bundle.disclosure.small == ("aeldre",)
    shown = set(bundle.analysis.counts["omraade"].astype(str))
    assert shown == {"dagtilbud", bundle.disclosure.other_label}


@pytest.mark.parametrize(("n", "reason"), [(4, "subset")])
def test_a_subset_below_k_is_refused_with_a_reason_code_and_no_tables(n, reason):
    frame = layout_frame([("1", "skole", "A", "leder", n)])
    bundle = compute(frame, INST, config=AnalysisConfig(min_n=5), extended=ExtendedConfig(),
                     policy=DisclosurePolicy(k=5))
    assert not bundle.allowed and bundle.disclosure.reason == reason
    assert bundle.analysis is None and bundle.extended is None and bundle.frame is None


def test_a_wave_in_which_the_subset_may_not_be_shown_gives_no_wave_tables():
    # wave 2 of område skole has 3 answers: the subset (skole) may be shown pooled, not in wave 2
    frame = layout_frame([("1", "skole", "A", "leder", 12), ("1", "dagtilbud", "B", "leder", 12),
                          ("2", "skole", "A", "leder", 3), ("2", "dagtilbud", "B", "leder", 12)])
    policy = DisclosurePolicy(k=5, filters={"omraade": "skole"}, wave_order=("1", "2"))
    bundle = compute(frame, INST, config=AnalysisConfig(min_n=5), extended=ExtendedConfig(), policy=policy)
    if not bundle.allowed:  # refused as a whole is as safe
        assert bundle.disclosure.reason in {"wave", "difference"}
        return
    assert bundle.disclosure.waves_refused
    assert bundle.extended.changes is None and bundle.extended.not_applicable["changes"] == WAVES_REFUSED


def test_without_a_policy_nothing_is_merged(two_waves):
    bundle = compute(two_waves, INST, by=["omraade"], config=AnalysisConfig(min_n=5))
    assert bundle.extended is None and bundle.disclosure.allowed and not bundle.disclosure.merged
    assert bundle.frame is two_waves
    assert np.isfinite(bundle.analysis.summary["impl_mean"]).any()


def test_data_too_large_for_the_combination_audit_gets_the_coarse_rules(monkeypatch):
    """Above MAX_AUDIT_ATOMS the dense audit is not built: the grouping is audited on its own and small
    units and groups are blanked for the extended tables (a plain loop checks every class)."""
    from frisat.core import disclosure_policy
    from frisat.demo import generate_responses

    inst = get_instrument()
    frame = generate_responses(inst, respondents=400, seed=9)
    monkeypatch.setattr(disclosure_policy, "MAX_AUDIT_ATOMS", 10)
    bundle = compute(frame, inst, by=["omraade"], config=AnalysisConfig(min_n=5),
                     extended=ExtendedConfig(), policy=DisclosurePolicy(k=5))
    assert bundle.allowed and bundle.disclosure.coarse
    shown = bundle.extended_frame
    assert shown["enhed"].isna().any() and shown["enhed"].notna().any()  # some blanked, some kept
    # every unit still named has at least k rows in its wave × område × group × unit class
    named = shown[shown["enhed"].notna()]
    counts = named.groupby(["maaling", "omraade", "gruppe", "enhed"], dropna=False).size()
    assert (counts >= 5).all()
    assert len(bundle.analysis.summary) > 0
