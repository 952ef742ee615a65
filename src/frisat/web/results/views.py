"""Results pages: the analysis of a round in the browser, with filters and downloads.

Thin: rounds come from the access selectors (another kommune's round is a 404), the subset and
its anonymity rules and every statistic from :func:`frisat.core.results.compute` (called once per
request by :mod:`~frisat.web.results.pipeline`) and the figures and files from
``frisat.reporting`` / ``frisat.io``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from frisat.reporting import labels
from frisat.reporting.labels import value_label
from frisat.reporting.views import sentences
from frisat.web.common.downloads import attachment, file_stem
from frisat.web.results import exports, extended_figures, figure_links, items, presentation, sections, texts
from frisat.web.results.audit_tie import audit_tie
from frisat.web.results.forms import GROUPINGS, ResultsFilterForm
from frisat.web.results.pipeline import Choices, Prepared
from frisat.web.results.selectors import (
    may_download_raw,
    may_see_respondent_data,
    overview_rounds,
    results_rounds,
    round_areas,
    round_units,
    wave_chain,
)
from frisat.web.rounds import pool
from frisat.web.rounds.models import Round
from frisat.web.rounds.selectors import with_waiting


@login_required
@require_GET
@never_cache
def results_list(request: HttpRequest) -> HttpResponse:
    rounds = with_waiting(overview_rounds(request.user))  # n_waiting: answers still in the pool
    return render(request, "results/list.html", {"rounds": rounds})


def _filters(request: HttpRequest, round: Round) -> tuple[ResultsFilterForm, Choices | None]:
    """The filter form and the validated choices (the defaults when nothing is chosen)."""
    form_fields = ResultsFilterForm.base_fields
    bound = any(name in request.GET for name in form_fields)
    form = ResultsFilterForm(request.GET if bound else None, round=round,
                             waves=wave_chain(request.user, round),
                             areas=round_areas(request.user, round),
                             units=round_units(request.user, round))
    if not bound:
        return form, Choices.from_form(form.choices())
    if form.is_valid():
        return form, Choices.from_form(form.cleaned_data)
    return form, None


def selection_text(choices: Choices, prepared: Prepared | None = None) -> str:
    """The chosen subset in words (on the page and as a note in the PDF)."""
    parts = [_("Bølge %(waves)s") % {"waves": ", ".join(m.wave for m in choices.rounds)}]
    if choices.area or choices.unit:
        parts.append(_("område: %(v)s") % {"v": value_label(choices.area or choices.unit.area.name)})
    if choices.unit:
        parts.append(_("enhed: %(v)s") % {"v": choices.unit.name})
    if choices.group:
        parts.append(_("respondentgruppe: %(v)s") % {"v": choices.group})
    parts.append(_("grupperet efter: %(v)s") % {"v": str(GROUPINGS[choices.group_by]).lower()})
    text = _("Udvalg: %(parts)s.") % {"parts": "; ".join(parts)}
    if prepared is not None and prepared.decision.merged:
        text += " " + _("Grupper, der ikke kan vises for sig af hensyn til anonymiteten, er samlet i «%(other)s»: "
                        "%(names)s.") % {"other": value_label(prepared.decision.other_label),
                                        "names": ", ".join(value_label(v) for v in prepared.decision.merged)}
    return text


REFUSAL_TEXTS = {
    "subset": gettext_noop("Udvalget har for få besvarelser (færre end %(k)d), så der vises ingen resultater "
                           "for det."),
    "difference": gettext_noop("Udvalget kan ikke vises for sig: sammen med resultaterne for resten ville det "
                               "afsløre en gruppe med færre end %(k)d besvarelser. Vælg et bredere udvalg."),
    "wave": gettext_noop("En af de valgte bølger har for få besvarelser (færre end %(k)d) i udvalget. Vælg "
                         "bølgerne hver for sig."),
}


@login_required
@require_GET
@never_cache
def results_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round = get_object_or_404(results_rounds(request.user), pk=pk)
    with texts.page_language():
        form, choices = _filters(request, round)
        context: dict[str, Any] = {"round": round, "form": form, "choices": choices, "k": round.min_n}
        if choices is not None:
            key = figure_links.view_key(choices)
            with figure_links.texts_only():  # the figures are served by results_figure
                _detail_context(request, round, form, choices, context, figure_links.prepared_for(choices, key))
            figure_links.link_figures(context, round.pk, request.GET.urlencode(), key)
        # Anonymous rounds: answers still waiting in the mixing pool (after prepare() flushed it).
        context["pending"] = [t for m in (choices.rounds if choices else [round]) if (t := pool.pending_text(m))]
    return render(request, "results/detail.html", context)


@login_required
@require_GET
def results_figure(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """One figure of the results page as PNG: the same access, filters and anonymity rules as the page."""
    round = get_object_or_404(results_rounds(request.user), pk=pk)
    with texts.page_language():
        form, choices = _filters(request, round)
        if choices is None:
            raise Http404
        key = figure_links.view_key(choices, flush=False)
        prepared = figure_links.prepared_for(choices, key)
        if not prepared.allowed:
            raise PermissionDenied

        def build() -> dict[str, Any]:
            context: dict[str, Any] = {"round": round, "form": form, "choices": choices, "k": round.min_n}
            _detail_context(request, round, form, choices, context, prepared)
            return context

        pngs = figure_links.figure_pngs(key, build)
    if slug not in pngs:
        raise Http404
    response = HttpResponse(pngs[slug], content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"  # the URL carries the data version (v=…)
    return response


def _detail_context(request: HttpRequest, round: Round, form: ResultsFilterForm, choices: Choices | None,
                    context: dict[str, Any], prepared: Prepared | None = None) -> None:
    """The page's content, built inside :func:`~frisat.web.results.texts.page_language` (figures,
    labels and numbers from frisat.reporting in the page's language)."""
    if choices is not None:
        prepared = prepared or figure_links.prepared_for(choices)
        context.update(prepared=prepared, k=choices.k, selection=selection_text(choices, prepared))
        if not prepared.allowed:
            context["refusal"] = _(REFUSAL_TEXTS[prepared.decision.reason]) % {"k": choices.k}
        elif prepared.bundle.analysis is None:  # an instrument without the barometer's dimensions
            _items_only_context(request, prepared, choices, context)
        else:
            bundle = prepared.bundle  # every table, computed once by frisat.core.results.compute
            result, extended = bundle.analysis, bundle.extended
            figures = presentation.page_figures(result, prepared.frame, bundle.panels)
            chain = list(form.waves.values())
            extended_figs = extended_figures.section_figures(result, extended, prepared,
                                                             first_number=figures.count + 1)
            main_sections, end_sections = sections.page_sections(
                result, extended, chain=chain, selected=choices.rounds,
                all_waves_query=_all_waves_query(request, choices, chain),
                round_designs=[m.design for m in choices.rounds],
                tie=audit_tie(request.user, round, prepared.instrument),
                figures=extended_figs,
                waves=prepared.waves)  # the follow-up table carries its means: no followup_means analysis
            item_section = items.items_section(  # issue 14: a barometer round's extra questions
                bundle, first_number=figures.count + sum(len(f) for f in extended_figs.values()) + 1)
            if item_section is not None:
                main_sections.append(item_section)
            raw_allowed = may_download_raw(request.user, choices.rounds)
            show_comments = may_see_respondent_data(request.user, round)
            context.update(
                result=result,
                key=presentation.key_figures(result),
                quadrants=presentation.quadrant_overview(result),
                counts=presentation.count_rows(result),
                by_labels=[str(GROUPINGS[c]) for c in result.by] or [_("Gruppe")],
                tables=presentation.summary_tables(result),
                comments=presentation.comment_sections(result, bundle.comments) if show_comments else [],
                comments_hidden=not show_comments,
                sections=main_sections,
                end_sections=end_sections,
                comments_limit=presentation.COMMENTS_PER_QUADRANT,
                figures=figures,
                suppressed_text=presentation.suppressed_text(choices.k),
                small_caution=labels.small_n_caution(),
                notes=sentences.analysis_notes(result),
                other_label=value_label(prepared.decision.other_label),
                merged_rows=[{"name": value_label(g), "small": g in prepared.decision.small}
                             for g in prepared.decision.merged],
                raw_allowed=raw_allowed,
                still_open=any(m.status != m.CLOSED for m in choices.rounds),
                **_downloads(request, prepared, raw_allowed),
            )


def _downloads(request: HttpRequest, prepared: Prepared, raw_allowed: bool) -> dict[str, list[dict]]:
    """The page's download buttons: the files, and the CSV of each table that applies."""
    query = request.GET.urlencode()
    bundle = prepared.bundle
    return {
        "downloads": [{"kind": kind, "label": spec.label, "query": query} for kind, spec in exports.KINDS.items()
                      if (raw_allowed or not spec.raw) and not spec.table
                      and exports.available(kind, bundle.extended, bundle)],
        "table_downloads": [{"kind": kind, "label": spec.label, "query": query}
                            for kind, spec in exports.KINDS.items()
                            if spec.table and exports.available(kind, bundle.extended, bundle)],
    }


def _items_only_context(request: HttpRequest, prepared: Prepared, choices: Choices, context: dict[str, Any]) -> None:
    """The page of a round whose instrument has items only (e.g. the evaluation instrument): the item
    section instead of the barometer's quadrant sections."""
    bundle = prepared.bundle
    section = items.items_section(bundle)
    context.update(items_only=True, sections=[section] if section is not None else [],
                   n_respondents=labels.fmt_int(len(prepared.frame)),
                   still_open=any(m.status != m.CLOSED for m in choices.rounds),
                   raw_allowed=(raw := may_download_raw(request.user, choices.rounds)),
                   **_downloads(request, prepared, raw))


def _all_waves_query(request: HttpRequest, choices: Choices, chain: list[Round]) -> str:
    """The page's query with every wave of the chain selected (the link «Vis alle bølger»)."""
    query = request.GET.copy()
    query.setlist("boelge", [str(m.pk) for m in chain])
    if "grupper" not in query:
        query["grupper"] = choices.group_by
    return query.urlencode()


@login_required
@require_GET
@never_cache
def results_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    spec = exports.KINDS.get(kind)
    if spec is None:
        raise Http404
    round = get_object_or_404(results_rounds(request.user), pk=pk)
    form, choices = _filters(request, round)
    if choices is None:
        return render(request, "results/refused.html", {"round": round, "form": form}, status=400)
    raw_allowed = may_download_raw(request.user, choices.rounds)
    if spec.raw and not raw_allowed:
        raise PermissionDenied
    prepared = figure_links.prepared_for(choices)
    if not prepared.allowed:
        return render(request, "results/refused.html", {
            "round": round, "form": form,
            "refusal": _(REFUSAL_TEXTS[prepared.decision.reason]) % {"k": choices.k}}, status=403)
    result = None if spec.raw else prepared.bundle.analysis
    summary = kind == "summary.csv" or spec.excel_of == "summary.csv"
    extended = prepared.bundle.extended if result is not None and not summary else None
    if not spec.raw and not exports.available(kind, extended, prepared.bundle):
        raise Http404
    download = exports.build(kind, prepared, result, include_respondents=raw_allowed,
                             selection_note=selection_text(choices, prepared), extended=extended,
                             include_comments=may_see_respondent_data(request.user, round))
    filename = f"{file_stem(round.name, 'maaling')}-{download.filename}"  # æ, ø and å kept (RFC 6266)
    return attachment(HttpResponse(download.data, content_type=download.content_type), filename)
