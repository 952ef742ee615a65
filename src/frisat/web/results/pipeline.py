"""From the chosen filters to an analysis: load, filter, apply the anonymity rules, analyse.

Shared by the results page and every download, so they always show the same subset. The
statistics are computed by :func:`frisat.core.analysis.analyze` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from frisat.core.analysis import AnalysisConfig, AnalysisResult, analyze
from frisat.core.instrument import Instrument, get_instrument
from frisat.core.schema import ID_COLUMN
from frisat.web.organisations.models import Enhed
from frisat.web.results import anonymity
from frisat.web.rounds.models import Maaling
from frisat.web.rounds.selectors import responses_frame

UNIT_COLUMN = "enhed"


@dataclass
class Choices:
    """What the user chose on the filter form (validated)."""

    rounds: list[Maaling]
    omraade: str = ""
    enhed: Enhed | None = None
    gruppe: str = ""
    group_by: str = ""

    @classmethod
    def from_form(cls, data: dict[str, Any]) -> Choices:
        return cls(rounds=list(data["rounds"]), omraade=data.get("omraade") or "", enhed=data.get("enhed_obj"),
                   gruppe=data.get("gruppe") or "", group_by=data.get("grupper") or "")

    @property
    def k(self) -> int:
        """The strictest anonymity threshold of the selected rounds."""
        return max(m.min_n for m in self.rounds)


@dataclass
class Prepared:
    """The filtered data of one request and the decision of the anonymity rules."""

    choices: Choices
    instrument: Instrument
    decision: anonymity.Decision
    raw: pd.DataFrame = field(repr=False)
    """The filtered rows in the canonical format (original names) — for raw-data downloads."""
    frame: pd.DataFrame = field(repr=False)
    """The filtered rows as analysed: unique unit names, small groups merged into «Øvrige»."""
    by: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return self.decision.allowed

    @property
    def config(self) -> AnalysisConfig:
        return AnalysisConfig(min_n=self.choices.k)

    def analyze(self) -> AnalysisResult:
        """The analysis of the shown subset (call once per request)."""
        if not self.allowed:
            raise ValueError("the subset may not be shown")
        return analyze(self.frame, self.instrument, by=self.by, config=self.config)


def unit_labels(frame: pd.DataFrame) -> pd.Series:
    """The unit name of each row, with the område added where two områder have a unit of that name."""
    names = frame[UNIT_COLUMN].astype("string")
    areas = frame["omraade"].astype("string")
    pairs = pd.DataFrame({"enhed": names, "omraade": areas}).drop_duplicates()
    shared = set(pairs.loc[pairs["enhed"].duplicated(keep=False), "enhed"].dropna())
    if not shared:
        return names
    return names.where(~names.isin(shared), names + " (" + areas + ")")


def enhed_label(enhed: Enhed, frame: pd.DataFrame) -> str:
    """The label :func:`unit_labels` gives to rows of ``enhed``."""
    areas = frame.loc[frame[UNIT_COLUMN] == enhed.name, "omraade"].dropna().unique()
    if len(areas) > 1:
        return f"{enhed.name} ({enhed.omraade.name})"
    return enhed.name


def prepare(choices: Choices) -> Prepared:
    """Load the responses of the chosen waves, filter them and apply the anonymity rules."""
    instrument = get_instrument(choices.rounds[0].instrument_id)
    raw = responses_frame(choices.rounds, instrument)
    work = raw.assign(**{UNIT_COLUMN: unit_labels(raw)}) if len(raw) else raw
    filters: dict[str, str] = {}
    if choices.omraade:
        filters["omraade"] = choices.omraade
    if choices.enhed is not None:
        filters["enhed"] = enhed_label(choices.enhed, raw) if len(raw) else choices.enhed.name
        filters.setdefault("omraade", choices.enhed.omraade.name)
    if choices.gruppe:
        filters["gruppe"] = choices.gruppe
    group_by = choices.group_by or None
    if len(work) == 0:
        decision = anonymity.Decision(False, "subset")
    else:
        decision = anonymity.decide(work, filters, group_by, choices.k, several_waves=len(choices.rounds) > 1)
    if not decision.allowed:
        empty = raw.iloc[0:0]
        return Prepared(choices, instrument, decision, raw=empty, frame=empty)
    rows = decision.rows.to_numpy(dtype=bool)
    frame = work[rows].reset_index(drop=True)
    if group_by and decision.merged:
        decision.other_label = anonymity.other_label(frame[group_by])
        frame = anonymity.merge_groups(frame, group_by, decision.merged, decision.other_label)
    frame.attrs = dict(raw.attrs)
    return Prepared(choices, instrument, decision, raw=raw[rows].reset_index(drop=True), frame=frame,
                    by=[group_by] if group_by else [])


def pseudonymised(frame: pd.DataFrame, rng: np.random.Generator | None = None) -> tuple[pd.DataFrame, dict]:
    """Rows in random order with new ids ``B0001…`` (and the old → new id map).

    Used for respondent-level downloads of anonymous rounds: the response's database id and the
    row order follow the order of submission, which could be matched with the respondents'
    «har svaret» times.
    """
    rng = rng or np.random.default_rng()
    order = rng.permutation(len(frame))
    shuffled = frame.iloc[order].reset_index(drop=True)
    width = max(4, len(str(len(frame))))
    new_ids = pd.Series([f"B{i:0{width}d}" for i in range(1, len(frame) + 1)], dtype="string")
    mapping = dict(zip(shuffled[ID_COLUMN].astype(str), new_ids, strict=True))
    shuffled[ID_COLUMN] = new_ids
    shuffled.attrs = dict(frame.attrs)
    return shuffled, mapping
