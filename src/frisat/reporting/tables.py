"""Machine-readable outputs: summary.csv, summary.json and respondents.csv.

CSV conventions: UTF-8, ``,`` as separator, ``.`` as decimal mark, booleans ``true``/``false``,
an empty field for a missing value, text values in double quotes (RFC 4180). Written with pyarrow (no Python
loop over rows), so millions of rows take seconds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from frisat.core.analysis import AnalysisResult
from frisat.reporting._files import atomic_path, write_text


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """A DataFrame as an Arrow table (NaN → null), without the index."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def write_csv(table: pa.Table | pd.DataFrame, target: Path) -> Path:
    """Write a table as CSV with the conventions above, atomically."""
    if isinstance(table, pd.DataFrame):
        table = to_arrow(table)
    table = table.replace_schema_metadata(None)
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
