"""Machine-readable outputs: summary.csv, summary.json, respondents.csv, the extended tables' CSV
files and analysis.json.

CSV conventions: UTF-8, ``,`` as separator, ``.`` as decimal mark, booleans ``true``/``false``,
an empty field for a missing value, text values in double quotes (RFC 4180). Written with pyarrow (no Python
loop over rows), so millions of rows take seconds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from frisat.cells import neutralise, neutralise_table
from frisat.core.analysis import AnalysisResult, _jsonable
from frisat.core.extended import TABLES, ExtendedResult
from frisat.reporting._files import atomic_path, write_text
from frisat.reporting.codes import design_text, note_text, note_texts, written_tables
from frisat.reporting.language import DANISH, use


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """A DataFrame as an Arrow table (NaN → null), without the index."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def write_csv(table: pa.Table | pd.DataFrame, target: Path) -> Path:
    """Write a table as CSV with the conventions above, atomically. Text cells (and names) that a
    spreadsheet would read as a formula get a leading ``'`` (:mod:`frisat.cells`); numbers stay numbers."""
    if isinstance(table, pd.DataFrame):
        table = to_arrow(table)
    table = neutralise_table(table.replace_schema_metadata(None))
    table = table.rename_columns([neutralise(name) for name in table.column_names])
    plain = all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) for name in table.column_names)
    options = pa_csv.WriteOptions(include_header=True, quoting_style="needed",
                                  quoting_header="none" if plain else "needed", batch_size=65536)
    with atomic_path(target) as tmp:
        pa_csv.write_csv(table, str(tmp), write_options=options)
    return target


def write_summary_json(result: AnalysisResult, target: Path) -> Path:
    """summary.json: a JSON array of result.summary_records()."""
    text = json.dumps(result.summary_records(), ensure_ascii=False, indent=2)
    return write_text(target, text + "\n")


ANALYSIS_FORMAT = "frisat-analysis"
ANALYSIS_VERSION = 1


def _column_values(column: pd.Series) -> list:
    """One column as Python values for JSON: None for every missing value, plain int/float/bool/str."""
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype) and not column.hasnans:
        return column.to_numpy(dtype=bool).tolist()
    if pd.api.types.is_float_dtype(dtype):
        values = column.to_numpy(dtype=float)
        out = values.astype(object)
        out[~np.isfinite(values)] = None
        return out.tolist()
    if pd.api.types.is_integer_dtype(dtype) and not column.hasnans:
        return column.to_numpy(dtype=np.int64).tolist()
    return [_jsonable({"v": v})["v"] for v in column.astype(object).where(column.notna(), None).tolist()]


def records(table: pd.DataFrame) -> list[dict]:
    """A table as JSON-ready records (NaN/NA → None, NumPy scalars → Python), built column by column."""
    columns = [str(c) for c in table.columns]
    values = [_column_values(table[c]) for c in table.columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)] if columns else []


def _dumps(value: object, indent: str) -> str:
    """JSON of the analysis document: tables as arrays with one compact record per line.

    Records are encoded by the C encoder (no indent), which is many times faster than an indented
    dump for tables of a hundred thousand rows.
    """
    if isinstance(value, dict):
        inner = indent + "  "
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dumps(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}" if items else "{}"
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        inner = indent + "  "
        rows = [inner + json.dumps(v, ensure_ascii=False, allow_nan=False) for v in value]
        return "[\n" + ",\n".join(rows) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _design_record(design: object, min_n: int) -> dict | None:
    """The design report as JSON; the per-group counts of groups below k are left out (None)."""
    if design is None:
        return None
    by_group = []
    for row in records(design.by_group):
        if row.get("respondents") is not None and row["respondents"] < min_n:
            row = {key: (value if key == "gruppe" else None) for key, value in row.items()}
            row["suppressed"] = True
        else:
            row["suppressed"] = False
        by_group.append(row)
    return {"design": str(design.design), "respondents": design.respondents, "impl_only": design.impl_only,
            "vigt_only": design.vigt_only, "both": design.both, "n_impl": design.n_impl, "n_vigt": design.n_vigt,
            "group_dimensions": dict(design.group_dimensions), "by_group": by_group, "text": design_text(design)}


def analysis_document(result: AnalysisResult, extended: ExtendedResult | None) -> dict:
    """analysis.json: the summary and every extended table, with the settings they were made with.

    Danish, whatever the caller's language: the codes of the core are written as the Danish values and
    sentences of :mod:`frisat.reporting.codes`.
    """
    with use(DANISH):
        return _analysis_document(result, extended)


def _analysis_document(result: AnalysisResult, extended: ExtendedResult | None) -> dict:
    config = result.config
    doc: dict = {
        "format": ANALYSIS_FORMAT,
        "version": ANALYSIS_VERSION,
        "by": list(result.by),
        "settings": {"min_n": config.min_n, "min_answered": config.min_answered, "confidence": config.confidence,
                     "ci_method": config.ci_method, "bootstrap_samples": config.bootstrap_samples,
                     "seed": config.seed, "midpoint": config.midpoint},
        "n_respondents": result.n_respondents,
        "extended": bool(extended is not None and extended.enabled),
        "summary": result.summary_records(),
    }
    tables = written_tables(extended, result.instrument) if extended is not None else {}
    for name in TABLES:
        doc[name] = records(tables[name]) if name in tables else None
    if extended is not None and extended.enabled:
        ext = extended.config
        doc["settings"].update(wave_column=ext.wave_column, group_column=ext.group_column,
                               unit_column=ext.unit_column, reference=ext.reference)
        doc["waves"] = list(extended.waves)
        doc["groups"] = list(extended.groups)
        doc["followup_by"] = list(extended.unit_by)
        doc["design"] = _design_record(extended.design, config.min_n)
        doc["not_applicable"] = note_texts(extended.not_applicable)
        doc["notes"] = [note_text(n) for n in [*result.notes, *extended.notes]]
    else:
        doc.update(waves=[], groups=[], followup_by=[], design=None, not_applicable={},
                   notes=[note_text(n) for n in result.notes])
    return doc


def write_analysis_json(result: AnalysisResult, extended: ExtendedResult | None, target: Path) -> Path:
    """analysis.json (see :func:`analysis_document`)."""
    return write_text(target, _dumps(analysis_document(result, extended), "") + "\n")
