"""The demo municipality's evaluation (issue 14, item 8): synthetic and labelled, idempotent.

- a staff survey in two waves with the built-in instrument ``evaluering-medarbejdere``
  (:func:`frisat.demo.evaluation_survey.generate_evaluation_survey`: 42 answers of 56 invited and 45 of 59,
  the response rates of seed 000);
- a case registration in three periods (:func:`frisat.demo.cases.generate_cases`: 75/75/87 cases,
  the mean days from decision to intervention 34 → 28 → 22);
- the interview log with the numbers of seed 000's Tabel 1 (interviewpersoner per informant group and year).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from django.db import transaction
from django.utils import timezone

from frisat.core.cases.registrations import validate_registrations
from frisat.core.schema import DONT_KNOW
from frisat.web.evaluations import services
from frisat.web.evaluations.models import Case, CaseChange, Evaluation, Interview, RegistrationRound
from frisat.web.organisations.models import Area, Unit
from frisat.web.rounds import services as round_services
from frisat.web.rounds.models import Respondent, Response

DEMO_EVALUATION = "Frisættelse af børnesagsbehandlingen (demo)"
DEMO_AREA = "Familieafdelingen"
TRIAL = ("Frikommuneforsøg på børneområdet: kortere afklaringsnotater i stedet for den lange § 50-undersøgelse "
         "og mindre dokumentation. Syntetiske demodata.")
INVITED = {"2019": 56, "2020": 59}
"""Invited per wave: 42 and 45 answers give the response rates of seed 000 (75 % and 76 %)."""
PERIOD_DATES = {"foer": (dt.date(2018, 3, 1), dt.date(2018, 8, 31)),
                "aar1": (dt.date(2019, 3, 1), dt.date(2019, 8, 31)),
                "aar2": (dt.date(2020, 3, 1), dt.date(2020, 8, 31))}
TABLE_1 = (("Ledere af børne-/familieafdelinger", 6, 5), ("Samarbejdspartnere", 5, 5), ("Projektledere", 0, 3),
           ("Socialrådgivere", 16, 0), ("Forældre", 4, 10), ("Børn", 2, 1))
"""Seed 000, «Tabel 1: Oversigt over informantgrupper i datagrundlaget til evalueringen og denne artikel»:
antal interviewpersoner 2019 and 2020."""
FOCUS_GROUPS = {"Socialrådgivere"}
"""Seed 000: «der er gennemført fokusgruppeinterviews og en spørgeskemaundersøgelse blandt socialrådgiverne»."""


def ensure_demo_evaluation(municipality: Any, user: Any) -> Evaluation:
    """The demo evaluation of ``municipality``, built when it is missing or incomplete."""
    evaluation = Evaluation.objects.filter(municipality=municipality, name=DEMO_EVALUATION).first()
    if evaluation is not None and _complete(evaluation):
        return evaluation
    with transaction.atomic():
        if evaluation is not None:
            delete_demo_evaluations(municipality)
        return _build(municipality, user)


def delete_demo_evaluations(municipality: Any) -> None:
    """Remove the demo evaluations and their survey rounds (before the demo kommune is deleted)."""
    for evaluation in Evaluation.objects.filter(municipality=municipality, is_demo=True):
        rounds = list(evaluation.rounds.all())
        evaluation.delete()
        for r in rounds:
            Response.objects.filter(round=r).delete()
            r.delete()


def _complete(evaluation: Evaluation) -> bool:
    return (evaluation.rounds.count() == len(INVITED)
            and Case.objects.filter(registration__period__evaluation=evaluation).count() == 237)


def _build(municipality: Any, user: Any) -> Evaluation:
    from frisat.demo.cases import generate_cases
    from frisat.demo.evaluation_survey import INSTRUMENT_ID, UNITS, generate_evaluation_survey

    area, _ = Area.objects.get_or_create(municipality=municipality, name=DEMO_AREA)
    units = {name: Unit.objects.get_or_create(area=area, name=name)[0] for name in UNITS}
    evaluation = services.create_evaluation(municipality=municipality, name=DEMO_EVALUATION, trial=TRIAL, area=area,
                                            dates=PERIOD_DATES, is_demo=True)
    survey = generate_evaluation_survey(kommune=municipality.name, waves=tuple(INVITED))
    previous = None
    for wave, invited in INVITED.items():
        opens = timezone.make_aware(dt.datetime(int(wave), 5, 1, 8, 0))
        fields = {"name": f"Medarbejderundersøgelse {wave} (demo)", "opens_at": opens,
                  "closes_at": opens + dt.timedelta(days=30), "wave": wave}
        round_ = (round_services.next_wave(previous, **fields) if previous else round_services.create_round(
            municipality=municipality, groups=["medarbejder"], instrument_id=INSTRUMENT_ID, **fields))
        _fill(round_, survey[survey["maaling"] == wave], invited, units)
        evaluation.rounds.add(round_)
        previous = round_
    _cases(evaluation, generate_cases(), user)
    for group, *counts in TABLE_1:
        for year, count in zip((2019, 2020), counts, strict=True):
            if count:
                kind = Interview.Kind.FOCUS_GROUP if group in FOCUS_GROUPS else Interview.Kind.INTERVIEW
                Interview.objects.create(evaluation=evaluation, informant_group=group, year=year, kind=kind,
                                         count=count)
    return evaluation


def _fill(round_: Any, frame: pd.DataFrame, invited: int, units: dict[str, Any]) -> None:
    from frisat.core.instrument import get_instrument

    columns = [s.name for s in get_instrument(round_.instrument_id).columns()]
    answered = len(frame)
    names = list(units)
    for i in range(invited):
        unit = units[names[i % len(names)]]
        link = round_services.add_respondent(round_, unit=unit, group="medarbejder",
                                             email=f"eval-{round_.wave}-{i + 1:03d}@demo-kommune.invalid")
        if i < answered:
            Respondent.objects.filter(pk=link.respondent.pk).update(
                invited_at=round_.opens_at, answered_at=round_.opens_at + dt.timedelta(days=3))
        else:
            Respondent.objects.filter(pk=link.respondent.pk).update(invited_at=round_.opens_at)
    for _, row in frame.iterrows():
        answers = {}
        for name in columns:
            value = row.get(name)
            if value is None or pd.isna(value):
                continue
            answers[name] = "ved_ikke" if value == DONT_KNOW else (int(value) if float(value).is_integer()
                                                                     else float(value))
        Response.objects.create(round=round_, unit=units[str(row["enhed"])], group="medarbejder",
                                answers=answers, submitted_on=timezone.localdate(round_.opens_at))


def _cases(evaluation: Evaluation, raw: pd.DataFrame, user: Any) -> None:
    scheme = services.scheme_of(evaluation)
    frame = validate_registrations(raw.astype(object), scheme, "demo")
    registrations = {r.period.code: r for r in RegistrationRound.objects.filter(period__evaluation=evaluation)
                     .select_related("period")}
    for record in services.stored_values(frame, scheme):
        case = Case.objects.create(registration=registrations[record[scheme.period_field]],
                                   case_number=record[scheme.case_field], values=record)
        CaseChange.objects.create(case=case, user=user, action=CaseChange.Action.IMPORTED, changes={})
