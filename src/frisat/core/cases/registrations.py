"""Validating a table of case registrations against a scheme, and computing its derived measures.

:func:`validate_registrations` takes the cells as read from a file (text, numbers, dates), checks
every cell, rule and case number, and returns the canonical frame (one column per scheme field, in
the scheme's order; dates as ``datetime64[ns]``, integers ``Int64``, decimals ``float64``, yes/no
``boolean``, choices as their codes, texts as strings). All or nothing: any problem raises
:class:`~frisat.core.errors.ValidationFailed` with Danish messages naming row and column (the
header is row 1, as in Excel); the first :data:`MAX_PROBLEMS` are listed, with the total.

Dates are accepted as dd-mm-åååå (also with ``.`` or ``/``), as ISO åååå-mm-dd, and as real dates
(Excel cells). Numbers may have a decimal comma. A text that looks like a CPR number (ddmmyy-xxxx,
also without the dash) is refused: registrations must not be personal data.

>>> looks_like_cpr("010203-1234"), looks_like_cpr("0102031234"), looks_like_cpr("S-2020-0017")
(True, True, False)
>>> parse_date("03-02-2020"), parse_date("2020-02-03")
(datetime.date(2020, 2, 3), datetime.date(2020, 2, 3))
>>> working_days(pd.Series(pd.to_datetime(["2020-04-08"])), pd.Series(pd.to_datetime(["2020-04-14"]))).tolist()
[1.0]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import holidays
import numpy as np
import pandas as pd

from frisat.core.cases.scheme import Measure, Scheme, SchemeField
from frisat.core.errors import Problem, ValidationFailed

MAX_PROBLEMS = 200
CPR_PATTERN = re.compile(r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[- ]?\d{4}(?!\d)")
_DMY = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_YES = {"ja", "j", "1", "true", "sand", "yes", "x"}
_NO = {"nej", "n", "0", "false", "falsk", "no"}
_OP_WORDS = {
    "date": {"<=": "samme dag som eller før", "<": "før", ">=": "samme dag som eller efter", ">": "efter",
             "==": "samme dag som", "!=": "en anden dag end"},
    "number": {"<=": "højst", "<": "mindre end", ">=": "mindst", ">": "større end", "==": "lig med",
               "!=": "forskellig fra"},
}
_OPS = {"<=": np.less_equal, "<": np.less, ">=": np.greater_equal, ">": np.greater, "==": np.equal,
        "!=": np.not_equal}


def looks_like_cpr(text: str) -> bool:
    """True when ``text`` contains something shaped like a CPR number (ddmmyy-xxxx or ddmmyyxxxx)."""
    return CPR_PATTERN.search(text) is not None


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in ("", ".", "NA", "#NULL!")


def _fmt_date(value: dt.date) -> str:
    return value.strftime("%d-%m-%Y")


def parse_date(value: Any) -> dt.date:
    """A date from an Excel date, dd-mm-åååå (``-``, ``.``, ``/``) or åååå-mm-dd; ValueError otherwise."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise ValueError("har et klokkeslæt; skriv kun datoen")
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if m := _DMY.match(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise ValueError("er ikke en dato; skriv dd-mm-åååå (fx 03-02-2020) eller åååå-mm-dd")
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise ValueError("findes ikke i kalenderen") from None
    if not 1990 <= year <= 2100:
        raise ValueError("ligger uden for årene 1990–2100")
    return date


def _parse_number(value: Any, integer: bool) -> float:
    if isinstance(value, bool):
        raise ValueError("er ikke et tal")
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text):
            text = text.replace(".", "")
        text = text.replace(",", ".")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            raise ValueError("er ikke et tal")
        number = float(text)
    if integer and number != int(number):
        raise ValueError("skal være et helt tal")
    return number


def _parse_cell(field: SchemeField, value: Any) -> Any:
    """The typed value of one filled-in cell; ValueError with a Danish reason when it is not valid."""
    if field.type == "date":
        return parse_date(value)
    if field.type in ("integer", "decimal"):
        number = _parse_number(value, field.type == "integer")
        if field.min is not None and number < field.min:
            raise ValueError(f"er mindre end {field.min:g}")
        if field.max is not None and number > field.max:
            raise ValueError(f"er større end {field.max:g}")
        return number
    text = str(value).strip()
    if field.type == "yesno":
        key = text.lower()
        if key in _YES:
            return True
        if key in _NO:
            return False
        raise ValueError("skal være ja eller nej")
    if field.type == "choice":
        for option in field.options:
            if text.lower() in (option.code.lower(), option.label.lower()):
                return option.code
        allowed = ", ".join(f"{o.code} ({o.label})" for o in field.options)
        raise ValueError(f"er ikke en af mulighederne: {allowed}")
    if len(text) > field.max_length:
        raise ValueError(f"er længere end {field.max_length} tegn")
    if looks_like_cpr(text):
        raise ValueError("ligner et CPR-nummer. Registreringer må ikke indeholde personoplysninger — "
                         "brug kommunens løbenummer for sagen")
    return text


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.total = 0

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.total += 1
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(message, row=row, column=column))


def _match_columns(columns: Sequence[Any], scheme: Scheme, problems: _Problems) -> dict[str, Any]:
    """Scheme field id → the file's column (names matched without regard to case or spaces)."""
    wanted = {f.id: f for f in scheme.fields}
    labels = {f.label.strip().lower(): f.id for f in scheme.fields}
    found: dict[str, Any] = {}
    for column in columns:
        key = str(column).replace("\ufeff", "").strip().lower()
        field_id = key if key in wanted else labels.get(key)
        if field_id is None:
            known = ", ".join(wanted)
            problems.add(f"Kolonnen «{column}» hører ikke til skemaet «{scheme.id}» (kendte kolonner: {known})",
                         row=1)
        elif field_id in found:
            problems.add(f"Kolonnen «{column}» findes to gange", row=1)
        else:
            found[field_id] = column
    for f in scheme.fields:
        if f.id not in found and f.required:
            problems.add(f"Kolonnen «{f.id}» ({f.label}) mangler", row=1)
    return found


def validate_registrations(raw: pd.DataFrame, scheme: Scheme, source: str,
                           row_numbers: Sequence[int] | None = None) -> pd.DataFrame:
    """The canonical frame of ``raw``'s registrations; ValidationFailed (nothing returned) on any problem."""
    rows = list(row_numbers) if row_numbers is not None else list(range(2, len(raw) + 2))
    problems = _Problems()
    found = _match_columns(list(raw.columns), scheme, problems)
    if problems.total:
        raise ValidationFailed(source, problems.items, problems.total)
    if len(raw) == 0:
        raise ValidationFailed(source, [Problem("Filen har ingen registreringer (kun overskrifter)")], 1)
    out: dict[str, list[Any]] = {}
    for f in scheme.fields:
        values: list[Any] = [None] * len(raw)
        if f.id in found:
            name = str(found[f.id])
            for i, value in enumerate(raw[found[f.id]].tolist()):
                if _blank(value):
                    if f.required:
                        problems.add(f"«{f.label}» skal udfyldes", rows[i], name)
                    continue
                try:
                    values[i] = _parse_cell(f, value)
                except ValueError as exc:
                    shown = _fmt_date(value) if isinstance(value, dt.date) else str(value).strip()[:40]
                    problems.add(f"«{shown}» {exc}", rows[i], name)
        out[f.id] = values
    _check_rules(scheme, out, rows, found, problems)
    _check_case_numbers(scheme, out, rows, found, problems)
    if problems.total:
        problems.items.sort(key=lambda p: p.row or 0)
        raise ValidationFailed(source, problems.items, problems.total)
    return _frame(scheme, out)


def _check_rules(scheme: Scheme, values: dict[str, list[Any]], rows: list[int], found: dict[str, Any],
                 problems: _Problems) -> None:
    fields = scheme.field_map()
    for rule in scheme.rules:
        left, right = fields[rule.left], fields[rule.right]
        kind = "date" if left.type == "date" else "number"
        for i, (a, b) in enumerate(zip(values[rule.left], values[rule.right], strict=True)):
            if a is None or b is None or _OPS[rule.op](a, b):
                continue
            show_a = _fmt_date(a) if kind == "date" else f"{a:g}"
            show_b = _fmt_date(b) if kind == "date" else f"{b:g}"
            message = rule.message or (f"«{left.label}» ({show_a}) skal være {_OP_WORDS[kind][rule.op]} "
                                       f"«{right.label}» ({show_b})")
            problems.add(message, rows[i], str(found.get(rule.right, rule.right)))


def _check_case_numbers(scheme: Scheme, values: dict[str, list[Any]], rows: list[int], found: dict[str, Any],
                        problems: _Problems) -> None:
    first: dict[tuple[Any, Any], int] = {}
    column = str(found.get(scheme.case_field, scheme.case_field))
    for i, key in enumerate(zip(values[scheme.period_field], values[scheme.case_field], strict=True)):
        if None in key:
            continue
        if key in first:
            problems.add(f"Sagen «{key[1]}» er allerede registreret i samme periode (række {first[key]})",
                         rows[i], column)
        else:
            first[key] = rows[i]


def _frame(scheme: Scheme, values: dict[str, list[Any]]) -> pd.DataFrame:
    columns: dict[str, pd.Series] = {}
    for f in scheme.fields:
        data = values[f.id]
        if f.type == "date":
            columns[f.id] = pd.Series(pd.to_datetime(pd.Series(data, dtype=object)), dtype="datetime64[ns]")
        elif f.type == "integer":
            columns[f.id] = pd.Series(data, dtype="Float64").astype("Int64")
        elif f.type == "decimal":
            columns[f.id] = pd.Series([np.nan if v is None else v for v in data], dtype="float64")
        elif f.type == "yesno":
            columns[f.id] = pd.Series(data, dtype="boolean")
        elif f.type == "choice":
            columns[f.id] = pd.Series(pd.Categorical(data, categories=[o.code for o in f.options]))
        else:
            columns[f.id] = pd.Series(data, dtype="string")
    return pd.DataFrame(columns)


# -- derived measures ----------------------------------------------------------------------------


@cache
def danish_holidays(first_year: int, last_year: int) -> tuple[np.datetime64, ...]:
    """Danish public holidays (the ``holidays`` package, DK) from ``first_year`` to ``last_year``."""
    days = holidays.country_holidays("DK", years=range(first_year, last_year + 1))
    return tuple(np.datetime64(day, "D") for day in sorted(days))


def working_days(start: pd.Series, end: pd.Series) -> pd.Series:
    """Weekdays after ``start`` up to and including ``end`` that are not Danish public holidays.

    When ``end`` is before ``start``: minus the working days after ``end`` up to and including
    ``start``. Missing when either date is missing.
    """
    both = start.notna() & end.notna()
    result = pd.Series(np.nan, index=start.index, dtype="float64")
    if not both.any():
        return result
    a = start[both].to_numpy(dtype="datetime64[D]")
    b = end[both].to_numpy(dtype="datetime64[D]")
    years = pd.DatetimeIndex(np.concatenate([a, b])).year
    holiday_list = list(danish_holidays(int(years.min()), int(years.max())))
    one = np.timedelta64(1, "D")
    low, high = np.minimum(a, b), np.maximum(a, b)
    count = np.busday_count(low + one, high + one, holidays=holiday_list)
    result[both] = np.where(b >= a, count, -count).astype(float)
    return result


def _measure(frame: pd.DataFrame, measure: Measure) -> pd.Series:
    if measure.kind == "calendar_days":
        return (frame[measure.to] - frame[measure.from_]).dt.days.astype("float64")
    if measure.kind == "working_days":
        return working_days(frame[measure.from_], frame[measure.to])
    if measure.kind == "sum":
        parts = frame[list(measure.fields)].astype("Float64").astype("float64")
        return parts.sum(axis=1, min_count=len(measure.fields)).where(parts.notna().all(axis=1))
    return frame[measure.field].astype("Float64").astype("float64")


def derive_measures(frame: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """One float column per measure of the scheme (NaN where its inputs are missing)."""
    return pd.DataFrame({m.id: _measure(frame, m) for m in scheme.measures}, index=frame.index)
