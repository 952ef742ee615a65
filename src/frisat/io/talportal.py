"""Import of Ankestyrelsen's appeal statistics (talportal exports) and Frisat's legal snapshots.

Accepted input (all or nothing; every problem is named by row and column, as Excel numbers them):

- a talportal export, XLSX or CSV (UTF-8 or Windows-1252, ``;`` or ``,``), read by the project's safe
  readers (:func:`frisat.io._csv.load_csv`, :func:`frisat.io._excel.load_xlsx`), with the columns
  ``Instans``, ``Sagsemne``, ``Aar``, ``Kvartal``, ``Antal_sager_ialt``, ``Afvisning.Henvisning``,
  ``Stadfæstelse``, ``Ændring.Ophævelse``, ``Hjemvisning`` and optionally ``Sagsbehandlingstid``.
  ``Sagsemne`` is the law area, or a paragraph when it contains "§": "Serviceloven § 41" is law
  area "Serviceloven", paragraph "§ 41". Rows whose ``Instans`` is the national total ("Hele landet",
  "I alt") are skipped with a warning (Frisat computes the national level itself);
- Frisat's canonical format: the same table with the columns of
  :data:`frisat.core.legal.schema.CANONICAL_COLUMNS` (``paragraf`` and ``sagsbehandlingstid`` optional);
- a snapshot written by :func:`write_snapshot` (JSON): the validated canonical table with its import
  date, source text, file name and the file's SHA-256. It is validated again when read.

Checks: counts are non-negative integers; afvist/henvist + stadfæstet + ændret/ophævet + hjemvist =
antal sager; ``Instans`` is one of the 98 municipalities (else «mente du …?»); year 1990–2100;
quarter 1–4; one row per municipality × law area × paragraph × year × quarter.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from frisat.cells import restore
from frisat.core.errors import FrisatError, Problem, ValidationFailed
from frisat.core.legal import schema as s
from frisat.demo.names import KOMMUNER
from frisat.io._common import atomic_target, column_letter, resolve_instrument
from frisat.io._csv import load_csv
from frisat.io._excel import load_xlsx
from frisat.io._validate import RawTable

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PROBLEMS = 200
SNAPSHOT_FORMAT = "frisat-legal-snapshot"
SNAPSHOT_VERSION = 1

TALPORTAL_COLUMNS: dict[str, str] = {
    "instans": s.KOMMUNE,
    "sagsemne": "sagsemne",
    "aar": s.AAR,
    "år": s.AAR,
    "kvartal": s.KVARTAL,
    "antal_sager_ialt": s.TOTAL,
    "afvisning.henvisning": s.REFUSED,
    "stadfæstelse": s.UPHELD,
    "ændring.ophævelse": s.CHANGED,
    "hjemvisning": s.RETURNED,
    "sagsbehandlingstid": s.TIME,
}
"""Talportal header (lower case) → canonical column (``sagsemne`` is split into law area and paragraph)."""

_DISPLAY = {s.KOMMUNE: "Instans", s.AAR: "Aar", s.KVARTAL: "Kvartal", s.TOTAL: "Antal_sager_ialt",
            s.REFUSED: "Afvisning.Henvisning", s.UPHELD: "Stadfæstelse", s.CHANGED: "Ændring.Ophævelse",
            s.RETURNED: "Hjemvisning", s.TIME: "Sagsbehandlingstid", "sagsemne": "Sagsemne"}
_NATIONAL = {"hele landet", "i alt", "total", "alle kommuner", "landet"}
_KVARTAL = re.compile(r"^(?:q|k)?\s*([1-4])(?:\s*\.?\s*(?:kvartal|kvt\.?))?$", re.IGNORECASE)
_KOMMUNE_KEYS = {unicodedata.normalize("NFC", k).casefold(): k for k in KOMMUNER}


@dataclass
class Snapshot:
    """A validated canonical table and where it came from."""

    frame: pd.DataFrame
    source: str
    file_name: str
    sha256: str
    imported_at: str
    """ISO 8601 date and time (UTC) of the import."""
    warnings: list[str] = field(default_factory=list)

    def meta(self) -> dict[str, str]:
        return {"source": self.source, "file_name": self.file_name, "sha256": self.sha256,
                "imported_at": self.imported_at, "rows": str(len(self.frame))}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", str(text)).strip().casefold()


def match_kommune(name: str) -> str | None:
    """The official name of the municipality ``name`` ("Københavns Kommune" → "København"), or None."""
    key = re.sub(r"\s+(regions)?kommune$", "", _key(name))
    if key in _KOMMUNE_KEYS:
        return _KOMMUNE_KEYS[key]
    if key.endswith("s") and key[:-1] in _KOMMUNE_KEYS:
        return _KOMMUNE_KEYS[key[:-1]]
    return None


def suggest_kommune(name: str) -> str | None:
    """The closest official name (difflib), for «mente du …?»."""
    key = re.sub(r"\s+(regions)?kommune$", "", _key(name))
    found = difflib.get_close_matches(key, list(_KOMMUNE_KEYS), n=1, cutoff=0.6)
    return _KOMMUNE_KEYS[found[0]] if found else None


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return restore(str(value)).strip()


def _columns_of(raw: RawTable) -> tuple[list[str | None], list[list[Any]], list[int]]:
    names = [c.name for c in raw.columns]
    values = [c.data.to_pylist() if hasattr(c.data, "to_pylist") else list(c.data) for c in raw.columns]
    if raw.row_numbers is not None:
        rows = [int(r) for r in raw.row_numbers]
    elif raw.row_mapper is not None:
        rows = [int(r) for r in raw.row_mapper(list(range(raw.n_rows)))]
    else:
        rows = [raw.row_offset + i for i in range(raw.n_rows)]
    return names, values, rows


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.total = 0

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.total += 1
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(message, row=row, column=column))

    def raise_if_any(self, source: str) -> None:
        if self.total:
            raise ValidationFailed(source, self.items, self.total)


def _where(name: str, letters: dict[str, str]) -> str:
    """Column letter and header, e.g. ``E («Antal_sager_ialt»)``; ``letters`` maps name → "E («…»)"."""
    return letters.get(name, f"«{name}»")


def _count(text: str) -> int | None:
    return int(text) if re.fullmatch(r"\d{1,9}", text) else None


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if np.isfinite(value) and value >= 0 else None


def _header(names: list[str | None], problems: _Problems) -> tuple[dict[str, int], str]:
    """Map each known header to its position; decide the dialect (talportal or canonical)."""
    keys = [_key(n) if n else "" for n in names]
    talportal = "instans" in keys or "sagsemne" in keys
    known = TALPORTAL_COLUMNS if talportal else {c: c for c in s.CANONICAL_COLUMNS}
    required = ({"instans", "sagsemne", "kvartal", "antal_sager_ialt", "afvisning.henvisning", "stadfæstelse",
                 "ændring.ophævelse", "hjemvisning"} if talportal
                else {c for c in s.CANONICAL_COLUMNS if c not in (s.PARAGRAF, s.TIME)})
    found: dict[str, int] = {}
    for i, key in enumerate(keys):
        if not key:
            if any(v for v in keys[i + 1:]):
                problems.add("Kolonnen har ingen overskrift.", row=1, column=column_letter(i))
            continue
        if key not in known:
            hint = difflib.get_close_matches(key, list(known), n=1)
            more = f" Mente du «{hint[0]}»?" if hint else ""
            problems.add(f"Ukendt kolonne «{names[i]}».{more} Tilladte kolonner: {', '.join(sorted(known))}.",
                         row=1, column=column_letter(i))
            continue
        target = known[key]
        if target in found:
            problems.add(f"Kolonnen «{names[i]}» findes to gange.", row=1, column=column_letter(i))
        found[target] = i
    if talportal and s.AAR not in found:
        problems.add("Kolonnen «Aar» mangler.", row=1)
    for key in sorted(required):
        if known[key] not in found:
            shown = _DISPLAY.get(known[key], key) if talportal else key
            problems.add(f"Kolonnen «{shown}» mangler.", row=1)
    return found, "talportal" if talportal else "canonical"


def validate(names: list[str | None], values: list[list[Any]], rows: list[int], source: str,
             warnings: list[str] | None = None) -> pd.DataFrame:
    """The canonical frame of a table given column by column, or :class:`ValidationFailed`."""
    problems = _Problems()
    found, dialect = _header(names, problems)
    problems.raise_if_any(source)
    letters = {name: f"{column_letter(i)} («{names[i]}»)" for name, i in found.items()}
    cells = {name: [_text(v) for v in values[i]] for name, i in found.items()}
    out: dict[str, list[Any]] = {c: [] for c in s.CANONICAL_COLUMNS}
    seen: dict[tuple, int] = {}
    skipped = 0
    for pos, row in enumerate(rows):
        get = {name: col[pos] for name, col in cells.items()}
        if not any(get.values()):
            continue
        before = problems.total
        kommune_text = get[s.KOMMUNE]
        if _key(kommune_text) in _NATIONAL:
            skipped += 1
            continue
        kommune = match_kommune(kommune_text)
        if kommune is None:
            hint = suggest_kommune(kommune_text) if kommune_text else None
            message = (f"«{kommune_text}» er ikke en dansk kommune." if kommune_text else "Kommunen mangler.")
            problems.add(message + (f" Mente du «{hint}»?" if hint else ""), row, _where(s.KOMMUNE, letters))
        if dialect == "talportal":
            subject = get["sagsemne"]
            law, _, paragraph = subject.partition("§")
            law, paragraph = law.strip(), (f"§ {paragraph.strip()}" if "§" in subject else "")
            if not law:
                problems.add("Sagsemnet mangler (lovområdet).", row, _where("sagsemne", letters))
        else:
            law, paragraph = get[s.LOVOMRAADE], get.get(s.PARAGRAF, "")
            if not law:
                problems.add("Lovområdet mangler.", row, _where(s.LOVOMRAADE, letters))
        year_text = get[s.AAR]
        year = _count(year_text)
        if year is None or not 1990 <= year <= 2100:
            problems.add(f"Året «{year_text}» er ikke et årstal mellem 1990 og 2100.", row, _where(s.AAR, letters))
        quarter_match = _KVARTAL.match(get[s.KVARTAL])
        if quarter_match is None:
            problems.add(f"Kvartalet «{get[s.KVARTAL]}» skal være 1, 2, 3 eller 4.", row, _where(s.KVARTAL, letters))
        counts: dict[str, int | None] = {}
        for name in s.COUNTS:
            value = _count(get[name])
            if value is None:
                what = "mangler" if not get[name] else f"«{get[name]}» er ikke et helt tal på 0 eller derover"
                problems.add(f"Antallet {what}.", row, _where(name, letters))
            counts[name] = value
        if all(v is not None for v in counts.values()):
            parts = sum(counts[p] for p in s.PARTS)  # type: ignore[misc]
            if parts != counts[s.TOTAL]:
                problems.add(f"Delene (afvist/henvist + stadfæstet + ændret/ophævet + hjemvist) giver {parts}, "
                             f"men antal sager i alt er {counts[s.TOTAL]}.", row, _where(s.TOTAL, letters))
        time_text = get.get(s.TIME, "")
        time = _number(time_text) if time_text else np.nan
        if time is None:
            problems.add(f"Sagsbehandlingstiden «{time_text}» er ikke et tal på 0 eller derover.", row,
                         _where(s.TIME, letters))
        if problems.total > before:
            continue
        quarter = int(quarter_match.group(1))  # type: ignore[union-attr]
        key = (kommune, law, paragraph, year, quarter)
        if key in seen:
            problems.add(f"Samme kommune, sagsemne, år og kvartal står også i række {seen[key]}.", row)
            continue
        seen[key] = row
        for name, value in zip(s.KEYS, key, strict=True):
            out[name].append(value)
        for name in s.COUNTS:
            out[name].append(counts[name])
        out[s.TIME].append(time)
    problems.raise_if_any(source)
    if not out[s.KOMMUNE]:
        raise ValidationFailed(source, [Problem("Filen indeholder ingen rækker med kommuner.")], 1)
    if skipped and warnings is not None:
        warnings.append(f"{skipped} rækker med landstotalen («Hele landet») er sprunget over; Frisat beregner "
                        "landsniveauet selv ud fra kommunerne.")
    frame = pd.DataFrame(out)
    return frame.astype({s.AAR: "int64", s.KVARTAL: "int64", **{c: "int64" for c in s.COUNTS},
                         s.TIME: "float64"})


def read_talportal(path: str | Path, source: str = "") -> Snapshot:
    """Read and validate a talportal export or a canonical file (CSV/XLSX) into a new snapshot."""
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx"):
        raise ValidationFailed(name, [Problem(f"Filtypen «{suffix or path.name}» kan ikke læses. Brug CSV eller "
                                              "Excel (.xlsx); en snapshot-fil fra Frisat slutter på .json.")], 1)
    if not path.is_file():
        raise ValidationFailed(name, [Problem("Filen findes ikke.")], 1)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValidationFailed(name, [Problem(f"Filen er over {MAX_FILE_BYTES // (1024 * 1024)} MB. Del den op.")], 1)
    try:
        raw = (load_xlsx(path, name) if suffix == ".xlsx"
               else load_csv(path, name, resolve_instrument("vive-frisaettelse")))
        if raw.problems:
            raise raw.problems.fail(name, raw.row_mapper)
        names, values, rows = _columns_of(raw)
        warnings = list(raw.warnings)
        frame = validate(names, values, rows, name, warnings)
    except ValidationFailed:
        raise
    except OSError as exc:
        raise ValidationFailed(name, [Problem(f"Filen kan ikke læses: {exc.strerror or exc}")], 1) from exc
    except Exception as exc:  # a malformed file must never end in a traceback
        raise ValidationFailed(name, [Problem(
            "Filen kan ikke læses — den er beskadiget eller har et uventet format "
            f"({type(exc).__name__})")], 1) from exc
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return Snapshot(frame, source or "Ankestyrelsens talportal", path.name, _sha256(path), now, warnings)


def write_snapshot(snapshot: Snapshot, target: str | Path, force: bool = False) -> Path:
    """Write ``snapshot`` as JSON; an existing file is replaced only with ``force``."""
    target = Path(target)
    if target.exists() and not force:
        raise FrisatError(f"{target} findes allerede. Et nyt udtræk gemmes som et nyt snapshot med et andet "
                          "filnavn; brug --force for at erstatte filen.")
    frame = snapshot.frame
    body = {"format": SNAPSHOT_FORMAT, "version": SNAPSHOT_VERSION, **snapshot.meta(),
            "columns": list(s.CANONICAL_COLUMNS),
            "rows": [[None if isinstance(v, float) and np.isnan(v) else v for v in row]
                     for row in frame[list(s.CANONICAL_COLUMNS)].itertuples(index=False, name=None)]}
    text = json.dumps(body, ensure_ascii=False, default=lambda v: v.item() if hasattr(v, "item") else str(v))
    with atomic_target(target) as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")
    return target


def read_snapshot(path: str | Path) -> Snapshot:
    """Read a snapshot written by :func:`write_snapshot` (its table is validated again)."""
    path = Path(path)
    name = str(path)
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed(name, [Problem(f"Filen kan ikke læses som snapshot (JSON): {exc}")], 1) from exc
    if not isinstance(body, dict) or body.get("format") != SNAPSHOT_FORMAT:
        raise ValidationFailed(name, [Problem("Filen er ikke et snapshot fra «frisat legal import».")], 1)
    if body.get("version") != SNAPSHOT_VERSION:
        raise ValidationFailed(name, [Problem(f"Snapshot-version {body.get('version')} kendes ikke.")], 1)
    columns, rows = body.get("columns"), body.get("rows")
    if not isinstance(columns, list) or not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise ValidationFailed(name, [Problem("Snapshot-filen er beskadiget (kolonner/rækker).")], 1)
    values = [[r[i] if i < len(r) else None for r in rows] for i in range(len(columns))]
    frame = validate(columns, values, list(range(1, len(rows) + 1)), name)
    return Snapshot(frame, str(body.get("source", "")), str(body.get("file_name", "")), str(body.get("sha256", "")),
                    str(body.get("imported_at", "")))


def load(path: str | Path, source: str = "") -> Snapshot:
    """A snapshot file (.json) or a raw export read into a new (unsaved) snapshot."""
    path = Path(path)
    return read_snapshot(path) if path.suffix.lower() == ".json" else read_talportal(path, source)


def write_talportal(frame: pd.DataFrame, target: str | Path, note: str = "") -> Path:
    """Write a talportal-shaped table: CSV for Danish Excel (``;``, decimal comma, BOM) or XLSX
    (sheet "Data", plus a sheet "Om data" with ``note``). Text cells are neutralised (:mod:`frisat.cells`)."""
    from openpyxl import Workbook

    from frisat.cells import neutralise_value

    target = Path(target)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise FrisatError(f"Filtypen «{suffix}» kan ikke skrives; brug .csv eller .xlsx.")
    safe = frame.apply(lambda col: col.map(neutralise_value) if col.dtype == object else col)
    with atomic_target(target) as tmp:
        if suffix == ".csv":
            safe.to_csv(tmp, sep=";", decimal=",", index=False, encoding="utf-8-sig")
        else:
            wb = Workbook(write_only=True)
            data = wb.create_sheet("Data")
            data.append(list(frame.columns))
            for row in safe.itertuples(index=False, name=None):
                data.append([None if isinstance(v, float) and np.isnan(v) else v for v in row])
            if note:
                about = wb.create_sheet("Om data")
                about.append([neutralise_value(note)])
            wb.save(tmp)
    return target
