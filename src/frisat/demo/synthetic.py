"""Synthetic demo data for Frisat — invented answers, never real survey responses.

:func:`generate_responses` returns a canonical DataFrame (see :mod:`frisat.core.schema`) that
looks like a Frisættelsesbarometer survey. The kommune and område values are real names, but
every respondent id starts with ``DEMO-``, every comment starts with ``[Demo]`` and
:data:`DEMO_NOTE` says, in Danish, that the data are synthetic.

Model (all on the 1–10 scale, mapped to the instrument's own scale when it differs): an answer
to item *x* of spor *s* and dimension *d* is

    structure(unit, s, d) + group(d) + drift(wave, unit)            (fixed per unit)
    + loading(x) · latent(respondent, s, d) + noise(x)              (per respondent and item)

rounded and clipped to the scale. ``structure`` holds the spor mean, the area's shift (elder care
is lower on implementation of regler and dokumentation), a kommune effect and a unit effect;
``latent`` holds a halo shared by both dimensions, a per-dimension level, a per-spor level and two
sources of low importance (a few sceptics, and respondents who find one spor unimportant). The
overall item ("alt i alt") has loading 1 and less noise, so it correlates with items a–c. Then a
few answers become "ved ikke" or blank, a few respondents break off, and about a third write
comments drawn from :mod:`frisat.demo.comments`, in a tone that fits their implementation level.

Options for the features of issue 4 (drawn from a separate random stream, so the answers of
the default ``design="begge"`` without an allocation are unchanged):

- ``design`` — ``"begge"`` (both dimensions to everyone), ``"halvdel"`` (within each unit ×
  respondent group, after a shuffle, every second respondent answers implementation only and the
  others importance only) or ``"gruppe"`` (leaders answer importance only, employees
  implementation only; seed 002, section 3.8.2). The other dimension's items are blank;
- an instrument with an ``allocation`` (e.g. ``vive-frisaettelse-point``) gets ``{spor}_point``
  answers: points in steps of 5 summing to the total, more to the spor the respondent finds more
  important (from the respondent's own importance answers); about 5 % skip the question, and
  respondents who break off or answer implementation only leave it blank.

Two shapes:

- ``respondents=None``: shaped like the VIVE pilot (seed 002, chapter 3): in each kommune 10–12
  leaders per area (dagtilbud, skole, aeldre) in 3–4 units per area;
- ``respondents=N``: N respondents per wave, spread over kommuner × areas × units of 15–25, about
  15 % leaders and 85 % employees, with kommune and unit random effects. Fully vectorised.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from frisat.core import schema
from frisat.core.instrument import Instrument, Scale, Section
from frisat.demo.comments import COMMENT_PREFIX, TONES, comments_for
from frisat.demo.names import KOMMUNER

DEMO_NOTE = "Syntetiske demodata genereret af Frisat — ikke rigtige besvarelser."
"""Label to show wherever demo data are used."""

DEMO_ID_PREFIX = "DEMO-"
AREAS: tuple[str, ...] = ("dagtilbud", "skole", "aeldre")
UNIT_LABELS: dict[str, str] = {"dagtilbud": "dagtilbud", "skole": "skole", "aeldre": "plejecenter"}
GROUPS: tuple[str, ...] = ("leder", "medarbejder")
DESIGNS: tuple[str, ...] = ("begge", "halvdel", "gruppe")
"""Which dimensions a respondent answers (see the module docstring)."""
GROUP_DIMENSIONS: dict[str, str] = {"leder": "vigt", "medarbejder": "impl"}
"""The ``gruppe`` design of the demo: leaders rate importance, employees implementation."""
_POINT_STEP = 5
_POINT_SKIP_P = 0.05
_POINT_SHARPNESS = 0.45
MAX_ROWS = 5_000_000
"""Upper limit on the number of generated rows (respondents × waves)."""

# -- model parameters (1–10 scale) ------------------------------------------------------------
IMPL, VIGT = 0, 1  # the two roles of the paired dimensions

_SPOR_MEAN: dict[str, tuple[float, float]] = {  # (implementation, importance)
    "regler": (7.0, 9.3),
    "maal": (7.0, 8.9),
    "dok": (7.0, 8.8),
    "tillid": (7.6, 9.5),
    "innov": (7.1, 9.0),
}
_DEFAULT_MEAN = (7.0, 9.0)
_AREA_SHIFT: dict[tuple[str, str], tuple[float, float]] = {  # (area, spor) → (impl, vigt)
    ("aeldre", "regler"): (-1.7, -0.1),
    ("aeldre", "dok"): (-1.9, -0.4),
    ("aeldre", "tillid"): (-0.2, 0.0),
    ("skole", "dok"): (0.5, -0.2),
    ("skole", "tillid"): (0.4, 0.0),
    ("skole", "maal"): (0.2, 0.0),
    ("dagtilbud", "regler"): (0.1, 0.3),
    ("dagtilbud", "innov"): (0.0, -0.4),
}
_EMPLOYEE_SHIFT = (-0.8, -0.4)
_HALO_SD = 0.6
_DIM_SD = (0.8, 0.5)
_SPOR_SD = (1.0, 0.6)
_NOISE_SD = (1.5, 1.3)
_OVERALL_NOISE = 0.6
_LOADINGS = (1.0, 0.85, 0.7)
_ITEM_OFFSET = (0.1, 0.0, -0.3)
_SCEPTIC_SHARE, _SCEPTIC_SHIFT = 0.05, (-2.5, -4.5)
_DISINTEREST_SHARE, _DISINTEREST_SHIFT = 0.03, -5.0
_DONT_KNOW_P, _BLANK_P, _BREAKOFF_P = 0.025, 0.015, 0.03
_COMMENTER_P, _COMMENT_SPOR_P, _NEUTRAL_TONE_P = 0.34, 0.6, 0.25
_LEADER_P = 0.15
_UNIT_MIN, _UNIT_MAX = 15, 25
_AREA_WEIGHTS = np.array([0.35, 0.35, 0.30])


@dataclass(frozen=True)
class _Profile:
    """Standard deviations of the random effects, as (implementation, importance)."""

    kommune: tuple[float, float]
    kommune_spor: tuple[float, float]
    unit: tuple[float, float]
    unit_spor: tuple[float, float]
    drift: tuple[float, float]  # mean and sd of the per-wave implementation drift of a unit


_PILOT = _Profile((0.3, 0.15), (0.2, 0.1), (0.3, 0.15), (0.2, 0.1), (0.35, 0.15))
_LARGE = _Profile((0.45, 0.25), (0.3, 0.15), (0.5, 0.2), (0.3, 0.15), (0.3, 0.2))


@dataclass(frozen=True)
class _Layout:
    """Units and which unit each respondent (row) of one wave belongs to."""

    unit_kommune: np.ndarray
    unit_area: np.ndarray
    unit_names: list[str]
    row_unit: np.ndarray


def generate_responses(
    instrument: Instrument,
    respondents: int | None = None,
    kommuner: int = 1,
    seed: int = 2024,
    waves: int = 1,
    design: str = "begge",
) -> pd.DataFrame:
    """Synthetic answers to ``instrument`` as a canonical DataFrame (deterministic per seed).

    ``respondents=None`` gives the VIVE pilot shape (about 11 leaders per area and kommune);
    ``respondents=N`` gives N respondents per wave. ``kommuner`` uses the first names of
    :data:`frisat.demo.names.KOMMUNER`; ``waves`` measures the same units again (maaling "1",
    "2", …) with implementation drifting a little upwards. ``design`` is one of :data:`DESIGNS`.
    """
    _check_arguments(respondents, kommuner, waves)
    if design not in DESIGNS:
        raise ValueError(f"Design skal være et af {', '.join(DESIGNS)} (fik {design!r}).")
    if design == "gruppe" and respondents is None:
        raise ValueError("Designet «gruppe» kræver både ledere og medarbejdere: angiv et antal respondenter "
                         "(pilotformen har kun ledere).")
    rng = np.random.default_rng(seed)
    pilot = respondents is None
    layout = _pilot_layout(rng, kommuner) if pilot else _large_layout(rng, int(respondents), kommuner)
    per_wave = len(layout.row_unit)
    if per_wave * waves > MAX_ROWS:
        raise ValueError(
            f"Der kan højst dannes {MAX_ROWS:,} besvarelser i alt (respondenter × målinger); "
            f"her ville det blive {per_wave * waves:,}.".replace(",", ".")
        )
    row_unit = np.tile(layout.row_unit, waves)
    row_wave = np.repeat(np.arange(waves, dtype=np.int32), per_wave)
    n = len(row_unit)
    leader = np.ones(n, dtype=bool) if pilot else rng.random(n) < _LEADER_P

    names = [spec.name for spec in instrument.columns() if not spec.is_text]
    items = np.empty((len(names), n))  # (columns, rows): becomes one pandas block without a copy
    comments = _answers(instrument, rng, layout, row_unit, row_wave, leader, pilot, kommuner, names, items)
    extra = np.random.default_rng([seed, 1])  # a stream of its own: the answers above stay the same
    position = {name: i for i, name in enumerate(names)}
    if instrument.allocation is not None:
        _allocate_points(instrument, extra, items, position)
    if design != "begge":
        _split_dimensions(instrument, extra, items, position, design, row_unit * waves + row_wave, leader)

    background = {
        "respondent_id": _ids(n),
        "kommune": _strings(layout.unit_kommune[row_unit], KOMMUNER[:kommuner]),
        "omraade": _strings(layout.unit_area[row_unit], AREAS),
        "enhed": _strings(row_unit, layout.unit_names),
        "gruppe": _strings(np.where(leader, 0, 1), GROUPS),
        "maaling": _strings(row_wave, [str(w + 1) for w in range(waves)]),
    }
    parts = [pd.DataFrame(background)]
    if names:
        parts.append(pd.DataFrame(items.T, columns=names, copy=False))
    del items
    if comments:
        parts.append(pd.DataFrame(comments))
    frame = schema.conform(pd.concat(parts, axis=1), instrument)
    frame.attrs["demo"] = DEMO_NOTE
    return frame


# -- arguments and layout ---------------------------------------------------------------------
def _is_int(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _check_arguments(respondents: int | None, kommuner: int, waves: int) -> None:
    if respondents is not None and (not _is_int(respondents) or respondents < 1):
        raise ValueError(f"Antal respondenter skal være et helt tal på mindst 1 (fik {respondents!r}).")
    if not _is_int(kommuner) or not 1 <= kommuner <= len(KOMMUNER):
        raise ValueError(f"Antal kommuner skal være et helt tal fra 1 til {len(KOMMUNER)} (fik {kommuner!r}).")
    if not _is_int(waves) or waves < 1:
        raise ValueError(f"Antal målinger skal være et helt tal på mindst 1 (fik {waves!r}).")


def _unit_name(kommune: int, area: int, number: int) -> str:
    return f"{KOMMUNER[kommune]} {UNIT_LABELS[AREAS[area]]} {number}"


def _pilot_layout(rng: np.random.Generator, kommuner: int) -> _Layout:
    """Per kommune and area: 10–12 leaders spread evenly over 3–4 units."""
    unit_kommune: list[int] = []
    unit_area: list[int] = []
    names: list[str] = []
    rows: list[np.ndarray] = []
    for k in range(kommuner):
        for a in range(len(AREAS)):
            n_units = int(rng.integers(3, 5))
            n_leaders = int(rng.integers(10, 13))
            first = len(names)
            for number in range(1, n_units + 1):
                unit_kommune.append(k)
                unit_area.append(a)
                names.append(_unit_name(k, a, number))
            rows.append(first + np.arange(n_leaders) * n_units // n_leaders)
    return _Layout(np.array(unit_kommune), np.array(unit_area), names, np.concatenate(rows))


def _large_layout(rng: np.random.Generator, respondents: int, kommuner: int) -> _Layout:
    """Units of 15–25 respondents, spread over kommune × area cells of varying size."""
    sizes = rng.integers(_UNIT_MIN, _UNIT_MAX + 1, size=respondents // _UNIT_MIN + 1)
    ends = np.cumsum(sizes)
    n_units = int(np.searchsorted(ends, respondents)) + 1
    sizes = sizes[:n_units].copy()
    sizes[-1] -= ends[n_units - 1] - respondents
    n_cells = kommuner * len(AREAS)
    weights = np.repeat(rng.lognormal(0.0, 0.7, kommuner), len(AREAS)) * np.tile(_AREA_WEIGHTS, kommuner)
    weights /= weights.sum()
    if n_units >= n_cells:  # every kommune × area gets at least one unit
        extra = rng.choice(n_cells, size=n_units - n_cells, p=weights)
        cells = np.concatenate([np.arange(n_cells), extra])
    else:
        cells = rng.choice(n_cells, size=n_units, replace=False, p=weights)
    order = np.argsort(cells, kind="stable")
    cells, sizes = cells[order], sizes[order]
    numbers = np.arange(n_units) - np.searchsorted(cells, cells) + 1
    unit_kommune, unit_area = cells // len(AREAS), cells % len(AREAS)
    names = [
        _unit_name(k, a, m) for k, a, m in zip(unit_kommune.tolist(), unit_area.tolist(), numbers.tolist(), strict=True)
    ]
    return _Layout(unit_kommune, unit_area, names, np.repeat(np.arange(n_units), sizes))


# -- answers ----------------------------------------------------------------------------------
def _roles(instrument: Instrument) -> list[str]:
    """The paired dimensions as [implementation-like, importance-like]."""
    dims = instrument.dimension_ids
    if set(dims) == {"impl", "vigt"}:
        return ["impl", "vigt"]
    return dims


def _unit_structure(
    rng: np.random.Generator,
    spor: list[Section],
    layout: _Layout,
    profile: _Profile,
    kommuner: int,
) -> np.ndarray:
    """Expected answer per spor × role × unit: spor mean + area shift + kommune and unit effects."""
    n_spor, n_units = len(spor), len(layout.unit_names)
    sd = {name: np.asarray(getattr(profile, name)) for name in ("kommune", "kommune_spor", "unit", "unit_spor")}
    kommune = rng.normal(size=(kommuner, 2)) * sd["kommune"]
    kommune_spor = rng.normal(size=(kommuner, n_spor, 2)) * sd["kommune_spor"]
    if kommuner == 1:  # a single kommune: its effect would only shift everything
        kommune[:] = 0.0
        kommune_spor[:] = 0.0
    unit = rng.normal(size=(n_units, 2)) * sd["unit"]
    unit_spor = rng.normal(size=(n_units, n_spor, 2)) * sd["unit_spor"]
    area_shift = np.zeros((len(AREAS), n_spor, 2))
    for a, area in enumerate(AREAS):
        for s, section in enumerate(spor):
            area_shift[a, s] = _AREA_SHIFT.get((area, section.id), (0.0, 0.0))
    means = np.array([_SPOR_MEAN.get(section.id, _DEFAULT_MEAN) for section in spor]).reshape(n_spor, 2)
    k, a = layout.unit_kommune, layout.unit_area
    out = means[None, :, :] + area_shift[a] + kommune[k][:, None, :] + kommune_spor[k] + unit[:, None, :] + unit_spor
    return np.ascontiguousarray(out.transpose(1, 2, 0))  # (spor, role, unit)


def _to_scale(values: np.ndarray, scale: Scale) -> np.ndarray:
    """Round and clip model values (1–10) to the scale, in place where possible."""
    lo, hi = (scale.min, scale.max) if scale.type == "numeric" else (min(scale.codes), max(scale.codes))
    if (lo, hi) != (1, 10):
        values = lo + (values - 1.0) * (hi - lo) / 9.0
    np.rint(values, out=values)
    np.clip(values, lo, hi, out=values)
    return values


def _blank_out(rng: np.random.Generator, values: np.ndarray, scale: Scale, gone: np.ndarray | None) -> None:
    """Make a few answers "ved ikke" (if the scale offers it) or blank; blank after a break-off."""
    u = rng.random(len(values))
    if scale.dont_know:
        values[u < _DONT_KNOW_P] = schema.DONT_KNOW
    else:
        values[u < _DONT_KNOW_P] = np.nan
    values[(u >= _DONT_KNOW_P) & (u < _DONT_KNOW_P + _BLANK_P)] = np.nan
    if gone is not None:
        values[gone] = np.nan


def _answers(
    instrument: Instrument,
    rng: np.random.Generator,
    layout: _Layout,
    row_unit: np.ndarray,
    row_wave: np.ndarray,
    leader: np.ndarray,
    pilot: bool,
    kommuner: int,
    names: list[str],
    items: np.ndarray,
) -> dict[str, pd.Series]:
    """Fill ``items`` (one row per column of ``names``) with answers; return the comments."""
    n = len(row_unit)
    spor = instrument.spor
    roles = _roles(instrument)
    profile = _PILOT if pilot else _LARGE
    structure = _unit_structure(rng, spor, layout, profile, kommuner)
    drift = rng.normal(profile.drift[0], profile.drift[1], len(layout.unit_names))

    halo = rng.normal(0.0, _HALO_SD, n)
    level = rng.normal(size=(2, n)) * np.asarray(_DIM_SD)[:, None]
    n_spor = len(spor)
    if pilot:  # few respondents: place the low-importance cases rather than leave them to chance
        n_waves = int(row_wave.max()) + 1
        kommune = layout.unit_kommune[row_unit].astype(np.int64)
        sceptic = np.zeros(n, dtype=bool)
        sceptic[_one_per_group(rng, kommune * n_waves + row_wave)] = True
        cell = kommune * len(AREAS) + layout.unit_area[row_unit]
        picked = _one_per_group(rng, cell * n_waves + row_wave)
        disinterest_spor = np.full(n, -1)
        disinterest_spor[picked] = rng.integers(0, max(n_spor, 1), len(picked))
    else:
        sceptic = rng.random(n) < _SCEPTIC_SHARE
    employee = ~leader
    break_at = np.full(n, n_spor, dtype=np.int32)
    breaks = rng.random(n) < _BREAKOFF_P
    if n_spor > 1:
        break_at[breaks] = rng.integers(1, n_spor, int(breaks.sum()))
    commenter = rng.random(n) < _COMMENTER_P

    position = {name: i for i, name in enumerate(names)}
    done = np.zeros(len(names), dtype=bool)
    comments: dict[str, pd.Series] = {}
    for s, section in enumerate(spor):
        gone = break_at <= s
        disinterest = disinterest_spor == s if pilot else rng.random(n) < _DISINTEREST_SHARE
        expected_impl = np.zeros(n)
        for r, dim in enumerate(roles):
            base = structure[s, r][row_unit]
            base[employee] += _EMPLOYEE_SHIFT[r]
            if r == IMPL:
                base += row_wave * drift[row_unit]
            latent = rng.normal(0.0, _SPOR_SD[r], n)
            latent += halo
            latent += level[r]
            latent[sceptic] += _SCEPTIC_SHIFT[r]
            if r == VIGT:
                latent[disinterest] += _DISINTEREST_SHIFT
            else:
                expected_impl = base + latent
            others = 0
            for name in instrument.item_columns(section.id, dim):
                spec = instrument.column(name)
                if spec.item == section.overall_item:
                    loading, offset, noise = 1.0, 0.0, _NOISE_SD[r] * _OVERALL_NOISE
                else:
                    loading = _LOADINGS[(others + s) % len(_LOADINGS)]
                    offset = _ITEM_OFFSET[others % len(_ITEM_OFFSET)] if r == IMPL else 0.0
                    noise = _NOISE_SD[r]
                    others += 1
                values = items[position[name]]
                rng.standard_normal(out=values)
                values *= noise
                values += offset
                values += base
                values += loading * latent
                values[:] = _to_scale(values, spec.scale)
                _blank_out(rng, values, spec.scale, gone)
                done[position[name]] = True
            del base, latent
        column = instrument.comment_column(section.id)
        if column is not None:
            writes = commenter & (rng.random(n) < _COMMENT_SPOR_P) & ~gone
            comments[column] = _comments(rng, section.id, expected_impl, writes)

    # Other answer columns (sections that are not spor): uniform answers, a few blanks. The
    # allocation's columns are filled afterwards from the importance answers (_allocate_points).
    allocation = set(instrument.allocation_columns()) if instrument.allocation is not None else set()
    for name in (name for i, name in enumerate(names) if not done[i] and name not in allocation):
        scale = instrument.column(name).scale
        codes = np.asarray(scale.codes, dtype=np.float64)
        values = items[position[name]]
        values[:] = codes[rng.integers(0, len(codes), n)] if len(codes) else np.nan
        _blank_out(rng, values, scale, None)
    return comments


def _allocate_points(instrument: Instrument, rng: np.random.Generator, items: np.ndarray,
                     position: dict[str, int]) -> None:
    """Fill the ``{spor}_point`` rows of ``items``: steps of 5 summing to the total, more points to
    the spor the respondent rated more important; blank for ~5 % and for respondents without
    importance answers on every spor (break-offs)."""
    spor = instrument.allocation_spor()
    total = instrument.allocation.total
    n = items.shape[1]
    own = np.empty((len(spor), n))
    for i, spor_id in enumerate(spor):
        block = items[[position[c] for c in instrument.item_columns(spor_id, "vigt")]]
        valid = ~np.isnan(block) & (block != schema.DONT_KNOW)
        count = valid.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            own[i] = np.where(valid, block, 0.0).sum(axis=0) / count
    answered = ~np.isnan(own).any(axis=0) & (rng.random(n) >= _POINT_SKIP_P)
    with np.errstate(invalid="ignore"):
        centred = np.nan_to_num(own - own.mean(axis=0), nan=0.0)
    weights = np.exp(_POINT_SHARPNESS * centred + rng.normal(0.0, 0.5, own.shape))
    step = _POINT_STEP if total % _POINT_STEP == 0 else 1
    units = total // step
    shares = weights / weights.sum(axis=0) * units
    points = np.floor(shares)
    short = (units - points.sum(axis=0)).astype(np.int64)
    # Largest remainders first, so the steps add up to exactly the total.
    order = np.argsort(-(shares - points), axis=0, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(len(spor))[:, None].repeat(n, axis=1), axis=0)
    points += ranks < short[None, :]
    points *= step
    points[:, ~answered] = np.nan
    for i, column in enumerate(instrument.allocation_columns()):
        items[position[column]] = points[i]


def _split_dimensions(instrument: Instrument, rng: np.random.Generator, items: np.ndarray,
                      position: dict[str, int], design: str, cell: np.ndarray, leader: np.ndarray) -> None:
    """Blank the dimension a respondent was not asked (``halvdel`` or ``gruppe`` design).

    ``halvdel``: within each unit × wave × respondent group, in a random order, every second
    respondent answers implementation only (so each unit gets both dimensions).
    """
    n = items.shape[1]
    if design == "gruppe":
        impl_only = ~leader  # employees: implementation; leaders: importance
    else:
        key = cell.astype(np.int64) * 2 + leader
        order = np.lexsort((rng.random(n), key))
        sorted_key = key[order]
        starts = np.searchsorted(sorted_key, sorted_key, side="left")
        rank = np.arange(n) - starts
        flip = rng.random(n) < 0.5  # which half of a cell starts: no systematic order
        impl_only = np.empty(n, dtype=bool)
        impl_only[order] = (rank % 2 == 0) ^ flip[order][starts]
    hide = {"vigt": impl_only, "impl": ~impl_only}
    for section in instrument.spor:
        for dim, rows in hide.items():
            for column in instrument.item_columns(section.id, dim):
                items[position[column], rows] = np.nan
    for column in instrument.allocation_columns() if instrument.allocation is not None else []:
        items[position[column], impl_only] = np.nan  # the points are a judgement of importance


def _one_per_group(rng: np.random.Generator, groups: np.ndarray) -> np.ndarray:
    """Row positions of one randomly chosen row per distinct value of ``groups``."""
    order = rng.permutation(len(groups))
    _, first = np.unique(groups[order], return_index=True)
    return np.sort(order[first])


def _comments(rng: np.random.Generator, spor_id: str, expected_impl: np.ndarray, writes: np.ndarray) -> pd.Series:
    """A comment from the bank for each writing respondent, in a tone fitting their level."""
    bank = comments_for(spor_id)
    texts = [COMMENT_PREFIX + text for tone in TONES for text in bank[tone]]
    counts = np.array([len(bank[tone]) for tone in TONES])
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    tone = np.where(expected_impl < 5.5, 0, np.where(expected_impl >= 7.5, 2, 1))
    tone[rng.random(len(tone)) < _NEUTRAL_TONE_P] = 1
    index = starts[tone] + (rng.random(len(tone)) * counts[tone]).astype(np.int64)
    return _strings(index, texts, mask=~writes)


# -- string columns ---------------------------------------------------------------------------
def _strings(codes: np.ndarray, labels: list[str] | tuple[str, ...], mask: np.ndarray | None = None) -> pd.Series:
    """A pandas "string" Series of ``labels[codes]`` (missing where ``mask``), built in Arrow."""
    indices = pa.array(np.asarray(codes, dtype=np.int32), mask=mask)
    array = pa.DictionaryArray.from_arrays(indices, pa.array(list(labels), type=pa.string()))
    return pd.Series(pd.array(array.cast(pa.string()), dtype="string"))


def _ids(n: int) -> pd.Series:
    """DEMO-001, DEMO-002, … zero-padded to the width of ``n`` (at least three digits)."""
    width = max(3, len(str(n)))
    numbers = pa.array(np.arange(1, n + 1, dtype=np.int64)).cast(pa.string())
    padded = pc.utf8_lpad(numbers, width=width, padding="0")
    ids = pc.binary_join_element_wise(DEMO_ID_PREFIX, padded, "")
    return pd.Series(pd.array(ids, dtype="string"))
