"""Excel (.xlsx): reading the data sheet and writing data, templates and codebooks."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from frisat.cells import FORMULA_LIKE, neutralise
from frisat.core import schema
from frisat.core.errors import Problem, ValidationFailed
from frisat.core.instrument import Instrument
from frisat.io._common import ExportRefused, column_letter
from frisat.io._validate import RawColumn, RawTable
from frisat.io.safety import ANALYSIS_LIMITS, check_xlsx

MAX_ROWS = 1_048_576
MAX_CELL_TEXT = 32_767
CODEBOOK_SHEET = "Kodebog"
DATA_SHEET = "Data"
_ILLEGAL = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]"
_CODEBOOK_WIDTHS = {"kolonne": 18, "sektion": 30, "spoergsmaal": 12, "dimension": 16, "tekst": 80,
                    "skala": 45, "gyldige_vaerdier": 40, "type": 12}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _choose_sheet(wb: Any) -> tuple[Any, str | None]:
    names = wb.sheetnames
    for name in names:
        if name.strip().lower() == DATA_SHEET.lower():
            return wb[name], None
    candidates = [n for n in names if n.strip().lower() != CODEBOOK_SHEET.lower()]
    if not candidates:
        return None, None
    note = f"Filen har flere ark; arket «{candidates[0]}» er læst." if len(candidates) > 1 else None
    return wb[candidates[0]], note


def load_xlsx(path: Path, source: str) -> RawTable:
    """Read the data sheet of an .xlsx file into a raw table (after the safety check of the whole file)."""
    not_xlsx = ValidationFailed(source, [Problem(
        "Filen kan ikke åbnes som Excel-fil (.xlsx) — den er beskadiget eller er ikke en .xlsx-fil")], 1)
    if not zipfile.is_zipfile(path):
        raise not_xlsx
    check_xlsx(path, source, ANALYSIS_LIMITS)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise not_xlsx from exc
    try:
        ws, note = _choose_sheet(wb)
        if ws is None:
            raise ValidationFailed(source, [Problem("Filen har intet dataark (kun en kodebog)")], 1)
        ws.reset_dimensions()
        header: list[Any] | None = None
        header_row = 1
        rows: list[tuple[Any, ...]] = []
        row_numbers: list[int] = []
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if all(_blank(v) for v in row):
                continue
            if header is None:
                header, header_row = list(row), number
                continue
            rows.append(tuple(row))
            row_numbers.append(number)
    except ValidationFailed:
        raise
    except Exception as exc:
        raise ValidationFailed(source, [Problem(
            f"Filen kan ikke læses som Excel-fil (.xlsx) — den er beskadiget ({type(exc).__name__})")], 1) from exc
    finally:
        wb.close()
    if header is None:
        raise ValidationFailed(source, [Problem(
            f"Arket «{ws.title}» er tomt — det indeholder hverken overskrifter eller besvarelser")], 1)
    width = max([len(header), *(len(r) for r in rows)])
    padded = [r + (None,) * (width - len(r)) for r in rows]
    grid = np.empty((len(padded), width), dtype=object)
    if padded:
        grid[:, :] = padded
    names = [None if _blank(h) else str(h) for h in header] + [None] * (width - len(header))
    columns = [RawColumn(names[i], i, grid[:, i].copy()) for i in range(width)]
    warnings = [note] if note else []
    return RawTable(source, columns, len(rows), warnings=warnings, header_row=header_row,
                    row_numbers=np.asarray(row_numbers, dtype=np.int64))


# -- writing -------------------------------------------------------------------------------------

def header_cells(ws: WriteOnlyWorksheet, names: Sequence[str]) -> list[WriteOnlyCell]:
    cells = []
    for name in names:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def set_widths(ws: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    for i, width in enumerate(widths):
        ws.column_dimensions[column_letter(i)].width = width


def data_widths(names: Sequence[str]) -> list[float]:
    return [max(len(n) + 4, 10) for n in names]


def add_codebook_sheet(wb: openpyxl.Workbook, book: pd.DataFrame) -> None:
    """A "Kodebog" sheet: bold frozen header, wrapped text."""
    ws = wb.create_sheet(CODEBOOK_SHEET)
    ws.freeze_panes = "A2"
    set_widths(ws, [_CODEBOOK_WIDTHS.get(c, 20) for c in book.columns])
    ws.append(header_cells(ws, list(book.columns)))
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in book.itertuples(index=False):
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=_safe_text(value))
            cell.alignment = wrap
            cells.append(cell)
        ws.append(cells)


def _safe_text(value: Any) -> Any:
    if isinstance(value, str):
        value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _text_column(series: pd.Series, ws: WriteOnlyWorksheet, name: str, problems: list[Problem]) -> np.ndarray:
    values = series.astype("string")
    if values.str.contains(_ILLEGAL, regex=True).any():
        values = values.str.replace(_ILLEGAL, "", regex=True)
    too_long = np.flatnonzero(values.str.len().fillna(0).to_numpy() > MAX_CELL_TEXT)
    for pos in too_long:
        problems.append(Problem(f"Teksten har {len(values.iat[pos])} tegn — Excel tillader højst {MAX_CELL_TEXT}",
                                row=int(pos) + 2, column=name))
    out = values.to_numpy(dtype=object, na_value=None)
    # The same leading ' as in CSV (frisat.cells); the import removes it again.
    formula_like = np.flatnonzero(values.str.match(FORMULA_LIKE).fillna(False).to_numpy(dtype=bool))
    for pos in formula_like:
        cell = WriteOnlyCell(ws, value=neutralise(out[pos]))
        cell.data_type = "s"  # text, never a formula
        out[pos] = cell
    return out


def _scaled_column(series: pd.Series) -> np.ndarray:
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    out = np.full(len(values), None, dtype=object)
    answered = ~np.isnan(values) & (values != schema.DONT_KNOW)
    out[answered] = values[answered].astype(np.int64).tolist()
    out[values == schema.DONT_KNOW] = schema.DONT_KNOW_TEXT
    return out


def write_xlsx(frame: pd.DataFrame, path: Path, instrument: Instrument, book: pd.DataFrame, source: str) -> None:
    """Write a validated canonical frame: a "Data" sheet and a "Kodebog" sheet."""
    if len(frame) >= MAX_ROWS:
        raise ExportRefused(source, [Problem(
            f"Excel kan højst have {MAX_ROWS - 1:,} besvarelser på et ark; der er {len(frame):,}. "
            "Gem som CSV i stedet".replace(",", "."))], 1)
    specs = {c.name: c for c in instrument.columns()}
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(DATA_SHEET)
    ws.freeze_panes = "A2"
    names = list(frame.columns)
    set_widths(ws, data_widths(names))
    problems: list[Problem] = []
    columns = []
    for name in names:
        spec = specs.get(name)
        if spec is not None and not spec.is_text:
            columns.append(_scaled_column(frame[name]))
        else:
            columns.append(_text_column(frame[name], ws, name, problems))
    if problems:
        raise ExportRefused(source, problems[:200], len(problems))
    ws.append(header_cells(ws, names))
    for row in zip(*columns, strict=True):
        ws.append(row)
    add_codebook_sheet(wb, book)
    wb.save(path)
