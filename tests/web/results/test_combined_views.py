"""The four-view attack of issue 11 against the real results pages and downloads, and an exhaustive
check: no combination of the cells any request shows isolates fewer than k respondents."""

from __future__ import annotations

import csv
import io
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from django.urls import reverse

from frisat.web.results.pipeline import Choices, prepare
from tests.core.disclosure_check import leaks

from .helpers import FOUR_VIEW_LAYOUT, four_view_rounds, four_views, unit_named

pytestmark = pytest.mark.django_db


def summary(client, round, query) -> pd.DataFrame | None:
    response = client.get(reverse("results:download", args=[round.pk, "summary.csv"]), query)
    if response.status_code != 200:
        return None
    return pd.read_csv(io.StringIO(response.content.decode("utf-8-sig")), dtype=str, keep_default_na=False)


def cell_n(table: pd.DataFrame | None, by: str, row: str) -> int | None:
    """The shown n of ``row`` (any spor: every spor has the same respondents here), or None."""
    if table is None or by not in table.columns:
        return None
    rows = table[(table[by] == row) & (table["n"] != "")]
    return int(float(rows["n"].iloc[0])) if len(rows) else None


@pytest.fixture
def rounds(rebild):
    return four_view_rounds(rebild)


def test_the_four_views_cannot_all_be_downloaded(admin_client, rounds):
    first, second = rounds
    found = []
    for query, row, _sign in four_views(first, second):
        found.append(cell_n(summary(admin_client, second, query), query["grupper"], row))
    assert None in found, found      # all four would give Vugge's two leaders: 9 + 9 − 32 + 16 = 2
    # the page agrees: a group that is not in the download is merged into «Øvrige» (or refused)
    for (query, row, _sign), n in zip(four_views(first, second), found, strict=True):
        response = admin_client.get(reverse("results:detail", args=[second.pk]), query)
        prepared = response.context["prepared"]
        assert (n is None) == (not prepared.allowed or row in prepared.decision.merged)


def test_the_page_never_names_a_small_unit_with_its_numbers(admin_client, rounds):
    first, second = rounds
    response = admin_client.get(reverse("results:detail", args=[second.pk]),
                                {"boelge": [first.pk, second.pk], "grupper": "enhed"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(admin_client.get(
        reverse("results:download", args=[second.pk, "summary.csv"]),
        {"boelge": [first.pk, second.pk], "grupper": "enhed"}).content.decode("utf-8-sig"))))
    assert all(r["n"] == "" or int(float(r["n"])) >= 5 for r in rows)


def _choices(first, second, rebild) -> list[Choices]:
    chain = [first, second]
    out = []
    places = [("", None), ("dagtilbud", None), ("skole", None)] + [
        (area, unit_named(rebild, area, name)) for area, name in (("dagtilbud", "Vugge"), ("dagtilbud", "Børne"),
                                                            ("skole", "Skole A"), ("skole", "Skole B"))]
    for size in (1, 2):
        for selected in combinations(chain, size):
            for area, unit in places:
                for group in ("", "leder", "medarbejder"):
                    for by in ("", "omraade", "enhed", "gruppe"):
                        out.append(Choices(rounds=list(selected), area=area if unit is None else "", unit=unit,
                                           group=group, group_by=by, chain=chain))
    return out


def _cells(prepared) -> list[pd.Index]:
    """The row sets whose numbers the request shows: the subset, the groups of the grouping, the
    respondent groups and units of the extended tables, and the same in each wave."""
    cells = [prepared.frame.index]
    frames = [(prepared.frame, [*prepared.by]), (prepared.extended_frame, ["gruppe", "enhed", *prepared.by])]
    if prepared.wave_frame is not None:
        for _wave, part in prepared.wave_frame.groupby("maaling"):
            frames.append((part, ["gruppe", "enhed", *prepared.by]))
            cells.append(part.index)
    for frame, columns in frames:
        for column in columns:
            values = frame[column].astype("string").fillna("")
            cells += [index for value, index in values.groupby(values).groups.items() if value != ""]
    return cells


def test_no_combination_of_every_request_isolates_fewer_than_k(rebild, rounds):
    first, second = rounds
    cells: set[tuple[int, ...]] = set()
    atoms: dict[tuple, int] = {}
    for choices in _choices(first, second, rebild):
        prepared = prepare(choices)
        if not prepared.allowed:
            continue
        raw = prepared.raw  # same rows and order as prepared.frame, original names
        keys = list(zip(raw["maaling"], raw["omraade"], raw["enhed"], raw["gruppe"].fillna(""), strict=True))
        codes = np.array([atoms.setdefault(key, len(atoms)) for key in keys])
        for index in _cells(prepared):
            cells.add(tuple(sorted(set(codes[np.asarray(index)]))))
    sizes = np.zeros(len(atoms), dtype=int)
    layout = pd.DataFrame(list(atoms), columns=["maaling", "omraade", "enhed", "gruppe"])
    n_of = {(o, e, g): n for o, e, g, n in FOUR_VIEW_LAYOUT}
    for i, row in layout.iterrows():
        sizes[i] = n_of[(row["omraade"], row["enhed"], row["gruppe"])]
    assert len(cells) > 20
    assert leaks(sorted(cells), sizes, 5) == []
