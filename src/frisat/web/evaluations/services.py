"""Changing evaluations: creating one with the scheme's periods, saving a case (validated once, by
the scheme's rules in :mod:`frisat.core.cases.registrations`), importing a file all-or-nothing, and
the history of every change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from django.db import transaction

from frisat.core.cases.registrations import validate_registrations
from frisat.core.cases.scheme import Scheme, get_scheme
from frisat.core.errors import Problem, ValidationFailed
from frisat.web.evaluations.models import Case, CaseChange, DeletedCase, Evaluation, Period, RegistrationRound


def scheme_of(evaluation: Evaluation) -> Scheme:
    return get_scheme(evaluation.scheme_id)


def create_evaluation(*, municipality: Any, name: str, trial: str = "", area: Any = None,
                      scheme_id: str | None = None,
                      dates: Mapping[str, tuple[dt.date | None, dt.date | None]] | None = None,
                      is_demo: bool = False) -> Evaluation:
    """A new evaluation with one period (and its registration round) per period of the scheme."""
    fields: dict[str, Any] = {"municipality": municipality, "name": name, "trial": trial, "area": area,
                              "is_demo": is_demo}
    if scheme_id:
        fields["scheme_id"] = scheme_id
    with transaction.atomic():
        evaluation = Evaluation.objects.create(**fields)
        dates = dict(dates or {})
        for position, option in enumerate(scheme_of(evaluation).periods()):
            start, end = dates.get(option.code, (None, None))
            period = Period.objects.create(evaluation=evaluation, code=option.code, label=option.label,
                                           starts_on=start, ends_on=end, position=position)
            RegistrationRound.objects.create(period=period)
    return evaluation


def _text(value: Any, kind: str) -> str:
    """The canonical text of a validated value (what is stored and shown in the form again)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if kind == "date":
        return pd.Timestamp(value).strftime("%d-%m-%Y")
    if kind == "integer":
        return str(int(value))
    if kind == "decimal":
        return f"{float(value):g}".replace(".", ",")
    if kind == "yesno":
        return "ja" if bool(value) else "nej"
    return str(value)


def stored_values(frame: pd.DataFrame, scheme: Scheme) -> list[dict[str, str]]:
    """Each row of a canonical frame as the texts stored in :attr:`Case.values`."""
    records = []
    for i in range(len(frame)):
        records.append({f.id: _text(frame[f.id].iloc[i], f.type) for f in scheme.fields})
    return records


def input_fields(scheme: Scheme) -> list[Any]:
    """The fields a registrar types (the period is the registration round's)."""
    return [f for f in scheme.fields if f.id != scheme.period_field]


def validate_case(scheme: Scheme, period_code: str, data: Mapping[str, str], source: str = "Sagen") -> dict[str, str]:
    """The stored values of one case typed into the form; ValidationFailed whose problems name the
    field id as ``column`` (so the form shows them at the field)."""
    row = {f.id: (data.get(f.id) or "") for f in input_fields(scheme)}
    row[scheme.period_field] = period_code
    raw = pd.DataFrame([row], dtype=object)
    frame = validate_registrations(raw, scheme, source, row_numbers=[1])
    return stored_values(frame, scheme)[0]


def _diff(old: Mapping[str, str], new: Mapping[str, str]) -> dict[str, list[str]]:
    return {k: [old.get(k, ""), v] for k, v in new.items() if old.get(k, "") != v}


def save_case(registration: RegistrationRound, data: Mapping[str, str], user: Any,
              case: Case | None = None) -> Case:
    """Create or change a case; the history gets a row naming the user and the changed fields."""
    scheme = scheme_of(registration.period.evaluation)
    values = validate_case(scheme, registration.period.code, data)
    number = values[scheme.case_field]
    clash = Case.objects.filter(registration=registration, case_number=number)
    if case is not None:
        clash = clash.exclude(pk=case.pk)
    if clash.exists():
        raise ValidationFailed("Sagen", [Problem(f"Sagen «{number}» er allerede registreret i perioden",
                                                 column=scheme.case_field)], 1)
    with transaction.atomic():
        if case is None:
            case = Case.objects.create(registration=registration, case_number=number, values=values)
            CaseChange.objects.create(case=case, user=user, action=CaseChange.Action.CREATED,
                                      changes=_diff({}, values))
            return case
        changes = _diff(case.values, values)
        if changes:
            case.values, case.case_number = values, number
            case.save(update_fields=["values", "case_number", "updated_at"])
            CaseChange.objects.create(case=case, user=user, action=CaseChange.Action.CHANGED, changes=changes)
    return case


def import_cases(evaluation: Evaluation, path: Path, user: Any,
                 allowed_periods: Sequence[str] | None = None) -> int:
    """Import a CSV/XLSX file of registrations: every row or none. Rows go to the registration round
    of their period; a case number already registered in that period is an error naming the row."""
    from frisat.io.cases import raw_frame

    scheme = scheme_of(evaluation)
    raw, rows, source = raw_frame(path)
    source = Path(source).name
    frame = validate_registrations(raw, scheme, source, rows)
    registrations = {r.period.code: r for r in RegistrationRound.objects.filter(period__evaluation=evaluation)
                     .select_related("period")}
    allowed = set(allowed_periods) if allowed_periods is not None else set(registrations)
    existing = set(Case.objects.filter(registration__period__evaluation=evaluation)
                   .values_list("registration__period__code", "case_number"))
    problems: list[Problem] = []
    records = stored_values(frame, scheme)
    for row, record in zip(rows, records, strict=True):
        period = record[scheme.period_field]
        if period not in registrations or period not in allowed:
            problems.append(Problem(f"Du kan ikke registrere sager i perioden «{period}» i denne evaluering",
                                    row=row, column=scheme.period_field))
        elif (period, record[scheme.case_field]) in existing:
            problems.append(Problem(f"Sagen «{record[scheme.case_field]}» er allerede registreret i perioden",
                                    row=row, column=scheme.case_field))
    if problems:
        raise ValidationFailed(source, problems[:200], len(problems))
    with transaction.atomic():
        for record in records:
            case = Case.objects.create(registration=registrations[record[scheme.period_field]],
                                       case_number=record[scheme.case_field], values=record)
            CaseChange.objects.create(case=case, user=user, action=CaseChange.Action.IMPORTED,
                                      changes=_diff({}, record))
    return len(records)


def delete_case(case: Case, user: Any) -> DeletedCase:
    """Delete a case and its history; the registration round's log keeps who deleted which case, when."""
    with transaction.atomic():
        entry = DeletedCase.objects.create(registration=case.registration, case_number=case.case_number,
                                           values=dict(case.values), user=user)
        case.delete()
    return entry


def delete_evaluation(evaluation: Evaluation) -> None:
    """Delete an evaluation with its periods, registration rounds, cases (and their history) and
    interview log. Its survey rounds are only unlinked: they belong to the kommune's surveys."""
    with transaction.atomic():
        evaluation.rounds.clear()
        evaluation.delete()
