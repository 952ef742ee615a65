"""SPSS (.sav) and Stata (.dta) files via pyreadstat, with labels and "ved ikke" as code 99."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyreadstat

from frisat.core import schema
from frisat.core.errors import Problem, ValidationFailed
from frisat.core.instrument import ColumnSpec, Instrument
from frisat.io._common import is_dont_know_text
from frisat.io._validate import RawColumn, RawTable

SAV_LABEL_BYTES = 255
"""SPSS keeps at most this many bytes of a variable label."""
SAV_VALUE_LABEL_BYTES = 120
DTA_LABEL_CHARS = 80
"""Stata keeps at most this many characters of a variable label."""
DTA_VERSION = 14
"""Stata 14 format (.dta 118): Unicode, readable by Stata 14 and later."""

_FORMATS = {"sav": "SPSS", "dta": "Stata"}


def _user_missing(meta: Any, name: str, values: np.ndarray) -> set[Any]:
    """Codes declared user-missing for one variable (SPSS ranges or Stata letters)."""
    codes: set[Any] = set()
    for spec in (getattr(meta, "missing_ranges", None) or {}).get(name, []):
        lo, hi = spec["lo"], spec["hi"]
        if lo == hi:
            codes.add(lo)
        elif values.dtype.kind == "f":
            present = np.unique(values[~np.isnan(values)])
            codes.update(float(v) for v in present if lo <= v <= hi)
    codes.update((getattr(meta, "missing_user_values", None) or {}).get(name, []))
    return codes


def load_stat(path: Path, source: str, kind: str) -> RawTable:
    """Read an SPSS or Stata file into a raw table; row numbers are case numbers (1, 2, …)."""
    reader = pyreadstat.read_sav if kind == "sav" else pyreadstat.read_dta
    try:
        df, meta = reader(str(path), user_missing=True)
    except Exception as exc:
        raise ValidationFailed(source, [Problem(
            f"Filen kan ikke læses som {_FORMATS[kind]}-fil (.{kind}) — den er beskadiget eller har et andet format")],
            1) from exc
    columns = []
    all_labels = meta.variable_value_labels or {}
    for i, name in enumerate(df.columns):
        series = df[name]
        if pd.api.types.is_numeric_dtype(series.dtype):
            data = series.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            data = series.to_numpy(dtype=object, na_value=None)
        labels = dict(all_labels.get(name) or {})
        missing = _user_missing(meta, name, data)
        dont_know = {code for code, label in labels.items() if is_dont_know_text(str(label))}
        dont_know.update(c for c in missing if c == schema.DONT_KNOW_EXPORT_CODE)
        columns.append(RawColumn(str(name), i, data, where=f"variabel nr. {i + 1}",
                                 dont_know_codes=frozenset(dont_know),
                                 missing_codes=frozenset(missing - dont_know), value_labels=labels or None))
    return RawTable(source, columns, len(df), header_row=None, row_offset=1)


# -- writing -------------------------------------------------------------------------------------

def truncate_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, ending in "…" when cut."""
    if len(text.encode("utf-8")) <= limit:
        return text
    budget = limit - len("…".encode())
    out = text.encode("utf-8")[:budget].decode("utf-8", errors="ignore")
    return out.rstrip() + "…"


def truncate_chars(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def variable_label(spec: ColumnSpec) -> str:
    """Question number and item text, e.g. "1a Jeres arbejde med at fjerne unødige regler …"
    (allocation columns: "16a Point (0–100): Arbejdet med regler")."""
    if spec.is_allocation:
        return " ".join(f"{spec.question} Point ({spec.scale.min}–{spec.scale.max}): {spec.text}".split())
    return " ".join(f"{spec.question} {spec.text}".split())


def _stat_frame(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    specs = {c.name: c for c in instrument.columns()}
    data: dict[str, Any] = {}
    for name in frame.columns:
        spec = specs.get(name)
        if spec is not None and not spec.is_text:
            values = frame[name].to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
            values[values == schema.DONT_KNOW] = schema.DONT_KNOW_EXPORT_CODE
            data[name] = values
        else:
            data[name] = frame[name].astype("string").to_numpy(dtype=object, na_value="")
    return pd.DataFrame(data, index=pd.RangeIndex(len(frame)))


def _labels(frame: pd.DataFrame, instrument: Instrument, kind: str) -> tuple[dict[str, str], dict[str, dict]]:
    specs = {c.name: c for c in instrument.columns()}
    column_labels: dict[str, str] = {}
    value_labels: dict[str, dict[int | float, str]] = {}
    for name in frame.columns:
        spec = specs.get(name)
        label = variable_label(spec) if spec else schema.BACKGROUND_LABELS.get(name, name)
        column_labels[name] = (truncate_bytes(label, SAV_LABEL_BYTES) if kind == "sav"
                               else truncate_chars(label, DTA_LABEL_CHARS))
        if spec is None or spec.is_text:
            continue
        labels = dict(spec.scale.value_labels)
        if spec.scale.dont_know:
            labels[schema.DONT_KNOW_EXPORT_CODE] = spec.scale.dont_know
        if kind == "sav":
            labels = {float(k): truncate_bytes(v, SAV_VALUE_LABEL_BYTES) for k, v in labels.items()}
        if labels:
            value_labels[name] = labels
    return column_labels, value_labels


def write_sav(frame: pd.DataFrame, path: Path, instrument: Instrument) -> None:
    """SPSS file with variable labels, value labels and 99 = "Ved ikke" declared user-missing."""
    specs = {c.name: c for c in instrument.columns()}
    out = _stat_frame(frame, instrument)
    column_labels, value_labels = _labels(out, instrument, "sav")
    missing: dict[str, list[int | float]] = {}
    measure: dict[str, str] = {}
    formats: dict[str, str] = {}
    for name in out.columns:
        spec = specs.get(name)
        if spec is None or spec.is_text:
            measure[name] = "nominal"
            continue
        scale = spec.scale
        measure[name] = {"numeric": "scale", "likert": "ordinal"}.get(scale.type, "nominal")
        widest = max([len(str(c)) for c in scale.codes] + [len(str(schema.DONT_KNOW_EXPORT_CODE))])
        formats[name] = f"F{widest}.0"
        if scale.dont_know:
            missing[name] = [float(schema.DONT_KNOW_EXPORT_CODE)]
    pyreadstat.write_sav(out, str(path), column_labels=column_labels, variable_value_labels=value_labels,
                         missing_ranges=missing, variable_measure=measure, variable_format=formats)


def write_dta(frame: pd.DataFrame, path: Path, instrument: Instrument) -> None:
    """Stata file with variable labels and value labels; "ved ikke" is the labelled code 99."""
    out = _stat_frame(frame, instrument)
    column_labels, value_labels = _labels(out, instrument, "dta")
    pyreadstat.write_dta(out, str(path), column_labels=column_labels, variable_value_labels=value_labels,
                         version=DTA_VERSION)
