"""Probe files for the import limits (issue 11): small on disk, made by hand where a library would refuse.

A highly compressed member is built from raw deflate pieces that each end on a full flush, so a
400 MB sheet is one compressed megabyte repeated — made in a fraction of a second.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
MB = 1024 * 1024


def workbook_bytes(rows: list[list[object]]) -> bytes:
    """A real workbook made by openpyxl with ``rows`` on its only sheet."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _deflate(data: bytes, final: bool) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def repeated_member(prefix: bytes, chunk: bytes, times: int, suffix: bytes) -> tuple[bytes, int, int]:
    """Raw deflate data, CRC and size of ``prefix + chunk * times + suffix`` (compressing ``chunk`` once)."""
    packed = _deflate(prefix, False) + _deflate(chunk, False) * times + _deflate(suffix, True)
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    return packed, crc, len(prefix) + len(chunk) * times + len(suffix)


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already deflated members ``(name, deflated, crc, declared size)``."""
    out = io.BytesIO()
    central = []
    for name, packed, crc, size in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(packed), size,
                              len(encoded), 0) + encoded + packed)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(packed), size,
                                   len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start, 0))
    return out.getvalue()


def with_sheet(sheet: tuple[bytes, int, int], base: bytes | None = None,
               extra: list[tuple[str, bytes, int, int]] | None = None) -> bytes:
    """A workbook whose first sheet is the deflated ``sheet`` (the other parts are openpyxl's)."""
    source = zipfile.ZipFile(io.BytesIO(base or workbook_bytes([["x"]])))
    members = []
    for info in source.infolist():
        if info.filename == SHEET:
            members.append((SHEET, *sheet))
        else:
            data = source.read(info)
            members.append((info.filename, _deflate(data, True), zlib.crc32(data), len(data)))
    return raw_zip(members + (extra or []))


def plain_sheet(xml: str) -> tuple[bytes, int, int]:
    data = xml.encode()
    return _deflate(data, True), zlib.crc32(data), len(data)


def declared_dimension(rows: list[list[object]], empty_rows: int = 3000) -> bytes:
    """A legitimate small workbook whose sheet header claims A1:XFD1048576 (16,384 × 1,048,576 cells).

    After the data come ``empty_rows`` formatted rows without cells, as Excel writes them: a reader that
    trusts the header pads each of them to 16,384 cells.
    """
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes(rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == SHEET:
                text = data.decode()
                start = text.index('<dimension ref="') + len('<dimension ref="')
                text = text[:start] + "A1:XFD1048576" + text[text.index('"', start):]
                filler = "".join(f'<row r="{len(rows) + i}" ht="15" customHeight="1"/>'
                                 for i in range(1, empty_rows + 1))
                text = text.replace("</sheetData>", filler + "</sheetData>")
                data = text.encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def big_cell(mb: int = 400) -> bytes:
    """One cell of ``mb`` megabytes of the letter a: about 0.4 MB on disk."""
    head = f'<?xml version="1.0"?><worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'.encode()
    tail = b"</t></is></c></row></sheetData></worksheet>"
    return with_sheet(repeated_member(head, b"a" * MB, mb, tail))


def huge_sheet(mb: int = 363, declared: int | None = None) -> bytes:
    """``mb`` megabytes of sheet XML (rows of three short cells); ``declared`` lies about its size."""
    row = b'<row><c t="inlineStr"><is><t>Rebild</t></is></c><c t="inlineStr"><is><t>skole</t></is></c>' \
          b'<c t="inlineStr"><is><t>Enhed</t></is></c></row>'
    chunk = row * (MB // len(row))
    head = f'<?xml version="1.0"?><worksheet {NS}><sheetData>'.encode()
    packed, crc, size = repeated_member(head, chunk, mb, b"</sheetData></worksheet>")
    return with_sheet((packed, crc, declared if declared is not None else size))


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]><worksheet {NS}><sheetData><row r="1">'
           '<c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    return with_sheet(plain_sheet(xml))


def external_entity(target: str = "file:///etc/passwd") -> bytes:
    xml = (f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{target}">]><worksheet {NS}>'
           '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>')
    return with_sheet(plain_sheet(xml))


def many_members(n: int = 5000) -> bytes:
    """A real workbook plus ``n`` empty members."""
    empty = _deflate(b"", True)
    return with_sheet(plain_sheet(f'<worksheet {NS}><sheetData/></worksheet>'),
                      extra=[(f"xl/media/x{i}.bin", empty, 0, 0) for i in range(n)])


def wide_cell(column: str = "XFD") -> bytes:
    """A sheet with one real row and one cell far out to the right."""
    xml = (f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>kommune</t></is></c>'
           f'<c r="{column}1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>')
    return with_sheet(plain_sheet(xml))


NOT_A_ZIP = b"Dette er ikke et regneark, bare tekst med endelsen .xlsx\n" * 10


def long_line_csv(mb: int = 50) -> bytes:
    """A CSV whose second line is one field of ``mb`` megabytes."""
    return b"kommune;omraade;enhed\n" + b"x" * (mb * MB) + b";skole;Enhed\n"


def zlib_bomb(mb: int) -> bytes:
    """A zlib stream that unpacks to ``mb`` megabytes of zero bytes (about ``mb`` kilobytes)."""
    chunk = b"\0" * MB
    adler = 1
    for _ in range(mb):
        adler = zlib.adler32(chunk, adler)
    body = _deflate(chunk, False) * mb + _deflate(b"", True)
    return b"\x78\xda" + body + struct.pack(">L", adler)
