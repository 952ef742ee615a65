"""rates.csv (the project's CSV writer), the XLSX workbook and the snapshot line file of a legal analysis."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from frisat.cells import neutralise_value
from frisat.core.legal import schema as s
from frisat.core.legal.rates import RATE_COLUMNS
from frisat.reporting._files import atomic_path, write_text
from frisat.reporting.tables import write_csv

CSV_COLUMNS: tuple[str, ...] = (*RATE_COLUMNS, "funnel_position_998", "snapshot_sha256")
"""rates.csv: the contract's columns, the 99.8 % funnel position and the snapshot's SHA-256 (docs/legal.md)."""

HEADERS = {"kommune": "Kommune", "lovomraade": "Lovområde", "aar": "År", "realitetsbehandlede": "Realitetsbehandlede",
           "omgjort": "Omgjort", "rate": "Omgørelsesprocent", "ci_low": "95 %-interval, nedre",
           "ci_high": "95 %-interval, øvre", "national_rate": "Landsniveau", "funnel_position": "Tragt (95 %)",
           "few_cases": "Få sager", "funnel_position_998": "Tragt (99,8 %)", "group_rate": "Sammenligningsgruppe",
           "snapshot_sha256": "Snapshot (SHA-256)"}


def data_area_name(area: str) -> str:
    """The law area in the data files: Danish in every language (the files' contract)."""
    return "Alle lovområder" if area == s.ALL_AREAS else area


def rates_frame(rates: pd.DataFrame, sha256: str, kommune: str | None = None,
                omraade: str | None = None) -> pd.DataFrame:
    """The rows of rates.csv: names as names ("Alle lovområder" for every law area together)."""
    rows = rates
    if kommune:
        rows = rows[rows[s.KOMMUNE] == kommune]
    if omraade:
        rows = rows[rows[s.LOVOMRAADE] == omraade]
    out = rows.assign(lovomraade=rows[s.LOVOMRAADE].map(data_area_name), snapshot_sha256=sha256)
    return out[list(CSV_COLUMNS)].reset_index(drop=True)


def write_rates_csv(frame: pd.DataFrame, target: Path) -> Path:
    return write_csv(frame, target)


def write_meta(meta: dict[str, str], settings: dict[str, object], target: Path) -> Path:
    """datagrundlag.json: the snapshot used and the settings of the run."""
    return write_text(target, json.dumps({"snapshot": meta, "settings": settings}, ensure_ascii=False, indent=2) + "\n")


SNAPSHOT_KEYS = ("source", "file_name", "sha256", "imported_at")
"""snapshot.json: which snapshot the files beside it were computed from (docs/legal.md)."""


def write_snapshot_json(meta: dict[str, str], target: Path) -> Path:
    """snapshot.json beside rates.csv: the snapshot's source, file name, SHA-256, import time and row count."""
    record: dict[str, object] = {"format": "frisat-legal-snapshot-ref", "version": 1,
                                 **{key: meta.get(key, "") for key in SNAPSHOT_KEYS}}
    rows = str(meta.get("rows", ""))
    record["row_count"] = int(rows) if rows.isdigit() else None
    return write_text(target, json.dumps(record, ensure_ascii=False, indent=2) + "\n")


def _cell(value: object) -> object:
    if isinstance(value, (float, np.floating)) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    return neutralise_value(value)


def write_xlsx(target: Path, sheets: dict[str, pd.DataFrame], about: list[str]) -> Path:
    """A workbook with one sheet per table (Danish headers, formulas neutralised) and «Om tallene»."""
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for title, frame in sheets.items():
        ws = wb.create_sheet(title[:31])
        ws.append([HEADERS.get(c, c) for c in frame.columns])
        for cell in ws[1]:
            cell.font = bold
        for row in frame.itertuples(index=False, name=None):
            ws.append([_cell(v) for v in row])
        for i, name in enumerate(frame.columns, start=1):
            if name in ("rate", "ci_low", "ci_high", "national_rate", "group_rate"):
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.number_format = "0.0%"
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    info = wb.create_sheet("Om tallene")
    for line in about:
        info.append([_cell(line)])
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return target
