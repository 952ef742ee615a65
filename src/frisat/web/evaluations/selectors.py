"""Who may see and register what, and the evaluation's data as the reporting view models want it.

Looking: every member of the evaluation's kommune (through
:func:`frisat.web.organisations.selectors.visible_municipalities`); another kommune's evaluation is a 404.
Changing the evaluation: the kommune's administrators. Registering cases in a period: its registrars
(while they still have access to the kommune) and the administrators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from django.db.models import QuerySet

from frisat.core.cases.periods import compare_periods
from frisat.core.cases.registrations import derive_measures, validate_registrations
from frisat.core.cases.scheme import Scheme
from frisat.reporting.cases.outputs import CaseReportInput
from frisat.reporting.evaluation import EvaluationInput, InterviewLine, PeriodBasis, SurveyBasis
from frisat.web.evaluations.models import Case, Evaluation, RegistrationRound
from frisat.web.evaluations.services import scheme_of
from frisat.web.organisations.selectors import managed_municipalities, visible_municipalities

READ_ONLY_ROLES = ("laeser",)
"""Membership roles that only read (issue 13's «læser»): never registrars."""
DEMO_NOTE = "Syntetiske demodata — opfundne svar og sager, ikke rigtige registreringer."




def visible_evaluations(user: Any) -> QuerySet[Evaluation]:
    return (Evaluation.objects.filter(municipality__in=visible_municipalities(user))
            .select_related("municipality", "area"))


def managed_evaluations(user: Any) -> QuerySet[Evaluation]:
    return (Evaluation.objects.filter(municipality__in=managed_municipalities(user))
            .select_related("municipality", "area"))


def can_manage(user: Any, evaluation: Evaluation) -> bool:
    return managed_evaluations(user).filter(pk=evaluation.pk).exists()


def can_register(user: Any, registration: RegistrationRound) -> bool:
    evaluation = registration.period.evaluation
    if can_manage(user, evaluation):
        return True
    return (user.memberships.filter(municipality_id=evaluation.municipality_id)
            .exclude(role__in=READ_ONLY_ROLES).exists()
            and registration.registrars.filter(pk=user.pk).exists())


def possible_registrars(municipality: Any) -> QuerySet[Any]:
    """Active users with a membership of the kommune that may change things (not read-only)."""
    from django.contrib.auth import get_user_model

    from frisat.web.organisations.models import Membership

    members = (Membership.objects.filter(municipality=municipality).exclude(role__in=READ_ONLY_ROLES)
               .values("user"))
    return get_user_model().objects.filter(pk__in=members, is_active=True)


def registerable_periods(user: Any, evaluation: Evaluation) -> list[str]:
    return [r.period.code for r in RegistrationRound.objects.filter(period__evaluation=evaluation)
            .select_related("period__evaluation") if can_register(user, r)]


def cases_frame(evaluation: Evaluation, scheme: Scheme | None = None) -> pd.DataFrame:
    """The registered cases as the canonical frame of :mod:`frisat.core.cases.registrations`."""
    scheme = scheme or scheme_of(evaluation)
    rows = list(Case.objects.filter(registration__period__evaluation=evaluation)
                .order_by("registration__period__position", "case_number").values_list("values", flat=True))
    if not rows:
        return pd.DataFrame(columns=[f.id for f in scheme.fields])
    raw = pd.DataFrame([{f.id: (r.get(f.id) or None) for f in scheme.fields} for r in rows], dtype=object)
    return validate_registrations(raw, scheme, evaluation.name)


def case_input(evaluation: Evaluation, by: Sequence[str] = (),
               limits: Mapping[str, float] | None = None) -> CaseReportInput | None:
    """The registered cases compared by period, with ``frisat cases analyze``'s defaults and choices."""
    scheme = scheme_of(evaluation)
    frame = cases_frame(evaluation, scheme)
    if frame.empty:
        return None
    comparison = compare_periods(frame, derive_measures(frame, scheme), scheme, by, limits)
    return CaseReportInput(comparison, scheme, frame, evaluation.name)


def survey_bundles(evaluation: Evaluation) -> list[Any]:
    """The linked rounds' results through the results pipeline (same disclosure rules as the results
    pages): one bundle per questionnaire, its rounds as the waves, oldest questionnaire first; empty
    without rounds."""
    rounds = list(evaluation.rounds.order_by("opens_at", "pk"))
    from frisat.web.results.pipeline import Choices, prepare

    instruments = list(dict.fromkeys(r.instrument_id for r in rounds))
    return [prepare(Choices(rounds=[r for r in rounds if r.instrument_id == instrument])).bundle
            for instrument in instruments]


def survey_basis(evaluation: Evaluation) -> list[SurveyBasis]:
    from frisat.web.rounds.pool import flush_rounds

    rounds = list(evaluation.rounds.order_by("opens_at", "pk"))
    if rounds:
        flush_rounds(rounds)
    return [SurveyBasis(r.name, r.wave, r.respondents.count(), r.responses.count()) for r in rounds]


def evaluation_input(evaluation: Evaluation, *, with_results: bool = True, by: Sequence[str] = (),
                     limits: Mapping[str, float] | None = None) -> EvaluationInput:
    counts = {code: n for code, n in _case_counts(evaluation)}
    periods = [PeriodBasis(p.label, p.starts_on, p.ends_on, counts.get(p.code, 0))
               for p in evaluation.periods.order_by("position")]
    interviews = [InterviewLine(i.informant_group, i.year, i.get_kind_display(), i.count)
                  for i in evaluation.interviews.all()]
    bundles = survey_bundles(evaluation) if with_results else []
    return EvaluationInput(
        name=evaluation.name, municipality=evaluation.municipality.name,
        area=evaluation.area.name if evaluation.area else "", trial=evaluation.trial, periods=periods,
        surveys=survey_basis(evaluation), interviews=interviews,
        survey=bundles[-1] if bundles else None, survey_sections=bundles if len(bundles) > 1 else (),
        cases=case_input(evaluation, by, limits) if with_results else None,
        demo_note=DEMO_NOTE if evaluation.is_demo else "")


def _case_counts(evaluation: Evaluation) -> list[tuple[str, int]]:
    from django.db.models import Count

    return list(Case.objects.filter(registration__period__evaluation=evaluation)
                .values_list("registration__period__code").annotate(n=Count("pk")).order_by())


def deletion_summary(evaluation: Evaluation) -> dict[str, Any]:
    """What deleting the evaluation removes (counts) and which survey rounds are only unlinked."""
    return {"periods": evaluation.periods.count(),
            "registrations": RegistrationRound.objects.filter(period__evaluation=evaluation).count(),
            "cases": Case.objects.filter(registration__period__evaluation=evaluation).count(),
            "interviews": evaluation.interviews.count(),
            "rounds": list(evaluation.rounds.order_by("opens_at", "pk").values_list("name", flat=True))}
