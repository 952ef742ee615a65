"""Test data for the results pages: a kommune with units of different sizes and their responses."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
from django.test import Client

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.core.instrument import get_instrument
from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.rounds.models import Response
from frisat.web.rounds.selectors import responses_frame

INSTRUMENT = get_instrument()
SPOR = [s.id for s in INSTRUMENT.spor]

# (område, enhed, gruppe, n): Fælles Køkken in skole has 3 respondents (< k = 5).
LAYOUT = [
    ("skole", "Skørping Skole", "medarbejder", 8),
    ("skole", "Skørping Skole", "leder", 3),
    ("skole", "Støvring Skole", "medarbejder", 10),
    ("skole", "Støvring Skole", "leder", 2),
    ("skole", "Fælles Køkken", "medarbejder", 3),
    ("dagtilbud", "Børnehuset Mælkebøtten", "medarbejder", 10),
    ("dagtilbud", "Børnehuset Mælkebøtten", "leder", 2),
    ("dagtilbud", "Fælles Køkken", "medarbejder", 6),
]
SMALL_UNIT = ("skole", "Fælles Køkken")
SECRET = "HEMMELIG-KOMMENTAR"
"""Every comment of the small unit contains this marker; it must never be shown as that unit's."""


def make_municipality(name: str = "Rebild") -> Municipality:
    municipality = Municipality.objects.create(name=name)
    for area, unit, _group, _n in LAYOUT:
        area_obj, _ = Area.objects.get_or_create(municipality=municipality, name=area)
        Unit.objects.get_or_create(area=area_obj, name=unit)
    return municipality


def unit_named(municipality: Municipality, area: str, name: str) -> Unit:
    return Unit.objects.get(area__municipality=municipality, area__name=area, name=name)


def answers(rng: np.random.Generator, *, skip: tuple[str, ...] = (), comment: str | None = None,
            shift: int = 0) -> dict:
    out: dict[str, object] = {}
    for spec in INSTRUMENT.columns():
        spor = spec.name.split("_")[0]
        if spor in skip:
            continue
        if spec.is_text:
            if comment:
                out[spec.name] = f"{comment} om {spor}"
            continue
        out[spec.name] = int(np.clip(rng.integers(1, 11) + shift, 1, 10))
    return out


def add_responses(round, unit: Unit, group: str, n: int, rng: np.random.Generator, **kwargs) -> None:
    Response.objects.bulk_create([Response(round=round, unit=unit, group=group,
                                           answers=answers(rng, **kwargs)) for _ in range(n)])


def fill_round(round, seed: int = 1, shift: int = 0) -> None:
    """Responses after LAYOUT; the small unit's comments carry :data:`SECRET`."""
    rng = np.random.default_rng(seed)
    municipality = round.municipality
    for i, (area, unit, group, n) in enumerate(LAYOUT):
        small = (area, unit) == SMALL_UNIT
        comment = SECRET if small else f"kommentar-{i}-{group}"
        add_responses(round, unit_named(municipality, area, unit), group, n, rng, comment=comment, shift=shift)


def expected(round_list, k: int, by: list[str], **filters) -> object:
    """frisat.core's analysis of the same subset (the reference for the page's numbers)."""
    frame = responses_frame(round_list)
    mask = pd.Series(True, index=frame.index)
    for column, value in filters.items():
        mask &= frame[column] == value
    return analyze(frame[mask.to_numpy()].reset_index(drop=True), INSTRUMENT, by=by,
                   config=AnalysisConfig(min_n=k))


def fmt(value: float) -> str:
    return f"{value:.2f}".replace(".", ",").replace("-", "−")


def get(client: Client, url: str, **params):
    return client.get(url, params)


def text_of(html: str) -> str:
    """The visible text of a page, roughly (tags removed, whitespace collapsed)."""
    html = re.sub(r"<img[^>]*>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def read_xlsx(data: bytes) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))  # not read_only: the sheets declare a stale <dimension>
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._stack: list[dict] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._stack.append({"caption": "", "rows": []})
        elif not self._stack:
            return
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._stack[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if not self._stack:
            return
        if tag == "table":
            self.tables.append(self._stack.pop())
        elif tag == "caption" and self._caption is not None:
            self._stack[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self._stack[-1]["rows"][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    """The page's tables by caption: rows of cell texts (header rows included)."""
    parser = _Tables()
    parser.feed(html)
    return {t["caption"]: t["rows"] for t in parser.tables}


# The combination attack of issue 11: Vugge has one leader; two waves. Rules 1–3 (before the audit)
# showed all four views of :func:`four_views`.
FOUR_VIEW_LAYOUT = [
    ("dagtilbud", "Vugge", "leder", 1), ("dagtilbud", "Vugge", "medarbejder", 8),
    ("dagtilbud", "Børne", "leder", 3), ("dagtilbud", "Børne", "medarbejder", 8),
    ("skole", "Skole A", "leder", 2), ("skole", "Skole A", "medarbejder", 12),
    ("skole", "Skole B", "leder", 3), ("skole", "Skole B", "medarbejder", 12),
]


def four_view_rounds(municipality: Municipality, **kwargs) -> tuple:
    """Two waves (anonymous, k = 5) of :data:`FOUR_VIEW_LAYOUT` in ``kommune``."""
    from frisat.web.rounds import services
    from tests.web.helpers import make_round

    for area, unit, _group, _n in FOUR_VIEW_LAYOUT:
        area_obj, _ = Area.objects.get_or_create(municipality=municipality, name=area)
        Unit.objects.get_or_create(area=area_obj, name=unit)
    first = make_round(municipality, name="Fire visninger", anonymous=True, min_n=5, **kwargs)
    second = services.next_wave(first, name="Fire visninger", opens_at=first.opens_at, closes_at=first.closes_at,
                                wave="2")
    rng = np.random.default_rng(11)
    for wave in (first, second):
        for area, unit, group, n in FOUR_VIEW_LAYOUT:
            add_responses(wave, unit_named(municipality, area, unit), group, n, rng, comment=f"kommentar {unit}")
    return first, second


def four_views(first, second) -> list[tuple[dict, str, int]]:
    """The four filter views of the attack: (query, row, sign). Their signed sum is Vugge's leaders."""
    both = [first.pk, second.pk]
    return [({"boelge": [first.pk], "grupper": "enhed"}, "Vugge", 1),
            ({"boelge": [second.pk], "grupper": "enhed"}, "Vugge", 1),
            ({"boelge": both, "gruppe": "medarbejder", "grupper": "omraade"}, "dagtilbud", -1),
            ({"boelge": both, "gruppe": "medarbejder", "grupper": "enhed"}, "Børne", 1)]
