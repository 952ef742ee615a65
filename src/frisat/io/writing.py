"""Writing the canonical frame to CSV, Excel, SPSS and Stata files.

- ``.csv``: UTF-8 with BOM (so Excel shows æøå) and ``,`` as separator, the common choice for
  R, Stata, SPSS and pandas. Danish Excel expects ``;`` when a CSV is double-clicked: open it
  via *Data → Fra tekst/CSV*, or use ``.xlsx``. "Ved ikke" is written as ``ved ikke``, blank as
  an empty field; text is quoted.
- ``.xlsx``: a "Data" sheet (bold, frozen header row) and a "Kodebog" sheet.
- ``.sav``/``.dta``: variable labels (question number + item text, cut to the format's limit),
  value labels from the scale plus ``99 = Ved ikke`` (declared user-missing in SPSS).

Every file is written to a temporary file in the same folder and then moved into place, so a
failure never leaves a half-written file. What is written reads back with
:func:`frisat.io.read_responses` to an equal frame.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from frisat.core import schema
from frisat.core.errors import FrisatError, Problem
from frisat.core.instrument import Instrument
from frisat.io._common import (
    MAX_PROBLEMS,
    ExportRefused,
    arrow_strings,
    atomic_target,
    format_number,
    resolve_instrument,
)
from frisat.io._csv import write_csv
from frisat.io._excel import write_xlsx
from frisat.io._stats import write_dta, write_sav
from frisat.io._validate import surely_unique
from frisat.io.codebook import codebook

WRITERS = (".csv", ".xlsx", ".sav", ".dta")


def _who(ids: pd.Series, pos: int) -> str:
    value = ids.iat[pos]
    return f"Besvarelse «{value}»" if not pd.isna(value) else f"Besvarelse nr. {pos + 1}"


def _is_canonical(frame: pd.DataFrame, instrument: Instrument) -> bool:
    return list(frame.columns) == schema.canonical_columns(instrument)


def prepare_frame(frame: pd.DataFrame, instrument: Instrument, source: str) -> pd.DataFrame:
    """The canonical version of ``frame`` (extra columns dropped); ExportRefused if it is not valid."""
    problems: list[Problem] = []
    total = 0
    if schema.ID_COLUMN not in frame.columns:
        raise ExportRefused(source, [Problem(f"Kolonnen «{schema.ID_COLUMN}» mangler")], 1)
    # A shallow copy suffices when the columns are already canonical: with copy-on-write nothing
    # done below reaches the caller's frame, and conform() would copy every value.
    out = frame.copy(deep=False) if _is_canonical(frame, instrument) else schema.conform(frame, instrument)
    specs = {c.name: c for c in instrument.columns()}
    background = set(schema.background_columns(instrument))
    for name in out.columns:
        spec = specs.get(name)
        is_text = name in background or (spec is not None and spec.is_text)
        if is_text and out[name].dtype != pd.StringDtype():
            out[name] = out[name].astype("string")
    ids = out[schema.ID_COLUMN]
    id_array = arrow_strings(ids) if len(ids) else None
    ids_missing = np.flatnonzero(ids.isna().to_numpy() | (ids.str.strip() == "").fillna(False).to_numpy())
    total += len(ids_missing)
    problems += [Problem(f"Besvarelse nr. {p + 1}: respondent_id mangler", column=schema.ID_COLUMN)
                 for p in ids_missing[:MAX_PROBLEMS]]
    if id_array is not None and not surely_unique(id_array):
        dup = np.flatnonzero((ids.duplicated(keep="first") & ids.notna()).to_numpy())
        total += len(dup)
        problems += [Problem(f"respondent_id «{ids.iat[p]}» forekommer flere gange", column=schema.ID_COLUMN)
                     for p in dup[:MAX_PROBLEMS]]
    for name, spec in specs.items():
        if spec.is_text:
            continue
        column = out[name]
        if not pd.api.types.is_numeric_dtype(column.dtype):
            converted = pd.to_numeric(column, errors="coerce")
            bad = np.flatnonzero((converted.isna() & column.notna()).to_numpy())
            total += len(bad)
            problems += [Problem(f"{_who(ids, p)}: «{column.iat[p]}» er ikke et tal", column=name)
                         for p in bad[:MAX_PROBLEMS]]
            column = converted
        values = column.to_numpy(dtype=np.float64, na_value=np.nan)
        ok = np.isnan(values) | _valid_codes(values, spec.scale.codes)
        if spec.scale.dont_know:
            ok |= values == schema.DONT_KNOW
        bad = np.flatnonzero(~ok)
        total += len(bad)
        problems += [Problem(f"{_who(ids, p)}: {format_number(values[p])} er ikke en gyldig værdi "
                             f"(gyldige: {', '.join(map(str, spec.scale.codes))}"
                             f"{', «ved ikke»' if spec.scale.dont_know else ''} eller blank)", column=name)
                     for p in bad[:MAX_PROBLEMS]]
        if out[name].dtype != np.float64:
            out[name] = values
    if instrument.allocation is not None and not total:
        bad_rows, listed = _allocation_problems(out, instrument, ids)
        total += bad_rows
        problems += listed
    if total:
        raise ExportRefused(source, problems[:MAX_PROBLEMS], total)
    return out


def _allocation_problems(frame: pd.DataFrame, instrument: Instrument, ids: pd.Series) -> tuple[int, list[Problem]]:
    """Rows whose ``{spor}_point`` columns are partly filled or do not sum to the total."""
    assert instrument.allocation is not None
    names = instrument.allocation_columns()
    total = instrument.allocation.total
    points = frame[names].to_numpy(dtype=np.float64, na_value=np.nan)
    status = schema.allocation_status(points, total)
    bad = np.flatnonzero(status != schema.ALLOCATION_OK)
    problems = []
    for p in bad[:MAX_PROBLEMS]:
        if status[p] == schema.ALLOCATION_PARTIAL:
            text = f"pointfordelingen er kun delvist udfyldt — alle {len(names)} pointkolonner eller ingen"
        else:
            text = f"pointene summer til {format_number(float(points[p].sum()))}, men skal give præcis {total}"
        problems.append(Problem(f"{_who(ids, p)}: {text}", column=names[0]))
    return len(bad), problems


def _valid_codes(values: np.ndarray, codes: tuple[int, ...]) -> np.ndarray:
    """Whether each value is one of ``codes`` (vectorised; NaN is not)."""
    low, high = min(codes), max(codes)
    whole = (values == np.floor(values)) & (values >= low) & (values <= high)
    if len(codes) == high - low + 1:
        return whole
    allowed = np.zeros(high - low + 1, dtype=bool)
    allowed[np.asarray(codes) - low] = True
    result = np.zeros(len(values), dtype=bool)
    result[whole] = allowed[values[whole].astype(np.int64) - low]
    return result


def write_responses(frame: pd.DataFrame, path: str | Path, instrument: Instrument | str) -> Path:
    """Write ``frame`` in the canonical format; the format follows the suffix of ``path``.

    Returns the path written. Raises ExportRefused (a ValidationFailed) when the frame holds
    values that are not valid answers, FrisatError for an unknown suffix or an unwritable place.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WRITERS:
        raise FrisatError(f"Kan ikke skrive filtypen «{path.suffix or path.name}» — brug .csv, .xlsx, .sav eller .dta.")
    inst = resolve_instrument(instrument)
    data = prepare_frame(frame, inst, str(path))
    with atomic_target(path) as tmp:
        if suffix == ".csv":
            write_csv(data, tmp, inst)
        elif suffix == ".xlsx":
            write_xlsx(data, tmp, inst, codebook(inst), str(path))
        elif suffix == ".sav":
            write_sav(data, tmp, inst)
        else:
            write_dta(data, tmp, inst)
    return path
