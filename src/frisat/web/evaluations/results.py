"""The evaluation's results (its report context), computed once per *data version* and kept per process.

Comparing the periods (bootstrap intervals), analysing the survey and drawing the figures takes
seconds; the page and its downloads show the same numbers until something changes. The context is
kept in the results pages' cache (:class:`frisat.web.common.figure_cache.FigureCache`) under a key
of everything it shows: the evaluation's fields, periods and interview log, the cases (number, ids,
last change), the linked rounds' data version (:func:`frisat.web.results.figure_links.data_version`:
responses counted and their highest id) and invited, the comparison choices and the language. A new,
changed or deleted case, answer or interview is a new key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Count, Max, Sum
from django.forms.models import model_to_dict
from django.utils.translation import get_language

from frisat.reporting.evaluation import build_evaluation_context
from frisat.web.common.figure_cache import FigureCache
from frisat.web.evaluations import selectors
from frisat.web.evaluations.models import Case, Evaluation

_contexts: FigureCache[dict[str, Any]] = FigureCache(size=4)


def data_version(evaluation: Evaluation) -> tuple[Any, ...]:
    """What the evaluation's results depend on in the database (a few small queries)."""
    from frisat.web.results.figure_links import data_version as rounds_version
    from frisat.web.results.pipeline import Choices

    fields = model_to_dict(evaluation, exclude=["rounds"]) | {
        "created_at": evaluation.created_at, "municipality_name": evaluation.municipality.name,
        "area_name": evaluation.area.name if evaluation.area else ""}
    periods = list(evaluation.periods.order_by("position").values_list("code", "label", "starts_on", "ends_on"))
    interviews = list(evaluation.interviews.order_by("pk").values_list("informant_group", "year", "kind", "count"))
    cases = Case.objects.filter(registration__period__evaluation=evaluation).aggregate(
        n=Count("pk"), last=Max("pk"), ids=Sum("pk"), changed=Max("updated_at"))
    rounds = list(evaluation.rounds.order_by("opens_at", "pk").annotate(invited=Count("respondents", distinct=True)))
    survey = rounds_version(Choices(rounds=rounds)) if rounds else []
    invited = [(r.pk, r.name, r.wave, r.invited) for r in rounds]
    return (sorted(fields.items()), periods, interviews, sorted(cases.items()), survey, invited)


def evaluation_context(evaluation: Evaluation, by: Sequence[str] = (),
                       limits: Mapping[str, float] | None = None) -> dict[str, Any]:
    """:func:`frisat.reporting.evaluation.build_evaluation_context` of the evaluation with the
    comparison choices, in the current language; from the cache when nothing has changed."""
    from frisat.web.results.texts import page_language

    limits = dict(limits or {})
    parts = (evaluation.pk, data_version(evaluation), tuple(by), sorted(limits.items()), get_language())
    key = hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()

    def build() -> dict[str, Any]:
        with page_language():  # reporting's texts and figures in the page's language
            return build_evaluation_context(selectors.evaluation_input(evaluation, by=by, limits=limits))

    return _contexts.get_or_draw(key, build)


def clear() -> None:
    """Forget every kept context (the tests start empty)."""
    _contexts.clear()
