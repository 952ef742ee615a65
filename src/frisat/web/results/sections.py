"""The extended sections of the results page (issue 4 item 8, issue 5 item 7): what each shows.

Formatting and selection only, like :mod:`~frisat.web.results.presentation`: every number comes
from ``frisat.core`` (the AnalysisResult and the :class:`~frisat.core.extended.ExtendedResult`
computed in :mod:`~frisat.web.results.pipeline`), the figures from ``frisat.reporting``. A
section is only built when it applies to the shown data; a row the core marks ``suppressed`` shows
«for få besvarelser» and nothing else. Sentences are written here from the tables' fields, in the
page's language (:mod:`~frisat.web.results.texts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.utils.html import format_html
from django.utils.translation import gettext as _

from frisat.core.analysis import AnalysisResult
from frisat.core.extended import ExtendedResult
from frisat.core.followup import REASONS, comments_by_quadrant
from frisat.core.instrument import Instrument
from frisat.core.quadrants import QUADRANTS
from frisat.core.relative_importance import DEFAULT_MIN_ITEMS
from frisat.reporting import labels
from frisat.reporting.codes import DISAGREEMENTS, disagreement_sentence
from frisat.web.results import texts
from frisat.web.results.pipeline import WAVE_REFUSAL


@dataclass
class Cell:
    text: str
    num: bool = False


@dataclass
class Row:
    keys: list[str]
    """Row header cells (the group, spor, …); the first is the row's ``<th>``."""
    cells: list[Cell] = field(default_factory=list)
    suppressed: bool = False


@dataclass
class Table:
    id: str
    caption: str
    key_headers: list[str]
    headers: list[Cell]
    """Column headers after the key columns (``num`` marks number columns)."""
    rows: list[Row] = field(default_factory=list)


@dataclass
class Section:
    """One section of the page: its anchor, heading, template and the template's data."""

    slug: str
    title: str
    template: str
    data: dict[str, Any] = field(default_factory=dict)


def _is_suppressed(value: object) -> bool:
    return not labels.is_missing(value) and bool(value)


def _records(table: pd.DataFrame | None) -> list[dict[str, Any]]:
    return [] if table is None else table.to_dict("records")


def _group_cells(record: dict[str, Any], by: Sequence[str]) -> list[str]:
    return [labels.value_label(record[c]) for c in by]


def _group_headers(by: Sequence[str]) -> list[str]:
    from frisat.web.results.forms import GROUPINGS

    return [str(GROUPINGS.get(c, c)) for c in by]


def _num(value: object, decimals: int = 2) -> Cell:
    return Cell(labels.fmt_num(value, decimals), num=True)


def _int(value: object) -> Cell:
    return Cell(labels.fmt_int(value), num=True)


def _interval(low: object, high: object, decimals: int = 2) -> Cell:
    return Cell(labels.fmt_interval(low, high, decimals), num=True)


def _yes_no(value: object) -> Cell:
    if labels.is_missing(value):
        return Cell("")
    return Cell(_("ja") if bool(value) else _("nej"))


def _dimension(dim: object) -> str:
    return {"impl": _("Implementering"), "vigt": _("Vigtighed")}.get(str(dim), str(dim))


def _level(confidence: float) -> str:
    return labels.confidence_text(confidence)


def _interval_header(level: str) -> str:
    return _("%(level)s-konfidensinterval") % {"level": level}


# -- uncertainty -------------------------------------------------------------------------------


def uncertainty_section(result: AnalysisResult) -> Section:
    """Every shown group mean with its confidence interval, and whether its placement is certain."""
    config = result.config
    spor_names = labels.spor_labels(result.instrument)
    by = list(result.by)
    level = _level(config.confidence)
    tables = []
    uncertain: list[str] = []
    for spor in result.spor:
        part = result.summary[(result.summary["spor"] == spor).to_numpy()]
        interval = _interval_header(level)
        caption = _("Konfidensintervaller – %(spor)s") % {"spor": spor_names[spor]}
        table = Table(f"usikkerhed-{spor}", caption, _group_headers(by) or [_("Gruppe")], [
            Cell("N", True), Cell(_("Implementering, gns."), True), Cell(interval, True),
            Cell(_("Vigtighed, gns."), True), Cell(interval, True), Cell(_("Kvadrant")), Cell(_("Placering"))])
        for record in part.to_dict("records"):
            keys = _group_cells(record, by) or [_("Alle")]
            if _is_suppressed(record["suppressed"]):
                table.rows.append(Row(keys, suppressed=True))
                continue
            quadrant = record["quadrant_absolute"]
            certain = record["quadrant_certain"]
            if labels.is_missing(certain):
                placement = _("kan ikke vurderes")
            elif labels.is_uncertain(certain):
                placement = labels.uncertain_text(record, config.midpoint)
                where = labels.group_name([record[c] for c in by]) if by else ""
                uncertain.append(spor_names[spor] + (f" ({where})" if where else ""))
            else:
                placement = _("sikker")
            table.rows.append(Row(keys, [
                _int(record["n"]), _num(record["impl_mean"]), _interval(record["impl_ci_low"], record["impl_ci_high"]),
                _num(record["vigt_mean"]), _interval(record["vigt_ci_low"], record["vigt_ci_high"]),
                Cell("" if labels.is_missing(quadrant) else labels.quadrant_label(quadrant)), Cell(placement)]))
        tables.append(table)
    return Section("usikkerhed", _("Usikkerhed"), "results/sections/uncertainty.html", {
        "level": level, "method": labels.ci_method_text(config), "midpoint": labels.fmt_num(config.midpoint, 1),
        "tables": tables, "uncertain": uncertain,
    })


def uncertain_placements(result: AnalysisResult) -> set[tuple[str, ...]]:
    """(spor, *group values) of every shown summary row whose placement is uncertain."""
    keys = set()
    for record in result.summary.to_dict("records"):
        if not _is_suppressed(record["suppressed"]) and labels.is_uncertain(record["quadrant_certain"]):
            keys.add((record["spor"], *(str(record[c]) for c in result.by)))
    return keys


# -- derived importance ------------------------------------------------------------------------


SENTENCES = 12
"""Disagreements read out in words on the page (all are in the tables and derived_importance.csv)."""


def indicator_texts(instrument: Instrument, spor: str, dimension: str = "impl") -> dict[str, str]:
    """Indicator letter → its text in the questionnaire (the implementation wording by default)."""
    texts = {}
    for column in instrument.item_columns(spor, dimension):
        spec = instrument.column(column)
        texts[str(spec.item)] = spec.text
    return texts


def _agreement(value: object) -> str:
    if labels.is_missing(value):
        return ""
    return {"agree": _("enige"), "underrated": _("underkendt"), "overlooked": _("overset")}.get(str(value), str(value))


def derived_section(extended: ExtendedResult, result: AnalysisResult) -> Section | None:
    table = extended.derived_importance
    if table is None or table.empty:
        return None
    instrument = result.instrument
    by = list(extended.by)
    spor_names = labels.spor_labels(instrument)
    tables, sentences, legends = [], [], []
    for spor in result.spor:
        part = table[(table["spor"] == spor).to_numpy()]
        if part.empty:
            continue
        indicator = indicator_texts(instrument, spor)
        legends.append({"title": spor_names[spor], "items": [{"item": k, "text": v} for k, v in indicator.items()
                                                             if k in set(part["indicator"].astype(str))]})
        caption = _("Udtalt og afledt vigtighed – %(spor)s") % {"spor": spor_names[spor]}
        out = Table(f"afledt-{spor}", caption, [*_group_headers(by), _("Indikator")], [
            Cell("N", True), Cell(_("Udtalt vigtighed, gns."), True), Cell(_("Udtalt rang"), True),
            Cell(_("Korrelation (r)"), True), Cell(_("Vægt (β)"), True), Cell("R²", True),
            Cell(_("Afledt rang"), True), Cell(_("Vurdering"))])
        for record in part.to_dict("records"):
            keys = [*_group_cells(record, by), str(record["indicator"])]
            if _is_suppressed(record["suppressed"]):
                out.rows.append(Row(keys, suppressed=True))
                continue
            out.rows.append(Row(keys, [
                _int(record["n"]), _num(record["stated_mean"]), _int(record["stated_rank"]),
                _num(record["correlation"]), _num(record["beta"]), _num(record["r_squared"]),
                _int(record["derived_rank"]), Cell(_agreement(record["agreement"]))]))
            if str(record.get("agreement")) in DISAGREEMENTS:
                text = indicator.get(str(record["indicator"]), "")
                sentence = (texts.disagreement_sentence(record, spor_names[spor], text)
                            or disagreement_sentence(record, spor_names[spor], text))
                where = labels.group_name([record[c] for c in by]) if by else ""
                sentences.append(format_html("{}: {}", where, sentence) if where else sentence)
        tables.append(out)
    return Section("afledt-vigtighed", _("Udtalt og afledt vigtighed"), "results/sections/derived.html",
                   {"tables": tables, "sentences": sentences[:SENTENCES], "more": max(0, len(sentences) - SENTENCES),
                    "legends": legends})


# -- relative importance and points --------------------------------------------------------------


def relative_section(extended: ExtendedResult, result: AnalysisResult) -> Section | None:
    table = extended.relative_importance
    if table is None or table.empty:
        return None
    by = list(extended.by)
    spor_names = labels.spor_labels(result.instrument)
    level = _level(result.config.confidence)
    headers = [Cell("N", True), Cell(_("Vigtighed, gns."), True), Cell(_("Centreret gns."), True),
               Cell(_interval_header(level), True), Cell(_("Rang"), True)]
    spor_table = Table("relativ-spor", _("Relativ vigtighed af sporene"), [*_group_headers(by), _("Spor")], headers)
    items_table = Table("relativ-indikatorer", _("Relativ vigtighed af indikatorerne"),
                        [*_group_headers(by), _("Spor"), _("Indikator")], headers)
    for record in table.to_dict("records"):
        spor = str(record["spor"])
        is_spor = record["level"] == "spor"
        keys = [*_group_cells(record, by), spor_names.get(spor, spor)]
        if not is_spor:
            keys.append(str(record["indicator"]))
        target = spor_table if is_spor else items_table
        if _is_suppressed(record["suppressed"]):
            target.rows.append(Row(keys, suppressed=True))
            continue
        target.rows.append(Row(keys, [_int(record["n"]), _num(record["raw_mean"]), _num(record["centred_mean"]),
                                      _interval(record["centred_ci_low"], record["centred_ci_high"]),
                                      _int(record["rank"])]))
    return Section("relativ-vigtighed", _("Relativ vigtighed"), "results/sections/relative.html",
                   {"spor_table": spor_table, "items_table": items_table, "min_items": DEFAULT_MIN_ITEMS})


def points_section(extended: ExtendedResult, result: AnalysisResult) -> Section | None:
    table = extended.points
    if table is None or table.empty:
        return None
    by = list(extended.by)
    spor_names = labels.spor_labels(result.instrument)
    level = _level(result.config.confidence)
    out = Table("point-tabel", _("Gennemsnitlige point pr. spor"), [*_group_headers(by), _("Spor")], [
        Cell("N", True), Cell(_("Point, gns."), True), Cell(_interval_header(level), True),
        Cell(_("Rang"), True)])
    for record in table.to_dict("records"):
        keys = [*_group_cells(record, by), spor_names.get(str(record["spor"]), str(record["spor"]))]
        if _is_suppressed(record["suppressed"]):
            out.rows.append(Row(keys, suppressed=True))
            continue
        out.rows.append(Row(keys, [_int(record["n"]), _num(record["mean_points"], 1),
                                   _interval(record["ci_low"], record["ci_high"], 1), _int(record["rank"])]))
    return Section("point", _("Pointfordeling"), "results/sections/points.html", {"table": out})


# -- groups side by side ----------------------------------------------------------------------------


def groups_section(extended: ExtendedResult, result: AnalysisResult) -> Section | None:
    table = extended.group_differences
    if table is None or table.empty:
        return None
    spor_names = labels.spor_labels(result.instrument)
    level = _level(result.config.confidence)
    by = [c for c in table.columns if c in extended.by]  # normally none: the whole subset is compared
    out = Table("grupper-tabel", _("Forskelle mellem respondentgrupper"),
                [*_group_headers(by), _("Spor"), _("Dimension"), _("Sammenligning")], [
                    Cell(_("N, gruppe"), True), Cell(_("Gns., gruppe"), True), Cell(_("N, reference"), True),
                    Cell(_("Gns., reference"), True), Cell(_("Forskel"), True),
                    Cell(_interval_header(level), True), Cell(_("Tydelig forskel")),
                    Cell(_("p-værdi"), True)])
    pairs = []
    for record in table.to_dict("records"):
        pair = _("%(group)s mod %(reference)s") % {"group": labels.value_label(record["group"]),
                                                   "reference": labels.value_label(record["reference"])}
        if pair not in pairs:
            pairs.append(pair)
        keys = [*_group_cells(record, by), spor_names.get(str(record["spor"]), str(record["spor"])),
                _dimension(record["dimension"]), pair]
        if _is_suppressed(record["suppressed"]):
            out.rows.append(Row(keys, suppressed=True))
            continue
        out.rows.append(Row(keys, [
            _int(record["n_group"]), _num(record["mean_group"]), _int(record["n_reference"]),
            _num(record["mean_reference"]), _num(record["difference"]), _interval(record["ci_low"], record["ci_high"]),
            _yes_no(record["significant"]), _num(record["p_value"], 3)]))
    return Section("grupper", _("Respondentgrupper side om side"), "results/sections/groups.html",
                   {"table": out, "pairs": pairs, "groups": [labels.value_label(g) for g in extended.groups]})


# -- waves ------------------------------------------------------------------------------------------


def waves_section(extended: ExtendedResult, result: AnalysisResult, chain: Sequence[Any],
                  selected: Sequence[Any], all_waves_query: str, waves: tuple[str, ...] = ()) -> Section | None:
    """Change between the selected waves; when only one wave is selected but the round has more in
    its chain, a short pointer to select them. ``waves``: the selected waves with answers."""
    if len(chain) < 2:
        return None
    reason = extended.not_applicable.get("changes", "")
    data: dict[str, Any] = {"chain": [m.wave for m in chain], "selected": len(selected),
                            "all_waves_query": all_waves_query, "table": None,
                            "not_applicable": texts.changes_reason(reason, WAVE_REFUSAL, waves) if reason else ""}
    table = extended.changes
    if table is not None and not table.empty:
        spor_names = labels.spor_labels(result.instrument)
        by = [c for c in extended.by if c in table.columns]
        level = _level(result.config.confidence)
        out = Table("boelger-tabel", _("Ændring fra bølge til bølge"),
                    [*_group_headers(by), _("Spor"), _("Dimension"), _("Bølger")], [
                        Cell(_("N, før"), True), Cell(_("Gns., før"), True), Cell(_("N, efter"), True),
                        Cell(_("Gns., efter"), True), Cell(_("Ændring"), True),
                        Cell(_interval_header(level), True), Cell(_("Tydelig ændring")),
                        Cell(_("Parrede enheder"), True), Cell(_("Ændring, parret"), True),
                        Cell(_("%(level)s-interval, parret") % {"level": level}, True)])
        for record in table.to_dict("records"):
            keys = [*_group_cells(record, by), spor_names.get(str(record["spor"]), str(record["spor"])),
                    _dimension(record["dimension"]), f"{record['wave_from']} → {record['wave_to']}"]
            if _is_suppressed(record["suppressed"]):
                out.rows.append(Row(keys, suppressed=True))
                continue
            out.rows.append(Row(keys, [
                _int(record["n_from"]), _num(record["mean_from"]), _int(record["n_to"]), _num(record["mean_to"]),
                _num(record["change"]), _interval(record["ci_low"], record["ci_high"]), _yes_no(record["significant"]),
                _int(record["paired_units"]), _num(record["paired_change"]),
                _interval(record["paired_ci_low"], record["paired_ci_high"])]))
        data["table"] = out
        data["waves"] = list(extended.waves)
    return Section("boelger", _("Udvikling over bølger"), "results/sections/waves.html", data)


# -- split design -----------------------------------------------------------------------------------


def design_label(design: str) -> str:
    return {"begge": _("Begge dimensioner til alle"),
            "halvdel": _("Tilfældig halvdel: halvdelen svarer kun på implementering, resten kun på vigtighed"),
            "gruppe": _("Én dimension pr. respondentgruppe")}.get(design, design)


def design_section(extended: ExtendedResult, round_designs: Iterable[str], k: int) -> Section | None:
    """The design of the answers and n per dimension — when the round or the answers use a split design."""
    report = extended.design
    if report is None:
        return None
    round_designs = {str(d) for d in round_designs if d}
    detected = str(report.design)
    if detected == "begge" and round_designs <= {"begge"}:
        return None
    by_group = Table("design-tabel", _("Besvarelser pr. dimension og respondentgruppe"), [_("Respondentgruppe")], [
        Cell(_("Besvarelser"), True), Cell(_("Kun implementering"), True), Cell(_("Kun vigtighed"), True),
        Cell(_("Begge"), True), Cell(_("N, implementering"), True), Cell(_("N, vigtighed"), True)])
    for record in report.by_group.to_dict("records"):
        keys = [labels.value_label(record["gruppe"]) or _("(ikke angivet)")]
        if int(record["respondents"]) < k:
            by_group.rows.append(Row(keys, suppressed=True))
            continue
        by_group.rows.append(Row(keys, [_int(record[c]) for c in ("respondents", "impl_only", "vigt_only", "both",
                                                                  "n_impl", "n_vigt")]))
    mapping = [{"group": labels.value_label(g), "dimension": _dimension(d)}
               for g, d in sorted(report.group_dimensions.items())]
    return Section("design", _("Delt design"), "results/sections/design.html", {
        "design": design_label(detected), "detected": detected,
        "round_designs": [design_label(d) for d in sorted(round_designs)],
        "n_impl": labels.fmt_int(report.n_impl), "n_vigt": labels.fmt_int(report.n_vigt),
        "both": labels.fmt_int(report.both), "respondents": labels.fmt_int(report.respondents),
        "mapping": mapping, "table": by_group,
    })


# -- qualitative follow-up -------------------------------------------------------------------------


REASON_ORDER = REASONS


def reason_label(reason: str) -> str:
    return {"priority": _("I «%(quadrant)s»") % {"quadrant": labels.quadrant_label("fokus")},
            "deviation": _("Langt fra områdets gennemsnit"),
            "largest_gap": _("Største forskel mellem vigtighed og implementering"),
            "largest_change": _("Største ændring siden sidste bølge")}.get(reason, reason)


def followup_section(extended: ExtendedResult, result: AnalysisResult, means: Any = None) -> Section | None:
    """Units that stand out and comments per quadrant; ``means``: the units' means the sentences quote
    (:meth:`frisat.web.results.pipeline.Prepared.followup_means`)."""
    followup, comments = extended.followup, comments_by_quadrant(result)
    if (followup is None or followup.empty) and (comments is None or comments.empty):
        return None
    spor_names = labels.spor_labels(result.instrument)
    unit_by = [c for c in extended.unit_by if followup is not None and c in followup.columns]
    units = Table("opfoelgning-enheder", _("Enheder, der skiller sig ud"),
                  [*_group_headers(unit_by), _("Spor"), _("Hvorfor")], [Cell(_("Værdi"), True), Cell(_("Forklaring"))])
    top = extended.config.followup_top
    for record in _records(followup):
        spor = spor_names.get(str(record["spor"]), str(record["spor"]))
        keys = [*_group_cells(record, unit_by), spor, reason_label(str(record["reason"]))]
        detail = texts.followup_sentence(record, unit_by, spor, means, top)
        units.rows.append(Row(keys, [_num(record["value"]), Cell(detail)]))
    counts = None
    if comments is not None and not comments.empty:
        counts = _comment_counts(comments, result, spor_names)
    reason = extended.not_applicable.get("followup", "") if followup is None else ""
    return Section("opfoelgning", _("Kvalitativ opfølgning"), "results/sections/followup.html",
                   {"units": units if units.rows else None, "counts": counts,
                    "reason": texts.followup_reason(reason, WAVE_REFUSAL) if reason else ""})


def _comment_counts(comments: pd.DataFrame, result: AnalysisResult, spor_names: dict[str, str]) -> Table:
    """Comments per spor and quadrant (``n_comments`` of :func:`frisat.core.followup.comments_by_quadrant`)."""
    quadrants = [(q.id, labels.quadrant_label(q.id)) for q in QUADRANTS] + [("__none", labels.no_quadrant())]
    table = Table("opfoelgning-kommentarer", _("Kommentarer pr. spor og kvadrant"), [_("Spor")],
                  [Cell(label, True) for _id, label in quadrants])
    by_key: dict[tuple[str, str], int] = {}
    for record in comments.drop_duplicates(["spor", "quadrant_absolute"]).to_dict("records"):
        quadrant = record["quadrant_absolute"]
        key = "__none" if labels.is_missing(quadrant) else str(quadrant)
        by_key[(str(record["spor"]), key)] = int(record["n_comments"])
    for spor in result.spor:
        table.rows.append(Row([spor_names[spor]], [_int(by_key.get((spor, q), 0)) for q, _label in quadrants]))
    return table


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
                  tie: Any = None, figures: dict[str, list[dict[str, Any]]] | None = None,
                  waves: tuple[str, ...] = (), means: Any = None) -> tuple[list[Section], list[Section]]:
    """The sections that apply, in page order: those before the comments, and those after them.

    ``figures`` maps a section's slug to its figures (template dicts, see
    :func:`frisat.web.results.presentation.figure_dict`); ``waves`` are the selected waves with
    answers and ``means`` the units' means for the follow-up sentences (both from
    :class:`~frisat.web.results.pipeline.Prepared`).
    """
    k = result.config.min_n
    before = [uncertainty_section(result), derived_section(extended, result), relative_section(extended, result),
              points_section(extended, result), groups_section(extended, result),
              waves_section(extended, result, chain, selected, all_waves_query, waves),
              design_section(extended, round_designs, k)]
    after = [followup_section(extended, result, means), audit_section(tie)]
    figures = figures or {}
    for section in [*before, *after]:
        if section is not None:
            section.data.setdefault("figures", figures.get(section.slug, []))
    return [s for s in before if s is not None], [s for s in after if s is not None]
