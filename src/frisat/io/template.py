"""Empty input templates (the canonical header row) with the codebook beside them."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import openpyxl

from frisat.cells import neutralise
from frisat.core import schema
from frisat.core.errors import FrisatError
from frisat.core.instrument import Instrument
from frisat.io._common import atomic_target, resolve_instrument
from frisat.io._excel import DATA_SHEET, add_codebook_sheet, data_widths, header_cells, set_widths
from frisat.io.codebook import codebook


def _csv_text(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=",", lineterminator="\r\n").writerows(
        [[neutralise(cell) for cell in row] for row in rows])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def write_template(instrument: Instrument | str, path: str | Path) -> list[Path]:
    """Write an empty template to fill in; return the paths written.

    - ``.xlsx``: a "Data" sheet with the header row (bold, frozen) and a "Kodebog" sheet;
    - ``.csv``: the header row only (UTF-8 with BOM, comma), plus ``<stem>.kodebog.csv``.
    """
    inst = resolve_instrument(instrument)
    path = Path(path)
    names = schema.canonical_columns(inst)
    book = codebook(inst)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet(DATA_SHEET)
        ws.freeze_panes = "A2"
        set_widths(ws, data_widths(names))
        ws.append(header_cells(ws, names))
        add_codebook_sheet(wb, book)
        with atomic_target(path) as tmp:
            wb.save(tmp)
        return [path]
    if suffix == ".csv":
        book_path = path.with_name(f"{path.stem}.kodebog.csv")
        book_rows = [list(book.columns), *book.fillna("").astype(str).to_numpy().tolist()]
        with atomic_target(path) as tmp:
            tmp.write_bytes(_csv_text([names]))
        with atomic_target(book_path) as tmp:
            tmp.write_bytes(_csv_text(book_rows))
        return [path, book_path]
    raise FrisatError(f"Skabeloner kan skrives som .xlsx eller .csv, ikke «{path.suffix or path.name}».")
