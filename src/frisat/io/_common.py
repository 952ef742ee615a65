"""Helpers shared by the readers and writers: problem collection, atomic writes, formatting."""

from __future__ import annotations

import contextlib
import math
import os
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
from openpyxl.utils import get_column_letter

from frisat.core.errors import FrisatError, Problem, ValidationFailed
from frisat.core.instrument import Instrument, Scale, get_instrument

MAX_PROBLEMS = 200
"""At most this many problems are kept (the total count is always exact)."""

BLANK_MARKERS: tuple[str, ...] = ("", ".", "NA", "#NULL!")
"""Cell values that mean "not answered" (besides whitespace): SPSS, Stata and R exports."""

_BLANK_MARKERS_LOWER = frozenset(m.lower() for m in BLANK_MARKERS)

RowMapper = Callable[[list[int]], Sequence[int]]
"""Turns 0-based data positions into the row numbers the user sees."""


@dataclass
class ExportRefused(ValidationFailed):
    """A frame could not be written because it is not valid canonical data; nothing was written."""

    def __str__(self) -> str:
        count = self.total if self.total is not None else len(self.problems)
        lines = [f"{self.source}: {count} fejl fundet — intet er skrevet.", *(f"  • {p}" for p in self.problems)]
        if count > len(self.problems):
            lines.append(f"  … og {count - len(self.problems)} fejl mere.")
        return "\n".join(lines)


def resolve_instrument(instrument: Instrument | str) -> Instrument:
    """Accept an Instrument or the id/path of one."""
    return instrument if isinstance(instrument, Instrument) else get_instrument(instrument)


def arrow_strings(series: pd.Series) -> pa.ChunkedArray:
    """A string column as Arrow strings, without a round trip through Python objects."""
    values = series if series.dtype == pd.StringDtype() else series.astype("string")
    arr = values.array.__arrow_array__()
    return arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])


def column_letter(position: int) -> str:
    """Excel's letter for a 0-based column position (0 → "A")."""
    return get_column_letter(position + 1)


def is_blank_text(text: str) -> bool:
    """Whether a (trimmed or untrimmed) cell text means "not answered"."""
    return text.strip().lower() in _BLANK_MARKERS_LOWER


def is_dont_know_text(text: str) -> bool:
    """Whether a cell text is a "ved ikke" answer (any case, any spacing)."""
    return " ".join(text.lower().split()) == "ved ikke"


def format_number(value: float) -> str:
    """A number the way a Danish user writes it: 7, 7,5."""
    if math.isfinite(value) and value == int(value):
        return str(int(value))
    return repr(value).replace(".", ",")


def scale_range(scale: Scale) -> str:
    """Short text for the valid codes: "1–10" or "1, 2, 3"."""
    if scale.type == "numeric":
        return f"{scale.min}–{scale.max}"
    return ", ".join(str(c) for c in scale.codes)


def allowed_answers(scale: Scale) -> str:
    """Danish description of what may be written in a cell of this scale."""
    if scale.type == "numeric":
        parts = [f"hele tal fra {scale.min} til {scale.max}"]
    else:
        labelled = ", ".join(f"{c} ({scale.value_labels[c]})" if c in scale.value_labels else str(c)
                             for c in scale.codes)
        parts = [f"koderne {labelled}"]
    if scale.dont_know:
        parts.append("«ved ikke»")
    return ", ".join(parts) + " eller blank"


class ProblemCollector:
    """Collects problems; keeps the first ones in (row, column) order and counts all of them.

    Cell problems are added per column with *positions* (0-based data rows); they are turned
    into the row numbers the user sees by ``row_of`` when the report is made.
    """

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.limit = limit
        self.total = 0
        self._fixed: list[tuple[tuple[int, int, int], Problem]] = []
        self._cells: list[tuple[int, int, str | None, str]] = []

    def __bool__(self) -> bool:
        return self.total > 0

    def add(self, message: str, row: int | None = None, column: str | None = None, order: int = 0) -> None:
        """A problem whose row (if any) is already known."""
        self.total += 1
        key = (0 if row is None else 1, row or 0, order)
        self._fixed.append((key, Problem(message, row=row, column=column)))

    def add_cells(self, count: int, positions: list[int], messages: list[str], column: str | None,
                  order: int) -> None:
        """``count`` cell problems in one column; ``positions``/``messages`` hold the first ones."""
        self.total += count
        self._cells.extend((pos, order, column, msg) for pos, msg in
                           zip(positions[: self.limit], messages[: self.limit], strict=False))

    def problems(self, row_of: RowMapper | None = None) -> list[Problem]:
        """The first ``limit`` problems, file problems first, then by row and column."""
        items = list(self._fixed)
        if self._cells:
            positions = [c[0] for c in self._cells]
            rows = row_of(positions) if row_of else [p + 2 for p in positions]
            for (_pos, order, column, msg), row in zip(self._cells, rows, strict=True):
                items.append(((1, int(row), order), Problem(msg, row=int(row), column=column)))
        items.sort(key=lambda item: item[0])
        return [p for _key, p in items[: self.limit]]

    def fail(self, source: str, row_of: RowMapper | None = None) -> ValidationFailed:
        return ValidationFailed(source, self.problems(row_of), self.total)


@contextlib.contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; move it into place only if the body succeeds."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FrisatError(f"Mappen {folder} findes ikke — kan ikke skrive {path.name}.")
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".tmp{path.suffix}", dir=folder)
    except OSError as exc:
        raise FrisatError(f"Kan ikke skrive i mappen {folder}: {exc.strerror or exc}.") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FrisatError(
            f"Kan ikke skrive {path}: {exc.strerror or exc}. Er filen åben i et andet program?"
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
