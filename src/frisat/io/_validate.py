"""Turn a raw table (as read from any file format) into a canonical frame, or refuse it.

The file readers produce a :class:`RawTable`: the header as written and one raw column per file
column, either an Arrow array of strings (CSV) or a NumPy array of cell values (XLSX, SPSS,
Stata). :func:`build_frame` checks the header, the ids and every answer, all vectorised: the
distinct values of a column are classified once (a scaled column has a handful of them) and
the verdicts are spread over the rows with one ``take``.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from frisat.cells import restore_arrow
from frisat.core import schema
from frisat.core.instrument import ColumnSpec, Instrument, Scale
from frisat.io._common import (
    MAX_PROBLEMS,
    ProblemCollector,
    RowMapper,
    allowed_answers,
    column_letter,
    format_number,
    is_blank_text,
    is_dont_know_text,
    scale_range,
)

# Verdicts for one distinct cell value of a scaled column.
OK, NOT_A_NUMBER, FRACTION, OUT_OF_RANGE, DONT_KNOW_NOT_ALLOWED, OTHER_MISSING = range(6)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_PARALLEL_CELLS = 2_000_000
"""Answer cells from which the columns are converted in two threads."""


@dataclass
class RawColumn:
    """One column as found in the file."""

    name: str | None
    """The header cell as written (``None`` when the header cell is empty)."""
    position: int
    """0-based position in the file."""
    data: pa.ChunkedArray | np.ndarray
    """Arrow strings/dictionary (CSV) or a NumPy array of cell values (other formats)."""
    where: str = ""
    """How to point at the column when it has no name, e.g. "kolonne G"."""
    dont_know_codes: frozenset[Any] = frozenset()
    """Numeric codes that mean "ved ikke" (SPSS/Stata value labels / user-missing 99)."""
    missing_codes: frozenset[Any] = frozenset()
    """Other codes declared missing in SPSS/Stata: read as blank."""
    value_labels: dict[Any, str] | None = None
    """SPSS/Stata value labels (used for background columns stored as labelled codes)."""

    def __post_init__(self) -> None:
        if not self.where:
            self.where = f"kolonne {column_letter(self.position)}"


@dataclass
class RawTable:
    """A file's content before validation."""

    source: str
    columns: list[RawColumn]
    n_rows: int
    problems: ProblemCollector = field(default_factory=ProblemCollector)
    warnings: list[str] = field(default_factory=list)
    header_row: int | None = 1
    """The row of the header (for header problems); ``None`` when the format has no header row."""
    row_offset: int = 2
    """Row number of data position 0 when rows are numbered consecutively."""
    row_numbers: np.ndarray | None = None
    """Explicit row number of each data position (overrides ``row_offset``)."""
    row_mapper: RowMapper | None = None
    """Lazily computed row numbers (CSV files with blank or broken lines)."""
    spreadsheet: bool = False
    """A CSV or XLSX file: a ``'`` before a formula character is a text marker (:mod:`frisat.cells`),
    removed from text cells. SPSS and Stata files keep their texts as they are."""

    def row_of(self, positions: list[int]) -> list[int]:
        if self.row_mapper is not None:
            return list(self.row_mapper(positions))
        if self.row_numbers is not None:
            return [int(self.row_numbers[p]) for p in positions]
        return [p + self.row_offset for p in positions]


# -- distinct values -----------------------------------------------------------------------------

def _factorized(data: pa.ChunkedArray | np.ndarray) -> Iterator[tuple[int, np.ndarray, list[Any]]]:
    """Yield ``(start, codes, uniques)`` blocks; code -1 means an empty (null) cell."""
    if isinstance(data, np.ndarray):
        codes, uniques = pd.factorize(data, use_na_sentinel=True)
        yield 0, np.asarray(codes), list(uniques)
        return
    if isinstance(data, pa.Array):
        data = pa.chunked_array([data])
    if len(data) == 0:
        return
    # One dictionary for the whole column (Arrow's CSV reader gives each block its own): the
    # distinct values are classified once and the codes come as one array, not one per block.
    if not pa.types.is_dictionary(data.type):
        data = pc.dictionary_encode(data)
    combined = data.unify_dictionaries().combine_chunks()
    indices = combined.indices
    if indices.null_count:
        indices = pc.fill_null(indices, -1)
    yield 0, indices.to_numpy(zero_copy_only=False), combined.dictionary.to_pylist()


def _blank_value(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    return isinstance(value, float) and math.isnan(value)


def _blank_rows(data: pa.ChunkedArray | np.ndarray, n: int) -> np.ndarray:
    """Boolean mask of the rows where this column is empty."""
    if isinstance(data, np.ndarray):
        codes, uniques = pd.factorize(data, use_na_sentinel=True)
        lookup = np.array([_blank_value(u) for u in uniques] + [True], dtype=bool)
        return lookup[codes]
    out = np.ones(n, dtype=bool)
    start = 0
    for chunk in data.chunks:
        if pa.types.is_dictionary(chunk.type):
            lookup = np.array([_blank_value(u) for u in chunk.dictionary.to_pylist()] + [True], dtype=bool)
            indices = pc.fill_null(chunk.indices, -1).to_numpy(zero_copy_only=False)
            out[start : start + len(chunk)] = lookup[indices]
        else:
            blank = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(chunk), ""), True)
            out[start : start + len(chunk)] = blank.to_numpy(zero_copy_only=False)
        start += len(chunk)
    return out


def _has_data(data: pa.ChunkedArray | np.ndarray, n: int) -> bool:
    return not _blank_rows(data, n).all()


def _subset(data: pa.ChunkedArray | np.ndarray, keep: np.ndarray) -> pa.ChunkedArray | np.ndarray:
    if isinstance(data, np.ndarray):
        return data[keep]
    return data.filter(pa.array(keep))


# -- scaled answers ------------------------------------------------------------------------------

def _check_number(value: float, scale: Scale) -> tuple[float, int]:
    if not math.isfinite(value):
        return math.nan, NOT_A_NUMBER
    if value != int(value):
        return math.nan, FRACTION
    if scale.type == "numeric":
        ok = scale.min is not None and scale.max is not None and scale.min <= value <= scale.max
    else:
        ok = int(value) in scale.codes
    return (float(value), OK) if ok else (math.nan, OUT_OF_RANGE)


def classify(token: Any, scale: Scale, column: RawColumn) -> tuple[float, int, str]:
    """Value, verdict and display text of one distinct cell value of a scaled column."""
    if token is None or (isinstance(token, float) and math.isnan(token)):
        return math.nan, OK, ""
    if isinstance(token, str):
        text = token.strip()
        if is_blank_text(text):
            return math.nan, OK, text
        if is_dont_know_text(text):
            return (schema.DONT_KNOW, OK, text) if scale.dont_know else (math.nan, DONT_KNOW_NOT_ALLOWED, text)
        number = text.replace(",", ".")
        if not _NUMBER.fullmatch(number):
            return math.nan, NOT_A_NUMBER, text
        value, verdict = _check_number(float(number), scale)
        return value, verdict, text
    if isinstance(token, bool | np.bool_):
        token = int(token)
    if isinstance(token, int | float | np.integer | np.floating):
        value = float(token)
        display = format_number(value)
        if token in column.dont_know_codes:
            if scale.dont_know:
                return schema.DONT_KNOW, OK, display
            return math.nan, DONT_KNOW_NOT_ALLOWED, display
        if token in column.missing_codes:
            return math.nan, OTHER_MISSING, display
        value, verdict = _check_number(value, scale)
        return value, verdict, display
    return math.nan, NOT_A_NUMBER, str(token)


def problem_message(verdict: int, display: str, scale: Scale, numeric_source: bool = False) -> str:
    """The Danish message for a refused answer."""
    if verdict == NOT_A_NUMBER:
        return f"«{display}» er ikke et gyldigt svar — tilladt er {allowed_answers(scale)}"
    if verdict == FRACTION:
        if scale.type == "numeric":
            return f"{display} er ikke et helt tal på skalaen {scale_range(scale)}"
        return f"{display} er ikke et helt tal — gyldige koder er {scale_range(scale)}"
    if verdict == OUT_OF_RANGE:
        if scale.type == "numeric":
            return f"{display} ligger uden for skalaen {scale_range(scale)}"
        return f"{display} er ikke en gyldig kode — tilladt er {allowed_answers(scale)}"
    if numeric_source:
        return f"Koden {display} betyder «ved ikke», men «ved ikke» er ikke en svarmulighed her"
    return f"«{display}» er ikke en svarmulighed her — tilladt er {allowed_answers(scale)}"


@dataclass
class _ColumnFindings:
    refused: int = 0
    positions: list[int] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    other_missing: int = 0


def _token_key(token: Any) -> Any:
    try:
        key = (type(token), token)
        hash(key)
    except TypeError:
        key = (type(token), repr(token))
    return key


def _scaled_values(column: RawColumn, spec: ColumnSpec, out: np.ndarray) -> _ColumnFindings:
    """Fill ``out`` with the float64 answers of a scaled column; return the refused cells.

    Thread-safe (it only writes ``out``), so columns can be done in parallel.
    """
    verdict_of: dict[Any, tuple[float, int, str]] = {}
    lookups: dict[tuple[Any, ...], tuple[list[tuple[float, int, str]], np.ndarray, np.ndarray]] = {}
    bad_count = 0
    other_missing = 0
    positions: list[int] = []
    messages: list[str] = []
    for start, codes, uniques in _factorized(column.data):
        keys = tuple(_token_key(t) for t in uniques)
        if keys not in lookups:  # chunks mostly share their dictionary
            verdicts = []
            for token, key in zip(uniques, keys, strict=True):
                if key not in verdict_of:
                    verdict_of[key] = classify(token, spec.scale, column)
                verdicts.append(verdict_of[key])
            lookups[keys] = (verdicts, np.array([v[0] for v in verdicts] + [math.nan], dtype=np.float64),
                             np.array([v[1] for v in verdicts] + [OK], dtype=np.int8))
        verdicts, values, kinds = lookups[keys]
        # "wrap" is "raise" without its buffered copy: codes lie in −1 … len − 1, and −1 is the NaN at the end.
        np.take(values, codes, out=out[start : start + len(codes)], mode="wrap")
        if not kinds.any():
            continue
        cell_kinds = kinds[codes]
        if (kinds == OTHER_MISSING).any():
            other_missing += int(np.count_nonzero(cell_kinds == OTHER_MISSING))
        if ((kinds > OK) & (kinds < OTHER_MISSING)).any():
            bad = np.flatnonzero((cell_kinds > OK) & (cell_kinds < OTHER_MISSING))
            bad_count += len(bad)
            for pos in bad[: max(0, MAX_PROBLEMS - len(positions))]:
                _value, verdict, display = verdicts[codes[pos]]
                positions.append(start + int(pos))
                messages.append(problem_message(verdict, display, spec.scale, not isinstance(
                    uniques[codes[pos]], str)))
    return _ColumnFindings(bad_count, positions, messages, other_missing)


# -- text and background -------------------------------------------------------------------------

def _cell_text(value: Any, labels: dict[Any, str] | None) -> str | None:
    """A background/text cell as a stripped string (``None`` when empty)."""
    if value is None:
        return None
    if labels and not isinstance(value, str) and value in labels:
        value = labels[value]
    if isinstance(value, bool | np.bool_):
        text = "1" if value else "0"
    elif isinstance(value, float | np.floating):
        if math.isnan(value):
            return None
        text = format_number(float(value)).replace(",", ".")
    elif hasattr(value, "isoformat"):
        text = value.isoformat()
        if text.endswith("T00:00:00"):
            text = text[: -len("T00:00:00")]
    else:
        text = str(value)
    text = text.strip()
    return text or None


def _clean_strings(arr: pa.Array | pa.ChunkedArray, text: bool, spreadsheet: bool) -> pa.Array | pa.ChunkedArray:
    arr = pc.utf8_trim_whitespace(arr)
    if spreadsheet:
        arr = restore_arrow(arr)  # '=… written by Frisat (or typed in Excel) reads back as =…
    if text and pc.any(pc.match_substring(arr, "\r")).as_py():
        arr = pc.replace_substring(pc.replace_substring(arr, "\r\n", "\n"), "\r", "\n")
    empty = pc.equal(arr, "")
    if pc.any(empty).as_py():
        arr = pc.if_else(empty, pa.scalar(None, arr.type), arr)
    return arr


def _strings(column: RawColumn, text: bool, spreadsheet: bool = False) -> pa.ChunkedArray:
    """Stripped strings, null when empty; line breaks normalised to \\n in free text.

    The result is ``large_string``, the type pandas keeps its strings in (so no further copy).
    """
    data = column.data
    if isinstance(data, np.ndarray):
        codes, uniques = pd.factorize(data, use_na_sentinel=True)
        lookup = np.array([_cell_text(u, column.value_labels) for u in uniques] + [None], dtype=object)
        data = pa.chunked_array([pa.array(lookup[codes], type=pa.string())])
    chunks = []
    for chunk in data.chunks:
        if pa.types.is_dictionary(chunk.type):
            dictionary = _clean_strings(chunk.dictionary.cast(pa.large_string()), text, spreadsheet)
            chunk = pc.take(dictionary, chunk.indices)
        else:
            chunk = _clean_strings(chunk.cast(pa.large_string()), text, spreadsheet)
        chunks.append(chunk)
    return pa.chunked_array(chunks, type=pa.large_string())


def _string_series(arr: pa.ChunkedArray) -> pd.Series:
    return pd.Series(pd.arrays.ArrowStringArray(arr), copy=False)


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)


def _string_hashes(chunk: pa.Array) -> np.ndarray:
    """A 64-bit hash of every string of an Arrow string array (nulls hash to 0), vectorised.

    Reads the strings 8 bytes at a time straight from the Arrow buffers, so a million ids take
    a few NumPy passes instead of a Python loop or a hash table of Python strings.
    """
    n = len(chunk)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    offset_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    _validity, offsets_buf, data_buf = chunk.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=offset_type)[chunk.offset : chunk.offset + n + 1].astype(np.int64)
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.empty(0, dtype=np.uint8)
    padded = np.zeros(len(data) + 8, dtype=np.uint8)
    padded[: len(data)] = data
    words = np.ndarray((len(padded) - 7,), dtype="<u8", buffer=padded, strides=(1,))
    starts, lengths = offsets[:-1], np.diff(offsets)
    hashes = lengths.astype(np.uint64) * _GOLDEN
    last = len(words) - 1
    for k in range(0, int(lengths.max(initial=0)), 8):
        word = words[np.minimum(starts + k, last)]
        remaining = np.clip(lengths - k, 0, 8).astype(np.uint64)
        mask = np.where(remaining >= 8, np.uint64(0xFFFFFFFFFFFFFFFF),
                        (np.uint64(1) << (remaining * np.uint64(8))) - np.uint64(1))
        hashes = (hashes ^ (word & mask)) * _MIX
        hashes ^= hashes >> np.uint64(31)
    if chunk.null_count:
        hashes[chunk.is_null().to_numpy(zero_copy_only=False)] = 0
    return hashes


def surely_unique(ids: pa.ChunkedArray) -> bool:
    """True when the non-null ids are certainly all different (False means: check exactly)."""
    hashes = np.concatenate([_string_hashes(c) for c in ids.chunks]) if ids.num_chunks else np.empty(0)
    if ids.null_count:
        hashes = hashes[ids.is_valid().to_numpy(zero_copy_only=False)]
    hashes.sort()
    return not bool((hashes[1:] == hashes[:-1]).any())


def _check_ids(ids: pa.ChunkedArray, raw: RawTable, order: int, name: str) -> None:
    problems = raw.problems
    missing = ids.null_count
    if missing:
        pos = np.flatnonzero(ids.is_null().to_numpy(zero_copy_only=False))
        problems.add_cells(missing, pos[:MAX_PROBLEMS].tolist(),
                           ["respondent_id mangler — hver besvarelse skal have et id"] * min(missing, MAX_PROBLEMS),
                           name, order)
    if surely_unique(ids):
        return
    distinct = pc.count_distinct(ids, mode="only_valid").as_py()
    if distinct == len(ids) - missing:
        return
    series = _string_series(ids)
    codes, _uniques = pd.factorize(series, use_na_sentinel=True)
    first = np.full(distinct, -1, dtype=np.int64)
    order_back = np.arange(len(codes))[::-1]
    valid = codes[::-1] >= 0
    first[codes[::-1][valid]] = order_back[valid]
    dup = np.flatnonzero((codes >= 0) & (first[np.maximum(codes, 0)] != np.arange(len(codes))))
    shown = dup[:MAX_PROBLEMS]
    first_rows = raw.row_of(first[codes[shown]].tolist())
    messages = [f"respondent_id «{series.iat[p]}» er allerede brugt i række {r}"
                for p, r in zip(shown, first_rows, strict=True)]
    problems.add_cells(len(dup), shown.tolist(), messages, name, order)


def _frozen_row_of(raw: RawTable) -> RowMapper:
    """The table's current position → row mapping, independent of later changes to ``raw``."""
    mapper, numbers, offset = raw.row_mapper, raw.row_numbers, raw.row_offset
    if mapper is not None:
        return mapper
    if numbers is not None:
        return lambda positions: [int(numbers[p]) for p in positions]
    return lambda positions: [p + offset for p in positions]


def _compose(row_of: RowMapper, kept: np.ndarray) -> RowMapper:
    return lambda positions: row_of([int(kept[p]) for p in positions])


# -- the allocation question ---------------------------------------------------------------------

def _check_allocation(raw: RawTable, instrument: Instrument, chosen: dict[str, RawColumn], scaled: list[str],
                      block: np.ndarray, refused_columns: set[str]) -> None:
    """Each row answers none or all of the ``{spor}_point`` columns, summing to exactly the total.

    Skipped when a point cell was refused already (its value is unknown, so the sum would be too):
    those cells are reported, and the sums are checked once they are fixed.
    """
    assert instrument.allocation is not None
    names = instrument.allocation_columns()
    if refused_columns & set(names):
        return
    total = instrument.allocation.total
    n = block.shape[1]
    rows = {name: j for j, name in enumerate(scaled)}
    points = np.full((n, len(names)), np.nan)
    for k, name in enumerate(names):
        if name in rows:
            points[:, k] = block[rows[name]]
    status = schema.allocation_status(points, total)
    bad = np.flatnonzero(status != schema.ALLOCATION_OK)
    if not len(bad):
        return
    messages = []
    for pos in bad[:MAX_PROBLEMS]:
        values = points[pos]
        answered = ~np.isnan(values)
        if status[pos] == schema.ALLOCATION_PARTIAL:
            missing = [name for name, ok in zip(names, answered, strict=True) if not ok]
            messages.append(f"Pointfordelingen er kun delvist udfyldt ({int(answered.sum())} af {len(names)}); "
                            f"udfyld alle {len(names)} pointkolonner eller ingen af dem — mangler: "
                            f"{', '.join(missing)}")
        else:
            messages.append(f"Pointene summer til {format_number(float(values.sum()))}, men skal give præcis "
                            f"{total}")
    first = chosen.get(names[0])
    column = (first.name or names[0]).strip() if first is not None else names[0]
    raw.problems.add_cells(len(bad), bad[:MAX_PROBLEMS].tolist(), messages, column,
                           first.position if first is not None else 0)


# -- the whole table -----------------------------------------------------------------------------

def _suggest(name: str, known: list[str]) -> str:
    match = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
    return f" — mente du «{match[0]}»?" if match else ""


def _plural(items: list[str], shown: int = 12) -> str:
    if len(items) <= shown:
        return ", ".join(items)
    return ", ".join(items[:shown]) + f" … ({len(items)} i alt)"


def build_frame(raw: RawTable, instrument: Instrument) -> tuple[pd.DataFrame, list[str]]:
    """Validate ``raw`` against ``instrument``; return the canonical frame and warnings.

    Raises ValidationFailed listing every problem when anything is wrong.
    """
    problems = raw.problems
    broken_rows = problems.total  # rows the reader could not even split into fields
    warnings = list(raw.warnings)
    background = schema.background_columns(instrument)
    specs = {c.name: c for c in instrument.columns()}
    canonical = schema.canonical_columns(instrument)
    lookup = {c.lower(): c for c in canonical}
    header_row = raw.header_row

    # 1. The header.
    chosen: dict[str, RawColumn] = {}
    seen: dict[str, list[RawColumn]] = {}
    renamed: list[str] = []
    for col in raw.columns:
        header = (col.name or "").replace("\ufeff", "").strip()
        if not header:
            if raw.n_rows and _has_data(col.data, raw.n_rows):
                problems.add(f"{col.where[:1].upper()}{col.where[1:]} har ingen overskrift, men indeholder data",
                             row=header_row, order=col.position)
            continue
        target = lookup.get(header.lower())
        if target is None:
            problems.add(f"Ukendt kolonne «{header}»{_suggest(header, canonical)}", row=header_row,
                         order=col.position)
            continue
        seen.setdefault(target, []).append(col)
        if target not in chosen:
            chosen[target] = col
            if header != target:
                renamed.append(f"«{header}» → «{target}»")
    for target, cols in seen.items():
        if len(cols) > 1:
            where = " og ".join(c.where for c in cols)
            problems.add(f"Kolonnen «{target}» findes flere gange ({where})", row=header_row,
                         column=target, order=cols[1].position)
    if schema.ID_COLUMN not in chosen:
        problems.add(f"Kolonnen «{schema.ID_COLUMN}» mangler — den skal være der og have et id i hver række",
                     row=header_row)
    if renamed:
        warnings.append("Kolonnenavne er læst uden hensyn til store og små bogstaver: " + _plural(renamed) + ".")
    missing_bg = [c for c in background if c not in chosen and c != schema.ID_COLUMN]
    missing_answers = [c for c in specs if c not in chosen]
    if missing_answers:
        warnings.append(f"{len(missing_answers)} svarkolonne(r) findes ikke i filen og er sat til blank: "
                        f"{_plural(missing_answers)}.")
    if missing_bg:
        warnings.append(f"Baggrundskolonne(r) findes ikke i filen og er sat til blank: {_plural(missing_bg)}.")

    # 2. Rows that are entirely empty (e.g. trailing ";;;;" lines) are skipped.
    n = raw.n_rows
    id_col = chosen.get(schema.ID_COLUMN)
    if n and id_col is not None and _blank_rows(id_col.data, n).any():
        empty = np.ones(n, dtype=bool)
        for col in raw.columns:
            empty &= _blank_rows(col.data, n)
        if empty.any():
            keep = ~empty
            kept = np.flatnonzero(keep)
            raw.row_mapper = _compose(_frozen_row_of(raw), kept)
            for col in raw.columns:
                col.data = _subset(col.data, keep)
            n = len(kept)
            warnings.append(f"{int(empty.sum())} helt tom(me) række(r) er sprunget over.")
    if n == 0 and not broken_rows:
        problems.add("Filen indeholder ingen besvarelser — der er ingen rækker under overskriftsrækken")

    # 3. The values, column by column; the answers go straight into one float64 block.
    present = [name for name in canonical if name in chosen] if n else []
    scaled = [name for name in present if name in specs and not specs[name].is_text]
    block = np.empty((len(scaled), n), dtype=np.float64)
    strings: dict[str, pd.Series] = {}
    other_missing: list[str] = []
    def do_scaled(j: int) -> _ColumnFindings:
        col = chosen[scaled[j]]
        findings = _scaled_values(col, specs[scaled[j]], block[j])
        col.data = np.empty(0)  # let the raw column go
        return findings

    # Arrow and NumPy release the GIL, so two threads fill the block about twice as fast.
    workers = 2 if n * len(scaled) >= _PARALLEL_CELLS else 1
    refused_columns: set[str] = set()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # The text columns (Arrow string kernels) are cleaned by the same threads, alongside the answers.
        cleaned = {name: pool.submit(_strings, chosen[name], name not in background, raw.spreadsheet)
                   for name in present if name not in scaled}
        for name, findings in zip(scaled, pool.map(do_scaled, range(len(scaled))), strict=True):
            col = chosen[name]
            if findings.refused:
                refused_columns.add(name)
                problems.add_cells(findings.refused, findings.positions, findings.messages,
                                   (col.name or name).strip(), col.position)
            if findings.other_missing:
                other_missing.append(f"{name} ({findings.other_missing})")
    for name in present:
        if name in scaled:
            continue
        col = chosen[name]
        arr = cleaned[name].result()
        if name == schema.ID_COLUMN:
            _check_ids(arr, raw, col.position, (col.name or name).strip())
        strings[name] = _string_series(arr)
        col.data = np.empty(0)
    if other_missing:
        warnings.append("Værdier erklæret som manglende (user-missing) er læst som blank: "
                        + _plural(other_missing) + ".")
    if n and instrument.allocation is not None:
        _check_allocation(raw, instrument, chosen, scaled, block, refused_columns)
    if problems:
        raise problems.fail(raw.source, raw.row_of)
    frame = pd.DataFrame(block.T, columns=scaled, copy=False)
    for loc, name in enumerate(present):
        if name in strings:
            frame.insert(loc, name, strings[name])
    if present != canonical:
        frame = schema.conform(frame, instrument)
    # else: the frame is already what conform() returns (same columns, order and dtypes); conform
    # would only add a deep copy — 320 MB for a million answers.
    return frame, warnings
