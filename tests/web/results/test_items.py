"""The item section of the results page (issue 14 item 2): a round with the evaluation instrument
shows its questions answer by answer instead of the barometer's quadrant sections; downloads carry
items.csv / item_changes.csv; the anonymity threshold holds; the read-only role sees no comments."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pytest
from django.urls import reverse

from frisat.core.instrument import get_instrument
from frisat.core.items import item_specs
from frisat.web.organisations.models import Membership
from frisat.web.rounds.models import Response
from frisat.web.rounds.selectors import DONT_KNOW_ANSWER
from tests.web.helpers import make_round, make_user

from .helpers import LAYOUT, read_xlsx, text_of, unit_named

EVALUATION = get_instrument("evaluering-medarbejdere")
ITEM = "tid_dokumentation"
"""Top box = «Meget mindre tid» + «Mindre tid» (codes 1 and 2)."""


def _answers(rng: np.random.Generator) -> dict:
    out: dict[str, object] = {}
    for spec in item_specs(EVALUATION):
        roll = rng.random()
        if roll < 0.08:
            continue  # blank
        if spec.scale.type == "likert":
            out[spec.name] = DONT_KNOW_ANSWER if roll < 0.15 else int(rng.integers(1, 6))
        elif spec.scale.type == "yesno":
            out[spec.name] = int(rng.integers(0, 2))
        else:
            out[spec.name] = int(rng.integers(0, 30))
    return out


def fill(round_, seed: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for area, unit, group, n in LAYOUT:
        target = unit_named(round_.municipality, area, unit)
        for _ in range(n):
            answers = _answers(rng)
            rows.append({"omraade": area, "answers": answers})
            Response.objects.create(round=round_, unit=target, group=group, answers=answers)
    return rows


def wilson(count: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def pct(share: float) -> str:
    return f"{share * 100:.0f} %"


@pytest.fixture
def evaluation(rebild):
    first = make_round(rebild, name="Evaluering", instrument_id=EVALUATION.id, anonymous=False, min_n=5)
    return first, fill(first, seed=3)


def page(client, round_, **params):
    return client.get(reverse("results:detail", args=[round_.pk]), {"boelge": round_.pk, "grupper": "", **params})


def test_items_only_round_shows_the_item_section_not_the_quadrants(admin_client, evaluation):
    round_, rows = evaluation
    response = page(admin_client, round_)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="spoergsmaal"' in html
    assert "Åbne kommentarer" not in html and 'id="usikkerhed"' not in html and "kvadrant" not in html.lower()
    # the top box of question 1 over everybody, computed here by a plain loop (ved ikke / blank apart)
    values = [r["answers"].get(ITEM) for r in rows]
    substantive = [v for v in values if isinstance(v, int)]
    top = sum(1 for v in substantive if v in (1, 2))
    low, high = wilson(top, len(substantive))
    text = text_of(html)
    assert f"{pct(top / len(substantive))} {pct(low)}–{pct(high)}" in text
    assert html.count("<figure") >= 1 and 'alt="' in html


def test_item_cells_below_k_are_hidden(admin_client, evaluation):
    round_, _rows = evaluation
    unit = unit_named(round_.municipality, "skole", "Skørping Skole")  # 8 employees, 3 leaders (< k = 5)
    query = {"boelge": round_.pk, "grupper": "gruppe", "enhed": unit.pk}
    page_ = admin_client.get(reverse("results:detail", args=[round_.pk]), query)
    assert page_.status_code == 200
    got = admin_client.get(reverse("results:download", args=[round_.pk, "items.csv"]), query)
    if got.status_code == 403:  # the audit refused the subset: nothing shown at all
        assert 'id="spoergsmaal"' not in page_.content.decode()
        return
    rows = list(csv.DictReader(io.StringIO(got.content.decode("utf-8-sig")), delimiter=","))
    shown = [r for r in rows if r["share"] not in ("", "nan")]
    assert shown and all(int(r["n"]) >= 5 for r in shown)
    assert not any(r["gruppe"] == "leder" and r["share"] not in ("", "nan") for r in rows)


def test_downloads_of_an_items_only_round(admin_client, evaluation):
    round_, rows = evaluation
    html = page(admin_client, round_).content.decode()
    assert "items.csv" in html and "summary.csv" not in html and "rapport.pdf" not in html
    got = admin_client.get(reverse("results:download", args=[round_.pk, "items.csv"]),
                           {"boelge": round_.pk, "grupper": ""})
    assert got.status_code == 200
    text = got.content.decode("utf-8-sig")
    reader = list(csv.DictReader(io.StringIO(text), delimiter=","))
    assert {"maaling", "item", "answer", "answer_label", "n", "count", "share", "share_ci_low",
            "share_ci_high"} <= set(reader[0])
    top = [r for r in reader if r["item"] == ITEM and r["answer"] == "top_box"]
    values = [r["answers"].get(ITEM) for r in rows]
    substantive = [v for v in values if isinstance(v, int)]
    assert len(top) == 1 and int(top[0]["count"]) == sum(1 for v in substantive if v in (1, 2))
    assert int(top[0]["n"]) == len(substantive)
    workbook = admin_client.get(reverse("results:download", args=[round_.pk, "resultater.xlsx"]),
                                {"boelge": round_.pk, "grupper": ""})
    assert workbook.status_code == 200 and "Spørgsmål" in read_xlsx(workbook.content)
    for kind in ("summary.csv", "rapport.pdf", "item_changes.csv"):  # no barometer; one wave only
        assert admin_client.get(reverse("results:download", args=[round_.pk, kind]),
                                {"boelge": round_.pk}).status_code == 404


def test_two_waves_give_item_changes(admin_client, rebild):
    from frisat.web.rounds import services

    first = make_round(rebild, name="Evaluering 1", instrument_id=EVALUATION.id, anonymous=False, min_n=5)
    fill(first, seed=4)
    second = services.next_wave(first, name="Evaluering 2", wave="2", opens_at=first.opens_at,
                                closes_at=first.closes_at)
    fill(second, seed=5)
    query = {"boelge": [first.pk, second.pk], "grupper": ""}
    html = admin_client.get(reverse("results:detail", args=[second.pk]), query).content.decode()
    assert 'id="spoergsmaal-aendring"' in html
    got = admin_client.get(reverse("results:download", args=[second.pk, "item_changes.csv"]), query)
    assert got.status_code == 200
    rows = list(csv.DictReader(io.StringIO(got.content.decode("utf-8-sig")), delimiter=","))
    assert rows and {"item", "answer", "from_wave", "to_wave", "diff", "diff_ci_low", "diff_ci_high"} <= set(rows[0])


def test_reader_sees_items_but_no_comments(client, evaluation, rebild):
    round_, _rows = evaluation
    client.force_login(make_user("laila", rebild, role=Membership.Role.READER))
    response = page(client, round_)
    assert response.status_code == 200 and 'id="spoergsmaal"' in response.content.decode()
    assert client.get(reverse("results:download", args=[round_.pk, "besvarelser.csv"]),
                      {"boelge": round_.pk}).status_code == 403


def test_barometer_round_without_extra_questions_has_no_item_section(admin_client, round_a):
    html = admin_client.get(reverse("results:detail", args=[round_a.pk]), {"boelge": round_a.pk}).content.decode()
    assert 'id="spoergsmaal"' not in html and 'id="usikkerhed"' in html
