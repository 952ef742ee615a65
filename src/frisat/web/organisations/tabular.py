"""A small reader for the staff's own tables (organisation, respondent and register lists).

Reads CSV (UTF-8 with or without BOM, or Windows-1252; separator ``;``, ``,`` or tab) and XLSX
(first sheet) into a :class:`Table` of stripped strings. A file that cannot be read raises
:class:`~frisat.core.errors.ValidationFailed` with the row and column of each problem, numbered as
in Excel (the header is row 1). Survey data files have their own reader in :mod:`frisat.io`.

The files come from outside, so :func:`read_table` parses them in a child process under a memory and
time limit (:mod:`frisat.io.isolation`), after the streaming checks of :mod:`frisat.io.safety`
(zip and XML bombs, DTDs, rows, columns, cells and cell length; settings ``FRISAT_IMPORT_*``).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from frisat.cells import restore
from frisat.core.errors import Problem, ValidationFailed
from frisat.io.isolation import ProcessLimits, run_limited
from frisat.io.safety import UPLOAD_LIMITS, XlsxLimits, check_xlsx, refuse

MAX_PROBLEMS = 50
"""At most this many problems are listed; the total is still reported."""

_ALIASES = {"e-mail": "email", "mail": "email", "e_mail": "email", "omrade": "omraade"}


def normalise_column(name: str) -> str:
    """``" Område "`` → ``omraade``, ``E-mail`` → ``email``: header names as the importers expect them."""
    key = unicodedata.normalize("NFC", name).strip().lower()
    key = _ALIASES.get(key, key)
    return key.replace("å", "aa").replace("æ", "ae").replace("ø", "oe")


@dataclass
class Table:
    source: str
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    """The spreadsheet row number of each entry in ``rows`` (header = row 1; blank rows skipped)."""

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        return iter(zip(self.row_numbers, self.rows, strict=True))

    def __len__(self) -> int:
        return len(self.rows)

    def require_columns(self, required: set[str], optional: frozenset[str] | set[str] = frozenset()) -> None:
        """Refuse a table with a missing or an unknown column (nothing is read then)."""
        problems = [Problem(f"Kolonnen «{name}» mangler (påkrævede kolonner: {', '.join(sorted(required))}).")
                    for name in sorted(required - set(self.header))]
        allowed = required | set(optional)
        problems += [Problem(f"Ukendt kolonne «{name}». Tilladte kolonner: {', '.join(sorted(allowed))}.")
                     for name in self.header if name not in allowed]
        if problems:
            raise ValidationFailed(self.source, problems)


def fail(source: str, problems: list[Problem]) -> ValidationFailed:
    """A ValidationFailed listing at most MAX_PROBLEMS problems (with the total)."""
    return ValidationFailed(source, problems[:MAX_PROBLEMS], total=len(problems))


def check_size(source: str, size: int, limit: int) -> None:
    if size > limit:
        raise ValidationFailed(source, [Problem(
            f"Filen fylder {_megabytes(size)} MB; den største fil, der kan indlæses, er {_megabytes(limit)} MB. "
            "Del filen op, eller fjern overflødige kolonner.")])


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def import_limits() -> tuple[XlsxLimits, ProcessLimits]:
    """The limits for the staff's tables, from the Django settings ``FRISAT_IMPORT_*`` (see settings.py)."""
    from django.conf import settings

    mb = 1024 * 1024
    table = UPLOAD_LIMITS.with_overrides(
        max_file_bytes=getattr(settings, "FRISAT_MAX_UPLOAD_BYTES", None),
        max_uncompressed_bytes=getattr(settings, "FRISAT_IMPORT_MAX_UNCOMPRESSED_MB", 100) * mb,
        max_rows=getattr(settings, "FRISAT_IMPORT_MAX_ROWS", None),
        max_columns=getattr(settings, "FRISAT_IMPORT_MAX_COLUMNS", None),
        max_cells=getattr(settings, "FRISAT_IMPORT_MAX_CELLS", None))
    seconds = getattr(settings, "FRISAT_IMPORT_SECONDS", 30)
    process = ProcessLimits(memory_bytes=getattr(settings, "FRISAT_IMPORT_MEMORY_MB", 1024) * mb,
                            cpu_seconds=int(seconds), wall_seconds=float(seconds))
    return table, process


def read_table(data: bytes, source: str) -> Table:
    """Read ``data`` (the file's bytes) as XLSX or CSV, in a child process under the import limits."""
    limits, process = import_limits()
    if len(data) > limits.max_file_bytes:
        check_size(source, len(data), limits.max_file_bytes)
    parsed = run_limited("frisat.web.organisations.tabular:parse_for_child", data,
                         {"source": source, "limits": asdict(limits)}, source, process)
    return Table(source=source, header=parsed["header"],
                 rows=[dict(zip(parsed["header"], row, strict=True)) for row in parsed["rows"]],
                 row_numbers=parsed["row_numbers"])


def parse_for_child(data: bytes, source: str, limits: dict[str, int]) -> dict[str, Any]:
    """:func:`parse_table` as JSON-ready lists (run by :func:`frisat.io.isolation.run_limited`)."""
    table = parse_table(data, source, XlsxLimits(**limits))
    return {"header": table.header, "rows": [list(row.values()) for row in table.rows],
            "row_numbers": table.row_numbers}


def parse_table(data: bytes, source: str, limits: XlsxLimits = UPLOAD_LIMITS) -> Table:
    """Read ``data`` as XLSX or CSV (chosen by the name ``source`` and the content) in this process."""
    lower = source.lower()
    if lower.endswith((".xls", ".ods", ".numbers")):
        raise ValidationFailed(source, [Problem("Filtypen kan ikke læses. Gem filen som .xlsx eller .csv.")])
    if lower.endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        return _build(source, _xlsx_rows(data, source, limits))
    return _build(source, _csv_rows(data, source, limits))


def _decode(data: bytes, source: str) -> str:
    if b"\x00" in data[:4096]:
        raise ValidationFailed(source, [Problem("Filen er ikke en tekstfil (CSV). Gem den som .csv eller .xlsx.")])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed(source, [Problem("Filens tegnsæt kan ikke læses. Gem den som CSV i UTF-8.")])


@contextlib.contextmanager
def _field_limit(chars: int) -> Iterator[None]:
    old = csv.field_size_limit()
    csv.field_size_limit(chars)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _csv_rows(data: bytes, source: str, limits: XlsxLimits) -> list[list[str]]:
    if len(data) > limits.max_file_bytes:
        check_size(source, len(data), limits.max_file_bytes)
    text = _decode(data, source)
    first_line = next((line for line in io.StringIO(text) if line.strip()), "")
    counts = {sep: first_line.count(sep) for sep in (";", "\t", ",")}
    delimiter = max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ";"
    # A record is built whole before it can be counted: refuse over-wide lines first (a bound on the fields).
    for number, line in enumerate(io.StringIO(text), start=1):
        if line.count(delimiter) >= limits.max_columns:
            raise refuse(source, f"Linje {number} har over {_count(limits.max_columns)} felter. "
                                 "Slet de overflødige kolonner.")
    rows: list[list[str]] = []
    cells = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        with _field_limit(limits.max_cell_chars):
            for row in reader:
                cells += len(row)
                if len(rows) >= limits.max_rows:
                    raise refuse(source, f"Filen har over {_count(limits.max_rows)} rækker. Del den op.")
                if cells > limits.max_cells:
                    raise refuse(source, f"Filen har over {_count(limits.max_cells)} celler. Del den op.")
                rows.append(row)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ValidationFailed(source, [Problem(
                f"Et felt har over {_count(limits.max_cell_chars)} tegn (Excels grænse for en celle). "
                "Tjek anførselstegn.", row=reader.line_num or None)]) from None
        raise ValidationFailed(source, [Problem(f"Filen er ikke gyldig CSV ({exc}). Tjek anførselstegn.",
                                                row=reader.line_num or None)]) from None
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _xlsx_rows(data: bytes, source: str, limits: XlsxLimits) -> list[list[str]]:
    from openpyxl import load_workbook

    check_xlsx(data, source, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ValidationFailed(source, [Problem(f"Filen er ikke en gyldig Excel-fil (.xlsx): {exc}")]) from None
    try:
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # never pad rows to the width the sheet's header claims
        return [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, AttributeError, TypeError) as exc:
        raise ValidationFailed(source, [Problem(f"Excel-filen kan ikke læses: {exc}")]) from None
    finally:
        workbook.close()


def _build(source: str, raw: list[list[str]]) -> Table:
    # restore: the ' that Frisat's exports put before a formula-like text (frisat.cells) is removed
    raw = [[restore(unicodedata.normalize("NFC", cell).strip()) for cell in row] for row in raw]
    header_index = next((i for i, row in enumerate(raw) if any(row)), None)
    if header_index is None:
        raise ValidationFailed(source, [Problem("Filen er tom: der er ingen overskriftsrække.")])
    header_row = raw[header_index]
    # Trailing empty header cells are common (Excel formatting); they may hold no data.
    width = max((i + 1 for i, name in enumerate(header_row) if name), default=0)
    header = [normalise_column(name) for name in header_row[:width]]
    problems: list[Problem] = []
    header_number = header_index + 1
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if not name:
            problems.append(Problem(f"Kolonne nr. {position} har ingen overskrift.", row=header_number))
        elif name in seen:
            problems.append(Problem(f"Kolonnen «{name}» står to gange (nr. {seen[name]} og {position}).",
                                    row=header_number))
        else:
            seen[name] = position
    table = Table(source=source, header=header)
    for index in range(header_index + 1, len(raw)):
        cells = raw[index]
        number = index + 1
        if not any(cells):
            continue
        if any(cells[width:]):
            problems.append(Problem(f"Rækken har {len(cells)} felter, men der er kun {width} kolonner "
                                    "i overskriften.", row=number))
            continue
        cells = cells[:width] + [""] * (width - len(cells))
        table.rows.append(dict(zip(header, cells, strict=True)))
        table.row_numbers.append(number)
    if problems:
        raise fail(source, problems)
    return table
