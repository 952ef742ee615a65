"""resultater.xlsx: the result tables for Excel, with Danish headers and a codebook.

openpyxl builds the workbook (styles, header rows, frozen panes, autofilters, column widths and
the codebook). The data rows of the table sheets are then streamed straight into the sheet XML
from Arrow arrays: openpyxl writes about 10,000 rows a second, far too slow for a million
respondents, while the vectorised writer below does a million rows in a few seconds. Cells are
written as inline strings, numbers and booleans with the styles openpyxl made for a marker row.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from frisat.cells import neutralise_arrow, neutralise_value
from frisat.core.analysis import AnalysisResult
from frisat.core.extended import ExtendedResult
from frisat.reporting import labels
from frisat.reporting._files import atomic_path
from frisat.reporting.codes import QUADRANT_LABELS, note_text, written_tables
from frisat.reporting.labels import PLACEMENT_LABELS, ColumnInfo

MAX_ROWS = 1_048_576
"""Rows in an Excel sheet, the header row included."""
MAX_DATA_ROWS = MAX_ROWS - 1
MAX_CELL_CHARS = 32_767
CHUNK_ROWS = 100_000
SHEET_NOTE = "Ikke med"
"""Prefix of a codebook note on an extended table that does not apply."""

Kind = Literal["text", "number", "integer", "bool"]
NUMBER_FORMATS = {"number": "0.00", "integer": "0", "text": "@", "bool": "General"}
MARKERS = {"number": 0.5, "integer": 1, "text": "x", "bool": True}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
NOTE_FONT = Font(bold=True, color="8A3B00")

_ILLEGAL_XML = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{FFFE}\x{FFFF}]"


@dataclass
class XColumn:
    """One column of a data sheet."""

    info: ColumnInfo
    kind: Kind
    values: pa.Array
    width: float | None = None
    wrap: bool = False


@dataclass
class XSheet:
    """A data sheet: its columns (all of the same length) and an optional note beside the header."""

    title: str
    columns: list[XColumn]
    note: str | None = None

    @property
    def n_rows(self) -> int:
        return len(self.columns[0].values) if self.columns else 0


# -- building the columns -----------------------------------------------------------------------


def _as_array(values: pa.Array | pa.ChunkedArray | pd.Series | np.ndarray) -> pa.Array:
    if isinstance(values, pd.Series):
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype("string")
        values = pa.array(values, from_pandas=True)
    elif isinstance(values, np.ndarray):
        values = pa.array(values, from_pandas=True)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if pa.types.is_dictionary(values.type):
        values = values.cast(pa.large_string())
    return values


def mapped(values: pa.Array | pd.Series, mapping: dict[str, str]) -> pa.Array:
    """String values renamed through ``mapping`` (unknown values kept), vectorised via a dictionary."""
    arr = _as_array(values)
    if len(arr) == 0:
        return pa.array([], pa.large_string())
    encoded = pc.dictionary_encode(arr.cast(pa.large_string()))
    names = [mapping.get(v, v) for v in encoded.dictionary.to_pylist()]
    return pa.DictionaryArray.from_arrays(encoded.indices, pa.array(names, pa.large_string())).cast(
        pa.large_string()
    )


def column(info: ColumnInfo, kind: Kind, values: object, width: float | None = None,
           wrap: bool = False) -> XColumn:
    return XColumn(info, kind, _as_array(values), width, wrap)


def _width(col: XColumn) -> float:
    if col.width is not None:
        return col.width
    sample = col.values.slice(0, 2000)
    longest = 0
    if col.kind == "text" and len(sample):
        lengths = pc.utf8_length(sample.cast(pa.large_string()))
        longest = pc.max(lengths).as_py() or 0
    elif col.kind in ("number", "integer"):
        longest = 8
    elif col.kind == "bool":
        longest = 6
    return float(min(max(longest, min(len(col.info.label), 28)) + 3, 60))


# -- the row writer ----------------------------------------------------------------------------


def _lit(text: str) -> pa.Scalar:
    return pa.scalar(text, pa.large_string())


def _join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation (null where any part is null)."""
    return pc.binary_join_element_wise(*(_lit(p) if isinstance(p, str) else p for p in parts), _lit(""))


def _has(text: pa.Array, pattern: str, regex: bool = False) -> bool:
    found = pc.match_substring_regex(text, pattern) if regex else pc.match_substring(text, pattern)
    return bool(pc.any(found).as_py())


def _escape(values: pa.Array) -> pa.Array:
    """XML-escaped text, cut to Excel's cell limit; each pass runs only when it is needed."""
    text = values.cast(pa.large_string())
    if len(text) == 0 or text.null_count == len(text):
        return text
    if (pc.max(pc.binary_length(text)).as_py() or 0) > MAX_CELL_CHARS:
        text = pc.utf8_slice_codeunits(text, 0, MAX_CELL_CHARS)
    if _has(text, _ILLEGAL_XML, regex=True):
        text = pc.replace_substring_regex(text, _ILLEGAL_XML, "")
    for raw, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        if _has(text, raw):
            text = pc.replace_substring(text, raw, entity)
    return text


def _text_xml(values: pa.Array, style: str) -> pa.Array:
    """Text cells, without their opening ``<c r="A2"`` (the row writer adds it); a text that looks
    like a formula gets the leading ``'`` of :mod:`frisat.cells`, as in every other download."""
    xml = _join(f'" t="inlineStr" s="{style}"><is><t>', _escape(neutralise_arrow(values)), "</t></is></c>")
    return pc.fill_null(xml, _lit(f'" s="{style}"/>'))


class _CellWriter:
    """The XML of one column's cells, chunk by chunk, each without its opening ``<c r="A2"``.

    Text columns with few distinct values (kommune, spor, kvadrant …) are dictionary-encoded
    once, so each distinct value is escaped and wrapped once and the chunks only gather.
    """

    def __init__(self, col: XColumn, style: str) -> None:
        self.col, self.style = col, style
        self.empty = f'" s="{style}"/>'
        self.lookup: pa.Array | None = None
        self.indices: pa.Array | None = None
        values = col.values
        if col.kind == "text" and len(values) > 2000:
            encoded = pc.dictionary_encode(values.cast(pa.large_string()))
            if len(encoded.dictionary) * 4 < len(values):
                self.lookup = pa.concat_arrays([_text_xml(encoded.dictionary, style),
                                                pa.array([self.empty], pa.large_string())])
                self.indices = pc.fill_null(encoded.indices, len(encoded.dictionary))

    def chunk(self, start: int, length: int) -> pa.Array:
        if self.lookup is not None:
            return pc.take(self.lookup, self.indices.slice(start, length))
        values, style = self.col.values.slice(start, length), self.style
        if self.col.kind == "text":
            return _text_xml(values, style)
        if self.col.kind == "bool":
            xml = pc.if_else(values, _lit(f'" t="b" s="{style}"><v>1</v></c>'),
                             _lit(f'" t="b" s="{style}"><v>0</v></c>'))
        else:
            if pa.types.is_floating(values.type):
                values = pc.if_else(pc.is_finite(values), values, pa.scalar(None, values.type))
            xml = _join(f'" s="{style}"><v>', values.cast(pa.large_string()), "</v></c>")
        return pc.fill_null(xml, _lit(self.empty))


def _string_bytes(array: pa.Array) -> memoryview:
    """The concatenated UTF-8 bytes of a large_string array without nulls (no copy)."""
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[array.offset: array.offset + len(array) + 1]
    data = array.buffers()[2]
    return memoryview(data)[int(offsets[0]): int(offsets[-1])]


def _row_chunks(sheet: XSheet, styles: Sequence[str]) -> Iterator[memoryview]:
    n = sheet.n_rows
    writers = [_CellWriter(col, style) for col, style in zip(sheet.columns, styles, strict=True)]
    for start in range(0, n, CHUNK_ROWS):
        length = min(CHUNK_ROWS, n - start)
        numbers = pa.array(np.arange(start + 2, start + 2 + length)).cast(pa.large_string())
        parts: list[pa.Array | pa.Scalar] = [_lit('<row r="'), numbers, _lit('">')]
        for j, writer in enumerate(writers, start=1):
            parts += [_lit(f'<c r="{get_column_letter(j)}'), numbers, writer.chunk(start, length)]
        parts.append(_lit("</row>"))
        joined = pc.binary_join_element_wise(*parts, _lit(""))
        if joined.null_count:
            raise RuntimeError(f"Arket {sheet.title}: en række kunne ikke skrives.")
        yield _string_bytes(joined)


# -- workbook assembly -------------------------------------------------------------------------


def _prepare_sheet(wb: Workbook, sheet: XSheet) -> None:
    ws = wb.create_sheet(sheet.title)
    for j, col in enumerate(sheet.columns, start=1):
        head = ws.cell(row=1, column=j, value=neutralise_value(col.info.label))
        head.font = HEADER_FONT
        head.fill = HEADER_FILL
        head.alignment = Alignment(wrap_text=True, vertical="top")
        marker = ws.cell(row=2, column=j, value=MARKERS[col.kind])
        marker.number_format = NUMBER_FORMATS[col.kind]
        marker.alignment = Alignment(wrap_text=col.wrap, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = _width(col)
    last = get_column_letter(max(len(sheet.columns), 1))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{sheet.n_rows + 1}"
    if sheet.note:
        note_col = len(sheet.columns) + 2
        cell = ws.cell(row=1, column=note_col, value=neutralise_value(sheet.note))
        cell.font = NOTE_FONT
        ws.column_dimensions[get_column_letter(note_col)].width = 80


def _write_codebook(wb: Workbook, rows: list[tuple[str, str, str, str, str]], notes: list[str]) -> None:
    ws = wb.create_sheet("Kodebog")
    header = ("Ark", "Kolonne", "Variabelnavn", "Betydning", "Enhed / værdier")
    ws.append(header)
    for j in range(1, len(header) + 1):
        ws.cell(row=1, column=j).font = HEADER_FONT
        ws.cell(row=1, column=j).fill = HEADER_FILL
    for row in rows:
        ws.append([neutralise_value(value) for value in row])
    for width, letter in zip((18, 34, 22, 70, 60), "ABCDE", strict=True):
        ws.column_dimensions[letter].width = width
    for r in range(2, len(rows) + 2):
        for letter in "DE":
            ws[f"{letter}{r}"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:E{len(rows) + 1}"
    if notes:
        start = len(rows) + 3
        ws.cell(row=start, column=1, value="Bemærkninger").font = HEADER_FONT
        for i, note in enumerate(notes, start=1):
            cell = ws.cell(row=start + i, column=1, value=neutralise_value(note))
            cell.alignment = Alignment(wrap_text=False)


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → the zip member holding its XML."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    book = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.findall("p:Relationship", ns)}
    parts = {}
    for sheet in book.findall("m:sheets/m:sheet", ns):
        target = targets[sheet.get(f"{{{ns['r']}}}id")].lstrip("/")
        parts[sheet.get("name")] = target if target.startswith("xl/") else f"xl/{target}"
    return parts


_ROW2 = re.compile(r'<row r="2"[^>]*>(.*?)</row>', re.S)
_CELL_STYLE = re.compile(r"<c\b([^>]*)>")


def _splice(template: str, sheet: XSheet, out: zipfile.ZipFile, member: str) -> None:
    """Write ``member`` = the template sheet XML with the marker row replaced by all data rows."""
    match = _ROW2.search(template)
    if match is None:
        raise RuntimeError(f"Arket {sheet.title} mangler markørrækken.")
    styles = []
    for attrs in _CELL_STYLE.findall(match.group(1)):
        found = re.search(r'\bs="(\d+)"', attrs)
        styles.append(found.group(1) if found else "0")
    if len(styles) != len(sheet.columns):
        raise RuntimeError(f"Arket {sheet.title}: markørrækken har {len(styles)} celler.")
    prefix, suffix = template[: match.start()], template[match.end():]
    last = get_column_letter(max(len(sheet.columns) + (2 if sheet.note else 0), 1))
    prefix = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:{last}{sheet.n_rows + 1}"/>', prefix)
    with out.open(member, "w", force_zip64=sheet.n_rows > 200_000) as handle:
        handle.write(prefix.encode("utf-8"))
        for chunk in _row_chunks(sheet, styles):
            handle.write(chunk)
        handle.write(suffix.encode("utf-8"))


def write_workbook(target: Path, sheets: list[XSheet], codebook: list[tuple[str, str, str, str, str]],
                   notes: list[str]) -> Path:
    """Write the data sheets and the codebook to ``target`` (atomically)."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        _prepare_sheet(wb, sheet)
    _write_codebook(wb, codebook, notes)
    by_title = {s.title: s for s in sheets}
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        template_path = Path(scratch) / "template.xlsx"
        wb.save(template_path)
        with zipfile.ZipFile(template_path) as src, atomic_path(target) as tmp:
            parts = {member: title for title, member in _sheet_parts(src).items()}
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as out:
                for item in src.infolist():
                    title = parts.get(item.filename)
                    if title in by_title:
                        _splice(src.read(item).decode("utf-8"), by_title[title], out, item.filename)
                    else:
                        with src.open(item) as data, out.open(item.filename, "w") as dest:
                            shutil.copyfileobj(data, dest)
    return target


# -- the sheets of resultater.xlsx -------------------------------------------------------------


def _codebook_rows(sheet: XSheet) -> list[tuple[str, str, str, str, str]]:
    return [(sheet.title, c.info.label, c.info.name, c.info.meaning, c.info.values) for c in sheet.columns]


def _remark_column(suppressed: np.ndarray, n: pd.Series, min_n: int) -> XColumn:
    small = (~suppressed) & (n.fillna(0).to_numpy() < labels.SMALL_N)
    text = np.where(suppressed, labels.suppressed_text(min_n), np.where(small, labels.SMALL_N_CAUTION, None))
    info = ColumnInfo("bemaerkning", "Bemærkning",
                      "Advarsel om få besvarelser, eller at gruppen er for lille til at blive vist",
                      f"«{labels.suppressed_text(min_n)}» / «{labels.SMALL_N_CAUTION}» / tom")
    return column(info, "text", pa.array(text, pa.large_string()), width=44)


def build_sheets(result: AnalysisResult, respondents: pa.Table, comments: pd.DataFrame) -> tuple[
    list[XSheet], list[str]
]:
    """The data sheets of resultater.xlsx and notes for the codebook.

    ``respondents`` is result.respondents as Arrow; ``comments`` the comments to show.
    """
    spor_names = labels.spor_labels(result.instrument)
    k = result.config.min_n
    notes = [
        f"Anonymitetsgrænse: grupper med færre end {k} besvarelser vises ikke (k = {k}).",
        f"Grupper med færre end {labels.SMALL_N} besvarelser: {labels.SMALL_N_CAUTION.lower()}.",
        *(note_text(n) for n in result.notes),
    ]

    summary = result.summary
    info = {c.name: c for c in labels.summary_columns(result)}
    suppressed = summary["suppressed"].to_numpy(dtype=bool)
    cols = [column(info[c], "text", summary[c]) for c in result.by]
    cols.append(column(info["spor"], "text", mapped(summary["spor"].astype("string"), spor_names)))
    for name in [c for c in summary.columns if c not in (*result.by, "spor", "suppressed")]:
        if name == "quadrant_absolute":
            cols.append(column(info[name], "text", mapped(summary[name].astype("string"), QUADRANT_LABELS),
                               width=30))
        elif name == "quadrant_certain":
            cols.append(column(info[name], "bool", summary[name].astype("boolean")))
        elif name in ("n", "outliers") or name.endswith("_n"):
            cols.append(column(info[name], "integer", summary[name].astype("Int64")))
        else:
            cols.append(column(info[name], "number", summary[name].astype(float)))
    cols.append(_remark_column(suppressed, summary["n"], k))
    oversigt = XSheet("Oversigt", cols)

    counts = result.counts
    counts_suppressed = counts["suppressed"].to_numpy(dtype=bool)
    shown = counts["respondents"].astype("Int64").mask(counts_suppressed)
    count_cols = [column(ColumnInfo(c, labels.column_label(c), f"Grupperingsvariabel: {c}", "tekst"), "text",
                         counts[c]) for c in result.by]
    count_cols.append(column(ColumnInfo("respondents", "Respondenter", "Antal respondenter i gruppen",
                                        "antal; tom når gruppen er for lille til at blive vist"),
                             "integer", shown))
    count_cols.append(_remark_column(counts_suppressed, counts["respondents"], k))
    antal = XSheet("Antal besvarelser", count_cols)

    total = respondents.num_rows
    rows = respondents.slice(0, min(total, MAX_DATA_ROWS))
    note = None
    if total > MAX_DATA_ROWS:
        note = (f"Bemærk: arket viser kun de første {labels.fmt_int(MAX_DATA_ROWS)} af {labels.fmt_int(total)} "
                "rækker (Excels grænse). Filen respondents.csv indeholder dem alle.")
        notes.append(f"Arket Respondenter: {note[len('Bemærk: '):]}")
    rinfo = {c.name: c for c in labels.respondent_columns(result)}
    rcols = [column(rinfo["respondent_id"], "text", rows.column("respondent_id"))]
    rcols += [column(rinfo[c], "text", rows.column(c)) for c in result.by]
    rcols.append(column(rinfo["spor"], "text", mapped(rows.column("spor"), spor_names)))
    rcols += [column(rinfo[c], "number", rows.column(c)) for c in ("impl_index", "vigt_index")]
    rcols += [column(rinfo[c], "text", mapped(rows.column(c), QUADRANT_LABELS), width=30)
              for c in ("quadrant_absolute", "quadrant_relative")]
    rcols += [column(rinfo[c], "bool", rows.column(c)) for c in ("outlier", "suppressed")]
    respondenter = XSheet("Respondenter", rcols, note=note)

    ccount = len(comments)
    crows = comments.iloc[: min(ccount, MAX_DATA_ROWS)]
    cnote = None
    if ccount > MAX_DATA_ROWS:
        cnote = (f"Bemærk: arket viser kun de første {labels.fmt_int(MAX_DATA_ROWS)} af "
                 f"{labels.fmt_int(ccount)} kommentarer (Excels grænse).")
        notes.append(f"Arket Kommentarer: {cnote[len('Bemærk: '):]}")
    ccols = [column(ColumnInfo(c, labels.column_label(c), f"Grupperingsvariabel: {c}", "tekst"), "text",
                    crows[c]) for c in result.by]
    ccols.append(column(ColumnInfo("spor", "Spor", "Sporet kommentaren hører til", labels.spor_values(
        result.instrument)), "text", mapped(crows["spor"].astype("string"), spor_names)))
    ccols.append(column(ColumnInfo("quadrant_absolute", "Kvadrant",
                                   "Kvadranten for respondentens egne indeks i sporet (absolutte linjer)",
                                   labels.quadrant_values()), "text",
                        mapped(crows["quadrant_absolute"].astype("string"), QUADRANT_LABELS), width=30))
    ccols.append(column(ColumnInfo("placement", "Står under",
                                   "Kvadranten, kommentaren står under i rapporten: respondentens egen, ellers "
                                   "gruppens placering i sporet (respondenten har ikke svaret på begge dimensioner, "
                                   "fx i et delt design)", labels.quadrant_values()), "text",
                        mapped(crows["placement"].astype("string"), QUADRANT_LABELS), width=30))
    ccols.append(column(ColumnInfo("placement_basis", "Placeret efter", "Hvad placeringen bygger på",
                                   "; ".join(f"{k} = {v}" for k, v in PLACEMENT_LABELS.items())), "text",
                        mapped(crows["placement_basis"].astype("string"), PLACEMENT_LABELS), width=24))
    ccols.append(column(ColumnInfo("comment", "Kommentar", "Den åbne kommentar, som respondenten skrev",
                                   "fritekst"), "text", crows["comment"].astype("string"), width=90, wrap=True))
    kommentarer = XSheet("Kommentarer", ccols, note=cnote)
    return [oversigt, antal, respondenter, kommentarer], notes


def extended_sheets(result: AnalysisResult, extended: ExtendedResult) -> list[XSheet]:
    """One sheet per extended table that applies (frisat.core.extended), after the main sheets.

    Values are the CSV's, with spor, dimensions and codes shown by their Danish names, and a
    remark column for rows that are suppressed.
    """
    from frisat.reporting.extended_labels import SHEET_TITLES, table_columns

    sheets = []
    for name, table in written_tables(extended, result.instrument).items():
        cols = []
        for spec in table_columns(name, table, result, extended.config.unit_column):
            values = table[spec.info.name]
            if spec.kind == "text":
                values = values.astype("string")
                values = mapped(values, spec.mapping) if spec.mapping else values
            elif spec.kind == "bool":
                values = values.astype("boolean")
            elif spec.kind == "integer":
                values = values.astype("Int64")
            else:
                values = values.astype(float)
            width = 60 if spec.info.name == "detail" else None
            cols.append(column(spec.info, spec.kind, values, width=width, wrap=spec.info.name == "detail"))
        if "suppressed" in table.columns:
            n = table["n"] if "n" in table.columns else pd.Series(labels.SMALL_N, index=table.index)
            cols.append(_remark_column(table["suppressed"].to_numpy(dtype=bool), n, result.config.min_n))
        sheets.append(XSheet(SHEET_TITLES.get(name, name)[:31], cols))
    return sheets


def write_xlsx(result: AnalysisResult, respondents: pa.Table, comments: pd.DataFrame, target: Path,
               extended: ExtendedResult | None = None, extra_sheets: Sequence[XSheet] = ()) -> Path:
    """Write resultater.xlsx (with a sheet per extended table when ``extended`` is given, then
    ``extra_sheets``, e.g. :func:`frisat.reporting.item_tables.item_sheets`)."""
    sheets, notes = build_sheets(result, respondents, comments)
    if extended is not None:
        sheets += extended_sheets(result, extended)
        notes += [f"{SHEET_NOTE}: {note_text(note)}" for note in extended.not_applicable.values()]
    sheets += list(extra_sheets)  # issue 14: the item sheets of a barometer's extra questions
    codebook = [row for sheet in sheets for row in _codebook_rows(sheet)]
    return write_workbook(target, sheets, codebook, notes)
