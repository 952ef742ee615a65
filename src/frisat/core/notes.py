"""Notes and reasons that :mod:`frisat.core` hands on: a stable ASCII code plus the values a sentence needs.

The core writes no prose (issue 12). Where it has something to say beside a table — why a table
does not apply, a caution about the settings — it returns a :class:`Note`; the sentence, in Danish
or English, is written by :mod:`frisat.reporting.codes`.

>>> note = Note("single_wave", {"column": "maaling", "wave": "1"})
>>> note.code, note.params["wave"]
('single_wave', '1')
>>> import pickle
>>> pickle.loads(pickle.dumps(note)) == note
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

NOTE_CODES: tuple[str, ...] = (
    "low_min_n",
    "waves_pooled",
    "no_points",
    "no_groups",
    "single_group",
    "no_waves",
    "single_wave",
    "no_units",
    "waves_refused",
    "error",
    "small_n",
    "suppressed",
    "single_period",
    "no_values",
)
"""Every code a :class:`Note` of the core can carry (the reporting layer has a sentence for each).

- ``low_min_n`` (k, default): the anonymity threshold is below the default;
- ``waves_pooled`` (count, waves, column): the main tables pool several waves;
- ``no_points``: the questionnaire has no allocation question, or nobody answered it;
- ``no_groups`` / ``single_group`` (column[, group]): no comparison of respondent groups;
- ``no_waves`` / ``single_wave`` (column[, wave]): no development over time;
- ``no_units`` (column): no list of units that stand out;
- ``waves_refused``: the subset may be shown for the waves together but not in each wave on its
  own (the disclosure rules), so no table across waves;
- ``error`` (message): a table could not be computed; ``message`` is the FrisatError's text.

The case comparison (:mod:`frisat.core.cases.periods`) adds:

- ``small_n`` (measure, period, group, n, small_n): few cases, read the numbers with caution;
- ``suppressed`` (measure, period, group, n, min_n): fewer than min_n cases, only n is shown;
- ``single_period`` (periods): only one period has registrations, no comparison;
- ``no_values`` (measure): no case has a value of the measure.
"""


@dataclass(frozen=True)
class Note:
    """A code from :data:`NOTE_CODES` and its parameters (plain JSON values)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in NOTE_CODES:
            raise ValueError(f"unknown note code {self.code!r}")
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __hash__(self) -> int:
        return hash((self.code, tuple(sorted((k, str(v)) for k, v in self.params.items()))))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Note) and (self.code, dict(self.params)) == (other.code, dict(other.params))

    def __reduce__(self) -> tuple[type[Note], tuple[str, dict[str, Any]]]:
        """Pickled as code and a plain dict (a read-only mapping cannot be pickled); the output
        writer's helper process receives notes this way."""
        return (Note, (self.code, dict(self.params)))

    def record(self) -> dict[str, Any]:
        """The note as JSON: ``{"code": …, **params}``."""
        return {"code": self.code, **self.params}
