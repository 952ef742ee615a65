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
from frisat.web.organisations.models import Enhed, Kommune, Omraade
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


def make_kommune(name: str = "Rebild") -> Kommune:
    kommune = Kommune.objects.create(name=name)
    for omraade, enhed, _gruppe, _n in LAYOUT:
        area, _ = Omraade.objects.get_or_create(kommune=kommune, name=omraade)
        Enhed.objects.get_or_create(omraade=area, name=enhed)
    return kommune


def unit(kommune: Kommune, omraade: str, name: str) -> Enhed:
    return Enhed.objects.get(omraade__kommune=kommune, omraade__name=omraade, name=name)


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


def add_responses(maaling, enhed: Enhed, gruppe: str, n: int, rng: np.random.Generator, **kwargs) -> None:
    Response.objects.bulk_create([Response(maaling=maaling, enhed=enhed, gruppe=gruppe,
                                           answers=answers(rng, **kwargs)) for _ in range(n)])


def fill_round(maaling, seed: int = 1, shift: int = 0) -> None:
    """Responses after LAYOUT; the small unit's comments carry :data:`SECRET`."""
    rng = np.random.default_rng(seed)
    kommune = maaling.kommune
    for i, (omraade, enhed, gruppe, n) in enumerate(LAYOUT):
        small = (omraade, enhed) == SMALL_UNIT
        comment = SECRET if small else f"kommentar-{i}-{gruppe}"
        add_responses(maaling, unit(kommune, omraade, enhed), gruppe, n, rng, comment=comment, shift=shift)


def expected(maaling_list, k: int, by: list[str], **filters) -> object:
    """frisat.core's analysis of the same subset (the reference for the page's numbers)."""
    frame = responses_frame(maaling_list)
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


def four_view_rounds(kommune: Kommune, **kwargs) -> tuple:
    """Two waves (anonymous, k = 5) of :data:`FOUR_VIEW_LAYOUT` in ``kommune``."""
    from frisat.web.rounds import services
    from tests.web.staff.helpers import make_round

    for omraade, enhed, _gruppe, _n in FOUR_VIEW_LAYOUT:
        area, _ = Omraade.objects.get_or_create(kommune=kommune, name=omraade)
        Enhed.objects.get_or_create(omraade=area, name=enhed)
    first = make_round(kommune, name="Fire visninger", anonymous=True, min_n=5, **kwargs)
    second = services.next_wave(first, name="Fire visninger", opens_at=first.opens_at, closes_at=first.closes_at,
                                wave="2")
    rng = np.random.default_rng(11)
    for wave in (first, second):
        for omraade, enhed, gruppe, n in FOUR_VIEW_LAYOUT:
            add_responses(wave, unit(kommune, omraade, enhed), gruppe, n, rng, comment=f"kommentar {enhed}")
    return first, second


def four_views(first, second) -> list[tuple[dict, str, int]]:
    """The four filter views of the attack: (query, row, sign). Their signed sum is Vugge's leaders."""
    both = [first.pk, second.pk]
    return [({"boelge": [first.pk], "grupper": "enhed"}, "Vugge", 1),
            ({"boelge": [second.pk], "grupper": "enhed"}, "Vugge", 1),
            ({"boelge": both, "gruppe": "medarbejder", "grupper": "omraade"}, "dagtilbud", -1),
            ({"boelge": both, "gruppe": "medarbejder", "grupper": "enhed"}, "Børne", 1)]
