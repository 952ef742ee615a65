"""The evaluation report (issue 14, item 7): data basis, survey results by wave, case measures by
period and the interview log, in plain Danish or English (:func:`~frisat.reporting.language.tr`) with
every number's n. Linked rounds of different questionnaires are one section each.

Built from the existing view models: the item chapter of :mod:`frisat.reporting.item_report` (from a
:class:`~frisat.core.results.ResultBundle`) and the case sections of
:mod:`frisat.reporting.cases.outputs` (from a :class:`~frisat.core.cases.periods.PeriodComparison`).
Nothing is recomputed here; the web page and ``rapport.html`` show the same context.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frisat.core.results import ResultBundle
from frisat.reporting._files import write_text
from frisat.reporting.cases.figures import period_boxplot
from frisat.reporting.cases.outputs import CaseReportInput
from frisat.reporting.cases.outputs import _context as case_context
from frisat.reporting.cases.texts import note_sentence, scheme_name
from frisat.reporting.labels import fmt_int, fmt_num
from frisat.reporting.language import current, tr


@dataclass(frozen=True)
class SurveyBasis:
    """A linked survey round: its name, wave, invited and answered."""

    name: str
    wave: str
    invited: int
    answered: int


@dataclass(frozen=True)
class PeriodBasis:
    label: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    cases: int


@dataclass(frozen=True)
class InterviewLine:
    informant_group: str
    year: int
    kind: str
    count: int


@dataclass
class EvaluationInput:
    name: str
    municipality: str
    trial: str = ""
    area: str = ""
    periods: Sequence[PeriodBasis] = ()
    surveys: Sequence[SurveyBasis] = ()
    interviews: Sequence[InterviewLine] = ()
    survey: ResultBundle | None = None
    """The linked rounds' results (an items-only bundle); None without rounds."""
    survey_sections: Sequence[ResultBundle] = ()
    """One items-only bundle per questionnaire when the linked rounds use different ones (each its own
    section, oldest questionnaire first); empty when ``survey`` holds the one bundle."""
    cases: CaseReportInput | None = None
    """The registered cases compared by period; None without cases."""
    demo_note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _date(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def _rate(answered: int, invited: int) -> str:
    return fmt_num(100 * answered / invited, 0) + current().percent if invited else "–"


def basis_context(data: EvaluationInput) -> dict[str, Any]:
    """The data basis («datagrundlag»): surveys with response rates, cases per period, interviews."""
    surveys = [{"name": s.name, "wave": s.wave, "invited": fmt_int(s.invited), "answered": fmt_int(s.answered),
                "rate": _rate(s.answered, s.invited)} for s in data.surveys]
    periods = [{"label": scheme_name(p.label),
                "dates": " – ".join(x for x in (_date(p.starts_on), _date(p.ends_on)) if x),
                "cases": fmt_int(p.cases)} for p in data.periods]
    interviews = [{"group": i.informant_group, "year": i.year, "kind": i.kind, "count": fmt_int(i.count)}
                  for i in data.interviews]
    years = sorted({i.year for i in data.interviews})
    groups = list(dict.fromkeys(i.informant_group for i in data.interviews))
    table = [{"group": g, "counts": [fmt_int(sum(i.count for i in data.interviews
                                                  if i.informant_group == g and i.year == y)) for y in years],
              "total": fmt_int(sum(i.count for i in data.interviews if i.informant_group == g))} for g in groups]
    totals = [fmt_int(sum(i.count for i in data.interviews if i.year == y)) for y in years]
    n_cases = sum(p.cases for p in data.periods)
    n_interviews = sum(i.count for i in data.interviews)
    sentences = []
    if data.surveys:
        parts = [tr("%(wave)s: %(answered)s svar af %(invited)s inviterede (svarprocent %(rate)s)") % {
            "wave": s.wave, "answered": fmt_int(s.answered), "invited": fmt_int(s.invited),
            "rate": _rate(s.answered, s.invited)} for s in data.surveys]
        sentences.append(tr("Spørgeskemaundersøgelse i %(rounds)d runder — %(parts)s.") % {
            "rounds": len(data.surveys), "parts": "; ".join(parts)})
    if data.periods:
        parts = [f"{scheme_name(p.label).lower()}: {fmt_int(p.cases)}" for p in data.periods]
        sentences.append(tr("Registrering af %(n)s sager i %(periods)d perioder — %(parts)s.") % {
            "n": fmt_int(n_cases), "periods": len(data.periods), "parts": "; ".join(parts)})
    if n_interviews:
        sentences.append(tr("Interview og fokusgruppeinterview med %(n)s interviewpersoner i %(groups)d "
                            "informantgrupper (%(years)s).") % {
            "n": fmt_int(n_interviews), "groups": len(groups), "years": ", ".join(map(str, years))})
    return {"surveys": surveys, "periods": periods, "interviews": interviews, "interview_years": years,
            "interview_table": table, "interview_totals": totals, "interview_total": fmt_int(n_interviews),
            "n_cases": fmt_int(n_cases), "sentences": sentences}


INDEPENDENT_WAVES = (
    "Ændringen mellem to målinger er beregnet, som om målingerne er to uafhængige stikprøver: svarene kobles "
    "ikke person for person, for besvarelserne er anonyme. Har mange de samme personer svaret i begge "
    "målinger, er intervallet for ændringen snarere for bredt end for smalt.")
"""The method text on wave changes (plain words for the item chapter's «independent samples»)."""


def survey_context(bundle: ResultBundle | None, first_number: int = 1, section: int = 1) -> dict[str, Any]:
    """The item chapter's view model (figures included, numbered from ``first_number``) of the
    linked rounds of one questionnaire, or disabled."""
    from frisat.reporting.item_outputs import item_figures_for
    from frisat.reporting.item_report import build_items_context

    anchor = "spoergeskema" if section == 1 else f"spoergeskema-{section}"
    if bundle is None or not bundle.allowed or bundle.items is None or bundle.instrument is None:
        return {"enabled": False, "refused": bundle is not None and not bundle.allowed, "figure_count": 0,
                "anchor": anchor}
    figures = item_figures_for(bundle, first_number)
    for figure in figures:
        figure.slug = f"s{section}_{figure.slug}" if section > 1 else figure.slug
    context = build_items_context(bundle.items, bundle.item_changes, bundle.instrument, bundle.min_n, figures)
    context["instrument_title"] = bundle.instrument.title
    context["anchor"] = anchor
    context["section_id"] = "spoergsmaal" if section == 1 else f"spoergsmaal-{section}"
    context["figure_count"] = len(figures)
    if context.get("enabled") and bundle.item_changes is not None and not bundle.item_changes.empty:
        context["method"] = [*context["method"], tr(INDEPENDENT_WAVES)]
    return context


def surveys_context(data: EvaluationInput) -> list[dict[str, Any]]:
    """One item chapter per questionnaire of the linked rounds (figures numbered on across them)."""
    bundles = list(data.survey_sections) or [data.survey]
    sections, number = [], 1
    for section, bundle in enumerate(bundles, start=1):
        context = survey_context(bundle, number, section)
        number += context["figure_count"]
        sections.append(context)
    return sections


def cases_context(data: CaseReportInput | None) -> dict[str, Any]:
    """The case sections of :mod:`frisat.reporting.cases.outputs` with their box/strip plots."""
    if data is None or data.frame.empty:
        return {"enabled": False}
    notes = list(dict.fromkeys(note_sentence(n, data.scheme) for n in data.comparison.notes))
    figures: dict[str, list[dict[str, str]]] = {}
    groups = sorted({key[1:-1] for key in data.comparison.values}, key=lambda g: tuple(map(str, g)))
    for measure in data.scheme.measures:
        for group in groups:
            slug = re.sub(r"[^\w]+", "-", "-".join([measure.id, *(str(g) for g in group)])).strip("-")
            figure = period_boxplot(data.comparison, data.scheme, measure.id, group, slug)
            figures.setdefault(measure.id, []).append({
                "title": figure.title + (" — " + " / ".join(map(str, group)) if any(map(str, group)) else ""),
                "alt": figure.alt,
                "src": "data:image/png;base64," + base64.b64encode(figure.png).decode()})
    context = case_context(data, figures, notes)
    context["enabled"] = True
    return context


def build_evaluation_context(data: EvaluationInput, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the evaluation page and its report show."""
    return {"lang": "da" if current().danish else "en", "name": data.name, "municipality": data.municipality,
            "area": data.area, "trial": data.trial,
            "demo_note": data.demo_note, "date": (today or dt.date.today()).strftime("%d-%m-%Y"),
            "basis": basis_context(data), "surveys": (surveys := surveys_context(data)), "survey": surveys[0],
            "cases": cases_context(data.cases)}


def render_evaluation_report(context: dict[str, Any]) -> str:
    """evaluering.html: one self-contained document (figures embedded)."""
    from importlib import resources

    from frisat.reporting.report import _environment

    css = resources.files("frisat.reporting").joinpath("templates/rapport.css").read_text(encoding="utf-8")
    env = _environment()
    env.globals["tr"] = tr  # the template words its texts with {{ tr("…") }}
    return env.get_template("evaluering_rapport.html.j2").render(css=css, **context)


def write_evaluation_report(context: dict[str, Any], out_dir: Path, *, pdf: bool = False) -> list[Path]:
    """evaluering.html (and evaluering.pdf) in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    html = render_evaluation_report(context)
    written = [write_text(out_dir / "evaluering.html", html)]
    if pdf:
        from frisat.reporting.report import write_pdf

        write_pdf(html, out_dir / "evaluering.pdf")
        written.append(out_dir / "evaluering.pdf")
    return written
