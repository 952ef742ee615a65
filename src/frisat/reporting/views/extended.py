"""The extended tables (issue 4 item 8, issue 5 item 7) as view models, with their sentences.

Selection and formatting only: every number comes from the :class:`~frisat.core.extended.ExtendedResult`
(``extended``: grouped like the main analysis) and the :class:`~frisat.core.analysis.AnalysisResult`.
A row the core marks ``suppressed`` gets no values. ``column_label`` names a grouping column in
the key headers (the results page has its own names for its groupings).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from frisat.core.analysis import AnalysisResult
from frisat.core.extended import ExtendedResult
from frisat.core.instrument import Instrument
from frisat.core.quadrants import QUADRANTS
from frisat.reporting import labels
from frisat.reporting.codes import DISAGREEMENTS
from frisat.reporting.extended_labels import agreement_label, dimension_label, reason_label
from frisat.reporting.language import tr
from frisat.reporting.views.model import Cell, Row, Sentence, Table
from frisat.reporting.views.sentences import disagreement_sentence, followup_sentence

ColumnLabel = Callable[[str], str]

SENTENCES = 12
"""Disagreements read out in words on the results page (all are in the tables and derived_importance.csv)."""


def default_column_label(column: str) -> str:
    return tr(labels.column_label(column))


def is_suppressed(value: object) -> bool:
    return not labels.is_missing(value) and bool(value)


def records(table: pd.DataFrame | None) -> list[dict[str, Any]]:
    return [] if table is None else table.to_dict("records")


def _group_cells(record: dict[str, Any], by: Sequence[str]) -> list[str]:
    return [labels.value_label(record[c]) for c in by]


def _num(value: object, decimals: int = 2) -> Cell:
    return Cell(labels.fmt_num(value, decimals), num=True)


def _int(value: object) -> Cell:
    return Cell(labels.fmt_int(value), num=True)


def _interval(low: object, high: object, decimals: int = 2) -> Cell:
    return Cell(labels.fmt_interval(low, high, decimals), num=True)


def _yes_no(value: object) -> Cell:
    if labels.is_missing(value):
        return Cell("")
    return Cell(tr("ja") if bool(value) else tr("nej"))


def interval_header(level: str) -> str:
    return tr("%(level)s-konfidensinterval") % {"level": level}


# -- uncertainty -------------------------------------------------------------------------------


@dataclass
class Uncertainty:
    level: str
    method: str
    midpoint: str
    tables: list[Table]
    uncertain: list[str]
    """The spor (and group) whose placement is uncertain."""


def uncertainty(analysis: AnalysisResult, column_label: ColumnLabel = default_column_label) -> Uncertainty:
    """Every shown group mean with its confidence interval, and whether its placement is certain."""
    config = analysis.config
    spor_names = labels.spor_labels(analysis.instrument)
    by = list(analysis.by)
    level = labels.confidence_text(config.confidence)
    tables = []
    uncertain: list[str] = []
    for spor in analysis.spor:
        part = analysis.summary[(analysis.summary["spor"] == spor).to_numpy()]
        interval = interval_header(level)
        caption = tr("Konfidensintervaller – %(spor)s") % {"spor": spor_names[spor]}
        table = Table(f"usikkerhed-{spor}", caption, [column_label(c) for c in by] or [tr("Gruppe")], [
            Cell("N", True), Cell(tr("Implementering, gns."), True), Cell(interval, True),
            Cell(tr("Vigtighed, gns."), True), Cell(interval, True), Cell(tr("Kvadrant")), Cell(tr("Placering"))])
        for record in part.to_dict("records"):
            keys = _group_cells(record, by) or [tr(labels.ALL)]
            if is_suppressed(record["suppressed"]):
                table.rows.append(Row(keys, suppressed=True))
                continue
            quadrant = record["quadrant_absolute"]
            certain = record["quadrant_certain"]
            if labels.is_missing(certain):
                placement = tr("kan ikke vurderes")
            elif labels.is_uncertain(certain):
                placement = labels.uncertain_text(record, config.midpoint)
                where = labels.group_name([record[c] for c in by]) if by else ""
                uncertain.append(spor_names[spor] + (f" ({where})" if where else ""))
            else:
                placement = tr("sikker")
            table.rows.append(Row(keys, [
                _int(record["n"]), _num(record["impl_mean"]), _interval(record["impl_ci_low"], record["impl_ci_high"]),
                _num(record["vigt_mean"]), _interval(record["vigt_ci_low"], record["vigt_ci_high"]),
                Cell("" if labels.is_missing(quadrant) else labels.quadrant_label(quadrant)), Cell(placement)]))
        tables.append(table)
    return Uncertainty(level=level, method=labels.ci_method_text(config),
                       midpoint=labels.fmt_num(config.midpoint, 1), tables=tables, uncertain=uncertain)


# -- derived importance ------------------------------------------------------------------------


def indicator_texts(instrument: Instrument, spor: str, dimension: str = "impl") -> dict[str, str]:
    """Indicator letter → its text in the questionnaire (the implementation wording by default)."""
    texts = {}
    for column in instrument.item_columns(spor, dimension):
        spec = instrument.column(column)
        texts[str(spec.item)] = spec.text
    return texts


@dataclass
class GroupSentence:
    """A sentence about one group (``group`` empty without a grouping)."""

    group: str
    sentence: Sentence


@dataclass
class Derived:
    tables: list[Table]
    sentences: list[GroupSentence]
    more: int
    legends: list[dict[str, Any]] = field(default_factory=list)


def derived(analysis: AnalysisResult, extended: ExtendedResult,
            column_label: ColumnLabel = default_column_label) -> Derived | None:
    """Stated and derived importance per spor, the disagreements in words and the indicators' texts."""
    table = extended.derived_importance
    if table is None or table.empty:
        return None
    instrument = analysis.instrument
    by = list(extended.by)
    spor_names = labels.spor_labels(instrument)
    tables, sentences, legends = [], [], []
    for spor in analysis.spor:
        part = table[(table["spor"] == spor).to_numpy()]
        if part.empty:
            continue
        indicator = indicator_texts(instrument, spor)
        legends.append({"title": spor_names[spor], "items": [{"item": k, "text": v} for k, v in indicator.items()
                                                             if k in set(part["indicator"].astype(str))]})
        caption = tr("Udtalt og afledt vigtighed – %(spor)s") % {"spor": spor_names[spor]}
        out = Table(f"afledt-{spor}", caption, [*(column_label(c) for c in by), tr("Indikator")], [
            Cell("N", True), Cell(tr("Udtalt vigtighed, gns."), True), Cell(tr("Udtalt rang"), True),
            Cell(tr("Korrelation (r)"), True), Cell(tr("Vægt (β)"), True), Cell("R²", True),
            Cell(tr("Afledt rang"), True), Cell(tr("Vurdering"))])
        for record in part.to_dict("records"):
            keys = [*_group_cells(record, by), str(record["indicator"])]
            if is_suppressed(record["suppressed"]):
                out.rows.append(Row(keys, suppressed=True))
                continue
            out.rows.append(Row(keys, [
                _int(record["n"]), _num(record["stated_mean"]), _int(record["stated_rank"]),
                _num(record["correlation"]), _num(record["beta"]), _num(record["r_squared"]),
                _int(record["derived_rank"]), Cell(agreement_label(record["agreement"]))]))
            if str(record.get("agreement")) in DISAGREEMENTS:
                text = indicator.get(str(record["indicator"]), "")
                where = labels.group_name([record[c] for c in by]) if by else ""
                sentences.append(GroupSentence(where, disagreement_sentence(record, spor_names[spor], text)))
        tables.append(out)
    return Derived(tables, sentences[:SENTENCES], max(0, len(sentences) - SENTENCES), legends)


# -- relative importance and points --------------------------------------------------------------


def relative(analysis: AnalysisResult, extended: ExtendedResult,
             column_label: ColumnLabel = default_column_label) -> tuple[Table, Table] | None:
    """Relative importance of the spor and of the indicators."""
    table = extended.relative_importance
    if table is None or table.empty:
        return None
    by = list(extended.by)
    spor_names = labels.spor_labels(analysis.instrument)
    level = labels.confidence_text(analysis.config.confidence)
    headers = [Cell("N", True), Cell(tr("Vigtighed, gns."), True), Cell(tr("Centreret gns."), True),
               Cell(interval_header(level), True), Cell(tr("Rang"), True)]
    keys_by = [column_label(c) for c in by]
    spor_table = Table("relativ-spor", tr("Relativ vigtighed af sporene"), [*keys_by, tr("Spor")], headers)
    items_table = Table("relativ-indikatorer", tr("Relativ vigtighed af indikatorerne"),
                        [*keys_by, tr("Spor"), tr("Indikator")], headers)
    for record in table.to_dict("records"):
        spor = str(record["spor"])
        is_spor = record["level"] == "spor"
        keys = [*_group_cells(record, by), spor_names.get(spor, spor)]
        if not is_spor:
            keys.append(str(record["indicator"]))
        target = spor_table if is_spor else items_table
        if is_suppressed(record["suppressed"]):
            target.rows.append(Row(keys, suppressed=True))
            continue
        target.rows.append(Row(keys, [_int(record["n"]), _num(record["raw_mean"]), _num(record["centred_mean"]),
                                      _interval(record["centred_ci_low"], record["centred_ci_high"]),
                                      _int(record["rank"])]))
    return spor_table, items_table


def points(analysis: AnalysisResult, extended: ExtendedResult,
           column_label: ColumnLabel = default_column_label) -> Table | None:
    table = extended.points
    if table is None or table.empty:
        return None
    by = list(extended.by)
    spor_names = labels.spor_labels(analysis.instrument)
    level = labels.confidence_text(analysis.config.confidence)
    out = Table("point-tabel", tr("Gennemsnitlige point pr. spor"), [*(column_label(c) for c in by), tr("Spor")], [
        Cell("N", True), Cell(tr("Point, gns."), True), Cell(interval_header(level), True),
        Cell(tr("Rang"), True)])
    for record in table.to_dict("records"):
        keys = [*_group_cells(record, by), spor_names.get(str(record["spor"]), str(record["spor"]))]
        if is_suppressed(record["suppressed"]):
            out.rows.append(Row(keys, suppressed=True))
            continue
        out.rows.append(Row(keys, [_int(record["n"]), _num(record["mean_points"], 1),
                                   _interval(record["ci_low"], record["ci_high"], 1), _int(record["rank"])]))
    return out


# -- groups side by side ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DifferenceRow:
    """One difference between a respondent group and the reference, formatted for both outputs (the
    results page's table and the report's chapter); no values when ``suppressed``."""

    keys: list[str]
    """The grouping cells (normally none: the whole subset is compared)."""
    spor: str
    dimension: str
    group: str
    reference: str
    pair: str
    """«group mod reference»."""
    suppressed: bool
    n_group: str = ""
    mean_group: str = ""
    n_reference: str = ""
    mean_reference: str = ""
    difference: str = ""
    interval: str = ""
    verdict: str = ""
    """«ja»/«nej»: the interval excludes 0; empty when unknown."""
    p_value: str = ""


def difference_rows(analysis: AnalysisResult, table: pd.DataFrame | None,
                    by: Sequence[str] = ()) -> list[DifferenceRow]:
    """The rows of :func:`frisat.core.comparisons.compare_groups`'s ``table``, in its order."""
    if table is None:
        return []
    spor_names = labels.spor_labels(analysis.instrument)
    by = [c for c in table.columns if c in by]
    rows = []
    for record in table.to_dict("records"):
        group, reference = labels.value_label(record["group"]), labels.value_label(record["reference"])
        row = DifferenceRow(
            keys=_group_cells(record, by), spor=spor_names.get(str(record["spor"]), str(record["spor"])),
            dimension=dimension_label(record["dimension"]), group=group, reference=reference,
            pair=tr("%(group)s mod %(reference)s") % {"group": group, "reference": reference},
            suppressed=is_suppressed(record["suppressed"]))
        if not row.suppressed:
            row = replace(row, n_group=_int(record["n_group"]).text, mean_group=_num(record["mean_group"]).text,
                          n_reference=_int(record["n_reference"]).text,
                          mean_reference=_num(record["mean_reference"]).text,
                          difference=_num(record["difference"]).text,
                          interval=_interval(record["ci_low"], record["ci_high"]).text,
                          verdict=_yes_no(record["significant"]).text, p_value=_num(record["p_value"], 3).text)
        rows.append(row)
    return rows


def group_differences(analysis: AnalysisResult, extended: ExtendedResult,
                      column_label: ColumnLabel = default_column_label) -> tuple[Table, list[str]] | None:
    """The differences between respondent groups, and the pairs compared (group mod reference)."""
    table = extended.group_differences
    if table is None or table.empty:
        return None
    level = labels.confidence_text(analysis.config.confidence)
    by = [c for c in table.columns if c in extended.by]  # normally none: the whole subset is compared
    out = Table("grupper-tabel", tr("Forskelle mellem respondentgrupper"),
                [*(column_label(c) for c in by), tr("Spor"), tr("Dimension"), tr("Sammenligning")], [
                    Cell(tr("N, gruppe"), True), Cell(tr("Gns., gruppe"), True), Cell(tr("N, reference"), True),
                    Cell(tr("Gns., reference"), True), Cell(tr("Forskel"), True),
                    Cell(interval_header(level), True), Cell(tr("Tydelig forskel")),
                    Cell(tr("p-værdi"), True)])
    pairs: list[str] = []
    for row in difference_rows(analysis, table, by):
        if row.pair not in pairs:
            pairs.append(row.pair)
        keys = [*row.keys, row.spor, row.dimension, row.pair]
        if row.suppressed:
            out.rows.append(Row(keys, suppressed=True))
            continue
        out.rows.append(Row(keys, [
            Cell(row.n_group, True), Cell(row.mean_group, True), Cell(row.n_reference, True),
            Cell(row.mean_reference, True), Cell(row.difference, True), Cell(row.interval, True), Cell(row.verdict),
            Cell(row.p_value, True)]))
    return out, pairs


# -- waves ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    """One change of a spor × dimension between two waves, unpaired and paired (units in both waves),
    formatted for both outputs; no values when ``suppressed``."""

    keys: list[str]
    spor: str
    dimension: str
    step: str
    """«from → to»."""
    suppressed: bool
    n_from: str = ""
    mean_from: str = ""
    n_to: str = ""
    mean_to: str = ""
    change: str = ""
    interval: str = ""
    verdict: str = ""
    paired_units: str = ""
    paired_change: str = ""
    paired_interval: str = ""
    paired_verdict: str = ""


def change_rows(analysis: AnalysisResult, table: pd.DataFrame | None, by: Sequence[str] = ()) -> list[ChangeRow]:
    """The rows of :func:`frisat.core.waves.changes`'s ``table``, in its order."""
    if table is None:
        return []
    spor_names = labels.spor_labels(analysis.instrument)
    by = [c for c in by if c in table.columns]
    rows = []
    for record in table.to_dict("records"):
        row = ChangeRow(keys=_group_cells(record, by), spor=spor_names.get(str(record["spor"]), str(record["spor"])),
                        dimension=dimension_label(record["dimension"]),
                        step=f"{record['wave_from']} → {record['wave_to']}",
                        suppressed=is_suppressed(record["suppressed"]))
        if not row.suppressed:
            row = replace(row, n_from=_int(record["n_from"]).text, mean_from=_num(record["mean_from"]).text,
                          n_to=_int(record["n_to"]).text, mean_to=_num(record["mean_to"]).text,
                          change=_num(record["change"]).text,
                          interval=_interval(record["ci_low"], record["ci_high"]).text,
                          verdict=_yes_no(record["significant"]).text,
                          paired_units=_int(record["paired_units"]).text,
                          paired_change=_num(record["paired_change"]).text,
                          paired_interval=_interval(record["paired_ci_low"], record["paired_ci_high"]).text,
                          paired_verdict=_yes_no(record["paired_significant"]).text)
        rows.append(row)
    return rows


def changes(analysis: AnalysisResult, extended: ExtendedResult,
            column_label: ColumnLabel = default_column_label) -> Table | None:
    """The change between waves per spor and dimension (with the paired units' change)."""
    table = extended.changes
    if table is None or table.empty:
        return None
    by = [c for c in extended.by if c in table.columns]
    level = labels.confidence_text(analysis.config.confidence)
    out = Table("boelger-tabel", tr("Ændring fra bølge til bølge"),
                [*(column_label(c) for c in by), tr("Spor"), tr("Dimension"), tr("Bølger")], [
                    Cell(tr("N, før"), True), Cell(tr("Gns., før"), True), Cell(tr("N, efter"), True),
                    Cell(tr("Gns., efter"), True), Cell(tr("Ændring"), True),
                    Cell(interval_header(level), True), Cell(tr("Tydelig ændring")),
                    Cell(tr("Parrede enheder"), True), Cell(tr("Ændring, parret"), True),
                    Cell(tr("%(level)s-interval, parret") % {"level": level}, True)])
    for row in change_rows(analysis, table, by):
        keys = [*row.keys, row.spor, row.dimension, row.step]
        if row.suppressed:
            out.rows.append(Row(keys, suppressed=True))
            continue
        out.rows.append(Row(keys, [
            Cell(row.n_from, True), Cell(row.mean_from, True), Cell(row.n_to, True), Cell(row.mean_to, True),
            Cell(row.change, True), Cell(row.interval, True), Cell(row.verdict), Cell(row.paired_units, True),
            Cell(row.paired_change, True), Cell(row.paired_interval, True)]))
    return out


# -- split design -----------------------------------------------------------------------------------


DESIGN_COUNTS = ("respondents", "impl_only", "vigt_only", "both", "n_impl", "n_vigt")
"""The counts of :attr:`frisat.core.design.DesignReport.by_group` each respondent group shows."""


@dataclass(frozen=True)
class DesignRow:
    """Answers per dimension of one respondent group; ``counts`` (by :data:`DESIGN_COUNTS`) empty when
    the group has fewer than k respondents."""

    name: str
    suppressed: bool
    counts: dict[str, str] = field(default_factory=dict)


def design_rows(extended: ExtendedResult, k: int) -> list[DesignRow]:
    """One row per respondent group of the design report (groups below ``k`` get no numbers)."""
    report = extended.design
    if report is None:
        return []
    rows = []
    for record in report.by_group.to_dict("records"):
        name = labels.value_label(record["gruppe"]) or labels.value_label("(ikke angivet)")
        hidden = int(record["respondents"]) < k
        rows.append(DesignRow(name, hidden, {} if hidden else {c: _int(record[c]).text for c in DESIGN_COUNTS}))
    return rows


def design_table(extended: ExtendedResult, k: int) -> Table | None:
    """Answers per dimension and respondent group (groups below ``k`` get no numbers)."""
    if extended.design is None:
        return None
    out = Table("design-tabel", tr("Besvarelser pr. dimension og respondentgruppe"), [tr("Respondentgruppe")], [
        Cell(tr("Besvarelser"), True), Cell(tr("Kun implementering"), True), Cell(tr("Kun vigtighed"), True),
        Cell(tr("Begge"), True), Cell(tr("N, implementering"), True), Cell(tr("N, vigtighed"), True)])
    for row in design_rows(extended, k):
        out.rows.append(Row([row.name], [Cell(row.counts.get(c, ""), True) for c in DESIGN_COUNTS]
                            if not row.suppressed else [], suppressed=row.suppressed))
    return out


# -- qualitative follow-up -------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowupRow:
    """One unit that stands out in one spor, for one reason, formatted for both outputs."""

    units: list[str]
    """The unit's cells (område, enhed …)."""
    spor: str
    code: str
    """The core's reason code (priority, deviation, largest_gap, largest_change)."""
    reason: str
    value: str
    detail: str
    """The sentence that says why."""

    @property
    def unit(self) -> str:
        return " / ".join(self.units)


def followup_rows(analysis: AnalysisResult, extended: ExtendedResult) -> list[FollowupRow]:
    """The rows of :func:`frisat.core.followup.followup` (``extended.followup``), in its order."""
    followup = extended.followup
    if followup is None:
        return []
    spor_names = labels.spor_labels(analysis.instrument)
    unit_by = [c for c in extended.unit_by if c in followup.columns]
    top = extended.config.followup_top
    rows = []
    for record in records(followup):
        spor = spor_names.get(str(record["spor"]), str(record["spor"]))
        rows.append(FollowupRow(units=_group_cells(record, unit_by), spor=spor, code=str(record["reason"]),
                                reason=reason_label(str(record["reason"])), value=_num(record["value"]).text,
                                detail=followup_sentence(record, unit_by, spor, top)))
    return rows


def followup_units(analysis: AnalysisResult, extended: ExtendedResult,
                   column_label: ColumnLabel = default_column_label) -> Table | None:
    """The units that stand out, why, and the sentence that says it (None when there are none)."""
    followup = extended.followup
    if followup is None or followup.empty:
        return None
    unit_by = [c for c in extended.unit_by if c in followup.columns]
    units = Table("opfoelgning-enheder", tr("Enheder, der skiller sig ud"),
                  [*(column_label(c) for c in unit_by), tr("Spor"), tr("Hvorfor")],
                  [Cell(tr("Værdi"), True), Cell(tr("Forklaring"))])
    for row in followup_rows(analysis, extended):
        units.rows.append(Row([*row.units, row.spor, row.reason], [Cell(row.value, True), Cell(row.detail)]))
    return units


def comment_counts(analysis: AnalysisResult, comments: pd.DataFrame | None) -> Table | None:
    """Comments per spor and quadrant (``n_comments`` of :func:`frisat.core.followup.comments_by_quadrant`)."""
    if comments is None or comments.empty:
        return None
    spor_names = labels.spor_labels(analysis.instrument)
    quadrants = [(q.id, labels.quadrant_label(q.id)) for q in QUADRANTS] + [("__none", labels.no_quadrant())]
    table = Table("opfoelgning-kommentarer", tr("Kommentarer pr. spor og kvadrant"), [tr("Spor")],
                  [Cell(label, True) for _id, label in quadrants])
    by_key: dict[tuple[str, str], int] = {}
    for record in comments.drop_duplicates(["spor", "quadrant_absolute"]).to_dict("records"):
        quadrant = record["quadrant_absolute"]
        key = "__none" if labels.is_missing(quadrant) else str(quadrant)
        by_key[(str(record["spor"]), key)] = int(record["n_comments"])
    for spor in analysis.spor:
        table.rows.append(Row([spor_names[spor]], [_int(by_key.get((spor, q), 0)) for q, _label in quadrants]))
    return table
