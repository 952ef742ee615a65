"""What the audit pages share: looking objects up through the access selectors (``visible_*`` to
look, ``managed_*`` to change, so another kommune's process or requirement is a 404) and the labels
of the view models (every number comes from :mod:`frisat.web.audits.selectors`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import floatformat
from django.utils.text import slugify
from django.utils.translation import gettext as _

from frisat.web.audits import forms as audit_forms
from frisat.web.audits import selectors
from frisat.web.audits.forms import DecisionForm
from frisat.web.audits.models import Activity, Decision, Marking, Process, Requirement
from frisat.web.organisations.models import Municipality
from frisat.web.organisations.selectors import managed_municipalities

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def visible_process(request: HttpRequest, pk: int) -> Process:
    return get_object_or_404(selectors.visible_processes(request.user), pk=pk)


def managed_process(request: HttpRequest, pk: int) -> Process:
    return get_object_or_404(selectors.managed_processes(request.user), pk=pk)


def managed_activity(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(Activity.objects.select_related("process__municipality", "process__area")
                             .filter(process__in=selectors.managed_processes(request.user)), pk=pk)


def user_can_manage(request: HttpRequest, municipality: Municipality) -> bool:
    return managed_municipalities(request.user).filter(pk=municipality.pk).exists()


def chosen_municipality(request: HttpRequest, municipalities: QuerySet[Municipality]) -> Municipality | None:
    """The municipality of ``?municipality=`` among ``municipalities`` (404 for any other), else the first.

    ``?kommune=`` (the parameter's name until the rename) still works for old links."""
    raw = (request.GET.get("municipality") or request.POST.get("municipality")
           or request.GET.get("kommune"))
    if raw:
        if not str(raw).isdigit():
            raise Http404
        return get_object_or_404(municipalities, pk=int(raw))
    return municipalities.order_by("name").first()


def kind_chips(kinds: dict[str, int]) -> list[dict[str, Any]]:
    """The four marking kinds with label, symbol and count, in a fixed order."""
    return [{"kind": key, "label": audit_forms.KIND_LABELS_MARKING[key], "symbol": audit_forms.KIND_SYMBOLS[key],
             "count": kinds.get(key, 0)} for key in audit_forms.KIND_LABELS_MARKING]


def outcome_badge(outcome: str | None) -> dict[str, Any] | None:
    if not outcome:
        return None
    return {"outcome": outcome, "label": audit_forms.OUTCOME_LABELS[outcome],
            "symbol": audit_forms.OUTCOME_SYMBOLS[outcome]}


def step_context(step: selectors.JourneyStep) -> dict[str, Any]:
    # The selector gives the model's Danish category labels (own categories by their text).
    names = {str(label): audit_forms.CATEGORY_LABELS[key] for key, label in Marking.Category.choices
             if key != Marking.Category.OWN}
    return {"step": step, "activity": step.activity, "chips": kind_chips(step.kinds),
            "categories": [(names.get(label, label), n) for label, n in step.categories],
            "decision": outcome_badge(step.outcome), "markings": step.markings}


def journey_steps(process: Process) -> list[dict[str, Any]]:
    return [step_context(step) for step in selectors.journey(process)]


def status_label(process: Process) -> str:
    return str(audit_forms.PROCESS_STATUS_LABELS.get(process.status, process.status))


def source_label(key: str) -> str:
    return str(audit_forms.SOURCE_LABELS.get(key, key))


def requirement_row(requirement: Requirement, burden: selectors.BurdenFigures | None = None) -> dict[str, Any]:
    status = getattr(requirement, "status", selectors.UNDECIDED)
    return {"requirement": requirement, "kind": audit_forms.KIND_LABELS.get(requirement.kind, requirement.kind),
            "source": source_label(requirement.source_type),
            "use": audit_forms.USE_LABELS.get(requirement.tilbageloeb_status, requirement.tilbageloeb_status),
            "spor": [str(audit_forms.SPOR_LABELS.get(s, s)) for s in requirement.spor],
            "decision": outcome_badge(status if status != selectors.UNDECIDED else None), "burden": burden}


def log_entries(decisions: QuerySet[Decision]) -> list[dict[str, Any]]:
    entries = []
    for decision in decisions:
        target = decision.activity or decision.requirement
        entries.append({
            "decision": decision, "badge": outcome_badge(decision.outcome),
            "target_type": _("aktivitet") if decision.activity_id else _("krav"),
            "target": target, "superseded": hasattr(decision, "superseded_by") and superseded(decision),
            "after": [(str(DecisionForm.base_fields[name].label), audit_forms.figure_text(getattr(decision, name)))
                      for name in DecisionForm.AFTER if getattr(decision, name) is not None],
        })
    return entries


def superseded(decision: Decision) -> bool:
    try:
        return decision.superseded_by is not None
    except Decision.DoesNotExist:
        return False


def hours_text(value: float) -> str:
    return floatformat(value, "1g" if abs(value) < 100 else "0g")


def file_slug(name: str) -> str:
    """A file name part: Danish letters spelt out (æ → ae, ø → oe, å → aa) before slugify drops them."""
    for letter, spelt in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("Æ", "Ae"), ("Ø", "Oe"), ("Å", "Aa")):
        name = name.replace(letter, spelt)
    return slugify(name)
