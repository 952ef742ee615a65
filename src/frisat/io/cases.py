"""Reading case registrations and candidate lists from CSV/XLSX/TXT with frisat.io's safe readers.

All or nothing, bounded memory: a file over :data:`MAX_FILE_BYTES` is refused before it is read;
XLSX files pass the streaming checks of :mod:`frisat.io.safety` (:data:`UPLOAD_LIMITS`: zip and XML
bombs, rows, cells) before openpyxl opens them; CSV files are read by :func:`frisat.io._csv.load_csv`.
Problems are Danish and name row and column (header = row 1, as in Excel).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from frisat.cells import restore
from frisat.core.cases.registrations import validate_registrations
from frisat.core.cases.sample import sha256_of
from frisat.core.cases.scheme import Scheme
from frisat.core.errors import Problem, ValidationFailed
from frisat.io._csv import load_csv
from frisat.io._excel import load_xlsx
from frisat.io._validate import RawTable
from frisat.io.safety import UPLOAD_LIMITS, check_xlsx

MAX_FILE_BYTES = 20 * 1024 * 1024
KINDS = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx"}


class _NoInstrument:
    """load_csv types the columns of a survey instrument; a case file has none (all columns as text)."""

    background: tuple[str, ...] = ()

    def columns(self) -> list[Any]:
        return []


def _refuse(source: str, message: str) -> ValidationFailed:
    return ValidationFailed(source, [Problem(message)], 1)


def _check_file(path: Path, allowed: dict[str, str]) -> tuple[str, str]:
    source = str(path)
    kind = allowed.get(path.suffix.lower())
    if kind is None:
        raise _refuse(source, f"Filtypen «{path.suffix or path.name}» kan ikke læses. Brug "
                              f"{', '.join(sorted(allowed))}.")
    if not path.is_file():
        raise _refuse(source, "Filen findes ikke")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _refuse(source, f"Filen er større end {MAX_FILE_BYTES // (1024 * 1024)} MB; så mange "
                              "registreringer kan ikke indlæses på én gang. Del filen op.")
    return source, kind


def _raw(path: Path, source: str, kind: str) -> RawTable:
    if kind == "xlsx":
        check_xlsx(path, source, UPLOAD_LIMITS)
        return load_xlsx(path, source)
    return load_csv(path, source, _NoInstrument())  # type: ignore[arg-type]


def _cells(data: Any) -> list[Any]:
    values = data.to_pylist() if hasattr(data, "to_pylist") else list(data)
    return [restore(v) if isinstance(v, str) else v for v in values]


def raw_frame(path: str | Path, allowed: dict[str, str] = KINDS) -> tuple[pd.DataFrame, list[int], str]:
    """The file's cells as an object frame (header names as columns), their row numbers and the source."""
    path = Path(path)
    source, kind = _check_file(path, allowed)
    try:
        raw = _raw(path, source, kind)
    except OSError as exc:
        raise _refuse(source, f"Filen kan ikke læses: {exc.strerror or exc}") from exc
    if raw.problems:
        raise raw.problems.fail(source, raw.row_mapper)
    unnamed = [c.where for c in raw.columns if c.name is None or not str(c.name).strip()]
    if unnamed:
        raise ValidationFailed(source, [Problem(f"Kolonnen har ingen overskrift ({w})", row=1) for w in unnamed],
                               len(unnamed))
    frame = pd.DataFrame({str(c.name).strip(): pd.Series(_cells(c.data), dtype=object) for c in raw.columns})
    if raw.row_numbers is not None:
        rows = [int(r) for r in raw.row_numbers]
    elif raw.row_mapper is not None:
        rows = raw.row_mapper(list(range(raw.n_rows)))
    else:
        rows = list(range(raw.row_offset, raw.row_offset + raw.n_rows))
    keep = ~frame.map(lambda v: v is None or (isinstance(v, str) and not v.strip())).all(axis=1).to_numpy()
    return frame[keep].reset_index(drop=True), [r for r, k in zip(rows, keep, strict=True) if k], source


def read_registrations(path: str | Path, scheme: Scheme) -> pd.DataFrame:
    """The canonical frame of a file of registrations (see :mod:`frisat.core.cases.registrations`)."""
    frame, rows, source = raw_frame(path)
    return validate_registrations(frame, scheme, source, rows)


def read_candidates(path: str | Path) -> tuple[list[str], str]:
    """Case numbers from a list and the SHA-256 of the file's bytes.

    TXT: one case number per line, no header. CSV/XLSX: a header row; the column ``sagsnummer`` if
    there is one, otherwise the first column.
    """
    path = Path(path)
    if path.suffix.lower() == ".txt":
        source, _ = _check_file(path, {".txt": "txt"})
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _refuse(source, "Filen er ikke gemt som UTF-8") from None
        if "\x00" in text:
            raise _refuse(source, "Filen ser ikke ud til at være en tekstfil")
        return [line.strip() for line in text.splitlines() if line.strip()], sha256_of(data)
    frame, _rows, source = raw_frame(path, {".csv": "csv", ".xlsx": "xlsx"})
    columns = {c.strip().lower(): c for c in frame.columns}
    column = columns.get("sagsnummer", frame.columns[0])
    values = [v for v in frame[column].tolist() if v is not None and str(v).strip()]
    cases = [str(int(v)) if isinstance(v, float | np.floating) and float(v).is_integer() else str(v).strip()
             for v in values]
    return cases, sha256_of(path.read_bytes())
