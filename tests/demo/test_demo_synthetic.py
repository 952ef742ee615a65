"""Tests of the synthetic demo data generator (frisat.demo)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from frisat.core import schema
from frisat.core.instrument import get_instrument, parse_instrument
from frisat.demo import AREAS, DEMO_NOTE, KOMMUNER, generate_responses
from frisat.demo.comments import COMMENT_BANK, COMMENT_PREFIX
from frisat.demo.names import KOMMUNE_CODES

INSTRUMENT = get_instrument()
SPOR = [s.id for s in INSTRUMENT.spor]
MIDPOINT = 5.5


@pytest.fixture(scope="module")
def pilot() -> pd.DataFrame:
    return generate_responses(INSTRUMENT)


@pytest.fixture(scope="module")
def large() -> pd.DataFrame:
    return generate_responses(INSTRUMENT, respondents=30_000, kommuner=98, seed=7)


def index(frame: pd.DataFrame, spor: str, dim: str) -> np.ndarray:
    """Mean of answered items when at least 3 of 4 are answered (DESIGN.md section 2)."""
    values = schema.numeric_answers(frame, INSTRUMENT.item_columns(spor, dim))
    answered = (~np.isnan(values)).sum(axis=1)
    sums = np.nansum(values, axis=1)
    return np.where(answered >= 3, sums / np.maximum(answered, 1), np.nan)


def cronbach_alpha(frame: pd.DataFrame, spor: str, dim: str) -> float:
    values = schema.numeric_answers(frame, INSTRUMENT.item_columns(spor, dim))
    values = values[~np.isnan(values).any(axis=1)]
    k = values.shape[1]
    return k / (k - 1) * (1 - values.var(axis=0, ddof=1).sum() / values.sum(axis=1).var(ddof=1))


def item_values(frame: pd.DataFrame) -> np.ndarray:
    columns = [c.name for c in INSTRUMENT.columns() if not c.is_text]
    return frame[columns].to_numpy()


# -- format -----------------------------------------------------------------------------------
def test_names_are_the_98_kommuner() -> None:
    assert len(KOMMUNER) == 98 == len(set(KOMMUNER))
    assert KOMMUNER[:3] == ("København", "Frederiksberg", "Ballerup")
    assert "Christiansø" not in KOMMUNER
    codes = [code for code, _ in KOMMUNE_CODES]
    assert codes == sorted(codes)


def test_same_seed_gives_identical_frame() -> None:
    first = generate_responses(INSTRUMENT, respondents=2_000, kommuner=3, seed=11, waves=2)
    again = generate_responses(INSTRUMENT, respondents=2_000, kommuner=3, seed=11, waves=2)
    pd.testing.assert_frame_equal(first, again)
    other = generate_responses(INSTRUMENT, respondents=2_000, kommuner=3, seed=12, waves=2)
    assert not first.equals(other)
    pd.testing.assert_frame_equal(generate_responses(INSTRUMENT), generate_responses(INSTRUMENT))


@pytest.mark.parametrize("kwargs", [{}, {"respondents": 500, "kommuner": 4, "waves": 2}])
def test_canonical_columns_and_dtypes(kwargs: dict) -> None:
    frame = generate_responses(INSTRUMENT, **kwargs)
    assert list(frame.columns) == schema.canonical_columns(INSTRUMENT)
    for name in schema.background_columns(INSTRUMENT):
        assert frame[name].dtype == "string", name
        assert frame[name].notna().all(), name
    for spec in INSTRUMENT.columns():
        expected = "string" if spec.is_text else "float64"
        assert frame[spec.name].dtype == expected, spec.name
    assert isinstance(frame.index, pd.RangeIndex)


def test_values_in_range(large: pd.DataFrame) -> None:
    values = item_values(large)
    answered = values[~np.isnan(values) & (values != schema.DONT_KNOW)]
    assert set(np.unique(answered)) == set(range(1, 11))


def test_dont_know_and_blank_shares(large: pd.DataFrame) -> None:
    values = item_values(large)
    dont_know = np.mean(values == schema.DONT_KNOW)
    blank = np.mean(np.isnan(values))
    assert 0.02 <= dont_know <= 0.03
    assert 0.015 <= blank <= 0.06


def test_demo_labelling(pilot: pd.DataFrame) -> None:
    assert DEMO_NOTE == "Syntetiske demodata genereret af Frisat — ikke rigtige besvarelser."
    assert pilot.attrs["demo"] == DEMO_NOTE
    assert pilot["respondent_id"].str.startswith("DEMO-").all()
    assert pilot["respondent_id"].is_unique


# -- pilot shape ------------------------------------------------------------------------------
def test_pilot_shape(pilot: pd.DataFrame) -> None:
    assert set(pilot["omraade"]) == set(AREAS)
    counts = pilot["omraade"].value_counts()
    assert counts.between(10, 12).all()
    assert (pilot["gruppe"] == "leder").all()
    assert (pilot["maaling"] == "1").all()
    assert (pilot["kommune"] == "København").all()
    units = pilot.groupby("omraade")["enhed"].nunique()
    assert units.between(2, 5).all()
    assert pilot["respondent_id"].iloc[0] == "DEMO-001"


def test_pilot_answers_cluster_high(pilot: pd.DataFrame) -> None:
    vigt = np.concatenate([schema.numeric_answers(pilot, INSTRUMENT.item_columns(s, "vigt")) for s in SPOR])
    impl = np.concatenate([schema.numeric_answers(pilot, INSTRUMENT.item_columns(s, "impl")) for s in SPOR])
    assert np.nanmedian(vigt) >= 9
    assert np.nanmean(vigt >= 9) > 0.5
    assert np.nanmean(vigt == 10) > 0.2
    assert 6 <= np.nanmean(impl) <= 8
    assert np.nanstd(impl) > np.nanstd(vigt)


@pytest.mark.parametrize("seed", [2024, 1, 2, 3])
def test_pilot_has_every_quadrant(seed: int) -> None:
    frame = generate_responses(INSTRUMENT, seed=seed)
    quadrants: set[tuple[bool, bool]] = set()
    for spor in SPOR:
        impl, vigt = index(frame, spor, "impl"), index(frame, spor, "vigt")
        ok = ~np.isnan(impl) & ~np.isnan(vigt)
        quadrants |= set(zip((vigt[ok] >= MIDPOINT).tolist(), (impl[ok] >= MIDPOINT).tolist(), strict=True))
    assert quadrants == {(False, False), (False, True), (True, True), (True, False)}
    priority = sum(np.sum((index(frame, s, "vigt") >= MIDPOINT) & (index(frame, s, "impl") < MIDPOINT)) for s in SPOR)
    assert priority >= 5  # "Vigtigste fokusområde" is not empty


def test_pilot_several_kommuner() -> None:
    frame = generate_responses(INSTRUMENT, kommuner=3)
    assert list(pd.unique(frame["kommune"])) == list(KOMMUNER[:3])
    assert frame.groupby(["kommune", "omraade"]).size().between(10, 12).all()


# -- model properties -------------------------------------------------------------------------
def test_elder_care_lower_on_regler_and_dok_implementation(large: pd.DataFrame) -> None:
    aeldre = (large["omraade"] == "aeldre").to_numpy()
    gaps = {s: np.nanmean(index(large, s, "impl")[~aeldre]) - np.nanmean(index(large, s, "impl")[aeldre]) for s in SPOR}
    assert gaps["regler"] > 1.0
    assert gaps["dok"] > 1.0
    for spor in ("maal", "tillid", "innov"):
        assert gaps[spor] < 0.6


def test_cronbach_alpha_is_realistic(large: pd.DataFrame) -> None:
    for spor in SPOR:
        for dim in ("impl", "vigt"):
            assert 0.7 <= cronbach_alpha(large, spor, dim) <= 0.9, (spor, dim)


def test_overall_item_correlates_with_the_others(large: pd.DataFrame) -> None:
    for spor in SPOR:
        values = schema.numeric_answers(large, INSTRUMENT.item_columns(spor, "impl"))
        corr = pd.DataFrame(values).corr().to_numpy()
        assert (corr[3, :3] > 0.4).all()


def test_importance_often_at_maximum(large: pd.DataFrame) -> None:
    vigt = np.concatenate([schema.numeric_answers(large, INSTRUMENT.item_columns(s, "vigt")) for s in SPOR])
    assert np.nanmean(vigt >= 9) > 0.35
    assert np.nanmean(index(large, "tillid", "vigt")) > np.nanmean(index(large, "tillid", "impl"))


# -- large data -------------------------------------------------------------------------------
def test_large_structure(large: pd.DataFrame) -> None:
    assert len(large) == 30_000
    assert set(large["kommune"]) == set(KOMMUNER)
    assert set(large["omraade"]) == set(AREAS)
    assert large.groupby("kommune")["omraade"].nunique().eq(3).all()
    leaders = np.mean(large["gruppe"] == "leder")
    assert 0.13 <= leaders <= 0.17
    assert set(large["gruppe"]) == {"leder", "medarbejder"}
    sizes = large.groupby("enhed").size()
    assert (~sizes.between(15, 25)).sum() <= 1
    assert large["respondent_id"].is_unique
    assert large["respondent_id"].iloc[-1] == "DEMO-30000"
    assert large.groupby("enhed")["kommune"].nunique().eq(1).all()


def test_groups_and_kommuner_differ(large: pd.DataFrame) -> None:
    impl = pd.Series(index(large, "maal", "impl"))
    by_group = impl.groupby(large["gruppe"].to_numpy()).mean()
    assert by_group["leder"] - by_group["medarbejder"] > 0.4
    by_kommune = impl.groupby(large["kommune"].to_numpy()).mean()
    assert by_kommune.max() - by_kommune.min() > 0.8


def test_id_width_follows_n() -> None:
    frame = generate_responses(INSTRUMENT, respondents=1_000)
    assert frame["respondent_id"].iloc[0] == "DEMO-0001"
    assert frame["respondent_id"].str.len().eq(9).all()


def test_one_respondent() -> None:
    frame = generate_responses(INSTRUMENT, respondents=1, kommuner=98)
    assert len(frame) == 1
    assert frame["kommune"].iloc[0] in KOMMUNER


# -- waves ------------------------------------------------------------------------------------
def test_waves_measure_the_same_units_again() -> None:
    frame = generate_responses(INSTRUMENT, respondents=6_000, kommuner=2, waves=3, seed=3)
    assert len(frame) == 18_000
    assert list(pd.unique(frame["maaling"])) == ["1", "2", "3"]
    assert frame["respondent_id"].is_unique
    units = [set(frame.loc[frame["maaling"] == w, "enhed"]) for w in ("1", "2", "3")]
    assert units[0] == units[1] == units[2]
    means = [np.nanmean(index(frame[frame["maaling"] == w], "regler", "impl")) for w in ("1", "2", "3")]
    assert means[0] < means[1] < means[2]
    assert means[2] - means[0] < 1.5
    vigt = [np.nanmean(index(frame[frame["maaling"] == w], "regler", "vigt")) for w in ("1", "3")]
    assert abs(vigt[1] - vigt[0]) < 0.2


def test_pilot_waves() -> None:
    frame = generate_responses(INSTRUMENT, waves=2)
    first, second = frame[frame["maaling"] == "1"], frame[frame["maaling"] == "2"]
    assert len(first) == len(second)
    assert set(first["enhed"]) == set(second["enhed"])
    assert frame["respondent_id"].is_unique


# -- comments ---------------------------------------------------------------------------------
def test_comments(large: pd.DataFrame) -> None:
    columns = [INSTRUMENT.comment_column(s) for s in SPOR]
    comments = large[columns]
    any_comment = comments.notna().any(axis=1)
    assert 0.28 <= any_comment.mean() <= 0.40
    # some commenters skip a whole spor's comment
    assert (comments[any_comment].isna().any(axis=1)).mean() > 0.5
    texts = comments.stack().dropna()
    assert texts.str.startswith(COMMENT_PREFIX).all()
    for spor, column in zip(SPOR, columns, strict=True):
        bank = {COMMENT_PREFIX + t for tone in COMMENT_BANK[spor].values() for t in tone}
        assert set(large[column].dropna()) <= bank


def test_comment_tone_follows_implementation(large: pd.DataFrame) -> None:
    low = set(COMMENT_BANK["dok"]["lav"])
    impl = index(large, "dok", "impl")
    comment = large["dok_kommentar"].str.removeprefix(COMMENT_PREFIX)
    is_low = comment.isin(low).to_numpy()
    has = comment.notna().to_numpy()
    assert np.nanmean(impl[has & is_low]) < np.nanmean(impl[has & ~is_low]) - 1


# -- arguments --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs",
    [
        {"respondents": 0},
        {"respondents": -5},
        {"respondents": 2.5},
        {"respondents": True},
        {"kommuner": 0},
        {"kommuner": 99},
        {"waves": 0},
        {"respondents": 3_000_000, "waves": 2},
    ],
)
def test_bad_arguments_rejected_in_danish(kwargs: dict) -> None:
    with pytest.raises(ValueError, match=re.compile(r"(skal være|højst)")):
        generate_responses(INSTRUMENT, **kwargs)


# -- other instruments ------------------------------------------------------------------------
OTHER = """
id: lille-test
title: Lille test
scales:
  fem: {type: numeric, min: 1, max: 5}
  jn: {type: yesno}
  tekst: {type: text}
dimensions:
  nu: {label: Nu, question: "Hvor er I?", scale: fem}
  vigtig: {label: Vigtig, question: "Hvor vigtigt?", scale: fem}
sections:
  - id: alpha
    title: Alpha
    overall_item: c
    questions:
      - {number: "1", type: matrix, dimension: nu, text: Nu, items: {a: A, b: B, c: C}}
      - {number: "2", type: matrix, dimension: vigtig, text: Vigtig, items: {a: A, b: B, c: C}}
      - {number: "3", type: text, id: kommentar, text: Kommentar}
  - id: baggrund
    title: Baggrund
    questions:
      - {number: "4", type: single, id: erfaring, scale: jn, text: "Erfaring?"}
"""


def test_other_instrument() -> None:
    instrument = parse_instrument(OTHER)
    frame = generate_responses(instrument, respondents=400, seed=5)
    assert list(frame.columns) == schema.canonical_columns(instrument)
    nu = frame[instrument.item_columns("alpha", "nu")].to_numpy()
    assert set(np.unique(nu[~np.isnan(nu)])) <= {1, 2, 3, 4, 5}  # no "ved ikke" on this scale
    assert set(frame["baggrund_erfaring"].dropna()) == {0.0, 1.0}
    assert frame["alpha_kommentar"].dropna().str.startswith(COMMENT_PREFIX).all()


# -- size -------------------------------------------------------------------------------------
@pytest.mark.slow
def test_million_respondents() -> None:
    frame = generate_responses(INSTRUMENT, respondents=1_000_000, kommuner=98)
    assert len(frame) == 1_000_000
    assert frame["respondent_id"].iloc[-1] == "DEMO-1000000"
    assert frame["kommune"].nunique() == 98
