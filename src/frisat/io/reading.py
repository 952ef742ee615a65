"""Reading survey answers from CSV, Excel, SPSS and Stata files into the canonical frame.

All or nothing: a file is either read completely and correctly, or refused with
:class:`~frisat.core.errors.ValidationFailed` listing every problem (the first 200 of them,
with the exact total). Row numbers are as a spreadsheet shows them: the header is row 1 and the
first answer is row 2 (in SPSS/Stata files the row is the case number).

Accepted input (see :func:`read_responses`):

- CSV/TXT in UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252; separator ``;``,
  ``,`` or tab (detected from the header line); decimal commas; quoted fields may span lines.
- XLSX: the sheet named "Data" if there is one, else the first sheet that is not "Kodebog".
- SAV/DTA: SPSS/Stata files; "ved ikke" is any value labelled "ved ikke" or the code 99 declared
  user-missing.

In answer columns an empty cell, whitespace, ``.``, ``NA`` and ``#NULL!`` are blank; "ved ikke"
(any case) is kept as :data:`frisat.core.schema.DONT_KNOW`. Column names are matched without
regard to case. Entirely empty rows are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from frisat.core.errors import Problem, ValidationFailed
from frisat.core.instrument import Instrument
from frisat.io._common import resolve_instrument
from frisat.io._csv import load_csv
from frisat.io._excel import load_xlsx
from frisat.io._stats import load_stat
from frisat.io._validate import RawTable, build_frame

READERS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".sav": "sav", ".dta": "dta"}

_HINTS = {
    ".xls": " Åbn filen i Excel og gem den som .xlsx.",
    ".xlsm": " Gem filen som almindelig .xlsx (uden makroer).",
    ".ods": " Gem filen som .xlsx eller CSV.",
    ".zsav": " Gem filen som ukomprimeret .sav.",
}


@dataclass
class ImportResult:
    """A successfully read file: the canonical frame, warnings (Danish) and where it came from."""

    frame: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    source: str = ""


def _load(path: Path, kind: str, source: str, instrument: Instrument) -> RawTable:
    if kind in ("csv", "xlsx"):
        raw = load_csv(path, source, instrument) if kind == "csv" else load_xlsx(path, source)
        raw.spreadsheet = True  # text cells may carry the formula quote of frisat.cells
        return raw
    return load_stat(path, source, kind)


def read_responses(path: str | Path, instrument: Instrument | str) -> ImportResult:
    """Read and validate a file of answers to ``instrument``.

    Returns an :class:`ImportResult` whose ``frame`` is canonical (see :mod:`frisat.core.schema`);
    raises :class:`ValidationFailed` (nothing is returned) when anything is wrong.

    Example::

        >>> result = read_responses("svar.csv", "vive-frisaettelse")   # doctest: +SKIP
        >>> result.frame["regler_impl_a"].head()                         # doctest: +SKIP
    """
    path = Path(path)
    source = str(path)
    inst = resolve_instrument(instrument)
    suffix = path.suffix.lower()
    kind = READERS.get(suffix)
    if kind is None:
        raise ValidationFailed(source, [Problem(
            f"Filtypen «{suffix or path.name}» kan ikke læses. Brug CSV (.csv eller .txt), Excel (.xlsx), "
            f"SPSS (.sav) eller Stata (.dta).{_HINTS.get(suffix, '')}")], 1)
    if not path.exists():
        raise ValidationFailed(source, [Problem("Filen findes ikke")], 1)
    if not path.is_file():
        raise ValidationFailed(source, [Problem("Det er en mappe, ikke en fil")], 1)
    try:
        raw = _load(path, kind, source, inst)
        frame, warnings = build_frame(raw, inst)
    except ValidationFailed:
        raise
    except OSError as exc:
        raise ValidationFailed(source, [Problem(f"Filen kan ikke læses: {exc.strerror or exc}")], 1) from exc
    except MemoryError:
        raise ValidationFailed(source, [Problem(
            "Der er ikke hukommelse nok til at læse filen. Del den op, eller gem den som CSV, og prøv igen.")],
            1) from None
    except Exception as exc:  # a malformed file must never end in a traceback
        raise ValidationFailed(source, [Problem(
            f"Filen kan ikke læses — den er beskadiget eller har et uventet format ({type(exc).__name__}: {exc})"
        )], 1) from exc
    return ImportResult(frame, warnings, source)
