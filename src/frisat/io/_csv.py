"""CSV: reading (any common encoding and separator) and writing (UTF-8 with BOM, comma).

Reading uses Arrow's multi-threaded CSV parser with every column as strings — answer columns
dictionary-encoded, so a column of a million answers is a million small integers plus the
dozen distinct texts, classified once. The Python ``csv`` module is only used on files that are
already known to be broken, to find the row numbers of the broken lines.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from frisat.cells import neutralise_arrow
from frisat.core import schema
from frisat.core.errors import Problem, ValidationFailed
from frisat.core.instrument import Instrument
from frisat.io._common import BLANK_MARKERS, MAX_PROBLEMS, ProblemCollector, arrow_strings
from frisat.io._validate import RawColumn, RawTable

_HEAD_BYTES = 1 << 16
_SCAN_BYTES = 1 << 24
_BLOCK_SIZE = 1 << 23
"""Bytes per block of Arrow's parallel CSV parser: 8 MiB (fewer, larger blocks cost less per block than 1 MiB)."""
_MAX_COLUMNS = 16_384
"""Excel's own column limit; a header with more fields is refused before Arrow builds the columns."""
_DELIMITERS = {";": "semikolon", ",": "komma", "\t": "tabulator"}
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}
_DICT = pa.dictionary(pa.int32(), pa.string())
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _refuse(source: str, message: str) -> ValidationFailed:
    return ValidationFailed(source, [Problem(message)], 1)


def _odd_quotes(path: Path) -> bool:
    """Whether the file holds an odd number of double quotes (so one is never closed)."""
    quotes = 0
    with open(path, "rb") as f:
        while chunk := f.read(_SCAN_BYTES):
            quotes += chunk.count(b'"')
    return quotes % 2 == 1


def _has_blank_lines(path: Path) -> bool:
    """Whether an empty line occurs before the last line with content."""
    first_blank = -1
    last_content = -1
    offset = 0
    tail = b""
    with open(path, "rb") as f:
        while chunk := f.read(_SCAN_BYTES):
            if first_blank < 0:
                window = tail + chunk
                hits = [i for i in (window.find(b"\n\n"), window.find(b"\n\r\n"), window.find(b"\r\r")) if i >= 0]
                if hits:
                    first_blank = offset - len(tail) + min(hits)
            stripped = len(chunk.rstrip())
            if stripped:
                last_content = offset + stripped
            tail = chunk[-2:]
            offset += len(chunk)
    return 0 <= first_blank < last_content


def _first_line(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.removesuffix("\r")
    return ""


def _detect_delimiter(line: str) -> str:
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _python_encoding(encoding: str) -> str:
    return {"utf8": "utf-8-sig", "utf-16": "utf-16", "cp1252": "cp1252"}[encoding]


def _read_arrow(path: Path, encoding: str, delimiter: str, types: dict[str, pa.DataType],
                threads: bool = True) -> tuple[pa.Table, list[tuple[int | None, int]]]:
    invalid: list[tuple[int | None, int]] = []

    def handler(row: pacsv.InvalidRow) -> str:
        if row.text.strip():  # a line of only spaces is as good as empty
            invalid.append((row.number, row.actual_columns))
        return "skip"

    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(autogenerate_column_names=True, encoding=encoding,
                                       use_threads=threads, block_size=_BLOCK_SIZE),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                         invalid_row_handler=handler),
        convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=True,
                                             null_values=list(BLANK_MARKERS), quoted_strings_can_be_null=False),
    )
    return table, invalid


@contextlib.contextmanager
def _large_fields() -> Iterator[None]:
    old = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        yield
    finally:
        csv.field_size_limit(old)


@dataclass
class _Layout:
    """Where each parsed record sits in the file as a spreadsheet shows it."""

    data_rows: np.ndarray
    """Spreadsheet row of each record with the right number of fields."""
    broken: list[tuple[int, int]]
    """``(row, fields)`` of records with the wrong number of fields."""
    last_record_row: int
    last_record_lines: int
    consistent: bool = True
    """Whether the walk found as many good records as Arrow did (else its numbers are not used)."""


def _layout(path: Path, encoding: str, delimiter: str, n_fields: int) -> _Layout:
    """Walk the file with the csv module (slow; only for files with blank or broken lines)."""
    rows: list[int] = []
    broken: list[tuple[int, int]] = []
    header_seen = False
    last_row, last_lines, line = 0, 0, 0
    with _large_fields(), open(path, encoding=_python_encoding(encoding), errors="replace", newline="") as f:
        reader = csv.reader(f, delimiter=delimiter)
        for row, record in enumerate(reader, start=1):
            last_row, last_lines, line = row, reader.line_num - line, reader.line_num
            if not record or (len(record) == 1 and not record[0].strip() and n_fields > 1):
                continue
            if not header_seen:
                header_seen = True
            elif len(record) == n_fields:
                rows.append(row)
            else:
                broken.append((row, len(record)))
    return _Layout(np.asarray(rows, dtype=np.int64), broken, last_row, last_lines)


def _last_row_spans_lines(table: pa.Table) -> bool:
    """Whether a value in the last row holds a line break (an unclosed quote ends up there)."""
    if table.num_rows == 0:
        return False
    last = table.slice(table.num_rows - 1)
    return any(isinstance(v, str) and ("\n" in v or "\r" in v)
               for v in (col[0].as_py() for col in last.columns))


def load_csv(path: Path, source: str, instrument: Instrument) -> RawTable:
    """Read a CSV file into a raw table (no validation of the values yet)."""
    with open(path, "rb") as f:
        head = f.read(_HEAD_BYTES)
    if not head.strip(b" \t\r\n" + codecs.BOM_UTF8) or head in _UTF16_BOMS:
        raise _refuse(source, "Filen er tom — den indeholder hverken overskrifter eller besvarelser")
    if head.startswith(b"PK\x03\x04"):
        raise _refuse(source, "Filen er en Excel- eller zip-fil, ikke en CSV-fil. Gem den med endelsen .xlsx, "
                              "eller gem den som CSV fra Excel")
    warnings: list[str] = []
    utf16 = head.startswith(_UTF16_BOMS)
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf8"
    elif utf16:
        encoding = "utf-16"
    else:
        try:
            head.decode("utf-8")
            encoding = "utf8"
        except UnicodeDecodeError as exc:
            encoding = "utf8" if len(head) == _HEAD_BYTES and exc.start >= len(head) - 3 else "cp1252"
    not_text = ("Filen ser ikke ud til at være en tekstfil (CSV) — den indeholder binære data. "
                "Gem data som CSV (UTF-8) eller som Excel-fil (.xlsx)")
    if not utf16 and b"\x00" in head:
        raise _refuse(source, not_text)
    text = head.decode(_python_encoding(encoding), errors="replace")
    first = _first_line(text)
    if not first.strip():
        raise _refuse(source, "Filen er tom — den indeholder hverken overskrifter eller besvarelser")
    if _CONTROL & set(first):
        raise _refuse(source, not_text)
    if len(head) == _HEAD_BYTES and not any(b in head.lstrip(b" \t\r\n") for b in (b"\n", b"\r")):
        raise _refuse(source, f"Overskriftsrækken (første linje) er over {_HEAD_BYTES // 1024} KB lang; sådan ser en "
                              "datafil ikke ud. Tjek, at filen er en CSV-fil med én række pr. besvarelse")
    delimiter = _detect_delimiter(first)
    header = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
    if len(header) > _MAX_COLUMNS:
        raise _refuse(source, f"Filen har {len(header):,} kolonner; der kan højst være {_MAX_COLUMNS:,} "
                              "(som i Excel)".replace(",", "."))
    known = {c.lower() for c in schema.canonical_columns(instrument)} - {schema.ID_COLUMN}
    comments = {c.name for c in instrument.columns() if c.is_text}
    types = {}
    for i, name in enumerate(header):
        key = name.replace("\ufeff", "").strip().lower()
        types[f"f{i}"] = _DICT if key in known and key not in comments else pa.string()
    for i in range(len(header), len(header) + 64):
        types[f"f{i}"] = pa.string()

    try:
        try:
            table, invalid = _read_arrow(path, encoding, delimiter, types)
        except pa.ArrowInvalid as exc:
            if "UTF8" not in str(exc) or encoding != "utf8":
                raise
            encoding = "cp1252"
            table, invalid = _read_arrow(path, encoding, delimiter, types)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        if "UTF8" in str(exc) or isinstance(exc, UnicodeDecodeError):
            raise _refuse(source, "Filens tegn kan ikke læses — den er hverken gemt som UTF-8 eller Windows-1252. "
                                  "Gem den som «CSV UTF-8» og prøv igen") from exc
        if "straddl" in str(exc):
            raise _refuse(source, f"En række i filen er over {_BLOCK_SIZE // (1024 * 1024)} MB lang (et meget langt "
                                  "felt, eller et anførselstegn der aldrig lukkes). Ret rækken, eller del "
                                  "filen op") from exc
        raise _refuse(source, f"Filen kan ikke læses som CSV: {exc}") from exc
    if encoding == "cp1252":
        warnings.append("Filen er ikke gemt som UTF-8 og er læst som Windows-1252 (vesteuropæisk).")

    n_fields = table.num_columns
    if table.num_rows == 0:
        raise _refuse(source, "Filen er tom — den indeholder hverken overskrifter eller besvarelser")
    names = header if len(header) == n_fields else [
        None if v is None else str(v) for v in (table.column(i)[0].as_py() for i in range(n_fields))]
    table = table.slice(1)

    problems = ProblemCollector()
    raw = RawTable(source, [], table.num_rows, problems, warnings)
    unclosed = not utf16 and _last_row_spans_lines(table) and _odd_quotes(path)
    lazy = _LazyRows(path, encoding, delimiter, n_fields, table.num_rows)
    if invalid or unclosed:
        layout = lazy.layout()
        sep_name = _DELIMITERS.get(delimiter, delimiter)
        broken = layout.broken if layout.consistent else invalid
        for row, fields in broken[:MAX_PROBLEMS]:
            noun = "felt" if fields == 1 else "felter"
            problems.add(f"Rækken har {fields} {noun}, men overskriftsrækken har {n_fields} — tjek skilletegn "
                         f"({sep_name}) og anførselstegn", row=row)
        problems.total += max(0, len(broken) - MAX_PROBLEMS)
        if unclosed:
            problems.add("Et anførselstegn (\") i denne række bliver aldrig lukket, så resten af filen "
                         f"({layout.last_record_lines} linjer) læses som én værdi — ret anførselstegnet",
                         row=layout.last_record_row if layout.consistent else None)
    raw.row_mapper = lazy
    raw.columns = [RawColumn(name, i, table.column(i)) for i, name in enumerate(names)]
    return raw


class _LazyRows:
    """Row numbers as a spreadsheet shows them, worked out only when a problem must be reported.

    Normally data position p is row p + 2; blank lines and broken rows shift that, and then the
    file is walked once with the csv module to find where every record is.
    """

    def __init__(self, path: Path, encoding: str, delimiter: str, n_fields: int, n_rows: int) -> None:
        self.args = (path, encoding, delimiter, n_fields)
        self.n_rows = n_rows
        self._layout: _Layout | None = None
        self._rows: np.ndarray | None = None

    def layout(self) -> _Layout:
        if self._layout is None:
            self._layout = _layout(*self.args)
            self._layout.consistent = len(self._layout.data_rows) == self.n_rows
        return self._layout

    def __call__(self, positions: list[int]) -> list[int]:
        if self._rows is None:
            if self._layout is None and not _has_blank_lines(self.args[0]):
                self._rows = np.arange(2, self.n_rows + 2)
            else:
                layout = self.layout()
                self._rows = layout.data_rows if layout.consistent else np.arange(2, self.n_rows + 2)
        return [int(self._rows[p]) for p in positions]


# -- writing -------------------------------------------------------------------------------------

def scaled_codes_array(values: np.ndarray, codes: tuple[int, ...]) -> pa.DictionaryArray:
    """Answer codes as dictionary-encoded text: "7", "ved ikke", null for blank.

    ``values`` must already be valid (codes, DONT_KNOW or NaN).
    """
    ordered = sorted(codes)
    low = ordered[0]
    lut = np.zeros(ordered[-1] - low + 1, dtype=np.int32)
    lut[np.asarray(ordered) - low] = np.arange(len(ordered), dtype=np.int32)
    blank = np.isnan(values)
    dont_know = values == schema.DONT_KNOW
    special = blank | dont_know
    offsets = np.where(special, low, values).astype(np.int64) - low if special.any() else values.astype(np.int64) - low
    index = lut[offsets]
    if dont_know.any():
        index[dont_know] = len(ordered)
    dictionary = pa.array([str(c) for c in ordered] + [schema.DONT_KNOW_TEXT], type=pa.string())
    return pa.DictionaryArray.from_arrays(pa.array(index, mask=blank if blank.any() else None), dictionary)


def write_csv(frame: pd.DataFrame, path: Path, instrument: Instrument) -> None:
    """Write a validated canonical frame as UTF-8 CSV with BOM and comma separator.

    Text cells that a spreadsheet would read as a formula get a leading ``'`` (:mod:`frisat.cells`);
    :func:`frisat.io.read_responses` removes it again."""
    specs = {c.name: c for c in instrument.columns()}
    columns = {}
    for name in frame.columns:
        spec = specs.get(name)
        if spec is not None and not spec.is_text:
            values = frame[name].to_numpy(dtype=np.float64, na_value=np.nan)
            columns[name] = scaled_codes_array(values, spec.scale.codes)
        else:
            columns[name] = neutralise_arrow(arrow_strings(frame[name]))  # never a formula in Excel
    table = pa.table(columns)
    with open(path, "wb") as f:
        f.write(codecs.BOM_UTF8)
        pacsv.write_csv(table, f, pacsv.WriteOptions(delimiter=",", quoting_style="needed"))
