"""Safety checks for spreadsheets from outside: zip bombs, XML bombs and sheets that only look small.

An XLSX file is a zip archive of XML parts. :func:`check_xlsx` reads the whole archive once, in
chunks, with bounded memory and *before* openpyxl or pandas touch it:

1. the zip's end record and central directory: the number of members and the size of the directory
   (read before :mod:`zipfile` builds one object per member), the declared sizes;
2. every member decompressed in chunks, counting the real bytes — declared sizes can lie — against
   the limit on the uncompressed total and on the compression ratio (a 400 MB cell of one letter
   packs into 0.4 MB: refused after the first megabyte);
3. every XML part through defusedxml's expat parser, which refuses any DTD (billion laughs, external
   entities) — a real spreadsheet never has one;
4. the worksheets: rows, columns and cells counted from the cells themselves (the sheet's
   ``<dimension>`` header is never trusted), and the text of each cell and shared string measured
   while it streams in.

A refusal is a :class:`~frisat.core.errors.ValidationFailed` with one Danish sentence that names the
limit. The limits are :class:`XlsxLimits`: :data:`UPLOAD_LIMITS` for the staff's own tables (the web
pages and ``frisat org|respondents|register import``), :data:`ANALYSIS_LIMITS` for ``frisat analyze``.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO
from xml.sax import SAXException
from xml.sax.handler import feature_external_ges

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from frisat.core.errors import Problem, ValidationFailed

MB = 1024 * 1024
CHUNK = 1 << 14
"""Bytes per read: small, so the compressed bytes zipfile reads ahead barely blur the ratio."""
RATIO_GRACE_BYTES = MB
"""The compression ratio is only judged once a member has given this many bytes (tiny parts compress well)."""
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
EXCEL_MAX_CELL_CHARS = 32_767


@dataclass(frozen=True)
class XlsxLimits:
    """What a spreadsheet may hold. ``cells`` counts each row up to its last cell (what a reader builds)."""

    max_file_bytes: int
    max_uncompressed_bytes: int
    max_members: int
    max_ratio: int
    max_rows: int
    max_columns: int
    max_cells: int
    max_cell_chars: int = EXCEL_MAX_CELL_CHARS

    def with_overrides(self, **changes: int | None) -> XlsxLimits:
        """A copy with the given limits changed (``None`` keeps the default)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


UPLOAD_LIMITS = XlsxLimits(
    max_file_bytes=20 * MB, max_uncompressed_bytes=100 * MB, max_members=1_000, max_ratio=100,
    max_rows=200_000, max_columns=1_000, max_cells=500_000)
"""Organisation, respondent and register tables (web and CLI); the web settings can change them."""

ANALYSIS_LIMITS = XlsxLimits(
    max_file_bytes=512 * MB, max_uncompressed_bytes=1024 * MB, max_members=10_000, max_ratio=100,
    max_rows=EXCEL_MAX_ROWS, max_columns=EXCEL_MAX_COLUMNS, max_cells=10_000_000)
"""Survey data for ``frisat analyze``: Excel's own maxima, but at most 10 million cells (about 200,000
respondents in the canonical format) and 1 GB of XML; larger data sets belong in CSV."""

_SAVE_AS_CSV = "Del den op, eller gem den som CSV."


class _Refused(Exception):
    """A limit was crossed (raised inside the SAX handler; turned into ValidationFailed)."""


def _mb(size: int) -> str:
    return f"{size / MB:.0f}" if size >= 10 * MB else f"{size / MB:.1f}".replace(".", ",")


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def refuse(source: str, message: str) -> ValidationFailed:
    """A ValidationFailed with the one sentence ``message``."""
    return ValidationFailed(source, [Problem(message)], 1)


# -- the zip's end record ------------------------------------------------------------------------

_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_MAX_COMMENT = 0xFFFF


def _directory_size(f: IO[bytes], size: int) -> tuple[int, int]:
    """``(members, bytes)`` of the central directory, read from the end record (no member objects)."""
    back = min(size, _EOCD_SIZE + _MAX_COMMENT)
    f.seek(size - back)
    tail = f.read(back)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        raise _Refused("Filen er ikke en gyldig Excel-fil (.xlsx): den er ikke et zip-arkiv. "
                       "Gem den som .xlsx eller .csv.")
    _sig, _disk, _start, _here, total, cd_bytes, _offset, _comment = struct.unpack("<4s4H2LH", tail[at:at + 22])
    return total, cd_bytes


# -- XML ------------------------------------------------------------------------------------------

_TEXT = frozenset({"v", "t", "f"})


class _Counter:
    """Counts what a worksheet or shared-string part holds while it streams through the parser.

    Its methods are expat's own callbacks (element names may carry a prefix such as ``x:c``).
    """

    def __init__(self, limits: XlsxLimits, totals: dict[str, int]) -> None:
        self.limits = limits
        self.totals = totals
        self.root: str | None = None
        self.row = 0
        self.column = 0
        self.width = 0
        self.chars = 0
        self.in_text = False
        self.in_item = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if self.root is None:
            self.root = local
        elif self.root == "worksheet":
            self._sheet_start(local, attrs)
        elif self.root == "sst":
            if local == "si":
                self.in_item, self.chars = True, 0
            elif local == "t" and self.in_item:
                self.in_text = True

    def _sheet_start(self, local: str, attrs: dict[str, str]) -> None:
        limits = self.limits
        if local == "c":
            self.column = _column(attrs.get("r"), self.column + 1)
            if self.column > limits.max_columns:
                raise _Refused(f"Arket har over {_count(limits.max_columns)} kolonner (en celle står i kolonne "
                               f"nr. {_count(self.column)}). Slet de overflødige kolonner.")
            if self.column > self.width:
                self.width = self.column
            self.chars = 0
        elif local in _TEXT:
            self.in_text = True
        elif local == "row":
            self.row = _number(attrs.get("r"), self.row + 1)
            if self.row > limits.max_rows:
                raise _Refused(f"Arket har over {_count(limits.max_rows)} rækker. {_SAVE_AS_CSV}")
            self.column = self.width = 0

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local in _TEXT:
            self.in_text = False
        elif local == "si":
            self.in_item = False
        elif local == "row" and self.root == "worksheet":
            self._add_cells(self.width)
            self.width = 0

    def finish(self) -> None:
        if self.root == "worksheet" and self.width:
            self._add_cells(self.width)  # cells outside a <row> (malformed, but count them)

    def _add_cells(self, n: int) -> None:
        self.totals["cells"] += n
        if self.totals["cells"] > self.limits.max_cells:
            raise _Refused(f"Filen har over {_count(self.limits.max_cells)} celler (tomme celler foran en "
                           f"rækkes sidste udfyldte celle tæller med). {_SAVE_AS_CSV}")

    def data(self, content: str) -> None:
        if self.in_text:
            self.chars += len(content)
            if self.chars > self.limits.max_cell_chars:
                raise _Refused(f"En celle i filen har over {_count(self.limits.max_cell_chars)} tegn "
                               "(Excels egen grænse). Filen kan ikke indlæses.")


def _number(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() and len(text) < 12 else default


def _column(ref: str | None, default: int) -> int:
    """The column number of a cell reference such as ``XFD7`` (``default`` when there is none)."""
    if not ref:
        return default
    number = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            number = number * 26 + ord(ch) - 64
            if number > EXCEL_MAX_COLUMNS * 26:
                break
        elif "a" <= ch <= "z":
            number = number * 26 + ord(ch) - 96
        else:
            break
    return number or default


class _Parser(DefusedExpatParser):
    """defusedxml's expat parser (no DTD, no entities, nothing external) feeding a :class:`_Counter`.

    The counter's methods are set as expat's callbacks directly (the SAX layer in between would
    double the time per cell); defusedxml's own guards stay in place.
    """

    def __init__(self, counter: _Counter) -> None:
        super().__init__(forbid_dtd=True, forbid_entities=True, forbid_external=True)
        self.setFeature(feature_external_ges, False)
        self.counter = counter

    def reset(self) -> None:
        super().reset()
        expat = self._parser
        expat.StartElementHandler = self.counter.start
        expat.EndElementHandler = self.counter.end
        expat.CharacterDataHandler = self.counter.data
        expat.buffer_text = True


# -- the check ------------------------------------------------------------------------------------

def check_xlsx(file: bytes | str | Path | IO[bytes], source: str, limits: XlsxLimits = UPLOAD_LIMITS) -> None:
    """Refuse (``ValidationFailed``, one Danish sentence) an XLSX file that crosses ``limits``.

    Reads the archive once, streaming; memory stays bounded whatever the file claims.
    """
    try:
        if isinstance(file, bytes):
            _check(io.BytesIO(file), len(file), limits)
        elif isinstance(file, str | Path):
            with open(file, "rb") as f:
                _check(f, Path(file).stat().st_size, limits)
        else:
            file.seek(0, io.SEEK_END)
            size = file.tell()
            _check(file, size, limits)
    except _Refused as exc:
        raise refuse(source, str(exc)) from None


def _check(f: IO[bytes], size: int, limits: XlsxLimits) -> None:
    if size > limits.max_file_bytes:
        raise _Refused(f"Filen er for stor: {_mb(size)} MB; den største fil, der kan indlæses, er "
                       f"{_mb(limits.max_file_bytes)} MB. {_SAVE_AS_CSV}")
    members, cd_bytes = _directory_size(f, size)
    if members > limits.max_members or cd_bytes > limits.max_members * 1024:
        raise _Refused(f"Zip-arkivet har for mange dele (over {_count(limits.max_members)}); en Excel-fil har "
                       "normalt under 50. Filen kan ikke indlæses.")
    f.seek(0)
    try:
        archive = zipfile.ZipFile(f)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _Refused("Filen er ikke en gyldig Excel-fil (.xlsx): zip-arkivet er beskadiget. "
                       "Gem den igen som .xlsx eller .csv.") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise _Refused(f"Zip-arkivet har for mange dele (over {_count(limits.max_members)}). "
                           "Filen kan ikke indlæses.")
        declared = sum(info.file_size for info in infos)
        if declared > limits.max_uncompressed_bytes:
            raise _uncompressed(limits)
        totals = {"bytes": 0, "cells": 0}
        for info in infos:
            if not info.is_dir():
                _check_member(archive, info, limits, totals)


def _uncompressed(limits: XlsxLimits) -> _Refused:
    return _Refused(f"Filen er for stor udpakket: over {_mb(limits.max_uncompressed_bytes)} MB. {_SAVE_AS_CSV}")


def _consumed(member: IO[bytes], info: zipfile.ZipInfo) -> int:
    """Compressed bytes read so far from ``member`` (the whole declared size if zipfile does not say)."""
    left = getattr(member, "_compress_left", None)
    return max(info.compress_size - left if isinstance(left, int) else info.compress_size, 1)


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def _check_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: XlsxLimits,
                  totals: dict[str, int]) -> None:
    parser = _Parser(_Counter(limits, totals)) if _is_xml(info.filename) else None
    read = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                read += len(chunk)
                totals["bytes"] += len(chunk)
                if totals["bytes"] > limits.max_uncompressed_bytes:
                    raise _uncompressed(limits)
                if read > RATIO_GRACE_BYTES and read > limits.max_ratio * _consumed(member, info):
                    raise _Refused(f"Filen er pakket over {limits.max_ratio} gange sammen (en «zip-bombe»); "
                                   "sådan ser en almindelig Excel-fil ikke ud. Filen kan ikke indlæses.")
                if parser is not None:
                    parser.feed(chunk)
            if parser is not None:
                parser.close()
                parser.counter.finish()
    except _Refused:
        raise
    except DefusedXmlException:
        raise _Refused("Filen indeholder XML med en DTD eller entiteter (fx «billion laughs» eller en henvisning "
                       "til en ekstern fil); det har en almindelig Excel-fil aldrig. Filen kan ikke "
                       "indlæses.") from None
    except SAXException:
        raise _Refused(f"Filen er ikke en gyldig Excel-fil (.xlsx): delen «{info.filename[:80]}» er ikke gyldig "
                       "XML. Gem den igen som .xlsx eller .csv.") from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
        raise _Refused("Filen er ikke en gyldig Excel-fil (.xlsx): zip-arkivet er beskadiget, krypteret eller "
                       "bruger en ukendt komprimering. Gem den igen som .xlsx eller .csv.") from None
