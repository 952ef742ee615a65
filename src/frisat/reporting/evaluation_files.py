"""Reading the interview log of an evaluation from CSV/XLSX (for ``frisat evaluation report``), with
frisat.io's safe readers; all or nothing, problems in Danish with row and column."""

from __future__ import annotations

from pathlib import Path

from frisat.core.errors import Problem, ValidationFailed
from frisat.reporting.evaluation import InterviewLine

COLUMNS = {"informantgruppe": "informant_group", "aar": "year", "år": "year", "type": "kind", "antal": "count"}
KINDS = {"interview": "Interview", "fokusgruppe": "Fokusgruppeinterview",
         "fokusgruppeinterview": "Fokusgruppeinterview"}


def read_interviews(path: str | Path) -> list[InterviewLine]:
    """Columns ``informantgruppe``, ``aar`` (or ``år``), ``antal`` and optional ``type``
    (interview / fokusgruppe); one row per informant group, year and type."""
    from frisat.io.cases import raw_frame

    raw, rows, source = raw_frame(path)
    problems: list[Problem] = []
    found = {}
    for column in raw.columns:
        key = COLUMNS.get(str(column).strip().lower())
        if key is None:
            problems.append(Problem(f"Kolonnen «{column}» kendes ikke (brug informantgruppe, aar, type, antal)", row=1))
        else:
            found[key] = column
    for key, name in (("informant_group", "informantgruppe"), ("year", "aar"), ("count", "antal")):
        if key not in found:
            problems.append(Problem(f"Kolonnen «{name}» mangler", row=1))
    if problems:
        raise ValidationFailed(Path(source).name, problems, len(problems))
    lines = []
    for i, row in enumerate(rows):
        def cell(key: str, i: int = i) -> str:
            value = raw[found[key]].iloc[i] if key in found else None
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return "" if value is None else str(value).strip()

        group, year, count = cell("informant_group"), cell("year"), cell("count")
        kind = KINDS.get(cell("kind").lower() or "interview")
        if not group:
            problems.append(Problem("«informantgruppe» skal udfyldes", row, str(found["informant_group"])))
        if not year.isdigit() or not 1990 <= int(year) <= 2100:
            problems.append(Problem(f"«{year}» er ikke et årstal", row, str(found["year"])))
        if not count.isdigit() or int(count) < 1:
            problems.append(Problem(f"«{count}» er ikke et antal (et helt tal, mindst 1)", row, str(found["count"])))
        if kind is None:
            problems.append(Problem(f"«{cell('kind')}» skal være interview eller fokusgruppe", row,
                                    str(found.get("kind"))))
        if not problems:
            lines.append(InterviewLine(group, int(year), kind, int(count)))
    if problems:
        raise ValidationFailed(Path(source).name, problems[:200], len(problems))
    return lines
