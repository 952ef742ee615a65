"""From the chosen filters to the results: load, build the disclosure policy, call core once.

Shared by the results page and every download, so they always show the same subset. Everything
else — the combination audit, merging small groups into «Øvrige (samlet)», the audits of
respondent groups, units and each wave for the extended tables, and every statistic — is done by
:func:`frisat.core.results.compute`, which returns one read-only :class:`~frisat.core.results.ResultBundle`.
The web only knows what the database holds: the rounds, their thresholds and the atom counts of the
chain's other waves (:func:`~frisat.web.results.selectors.atom_counts`), which go into the
:class:`~frisat.core.disclosure_policy.DisclosurePolicy`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from frisat.core.analysis import AnalysisConfig
from frisat.core.disclosure_policy import WAVES_REFUSED, DisclosureOutcome, DisclosurePolicy
from frisat.core.extended import ExtendedConfig
from frisat.core.instrument import Instrument, get_instrument
from frisat.core.results import ResultBundle, compute
from frisat.core.schema import ID_COLUMN
from frisat.web.organisations.models import Unit
from frisat.web.results.selectors import atom_counts
from frisat.web.rounds.models import Round
from frisat.web.rounds.selectors import responses_frame

UNIT_COLUMN = "enhed"
GROUP_COLUMN = "gruppe"
WAVE_COLUMN = "maaling"

__all__ = ["WAVES_REFUSED", "Choices", "Prepared", "prepare", "pseudonymised"]


@dataclass
class Choices:
    """What the user chose on the filter form (validated)."""

    rounds: list[Round]
    area: str = ""
    unit: Unit | None = None
    group: str = ""
    group_by: str = ""
    chain: list[Round] = field(default_factory=list)
    """Every wave the form offers (the audit's universe); the selected ones when empty."""

    @classmethod
    def from_form(cls, data: dict[str, Any]) -> Choices:
        return cls(rounds=list(data["rounds"]), area=data.get("omraade") or "", unit=data.get("unit_obj"),
                   group=data.get("gruppe") or "", group_by=data.get("grupper") or "",
                   chain=list(data.get("chain") or []))

    @property
    def waves_offered(self) -> list[Round]:
        """The chain, oldest first, with the selected rounds in it."""
        chain = {m.pk: m for m in [*self.chain, *self.rounds]}
        return sorted(chain.values(), key=lambda m: (m.opens_at, m.pk))

    @property
    def k(self) -> int:
        """The strictest anonymity threshold of the waves offered together (so every request of a
        chain is audited against the same safe set)."""
        return max(m.min_n for m in self.waves_offered)


@dataclass(frozen=True)
class Prepared:
    """One request: the choices, the filtered raw rows (for raw-data downloads) and the bundle."""

    choices: Choices
    instrument: Instrument
    bundle: ResultBundle
    raw: pd.DataFrame = field(repr=False)
    """The filtered rows in the canonical format (original names) — for raw-data downloads."""

    @property
    def decision(self) -> DisclosureOutcome:
        return self.bundle.disclosure

    @property
    def allowed(self) -> bool:
        return self.bundle.allowed

    @property
    def frame(self) -> pd.DataFrame:
        """The rows as analysed: unique unit names, small groups merged into «Øvrige»."""
        return self.bundle.frame if self.bundle.frame is not None else self.raw

    @property
    def by(self) -> list[str]:
        return [self.choices.group_by] if self.choices.group_by else []

    @property
    def extended_frame(self) -> pd.DataFrame | None:
        return self.bundle.extended_frame

    @property
    def wave_frame(self) -> pd.DataFrame | None:
        return self.bundle.waves_frame

    @property
    def waves(self) -> tuple[str, ...]:
        return self.bundle.waves

    @property
    def hidden(self) -> dict[str, tuple[str, ...]]:
        return dict(self.bundle.disclosure.hidden)


def unit_label(unit: Unit, frame: pd.DataFrame) -> str:
    """The label :func:`unit_labels` gives to rows of ``enhed``."""
    areas = frame.loc[frame[UNIT_COLUMN] == unit.name, "omraade"].dropna().unique()
    if len(areas) > 1:
        return f"{unit.name} ({unit.area.name})"
    return unit.name


def analysis_config(choices: Choices) -> AnalysisConfig:
    return AnalysisConfig(min_n=choices.k)


def extended_config() -> ExtendedConfig:
    return ExtendedConfig(wave_column=WAVE_COLUMN, group_column=GROUP_COLUMN, unit_column=UNIT_COLUMN)


def policy(choices: Choices, raw: pd.DataFrame) -> DisclosurePolicy:
    """What the audit needs from the database: the threshold, the filters, the chain's other waves."""
    filters: dict[str, str] = {}
    if choices.area:
        filters["omraade"] = choices.area
    if choices.unit is not None:
        filters["enhed"] = unit_label(choices.unit, raw) if len(raw) else choices.unit.name
        filters.setdefault("omraade", choices.unit.area.name)
    if choices.group:
        filters["gruppe"] = choices.group
    chain = choices.waves_offered
    selected = {m.pk for m in choices.rounds}
    others = [m for m in chain if m.pk not in selected]
    ordered = sorted(choices.rounds, key=lambda m: (m.opens_at, m.pk))
    return DisclosurePolicy(k=choices.k, filters=filters, other_counts=atom_counts(others) if others else None,
                            chain=tuple(str(m.pk) for m in chain),
                            wave_keys={m.wave: str(m.pk) for m in choices.rounds},
                            wave_order=tuple(m.wave for m in ordered), unique_units=True)


def prepare(choices: Choices) -> Prepared:
    """Load the responses of the chosen waves and compute everything the page and the downloads show
    (:func:`frisat.core.results.compute`, the disclosure rules applied)."""
    instrument = get_instrument(choices.rounds[0].instrument_id)
    raw = responses_frame(choices.rounds, instrument)
    bundle = compute(raw, instrument, by=[choices.group_by] if choices.group_by else [],
                     config=analysis_config(choices), extended=extended_config(), policy=policy(choices, raw))
    rows = bundle.disclosure.rows
    shown = raw[rows].reset_index(drop=True) if rows is not None else raw.iloc[0:0]
    return Prepared(choices, instrument, bundle, raw=shown)


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
