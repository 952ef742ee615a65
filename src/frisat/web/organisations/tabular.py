"""A small reader for the staff's own tables (organisation and respondent lists).

Reads CSV (UTF-8 with or without BOM, or Windows-1252; separator ``;``, ``,`` or tab) and XLSX
(first sheet) into a :class:`Table` of stripped strings. A file that cannot be read raises
:class:`~frisat.core.errors.ValidationFailed` with the row and column of each problem, numbered as
in Excel (the header is row 1). Survey data files have their own reader in :mod:`frisat.io`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from frisat.cells import restore
from frisat.core.errors import Problem, ValidationFailed

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


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def read_table(data: bytes, source: str) -> Table:
    """Read ``data`` (the file's bytes) as XLSX or CSV, chosen by the name ``source`` and the content."""
    lower = source.lower()
    if lower.endswith((".xls", ".ods", ".numbers")):
        raise ValidationFailed(source, [Problem("Filtypen kan ikke læses. Gem filen som .xlsx eller .csv.")])
    if lower.endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        return _build(source, _xlsx_rows(data, source))
    return _build(source, _csv_rows(data, source))


def _decode(data: bytes, source: str) -> str:
    if b"\x00" in data[:4096]:
        raise ValidationFailed(source, [Problem("Filen er ikke en tekstfil (CSV). Gem den som .csv eller .xlsx.")])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed(source, [Problem("Filens tegnsæt kan ikke læses. Gem den som CSV i UTF-8.")])


def _csv_rows(data: bytes, source: str) -> list[list[str]]:
    text = _decode(data, source)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first_line.count(sep) for sep in (";", "\t", ",")}
    delimiter = max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return [list(row) for row in reader]
    except csv.Error as exc:
        raise ValidationFailed(source, [Problem(f"Filen er ikke gyldig CSV ({exc}). Tjek anførselstegn.",
                                                row=reader.line_num or None)]) from None


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


def _xlsx_rows(data: bytes, source: str) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ValidationFailed(source, [Problem(f"Filen er ikke en gyldig Excel-fil (.xlsx): {exc}")]) from None
    try:
        sheet = workbook.worksheets[0]
        return [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
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
