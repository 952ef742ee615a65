"""Item statistics for any instrument: the answers of each item per group and wave, and their change.

:func:`item_table` gives, per group of ``by`` and wave (``maaling``), for every answerable item
that is not part of the barometer's importance × implementation matrices:

- one row per answer code of a labelled item (likert, choice, yes/no) or of a numeric item with at
  most :data:`MAX_VALUE_ROWS` values: ``count`` and ``share`` of the *substantive* answers (``n``),
  with a Wilson interval;
- ``top_box`` (scales with ``top_box:``, e.g. «i høj grad» + «i meget høj grad»): their joint share;
- ``answered``, ``ved_ikke`` and ``blank``: how many of the cell's respondents (``n``) answered the
  item, answered «ved ikke» and left it blank. «Ved ikke» and blank are kept out of the denominator of
  the answer shares, so a share reads «of those who took a position» (documented in docs/analysis.md);
- numeric items (and the allocation's points) also carry ``mean`` and ``median`` of the substantive
  answers on each of their rows.

:func:`item_changes` gives the difference of each share between waves (to − from), with Newcombe's
hybrid score interval: the waves are treated as independent samples (repeated cross-sections).

Disclosure: a cell (group × wave) with fewer than k respondents, or one of the disclosure rules'
hidden groups, shows nothing (``suppressed``); an item answered substantively by fewer than k in a
cell shows no answer shares. A change needs both cells shown. The results are codes only, no prose.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from itertools import pairwise

import numpy as np
import pandas as pd

from frisat.core.analysis import MISSING_GROUP
from frisat.core.instrument import ColumnSpec, Instrument
from frisat.core.intervals import DEFAULT_CONFIDENCE, newcombe_diff, wilson
from frisat.core.schema import DONT_KNOW
from frisat.core.waves import wave_order as natural_wave_order

WAVE_COLUMN = "maaling"
TOP_BOX, ANSWERED, DONT_KNOW_ANSWER, BLANK = "top_box", "answered", "ved_ikke", "blank"
SPECIAL_ANSWERS = (TOP_BOX, ANSWERED, DONT_KNOW_ANSWER, BLANK)
"""The answer codes that are not an answer option (their words come from reporting)."""
RESPONDENT_ANSWERS = (ANSWERED, DONT_KNOW_ANSWER, BLANK)
"""Rows whose ``n`` is the cell's respondents (the others: the item's substantive answers)."""
MAX_VALUE_ROWS = 11
"""A numeric item with at most this many values gets a row per value (e.g. a 1–10 scale)."""
ITEM_COLUMNS = ("maaling", "item", "answer", "answer_label", "n", "count", "share", "share_ci_low",
                "share_ci_high", "mean", "median", "suppressed")
"""The columns of :func:`item_table` after the grouping columns (the first ten are items.csv's contract)."""
CHANGE_COLUMNS = ("item", "answer", "from_wave", "to_wave", "diff", "diff_ci_low", "diff_ci_high", "suppressed")
"""The columns of :func:`item_changes` after the grouping columns."""
ITEM_TYPES = ("likert", "yesno", "choice", "numeric", "allocation")


def item_type(spec: ColumnSpec) -> str:
    """The item's type: one of :data:`ITEM_TYPES`."""
    return "allocation" if spec.is_allocation else spec.scale.type


def item_specs(instrument: Instrument) -> list[ColumnSpec]:
    """The items the item tables cover, in questionnaire order.

    Every scaled column except the barometer's spor × dimension matrices (the main analysis covers
    those) and, in a barometer, the allocation (its own ``points`` table covers it).
    """
    spor = {s.id for s in instrument.spor}
    out = []
    for spec in instrument.columns():
        if spec.is_text or (spec.section in spor and spec.dimension is not None):
            continue
        if spec.is_allocation and spor:
            continue
        out.append(spec)
    return out


def _answer_codes(spec: ColumnSpec) -> list[int]:
    scale = spec.scale
    if scale.type == "numeric" and len(scale.codes) > MAX_VALUE_ROWS:
        return []
    return list(scale.codes)


def _answer_label(spec: ColumnSpec, code: int) -> str:
    """The instrument's own label of an answer code (data, not prose): the option's label, or the
    value itself on a numeric scale (with its end label, e.g. «1 = Slet ikke vigtigt»)."""
    return spec.scale.value_labels.get(code, str(code))


def _keys(frame: pd.DataFrame, by: Sequence[str], wave_column: str,
          waves: Sequence[str] | None) -> tuple[pd.DataFrame, np.ndarray, tuple[str, ...]]:
    """The cells (groups × waves, in order) as a table, each row's cell code, and the wave order."""
    parts = {}
    for column in by:
        text = frame[column].astype("string").str.strip()
        parts[column] = text.mask(text.isna() | (text == ""), MISSING_GROUP).fillna(MISSING_GROUP)
    if wave_column in frame.columns:
        wave = frame[wave_column].astype("string").fillna("")
    else:
        wave = pd.Series("", index=frame.index, dtype="string")
    present = [w for w in dict.fromkeys(wave.tolist())]
    order = tuple(w for w in waves if w in present) if waves is not None else tuple(
        natural_wave_order([w for w in present if w]))
    if "" in present and "" not in order:
        order = (*order, "")  # rows without a wave: a cell of their own, after the waves
    keys = pd.DataFrame({**parts, wave_column: wave}, index=frame.index)
    keep = keys[wave_column].isin(order).to_numpy()
    wave_rank = {w: i for i, w in enumerate(order)}
    cells = keys[keep].drop_duplicates()
    sort = pd.DataFrame({**{c: cells[c].astype(str) for c in by},
                         "__wave": cells[wave_column].map(wave_rank).astype(int)})
    cells = cells.loc[sort.sort_values([*by, "__wave"], kind="stable").index].reset_index(drop=True)
    index = pd.MultiIndex.from_frame(cells.astype(str))
    codes = np.full(len(frame), -1, dtype=np.int64)
    codes[keep] = index.get_indexer(pd.MultiIndex.from_frame(keys[keep].astype(str)))
    return cells.astype(str), codes, order


def item_table(frame: pd.DataFrame, instrument: Instrument, by: Sequence[str] = (), *, k: int,
               confidence: float = DEFAULT_CONFIDENCE, wave_column: str = WAVE_COLUMN,
               waves: Sequence[str] | None = None, hidden_groups: Collection[tuple[str, ...]] = (),
               items: Sequence[ColumnSpec] | None = None) -> pd.DataFrame:
    """Counts and shares of each item's answers per group of ``by`` and wave (see the module docstring).

    The waves are read from ``wave_column``; the output calls the column ``maaling`` whatever its name.

    ``hidden_groups``: groups (labels as in the output, one per ``by`` column) that the disclosure
    rules do not allow; ``waves``: the waves to show, in order (default: natural order of the data).

    The first question of the demo staff survey, answer 2 («Mindre tid») in 2019: 14 of the 39 who
    took a position (42 answered, of whom 2 «ved ikke» and 1 blank):

    >>> from frisat.core.instrument import get_instrument
    >>> from frisat.demo.evaluation_survey import generate_evaluation_survey
    >>> instrument = get_instrument("evaluering-medarbejdere")
    >>> first = item_specs(instrument)[:1]
    >>> table = item_table(generate_evaluation_survey(), instrument, k=5, items=first)
    >>> row = table[(table["maaling"] == "2019") & (table["answer"].astype(str) == "2")].iloc[0]
    >>> row["answer_label"], int(row["count"]), int(row["n"]), round(float(row["share"]), 3)
    ('Mindre tid', 14, 39, 0.359)
    >>> blank = table[(table["maaling"] == "2019") & (table["answer"] == "blank")].iloc[0]
    >>> int(blank["count"]), int(blank["n"])
    (1, 42)
    """
    by = [c for c in by if c != wave_column]
    specs = list(items) if items is not None else item_specs(instrument)
    columns = [*by, *ITEM_COLUMNS]
    if not specs or not len(frame):
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    cells, codes, _order = _keys(frame, by, wave_column, waves)
    n_cells = len(cells)
    inside = codes >= 0
    cell_codes = codes[inside]
    respondents = np.bincount(cell_codes, minlength=n_cells)
    hidden = {tuple(str(v) for v in g) for g in hidden_groups}
    cell_hidden = respondents < k
    if by and hidden:
        cell_hidden |= np.array([tuple(row) in hidden for row in cells[by].itertuples(index=False)], dtype=bool)
    parts = []
    for position, spec in enumerate(specs):
        values = pd.to_numeric(frame[spec.name], errors="coerce").to_numpy(dtype=np.float64)[inside]
        dont_know = values == DONT_KNOW
        blank = np.isnan(values)
        valid = ~dont_know & ~blank
        n_valid = np.bincount(cell_codes[valid], minlength=n_cells)
        mean = median = np.full(n_cells, np.nan)
        if spec.scale.type == "numeric":
            series = pd.Series(values[valid]).groupby(cell_codes[valid])
            mean = series.mean().reindex(range(n_cells)).to_numpy(dtype=np.float64)
            median = series.median().reindex(range(n_cells)).to_numpy(dtype=np.float64)
            mean, median = (np.where(n_valid >= k, v, np.nan) for v in (mean, median))
        rows: list[tuple[str, str, np.ndarray, np.ndarray]] = []
        for code in _answer_codes(spec):
            count = np.bincount(cell_codes[valid & (values == code)], minlength=n_cells)
            rows.append((str(code), _answer_label(spec, code), n_valid, count))
        top = spec.scale.top_box
        if top:
            count = np.bincount(cell_codes[valid & np.isin(values, top)], minlength=n_cells)
            label = " + ".join(_answer_label(spec, c) for c in top)
            rows.append((TOP_BOX, label, n_valid, count))
        rows.append((ANSWERED, "", respondents, n_valid))
        rows.append((DONT_KNOW_ANSWER, spec.scale.dont_know or "", respondents,
                     np.bincount(cell_codes[dont_know], minlength=n_cells)))
        rows.append((BLANK, "", respondents, np.bincount(cell_codes[blank], minlength=n_cells)))
        for rank, (answer, label, n, count) in enumerate(rows):
            low, high = wilson(count, n, confidence)
            with np.errstate(invalid="ignore", divide="ignore"):
                share = np.where(n > 0, count / np.maximum(n, 1), np.nan)
            suppressed = cell_hidden | ((n_valid < k) & (answer not in RESPONDENT_ANSWERS))
            part = cells.copy()
            part["item"] = spec.name
            part["answer"] = answer
            part["answer_label"] = label
            part["n"] = n.astype(np.float64)
            part["count"] = count.astype(np.float64)
            part["share"] = share
            part["share_ci_low"] = low
            part["share_ci_high"] = high
            part["mean"] = mean
            part["median"] = median
            part["suppressed"] = suppressed
            part["__cell"], part["__item"], part["__rank"] = np.arange(n_cells), position, rank
            parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    table = table.sort_values(["__cell", "__item", "__rank"], kind="stable").drop(columns=["__cell", "__item",
                                                                                            "__rank"])
    table = table.rename(columns={wave_column: WAVE_COLUMN})  # the output's wave is always ``maaling``
    blanked = ["n", "count", "share", "share_ci_low", "share_ci_high", "mean", "median"]
    table.loc[table["suppressed"].to_numpy(), blanked] = np.nan
    return table[columns].reset_index(drop=True)


def item_changes(items: pd.DataFrame, by: Sequence[str] = (), *, waves: Sequence[str],
                 confidence: float = DEFAULT_CONFIDENCE) -> pd.DataFrame:
    """The change of each answer share between waves, from :func:`item_table`'s table.

    Pairs: each wave with the next in ``waves``, and with three or more waves also first → last.
    ``diff`` = share(to) − share(from), with Newcombe's hybrid score interval (independent samples).
    A pair is ``suppressed`` when either wave's row is (then no numbers).
    """
    by = [c for c in by if c != WAVE_COLUMN]
    columns = [*by, *CHANGE_COLUMNS]
    waves = [w for w in waves if w]
    pairs = list(pairwise(waves))
    if len(waves) > 2:
        pairs.append((waves[0], waves[-1]))
    shares = items[~items["answer"].isin(RESPONDENT_ANSWERS)]
    if not pairs or shares.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    key = [*by, "item", "answer"]
    parts = []
    for start, end in pairs:
        before = shares[shares[WAVE_COLUMN] == start]
        after = shares[shares[WAVE_COLUMN] == end]
        both = before.merge(after, on=key, suffixes=("_from", "_to"), sort=False)
        if both.empty:
            continue
        diff, low, high = newcombe_diff(both["count_from"], both["n_from"], both["count_to"], both["n_to"],
                                        confidence)
        suppressed = (both["suppressed_from"] | both["suppressed_to"]).to_numpy(dtype=bool)
        part = both[key].copy()
        part["from_wave"], part["to_wave"] = start, end
        part["diff"] = np.where(suppressed, np.nan, diff)
        part["diff_ci_low"] = np.where(suppressed, np.nan, low)
        part["diff_ci_high"] = np.where(suppressed, np.nan, high)
        part["suppressed"] = suppressed
        parts.append(part)
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    return pd.concat(parts, ignore_index=True)[columns]
