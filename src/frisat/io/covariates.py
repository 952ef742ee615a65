"""Covariates per municipality and year for ``frisat legal explain`` (CSV/XLSX via the project's safe readers).

Columns: ``kommune``, ``aar`` and one or more named numeric columns (decimal comma or point; blank =
missing, that municipality-year is left out of the model). All or nothing, with Danish row/column errors;
unknown municipality names get «mente du …?».
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from frisat.core.errors import Problem, ValidationFailed
from frisat.io._common import column_letter, resolve_instrument
from frisat.io._csv import load_csv
from frisat.io._excel import load_xlsx
from frisat.io.talportal import MAX_FILE_BYTES, MAX_PROBLEMS, _columns_of, _key, _text, match_kommune, suggest_kommune

_NAME = re.compile(r"^[a-zæøå][a-zæøå0-9_]*$")


def read_covariates(path: str | Path) -> pd.DataFrame:
    """A frame with kommune, aar (int) and float columns; or :class:`ValidationFailed`."""
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx"):
        raise ValidationFailed(name, [Problem(f"Filtypen «{suffix}» kan ikke læses. Brug CSV eller .xlsx.")], 1)
    if not path.is_file():
        raise ValidationFailed(name, [Problem("Filen findes ikke.")], 1)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValidationFailed(name, [Problem("Filen er for stor.")], 1)
    raw = load_xlsx(path, name) if suffix == ".xlsx" else load_csv(path, name, resolve_instrument("vive-frisaettelse"))
    if raw.problems:
        raise raw.problems.fail(name, raw.row_mapper)
    names, values, rows = _columns_of(raw)
    keys = [_key(n) if n else "" for n in names]
    problems: list[Problem] = []
    total = 0

    def add(message: str, row: int | None = None, column: str | None = None) -> None:
        nonlocal total
        total += 1
        if len(problems) < MAX_PROBLEMS:
            problems.append(Problem(message, row=row, column=column))

    for required in ("kommune", "aar"):
        if required not in keys:
            add(f"Kolonnen «{required}» mangler.", row=1)
    numeric = [i for i, k in enumerate(keys) if k not in ("kommune", "aar")]
    for i in numeric:
        if not _NAME.match(keys[i]):
            add(f"Kolonnenavnet «{names[i] or ''}» skal være et navn med små bogstaver, tal og _ (fx "
                "budgetoverskridelse).", row=1, column=column_letter(i))
    if len(set(keys)) != len(keys):
        add("To kolonner har samme navn.", row=1)
    if not numeric:
        add("Der er ingen forklarende kolonner (ud over kommune og aar).", row=1)
    if total:
        raise ValidationFailed(name, problems, total)
    k_i, y_i = keys.index("kommune"), keys.index("aar")
    out: dict[str, list] = {"kommune": [], "aar": [], **{keys[i]: [] for i in numeric}}
    seen: dict[tuple[str, int], int] = {}
    for pos, row in enumerate(rows):
        texts = [_text(col[pos]) for col in values]
        if not any(texts):
            continue
        kommune = match_kommune(texts[k_i])
        if kommune is None:
            hint = suggest_kommune(texts[k_i])
            add(f"«{texts[k_i]}» er ikke en dansk kommune." + (f" Mente du «{hint}»?" if hint else ""), row,
                f"{column_letter(k_i)} («{names[k_i]}»)")
        year = int(texts[y_i]) if re.fullmatch(r"\d{4}", texts[y_i]) else None
        if year is None:
            add(f"Året «{texts[y_i]}» er ikke et årstal.", row, f"{column_letter(y_i)} («{names[y_i]}»)")
        numbers = []
        for i in numeric:
            text = texts[i]
            try:
                value = float(text.replace(",", ".")) if text else np.nan
            except ValueError:
                value = None
            if value is None or np.isinf(value):
                add(f"«{text}» er ikke et tal.", row, f"{column_letter(i)} («{names[i]}»)")
            numbers.append(value)
        if kommune is None or year is None or any(v is None for v in numbers):
            continue
        if (kommune, year) in seen:
            add(f"{kommune} {year} står også i række {seen[(kommune, year)]}.", row)
            continue
        seen[(kommune, year)] = row
        out["kommune"].append(kommune)
        out["aar"].append(year)
        for i, value in zip(numeric, numbers, strict=True):
            out[keys[i]].append(value)
    if total:
        raise ValidationFailed(name, problems, total)
    return pd.DataFrame(out).astype({"aar": "int64", **{keys[i]: "float64" for i in numeric}})
