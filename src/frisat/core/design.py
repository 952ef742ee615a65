"""Split designs: who is asked which of the two dimensions (seed 002, section 3.8.2).

VIVE's own assessment of the barometer notes a *halo effect*: asked both how far the work has come
and how important it is, a respondent lets one answer colour the other. A split design asks each
respondent one dimension only and merges the dimensions at the level of unit/area:

- ``begge`` (:attr:`Design.BOTH`, the default): everyone answers both dimensions, as in the pilot;
- ``halvdel`` (:attr:`Design.HALF`): a random half answers implementation only, the other half
  importance only. :func:`assign_dimensions` balances the halves within every unit and respondent
  group (so each unit gets both dimensions) while the respondent cannot guess or choose theirs;
- ``gruppe`` (:attr:`Design.GROUP`): one dimension per respondent group, e.g. leaders importance
  and employees implementation (``{"leder": "vigt", "medarbejder": "impl"}``).

:func:`detect_design` tells from a canonical frame which design the answers follow, with the
number of respondents per dimension, for the analysis and the report (the names of the designs and
the sentence about them are in :mod:`frisat.reporting.codes`).

Example::

    >>> import numpy as np
    >>> rng = np.random.default_rng(7)
    >>> dims = assign_dimensions("halvdel", [("Skole A", "leder")] * 4, {}, rng)
    >>> sorted(dims)
    ['impl', 'impl', 'vigt', 'vigt']
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd

from frisat.core.errors import FrisatError
from frisat.core.instrument import Instrument

IMPL, VIGT = "impl", "vigt"
DIMENSIONS: tuple[str, str] = (IMPL, VIGT)
"""The two dimensions a split design divides between respondents."""

DIMENSION_ALIASES = {"impl": IMPL, "implementering": IMPL, "vigt": VIGT, "vigtighed": VIGT}
"""Accepted spellings of a dimension in ``gruppe=dimension`` (CLI and staff form)."""


class Design(StrEnum):
    BOTH = "begge"
    HALF = "halvdel"
    GROUP = "gruppe"


def parse_design(value: str | Design) -> Design:
    """``value`` as a :class:`Design`; a Danish error for anything else."""
    try:
        return Design(str(value).strip().lower())
    except ValueError:
        known = ", ".join(d.value for d in Design)
        raise FrisatError(f"Ukendt design «{value}». Vælg et af: {known}.") from None


def parse_group_dimensions(items: Iterable[str]) -> dict[str, str]:
    """``["leder=vigt", "medarbejder=impl"]`` → ``{"leder": "vigt", "medarbejder": "impl"}``.

    Groups are lower-cased; a dimension may also be written ``implementering``/``vigtighed``.
    """
    mapping: dict[str, str] = {}
    for raw in items:
        text = raw.strip()
        if not text:
            continue
        gruppe, sep, dimension = text.partition("=")
        gruppe, dimension = gruppe.strip().lower(), dimension.strip().lower()
        if not sep or not gruppe or not dimension:
            raise FrisatError(f"«{text}» skal skrives som gruppe=dimension, fx leder=vigt.")
        if dimension not in DIMENSION_ALIASES:
            raise FrisatError(f"«{text}»: dimensionen skal være impl (implementering) eller vigt (vigtighed).")
        if gruppe in mapping and mapping[gruppe] != DIMENSION_ALIASES[dimension]:
            raise FrisatError(f"Gruppen «{gruppe}» har fået to forskellige dimensioner.")
        mapping[gruppe] = DIMENSION_ALIASES[dimension]
    return mapping


def design_problems(design: str | Design, groups: Sequence[str],
                    group_dimensions: Mapping[str, str] | None) -> list[str]:
    """Everything wrong with a round's design settings, in Danish (empty when they are fine).

    In ``gruppe`` mode every group must be mapped to ``impl`` or ``vigt``, only the round's groups
    may be mapped, and both dimensions must be covered; the other designs take no mapping.
    """
    try:
        chosen = parse_design(design)
    except FrisatError as exc:
        return [str(exc)]
    mapping = dict(group_dimensions or {})
    groups = [g.strip().lower() for g in groups]
    if chosen != Design.GROUP:
        if mapping:
            return ["Dimension pr. gruppe bruges kun med designet «gruppe»."]
        return []
    problems = []
    unknown = sorted(g for g in mapping if g not in groups)
    if unknown:
        problems.append(f"{_quoted(unknown)} er ikke med i målingens grupper ({', '.join(groups)}).")
    bad = sorted(g for g, d in mapping.items() if d not in DIMENSIONS)
    if bad:
        problems.append(f"Dimensionen for {_quoted(bad)} skal være impl eller vigt.")
    missing = [g for g in groups if g not in mapping]
    if missing:
        problems.append(f"Med designet «gruppe» skal hver gruppe have en dimension (impl eller vigt); "
                        f"{_quoted(missing)} mangler.")
    covered = {d for g, d in mapping.items() if g in groups}
    if not missing and not bad and covered != set(DIMENSIONS):
        problems.append("Med designet «gruppe» skal mindst én gruppe svare på implementering (impl) "
                        "og mindst én på vigtighed (vigt).")
    return problems


def check_design(design: str | Design, groups: Sequence[str],
                 group_dimensions: Mapping[str, str] | None) -> tuple[Design, dict[str, str]]:
    """The design and its group → dimension mapping, or FrisatError with every problem."""
    problems = design_problems(design, groups, group_dimensions)
    if problems:
        raise FrisatError(" ".join(problems))
    chosen = parse_design(design)
    return chosen, (dict(group_dimensions or {}) if chosen == Design.GROUP else {})


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"«{n}»" for n in names)


# -- what a respondent is asked ------------------------------------------------------------------

ALLOCATION_DIMENSION = VIGT
"""The allocation question («fordel 100 point») judges importance: in a split design only the
respondents asked about importance get it, so it cannot colour anyone's implementation answers."""


def asks_allocation(instrument: Instrument, dimension: str | None) -> bool:
    """Whether a respondent asked ``dimension`` (None: both) gets the instrument's allocation question."""
    return instrument.allocation is not None and dimension in (None, "", ALLOCATION_DIMENSION)


def hidden_columns(instrument: Instrument, dimension: str | None) -> frozenset[str]:
    """The answer columns a respondent asked only ``dimension`` is not asked (empty for None: both).

    Items of the other dimension, and the allocation columns unless ``dimension`` is
    :data:`ALLOCATION_DIMENSION`.
    """
    if not dimension:
        return frozenset()
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    return frozenset(c.name for c in instrument.columns()
                     if (c.dimension is not None and c.dimension != dimension)
                     or (c.is_allocation and not asks_allocation(instrument, dimension)))


# -- assignment ----------------------------------------------------------------------------------


def _coin(rng_or_token: np.random.Generator | str) -> int:
    """0 or 1: from the generator, or from the SHA-256 of a link token (fixed for that link)."""
    if isinstance(rng_or_token, str):
        return hashlib.sha256(rng_or_token.encode("utf-8")).digest()[0] & 1
    return int(rng_or_token.integers(2))


def _fewer(counts: Sequence[int]) -> int | None:
    """0 or 1: the dimension with fewer respondents so far, or None on a tie."""
    if counts[0] == counts[1]:
        return None
    return 0 if counts[0] < counts[1] else 1


def assign_dimension(design: str | Design, gruppe: str, group_dimensions: Mapping[str, str] | None,
                     rng_or_token: np.random.Generator | str, *,
                     cell_counts: Sequence[int] = (0, 0), unit_counts: Sequence[int] = (0, 0)) -> str | None:
    """The dimension one new respondent is asked: ``"impl"``, ``"vigt"`` or ``None`` (both).

    ``halvdel``: the dimension with fewer respondents so far in the respondent's unit and group
    (``cell_counts``, as (impl, vigt)), then in the unit (``unit_counts``), then at random
    (``rng_or_token``: a NumPy generator, or the respondent's link token, which only the respondent
    holds and cannot choose). ``gruppe``: the group's dimension. ``begge``: None.
    """
    chosen = parse_design(design)
    if chosen == Design.BOTH:
        return None
    if chosen == Design.GROUP:
        dimension = (group_dimensions or {}).get(gruppe.strip().lower())
        if dimension not in DIMENSIONS:
            raise FrisatError(f"Gruppen «{gruppe}» har ingen dimension i målingens design.")
        return dimension
    pick = _fewer(cell_counts)
    if pick is None:
        pick = _fewer(unit_counts)
    if pick is None:
        pick = _coin(rng_or_token)
    return DIMENSIONS[pick]


def assign_dimensions(design: str | Design, respondents: Sequence[tuple[Hashable, str]],
                      group_dimensions: Mapping[str, str] | None, rng: np.random.Generator,
                      existing: Mapping[tuple[Hashable, str], Sequence[int]] | None = None) -> list[str | None]:
    """The dimension of each new respondent of one import batch, given as ``(enhed, gruppe)`` pairs.

    ``halvdel``: the batch is shuffled, then the respondents of each unit (and, within it, of each
    group) are taken together and given the dimension with fewer respondents so far in their unit
    and group, ties going to the dimension with fewer in the unit, then to chance. So in every unit
    and group the two halves differ by at most one (counting ``existing``: (impl, vigt) per
    ``(enhed, gruppe)`` from earlier batches), every unit with two or more respondents gets both
    dimensions, and which respondent gets which depends on the shuffle only.

    ``gruppe`` and ``begge``: as :func:`assign_dimension`.
    """
    chosen = parse_design(design)
    if chosen != Design.HALF:
        return [assign_dimension(chosen, gruppe, group_dimensions, rng) for _enhed, gruppe in respondents]
    cells: dict[tuple[Hashable, str], list[int]] = {}
    units: dict[Hashable, list[int]] = {}
    for (enhed, gruppe), counts in (existing or {}).items():
        cells[(enhed, gruppe)] = [int(counts[0]), int(counts[1])]
        unit = units.setdefault(enhed, [0, 0])
        unit[0] += int(counts[0])
        unit[1] += int(counts[1])
    shuffled = rng.permutation(len(respondents))
    unit_rank: dict[Hashable, int] = {}
    cell_rank: dict[tuple[Hashable, str], int] = {}
    for position in shuffled:
        enhed, gruppe = respondents[position]
        unit_rank.setdefault(enhed, len(unit_rank))
        cell_rank.setdefault((enhed, gruppe), len(cell_rank))
    order = sorted(shuffled.tolist(), key=lambda p: (unit_rank[respondents[p][0]], cell_rank[respondents[p]]))
    result: list[str | None] = [None] * len(respondents)
    for position in order:
        enhed, gruppe = respondents[position]
        cell = cells.setdefault((enhed, gruppe), [0, 0])
        unit = units.setdefault(enhed, [0, 0])
        pick = _fewer(cell)
        if pick is None:
            pick = _fewer(unit)
        if pick is None:
            pick = int(rng.integers(2))
        cell[pick] += 1
        unit[pick] += 1
        result[position] = DIMENSIONS[pick]
    return result


# -- detection -----------------------------------------------------------------------------------


def dimensions_answered(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Per respondent (same index as ``frame``): whether any item of each dimension is answered.

    «Ved ikke» counts as an answer (the respondent was asked); blank does not. Boolean columns
    ``impl`` and ``vigt``.
    """
    out = {}
    for dimension in DIMENSIONS:
        columns = [c for spor in instrument.spor for c in instrument.item_columns(spor.id, dimension)
                   if c in frame.columns]
        # Column by column: a float column is read without a copy (a 2-D matrix of 20 columns × 1M is not).
        answered = np.zeros(len(frame), dtype=bool)
        for column in columns:
            answered |= frame[column].notna().to_numpy(dtype=bool)
        out[dimension] = answered
    return pd.DataFrame(out, index=frame.index)


@dataclass(frozen=True)
class DesignReport:
    """Which design a set of answers follows, and how many respondents answered each dimension.

    Counts are of respondents who answered at least one item of a dimension («ved ikke» included);
    respondents who answered neither are left out of every count and share.
    """

    design: Design
    respondents: int
    """Respondents with an answer in at least one of the dimensions."""
    impl_only: int
    vigt_only: int
    both: int
    group_dimensions: dict[str, str] = field(default_factory=dict)
    """For a detected ``gruppe`` design: each group's dimension."""
    by_group: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Per ``gruppe``: respondents, impl_only, vigt_only, both, n_impl, n_vigt."""

    @property
    def n_impl(self) -> int:
        """Respondents who answered implementation."""
        return self.impl_only + self.both

    @property
    def n_vigt(self) -> int:
        """Respondents who answered importance."""
        return self.vigt_only + self.both

    def share(self, kind: str) -> float:
        """Share of :attr:`respondents` that answered ``impl_only``, ``vigt_only`` or ``both`` (NaN if none)."""
        count = {"impl_only": self.impl_only, "vigt_only": self.vigt_only, "both": self.both}[kind]
        return count / self.respondents if self.respondents else float("nan")

    @property
    def is_split(self) -> bool:
        return self.design != Design.BOTH


def detect_design(frame: pd.DataFrame, instrument: Instrument, *, split_share: float = 0.5) -> DesignReport:
    """Which design ``frame`` follows, from who answered which dimension.

    ``begge`` when at least ``split_share`` of the respondents answered both dimensions (or nobody
    answered anything); otherwise ``gruppe`` when the one-dimension respondents of each group all
    answered the same dimension and the groups cover both, else ``halvdel``.
    """
    answered = dimensions_answered(frame, instrument)
    impl, vigt = answered[IMPL].to_numpy(), answered[VIGT].to_numpy()
    any_answer = impl | vigt
    if "gruppe" in frame.columns:
        codes, names = pd.factorize(frame["gruppe"].astype("string").fillna(""), sort=True)
        names = [str(n) for n in names]
    else:
        codes, names = np.zeros(len(frame), dtype=np.intp), [""]
    # Counts per group with bincount on the group codes (a groupby over a million strings costs more).
    flags = {"respondents": any_answer, "impl_only": impl & ~vigt, "vigt_only": vigt & ~impl, "both": impl & vigt}
    by_group = pd.DataFrame({name: np.bincount(codes[flag], minlength=len(names)).astype("int64")
                             for name, flag in flags.items()}, index=pd.Index(names, name="gruppe"))
    by_group = by_group[by_group["respondents"] > 0]
    by_group["n_impl"] = by_group["impl_only"] + by_group["both"]
    by_group["n_vigt"] = by_group["vigt_only"] + by_group["both"]
    by_group = by_group.reset_index()
    respondents = int(any_answer.sum())
    impl_only, vigt_only, both = (int(by_group[c].sum()) for c in ("impl_only", "vigt_only", "both"))
    design, mapping = Design.BOTH, {}
    if respondents and both / respondents < split_share:
        design = Design.HALF
        mapping = {}
        for row in by_group.itertuples(index=False):
            if row.impl_only and not row.vigt_only:
                mapping[row.gruppe] = IMPL
            elif row.vigt_only and not row.impl_only:
                mapping[row.gruppe] = VIGT
            elif row.impl_only or row.vigt_only:
                mapping = {}
                break
        if mapping and set(mapping.values()) == set(DIMENSIONS):
            design = Design.GROUP
        else:
            mapping = {}
    return DesignReport(design=design, respondents=respondents, impl_only=impl_only, vigt_only=vigt_only,
                        both=both, group_dimensions=mapping, by_group=by_group)
