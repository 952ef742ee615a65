"""Spreadsheet cells that are never formulas: one neutralisation for every CSV and XLSX Frisat writes.

A spreadsheet program reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one) as a formula, so a respondent's comment ``=HYPERLINK("…"&A1)`` or a
unit named ``@SUM(1)*cmd|' /C calc'!A0`` would run when a municipality opens a download. Every
writer (``frisat.io`` responses, ``frisat.reporting`` tables and workbooks, the register, link and
organisation exports of the web app) passes its *text* cells through :func:`neutralise` (or the
vectorised :func:`neutralise_arrow` / :func:`neutralise_table`): such a text gets a leading single
quote ``'`` (OWASP's advice for CSV injection). Numbers are not text and are never touched, so
``-3`` in a numeric column stays a number; Danish text that legitimately begins with ``-`` (``- se
bilag``) gets the quote too, which is accepted practice: the spreadsheet shows ``'- se bilag``.

Frisat's own imports call :func:`restore` (or :func:`restore_arrow`) on every text cell, so a file
Frisat wrote reads back as the original text. A text that already starts with quotes before such
a character (``'=x``) gets one more quote, so the round trip is exact for every string.
"""

from __future__ import annotations

import re
from typing import TypeVar

import pyarrow as pa
import pyarrow.compute as pc

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CLASS = "[=+\\-@\\t\\r]"
FORMULA_LIKE = f"'*{_CLASS}"  # a text that :func:`neutralise` changes (for ``re.match``)
_RISKY = re.compile(FORMULA_LIKE)
_QUOTED = re.compile(f"'+{_CLASS}")
_RE2_RISKY = f"^('*{_CLASS})"
_RE2_QUOTED = f"^'('*{_CLASS})"

ArrowStrings = TypeVar("ArrowStrings", pa.Array, pa.ChunkedArray)


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet reads it as text, never as a formula (a leading ``'`` if needed)."""
    return "'" + text if _RISKY.match(text) else text


def restore(text: str) -> str:
    """The original text of a cell written by :func:`neutralise` (other texts are returned as they are)."""
    return text[1:] if _QUOTED.match(text) else text


def neutralise_value(value: object) -> object:
    """:func:`neutralise` for text; numbers, dates, booleans and ``None`` pass unchanged."""
    return neutralise(value) if isinstance(value, str) else value


def _is_text(type_: pa.DataType) -> bool:
    return pa.types.is_string(type_) or pa.types.is_large_string(type_)


def _map_strings(arr: ArrowStrings, pattern: str, replacement: str) -> ArrowStrings:
    if isinstance(arr, pa.ChunkedArray):
        return pa.chunked_array([_map_strings(chunk, pattern, replacement) for chunk in arr.chunks], type=arr.type)
    if pa.types.is_dictionary(arr.type) and _is_text(arr.type.value_type):
        dictionary = _map_strings(arr.dictionary, pattern, replacement)
        return pa.DictionaryArray.from_arrays(arr.indices, dictionary)
    if not _is_text(arr.type):
        return arr
    return pc.replace_substring_regex(arr, pattern=pattern, replacement=replacement, max_replacements=1)


def neutralise_arrow(arr: ArrowStrings) -> ArrowStrings:
    """:func:`neutralise` on every string of an Arrow array (plain or dictionary); others unchanged."""
    return _map_strings(arr, _RE2_RISKY, "'\\1")


def restore_arrow(arr: ArrowStrings) -> ArrowStrings:
    """:func:`restore` on every string of an Arrow array (plain or dictionary)."""
    return _map_strings(arr, _RE2_QUOTED, "\\1")


def neutralise_table(table: pa.Table) -> pa.Table:
    """Every text column of ``table`` neutralised; numeric, boolean and date columns as they are."""
    columns = [neutralise_arrow(column) for column in table.columns]
    return pa.Table.from_arrays(columns, schema=table.schema)
