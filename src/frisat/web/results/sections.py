"""The extended sections of the results page (issue 4 item 8, issue 5 item 7): which apply, in order.

The tables and sentences are :mod:`frisat.reporting.views.extended`'s view models (the same
builders the report uses), written in the page's language; this module only decides which
sections the page shows, with which template and page-only parts (links between waves, the
friction audits' tie).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html
from django.utils.translation import gettext as _

from frisat.core.analysis import AnalysisResult
from frisat.core.extended import ExtendedResult
from frisat.core.followup import comments_by_quadrant
from frisat.core.relative_importance import DEFAULT_MIN_ITEMS
from frisat.reporting import labels
from frisat.reporting.extended_labels import design_label, dimension_label
from frisat.reporting.views import extended as views
from frisat.reporting.views.extended import indicator_texts, is_suppressed
from frisat.reporting.views.model import Cell, Row, Table
from frisat.web.results import texts

__all__ = ["Cell", "Row", "Section", "Table", "design_label", "indicator_texts", "page_sections"]


@dataclass
class Section:
    """One section of the page: its anchor, heading, template and the template's data."""

    slug: str
    title: str
    template: str
    data: dict[str, Any] = field(default_factory=dict)


def _column_label(column: str) -> str:
    from frisat.web.results.forms import GROUPINGS

    return str(GROUPINGS.get(column, column))


def uncertainty_section(result: AnalysisResult) -> Section:
    """Every shown group mean with its confidence interval, and whether its placement is certain."""
    view = views.uncertainty(result, _column_label)
    return Section("usikkerhed", _("Usikkerhed"), "results/sections/uncertainty.html", {
        "level": view.level, "method": view.method, "midpoint": view.midpoint, "tables": view.tables,
        "uncertain": view.uncertain,
    })


def uncertain_placements(result: AnalysisResult) -> set[tuple[str, ...]]:
    """(spor, *group values) of every shown summary row whose placement is uncertain."""
    keys = set()
    for record in result.summary.to_dict("records"):
        if not is_suppressed(record["suppressed"]) and labels.is_uncertain(record["quadrant_certain"]):
            keys.add((record["spor"], *(str(record[c]) for c in result.by)))
    return keys


def derived_section(extended: ExtendedResult, result: AnalysisResult) -> Section | None:
    view = views.derived(result, extended, _column_label)
    if view is None:
        return None
    sentences = []
    for item in view.sentences:
        sentence = texts.html_sentence(item.sentence)
        sentences.append(format_html("{}: {}", item.group, sentence) if item.group else sentence)
    return Section("afledt-vigtighed", _("Udtalt og afledt vigtighed"), "results/sections/derived.html",
                   {"tables": view.tables, "sentences": sentences, "more": view.more, "legends": view.legends})


def relative_section(extended: ExtendedResult, result: AnalysisResult) -> Section | None:
    tables = views.relative(result, extended, _column_label)
    if tables is None:
        return None
    return Section("relativ-vigtighed", _("Relativ vigtighed"), "results/sections/relative.html",
                   {"spor_table": tables[0], "items_table": tables[1], "min_items": DEFAULT_MIN_ITEMS})


def points_section(extended: ExtendedResult, result: AnalysisResult) -> Section | None:
    table = views.points(result, extended, _column_label)
    if table is None:
        return None
    return Section("point", _("Pointfordeling"), "results/sections/points.html", {"table": table})


def groups_section(extended: ExtendedResult, result: AnalysisResult) -> Section | None:
    view = views.group_differences(result, extended, _column_label)
    if view is None:
        return None
    return Section("grupper", _("Respondentgrupper side om side"), "results/sections/groups.html",
                   {"table": view[0], "pairs": view[1], "groups": [labels.value_label(g) for g in extended.groups]})


def waves_section(extended: ExtendedResult, result: AnalysisResult, chain: Sequence[Any],
                  selected: Sequence[Any], all_waves_query: str, waves: tuple[str, ...] = ()) -> Section | None:
    """Change between the selected waves; when only one wave is selected but the round has more in
    its chain, a short pointer to select them. ``waves``: the selected waves with answers."""
    if len(chain) < 2:
        return None
    reason = extended.not_applicable.get("changes", "")
    data: dict[str, Any] = {"chain": [m.wave for m in chain], "selected": len(selected),
                            "all_waves_query": all_waves_query, "table": None,
                            "not_applicable": texts.reason_text(reason) if reason else ""}
    table = views.changes(result, extended, _column_label)
    if table is not None:
        data["table"] = table
        data["waves"] = list(extended.waves)
    return Section("boelger", _("Udvikling over bølger"), "results/sections/waves.html", data)


def design_section(extended: ExtendedResult, round_designs: Iterable[str], k: int) -> Section | None:
    """The design of the answers and n per dimension — when the round or the answers use a split design."""
    report = extended.design
    if report is None:
        return None
    round_designs = {str(d) for d in round_designs if d}
    detected = str(report.design)
    if detected == "begge" and round_designs <= {"begge"}:
        return None
    mapping = [{"group": labels.value_label(g), "dimension": dimension_label(d)}
               for g, d in sorted(report.group_dimensions.items())]
    return Section("design", _("Delt design"), "results/sections/design.html", {
        "design": design_label(detected), "detected": detected,
        "round_designs": [design_label(d) for d in sorted(round_designs)],
        "n_impl": labels.fmt_int(report.n_impl), "n_vigt": labels.fmt_int(report.n_vigt),
        "both": labels.fmt_int(report.both), "respondents": labels.fmt_int(report.respondents),
        "mapping": mapping, "table": views.design_table(extended, k),
    })


def followup_section(extended: ExtendedResult, result: AnalysisResult) -> Section | None:
    """Units that stand out and comments per quadrant."""
    followup, comments = extended.followup, comments_by_quadrant(result)
    if (followup is None or followup.empty) and (comments is None or comments.empty):
        return None
    reason = extended.not_applicable.get("followup", "") if followup is None else ""
    return Section("opfoelgning", _("Kvalitativ opfølgning"), "results/sections/followup.html",
                   {"units": views.followup_units(result, extended, _column_label),
                    "counts": views.comment_counts(result, comments),
                    "reason": texts.reason_text(reason) if reason else ""})


# -- friktionseftersyn --------------------------------------------------------------------------------


def audit_section(tie: Any) -> Section | None:
    """Issue 5, item 7: decisions and hours freed per spor (:mod:`~frisat.web.results.audit_tie`)."""
    if tie is None or tie.empty:
        return None
    return Section("eftersyn", _("Friktionseftersyn: beslutninger og frigjort tid"), "results/sections/audits.html",
                   {"tie": tie})


# -- the page ---------------------------------------------------------------------------------------


def page_sections(result: AnalysisResult, extended: ExtendedResult, *, chain: Sequence[Any],
                  selected: Sequence[Any], all_waves_query: str, round_designs: Iterable[str],
                  tie: Any = None, figures: dict[str, list[Any]] | None = None,
                  waves: tuple[str, ...] = ()) -> tuple[list[Section], list[Section]]:
    """The sections that apply, in page order: those before the comments, and those after them.

    ``figures`` maps a section's slug to its figures (:class:`~frisat.reporting.views.model.FigureSpec`);
    ``waves`` are the selected waves with answers (:class:`~frisat.web.results.pipeline.Prepared`).
    """
    k = result.config.min_n
    before = [uncertainty_section(result), derived_section(extended, result), relative_section(extended, result),
              points_section(extended, result), groups_section(extended, result),
              waves_section(extended, result, chain, selected, all_waves_query, waves),
              design_section(extended, round_designs, k)]
    after = [followup_section(extended, result), audit_section(tie)]
    figures = figures or {}
    for section in [*before, *after]:
        if section is not None:
            section.data.setdefault("figures", figures.get(section.slug, []))
    return [s for s in before if s is not None], [s for s in after if s is not None]
