"""The canonical appeal-statistics table and the note codes of the legal-quality analysis.

One row per municipality × law area (× paragraph, empty at law level) × year × quarter, with the
counts of Ankestyrelsen's talportal. Column names are Frisat's own (documented in docs/legal.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

KOMMUNE = "kommune"
LOVOMRAADE = "lovomraade"
PARAGRAF = "paragraf"
AAR = "aar"
KVARTAL = "kvartal"
TOTAL = "antal_sager"
REFUSED = "afvist_henvist"
UPHELD = "stadfaestet"
CHANGED = "aendret_ophaevet"
RETURNED = "hjemvist"
TIME = "sagsbehandlingstid"

KEYS: tuple[str, ...] = (KOMMUNE, LOVOMRAADE, PARAGRAF, AAR, KVARTAL)
COUNTS: tuple[str, ...] = (TOTAL, REFUSED, UPHELD, CHANGED, RETURNED)
PARTS: tuple[str, ...] = (REFUSED, UPHELD, CHANGED, RETURNED)
CANONICAL_COLUMNS: tuple[str, ...] = (*KEYS, *COUNTS, TIME)

ALL_AREAS = "*"
"""The ``lovomraade`` value of the rows that sum every law area (worded by reporting)."""

DEFAULT_MIN_CASES = 20
"""Seed 003 excludes municipality-years whose rate rests on 20 or fewer cases."""

LEGAL_NOTE_CODES: tuple[str, ...] = (
    "appeals_only",
    "few_cases",
    "few_cases_excluded",
    "shifted_year",
    "incomplete_years",
    "no_rows",
)
"""Codes of :class:`LegalNote` (reporting has a sentence for each).

- ``appeals_only``: only appealed decisions are counted (seed 003's caveat), shown with every rate;
- ``few_cases`` (limit, count): municipality-years with ≤ limit decided cases are flagged;
- ``few_cases_excluded`` (limit, count): ... and left out on request;
- ``shifted_year``: years are Q2–Q4 plus Q1 of the next year (seed 003);
- ``incomplete_years`` (years): years without all four quarters in the snapshot;
- ``no_rows``: the selection left no rows.
"""


@dataclass(frozen=True)
class LegalNote:
    """A code from :data:`LEGAL_NOTE_CODES` and its parameters (plain JSON values)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in LEGAL_NOTE_CODES:
            raise ValueError(f"unknown legal note code {self.code!r}")
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted((k, repr(v)) for k, v in self.params.items()))))
