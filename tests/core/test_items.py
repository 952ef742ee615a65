"""Item statistics (core/items.py) against plain-loop recomputations, the threshold and compute()."""

from __future__ import annotations

import math
import re
import statistics

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportion_confint

from frisat.core.disclosure_policy import DisclosurePolicy
from frisat.core.errors import InstrumentError
from frisat.core.instrument import Question, Section, get_instrument, parse_instrument
from frisat.core.items import item_changes, item_specs, item_table
from frisat.core.results import compute
from frisat.core.schema import DONT_KNOW, conform
from frisat.demo.evaluation_survey import generate_evaluation_survey

INSTRUMENT = get_instrument("evaluering-medarbejdere")


def _frame(rng: np.random.Generator, n: int, waves: tuple[str, ...] = ("1", "2"),
           teams: tuple[str, ...] = ("A", "B")) -> pd.DataFrame:
    data: dict[str, object] = {
        "respondent_id": [f"r{i}" for i in range(n)],
        "maaling": rng.choice(list(waves), n), "enhed": rng.choice(list(teams), n),
        "omraade": "familie", "gruppe": "medarbejder", "kommune": "K",
    }
    for spec in item_specs(INSTRUMENT):
        codes = list(spec.scale.codes)
        values = rng.choice([*codes, DONT_KNOW, np.nan], n,
                            p=[*(0.9 / len(codes),) * len(codes), 0.05, 0.05]).astype(float)
        data[spec.name] = values
    frame = pd.DataFrame(data)
    for column in ("respondent_id", "maaling", "enhed", "omraade", "gruppe", "kommune"):
        frame[column] = frame[column].astype("string")
    return conform(frame, INSTRUMENT)


def _loop_rows(frame: pd.DataFrame, by: list[str], k: int) -> dict[tuple, tuple]:
    """(group..., wave, item, answer) → (n, count, mean, median), by plain loops over the rows."""
    out: dict[tuple, tuple] = {}
    records = frame.to_dict("records")
    cells = sorted({(*(str(r[c]) for c in by), str(r["maaling"])) for r in records})
    for cell in cells:
        rows = [r for r in records if (*(str(r[c]) for c in by), str(r["maaling"])) == cell]
        for spec in item_specs(INSTRUMENT):
            answers = [r[spec.name] for r in rows]
            valid = [a for a in answers if not math.isnan(a) and a != DONT_KNOW]
            big = len(valid) >= k and len(rows) >= k
            mean = statistics.fmean(valid) if spec.scale.type == "numeric" and big else math.nan
            median = statistics.median(valid) if spec.scale.type == "numeric" and big else math.nan
            if spec.scale.type != "numeric" or len(spec.scale.codes) <= 11:
                for code in spec.scale.codes:
                    out[(*cell, spec.name, str(code))] = (len(valid), sum(a == code for a in valid), mean, median)
            if spec.scale.top_box:
                out[(*cell, spec.name, "top_box")] = (len(valid), sum(a in spec.scale.top_box for a in valid),
                                                      mean, median)
            out[(*cell, spec.name, "answered")] = (len(rows), len(valid), mean, median)
            out[(*cell, spec.name, "ved_ikke")] = (len(rows), sum(a == DONT_KNOW for a in answers), mean, median)
            out[(*cell, spec.name, "blank")] = (len(rows), sum(math.isnan(a) for a in answers), mean, median)
    return out


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=120),
       st.sampled_from([[], ["enhed"]]))
def test_item_table_agrees_with_plain_loop(seed: int, n: int, by: list[str]) -> None:
    frame = _frame(np.random.default_rng(seed), n)
    k = 3
    table = item_table(frame, INSTRUMENT, by, k=k)
    expected = _loop_rows(frame, by, k)
    assert len(table) == len(expected)
    for row in table.to_dict("records"):
        key = (*(row[c] for c in by), row["maaling"], row["item"], row["answer"])
        n_cell, count, mean, median = expected[key]
        respondents = expected[(*key[:-1], "blank")][0]
        shown = respondents >= k and (row["answer"] in ("answered", "ved_ikke", "blank")
                                      or expected[(*key[:-1], "answered")][1] >= k)
        assert row["suppressed"] is (not shown)
        if not shown:
            assert math.isnan(row["share"]) and math.isnan(row["count"])
            continue
        assert (row["n"], row["count"]) == (n_cell, count)
        if n_cell:
            assert row["share"] == pytest.approx(count / n_cell)
            low, high = proportion_confint(count, n_cell, method="wilson")
            assert (row["share_ci_low"], row["share_ci_high"]) == pytest.approx((low, high), abs=1e-12)
        for name, value in (("mean", mean), ("median", median)):
            assert (math.isnan(row[name]) and math.isnan(value)) or row[name] == pytest.approx(value)


def test_wave_order_and_columns() -> None:
    frame = _frame(np.random.default_rng(1), 60, waves=("2019", "2020", "2018"))
    table = item_table(frame, INSTRUMENT, ["enhed"], k=1, waves=("2020", "2019"))
    assert list(table.columns[:3]) == ["enhed", "maaling", "item"]
    assert table["maaling"].unique().tolist() == ["2020", "2019"]
    assert table["item"].iloc[0] == "tid_dokumentation"


def test_threshold_hides_small_cells_and_small_items() -> None:
    rng = np.random.default_rng(3)
    frame = _frame(rng, 40, waves=("1",))
    frame.loc[:3, "enhed"] = "lille"  # four respondents
    frame.loc[4:, "enhed"] = "stor"
    frame.loc[4:, "om_hele"] = np.nan  # only two substantive answers left in «stor»
    frame.loc[4:5, "om_hele"] = 1.0
    table = item_table(frame, INSTRUMENT, ["enhed"], k=5)
    small = table[table["enhed"] == "lille"]
    assert small["suppressed"].all() and small[["n", "count", "share"]].isna().all().all()
    hele = table[(table["enhed"] == "stor") & (table["item"] == "om_hele")].set_index("answer")
    assert hele.loc[["1", "0"], "suppressed"].all() and hele.loc[["1", "0"], "share"].isna().all()
    assert not hele.loc["answered", "suppressed"] and hele.loc["answered", "count"] == 2
    assert hele.loc["blank", "count"] == 34
    aar = table[(table["enhed"] == "stor") & (table["item"] == "om_aar")]
    assert aar["mean"].notna().all()


def test_hidden_groups_are_suppressed() -> None:
    frame = _frame(np.random.default_rng(4), 80)
    table = item_table(frame, INSTRUMENT, ["enhed"], k=1, hidden_groups={("A",)})
    assert table.loc[table["enhed"] == "A", "suppressed"].all()
    assert not table.loc[table["enhed"] == "B", "suppressed"].any()


def _loop_changes(table: pd.DataFrame, start: str, end: str) -> dict[tuple, tuple[float, float, float]]:
    z = statistics.NormalDist().inv_cdf(0.975)

    def score(x: float, n: float) -> tuple[float, float]:
        p = x / n
        centre, half = 2 * n * p + z * z, z * math.sqrt(z * z + 4 * n * p * (1 - p))
        return (centre - half) / (2 * (n + z * z)), (centre + half) / (2 * (n + z * z))

    rows = {(r["item"], r["answer"], r["maaling"]): r for r in table.to_dict("records")}
    out = {}
    for (item, answer, wave), after in rows.items():
        if wave != end or answer in ("answered", "ved_ikke", "blank"):
            continue
        before = rows[(item, answer, start)]
        if before["suppressed"] or after["suppressed"] or not before["n"] or not after["n"]:
            continue
        p1, p2 = before["count"] / before["n"], after["count"] / after["n"]
        l1, u1 = score(before["count"], before["n"])
        l2, u2 = score(after["count"], after["n"])
        d = p2 - p1
        out[(item, answer)] = (d, d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2),
                               d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2))
    return out


def test_changes_agree_with_newcombe_loop() -> None:
    frame = _frame(np.random.default_rng(5), 150, waves=("1", "2", "3"))
    table = item_table(frame, INSTRUMENT, k=5)
    changes = item_changes(table, waves=("1", "2", "3"))
    assert set(zip(changes["from_wave"], changes["to_wave"], strict=True)) == {("1", "2"), ("2", "3"), ("1", "3")}
    for start, end in (("1", "2"), ("1", "3")):
        expected = _loop_changes(table, start, end)
        part = changes[(changes["from_wave"] == start) & (changes["to_wave"] == end) & ~changes["suppressed"]]
        assert len(part) == len(expected)
        for row in part.to_dict("records"):
            assert (row["diff"], row["diff_ci_low"], row["diff_ci_high"]) == pytest.approx(
                expected[(row["item"], row["answer"])], abs=1e-9)


def test_changes_suppressed_when_a_wave_is() -> None:
    frame = _frame(np.random.default_rng(6), 60)
    frame.loc[frame["maaling"] == "1", "enhed"] = "A"
    frame.loc[frame.index[(frame["maaling"] == "1")][:3], "enhed"] = "B"
    table = item_table(frame, INSTRUMENT, ["enhed"], k=5)
    changes = item_changes(table, ["enhed"], waves=("1", "2"))
    b = changes[changes["enhed"] == "B"]
    assert len(b) and b["suppressed"].all() and b["diff"].isna().all()


def test_compute_accepts_an_instrument_without_dimensions() -> None:
    frame = generate_evaluation_survey()
    bundle = compute(frame, INSTRUMENT, by=["enhed"], policy=DisclosurePolicy(k=5))
    assert bundle.allowed and bundle.analysis is None
    assert bundle.items is not None and set(bundle.items["maaling"]) == {"2019", "2020"}
    assert bundle.item_changes is not None and set(bundle.item_changes["to_wave"]) == {"2020"}


def test_compute_refuses_a_too_small_subset() -> None:
    frame = generate_evaluation_survey(respondents=(3, 3))
    bundle = compute(frame, INSTRUMENT, policy=DisclosurePolicy(k=5))
    assert not bundle.allowed and bundle.items is None


def test_demo_shows_the_seed_shares() -> None:
    frame = generate_evaluation_survey()
    last = frame[frame["maaling"] == "2020"]
    less = last["tid_dokumentation"].isin([1, 2]).sum() / len(last)
    same = (last["tid_dokumentation"] == 3).sum() / len(last)
    assert len(last) == 45 and less == pytest.approx(0.67, abs=0.03) and same == pytest.approx(0.18, abs=0.03)
    assert generate_evaluation_survey().equals(frame)
    assert frame["respondent_id"].str.startswith("DEMO-").all()


def test_barometer_gets_item_tables_for_its_extra_questions() -> None:
    barometer = get_instrument("vive-frisaettelse")
    extra = Section(id="ekstra", title="Ekstra", questions=(
        Question(number="16", type="single", id="tilfreds", scale="impl_ja", text="Er du tilfreds?"),))
    scales = {**barometer.scales, "impl_ja": INSTRUMENT.scales["jaNej"]}
    instrument = barometer.model_copy(update={"sections": (*barometer.sections, extra), "scales": scales})
    assert [s.name for s in item_specs(instrument)] == ["ekstra_tilfreds"]
    from frisat.demo.synthetic import generate_responses
    frame = generate_responses(barometer, seed=2)
    frame["ekstra_tilfreds"] = np.random.default_rng(0).choice([0.0, 1.0], len(frame))
    bundle = compute(frame, instrument, policy=DisclosurePolicy(k=5))
    assert bundle.analysis is not None and bundle.items is not None
    assert set(bundle.items["item"]) == {"ekstra_tilfreds"}
    assert item_specs(barometer) == [] and compute(frame, barometer, policy=DisclosurePolicy(k=5)).items is None


def test_top_box_must_name_codes_of_the_scale() -> None:
    text = """
id: x
title: X
scales:
  s:
    type: likert
    top_box: [4, 9]
    options: [{code: 1, label: A}, {code: 4, label: B}]
sections:
  - id: a
    title: A
    questions: [{number: "1", type: single, id: q, scale: s, text: Q}]
"""
    with pytest.raises(InstrumentError, match=r"linje 7, scales\.s\.top_box: top_box skal nævne"):
        parse_instrument(text)


def test_evaluation_instrument_quotes_only_the_article_title_and_says_the_wording_is_frisats() -> None:
    from tests.seeds import seed_text

    seed = seed_text("000")
    quoted = re.findall(r"«([^»]+)»", INSTRUMENT.additions[0])
    assert quoted == ["Afbureaukratisering af det børnesociale arbejde i tre frikommuner – en casebaseret "
                      "analyse og diskussion"]
    assert all(" ".join(q.split()) in seed for q in quoted)
    assert "Frisats egne formuleringer" in INSTRUMENT.additions[0] and "Frisat" in (INSTRUMENT.source or "")


def test_another_wave_column_is_written_as_maaling() -> None:
    frame = _frame(np.random.default_rng(8), 60).rename(columns={"maaling": "runde"})
    table = item_table(frame, INSTRUMENT, ["enhed"], k=1, wave_column="runde")
    assert "runde" not in table.columns and set(table["maaling"]) == {"1", "2"}
    expected = item_table(frame.rename(columns={"runde": "maaling"}), INSTRUMENT, ["enhed"], k=1)
    pd.testing.assert_frame_equal(table, expected)
    assert len(item_changes(table, ["enhed"], waves=("1", "2")))
