"""The report chapter on the item tables («Svar spørgsmål for spørgsmål»), and the report of an
instrument that has nothing but items (an evaluation survey).

The chapter's view model is built here from the bundle's item tables and figures; every text goes
through :func:`~frisat.reporting.language.tr`, so the chapter reads in Danish and, on the results
page, in English. The template ``_items.html.j2`` only lays it out; ``items_rapport.html.j2`` is the
whole report of an instrument without the barometer's dimensions.
"""

from __future__ import annotations

import datetime as dt
import math
from importlib import resources
from typing import Any

import pandas as pd

from frisat.core.instrument import Instrument
from frisat.core.items import ANSWERED, BLANK, DONT_KNOW_ANSWER, TOP_BOX, item_specs
from frisat.reporting import labels
from frisat.reporting.figures import FigureOutput
from frisat.reporting.item_figures import fmt_pct
from frisat.reporting.item_tables import group_columns, item_labels
from frisat.reporting.language import tr
from frisat.reporting.views.model import figure_spec


def _pp(value: float) -> str:
    """A difference of shares in percentage points, signed (e.g. ``+23``)."""
    if labels.is_missing(value):
        return ""
    text = labels.fmt_num(abs(value) * 100, 0)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def _interval_pct(low: object, high: object) -> str:
    if labels.is_missing(low) or labels.is_missing(high):
        return ""
    return f"{fmt_pct(float(low))}–{fmt_pct(float(high))}"


def _cell(record: dict, by: list[str]) -> str:
    parts = [labels.value_label(record[c]) for c in by]
    wave = str(record.get("maaling") or "")
    return " / ".join([*parts, *([wave] if wave else [])]) or tr(labels.ALL)


def _rows(items: pd.DataFrame, instrument: Instrument, min_n: int) -> list[dict[str, Any]]:
    """One row per item × cell: N, the top box (or «Ja») with its interval, «ved ikke», blank, mean, median."""
    by = group_columns(items)
    names = item_labels(instrument)
    specs = {s.name: s for s in item_specs(instrument)}
    rows = []
    order = {name: i for i, name in enumerate(specs)}
    ranked = items.assign(__item=items["item"].map(order), __row=range(len(items)))
    ranked = ranked.sort_values(["__item", "__row"], kind="stable")
    for (item, *_), cell in ranked.groupby(["item", *by, "maaling"], sort=False):
        answers = cell.set_index("answer")
        first = cell.iloc[0].to_dict()
        spec = specs.get(item)
        headline = TOP_BOX if TOP_BOX in answers.index else ("1" if spec and spec.scale.type == "yesno" else None)
        answered = answers.loc[ANSWERED]
        if bool(answered["suppressed"]):
            rows.append({"item": names.get(item, item), "cell": _cell(first, by), "suppressed": True,
                         "headline_label": "", "text": labels.suppressed_text(min_n)})
            continue
        head = answers.loc[headline] if headline is not None else None
        rows.append({
            "item": names.get(item, item), "cell": _cell(first, by), "suppressed": False,
            "respondents": labels.fmt_int(answered["n"]), "n": labels.fmt_int(answered["count"]),
            "headline_label": "" if head is None else str(head["answer_label"]),
            "headline": "" if head is None or bool(head["suppressed"]) else fmt_pct(float(head["share"])),
            "interval": "" if head is None or bool(head["suppressed"]) else _interval_pct(head["share_ci_low"],
                                                                                           head["share_ci_high"]),
            "dont_know": labels.fmt_int(answers.loc[DONT_KNOW_ANSWER, "count"]),
            "blank": labels.fmt_int(answers.loc[BLANK, "count"]),
            "mean": labels.fmt_num(first["mean"], 1), "median": labels.fmt_num(first["median"], 1),
        })
    return rows


def _change_rows(changes: pd.DataFrame, items: pd.DataFrame, instrument: Instrument) -> list[dict[str, Any]]:
    """The change of each item's top box (or «Ja») between waves."""
    by = group_columns(changes)
    names = item_labels(instrument)
    specs = {s.name: s for s in item_specs(instrument)}
    with_top = set(items.loc[items["answer"] == TOP_BOX, "item"])
    keep = changes["answer"].eq(TOP_BOX) | (~changes["item"].isin(with_top) & changes["answer"].eq("1") & changes[
        "item"].map(lambda i: i in specs and specs[i].scale.type == "yesno"))
    label_of = items.drop_duplicates(["item", "answer"]).set_index(["item", "answer"])["answer_label"]
    rows = []
    for record in changes[keep].to_dict("records"):
        group = " / ".join(labels.value_label(record[c]) for c in by)
        certain = not record["suppressed"] and (record["diff_ci_low"] > 0 or record["diff_ci_high"] < 0)
        rows.append({
            "item": names.get(record["item"], record["item"]), "group": group,
            "answer": str(label_of.get((record["item"], record["answer"]), record["answer"])),
            "waves": f"{record['from_wave']} → {record['to_wave']}", "suppressed": bool(record["suppressed"]),
            "diff": _pp(record["diff"]),
            "interval": "" if record["suppressed"] else tr("%(low)s til %(high)s") % {
                "low": _pp(record["diff_ci_low"]), "high": _pp(record["diff_ci_high"])},
            "certain": certain,
        })
    return rows


def build_items_context(items: pd.DataFrame | None, changes: pd.DataFrame | None, instrument: Instrument,
                        min_n: int, figures: list[FigureOutput]) -> dict[str, Any]:
    """The chapter's view model; ``enabled`` false when there are no item tables."""
    if items is None or items.empty:
        return {"enabled": False}
    numeric = any(not math.isnan(v) for v in items["mean"].astype(float))
    by = group_columns(items)
    return {
        "enabled": True,
        "title": tr("Svar spørgsmål for spørgsmål"),
        "intro": tr("Kapitlet viser for hvert spørgsmål, hvor mange der har givet hvert svar, pr. måling. "
                    "Tallene for alle svarmuligheder står i items.csv og resultater.xlsx."),
        "method": [
            tr("Andelene er beregnet af de indholdsmæssige svar: «ved ikke» og ubesvaret tælles for sig og "
               "indgår ikke i nævneren. En andel læses derfor som «af dem, der tog stilling»."),
            tr("Topboks er de øverste svarmuligheder lagt sammen (fx «i høj grad» og «i meget høj grad»)."),
            tr("Hver andel har et 95 %-konfidensinterval efter Wilson. Ændringen mellem to målinger er "
               "forskellen i andel med et 95 %-interval efter Newcombe; målingerne behandles som "
               "uafhængige stikprøver."),
            tr("Ingen celle (gruppe × måling) med færre end %(k)d besvarelser vises, og et spørgsmål med færre "
               "end %(k)d indholdsmæssige svar i en celle viser ingen andele.") % {"k": min_n},
        ],
        "headers": {
            "item": tr("Spørgsmål"), "cell": " / ".join([*(labels.column_label(c) for c in by), tr("Måling")]),
            "respondents": tr("Respondenter"), "n": tr("Svar (N)"), "headline": tr("Topboks / Ja"),
            "interval": tr("95 %-interval"), "dont_know": tr("Ved ikke"), "blank": tr("Ikke besvaret"),
            "mean": tr("Gennemsnit"), "median": tr("median").capitalize(),
            "group": " / ".join(labels.column_label(c) for c in by),
            "waves": tr("Målinger"), "diff": tr("Ændring (procentpoint)"), "answer": tr("Svar"),
        },
        "table_caption": tr("Svar pr. spørgsmål og måling"),
        "changes_title": tr("Ændring mellem målingerne"),
        "changes_caption": tr("Ændring i topboks (eller «Ja») mellem målingerne, i procentpoint"),
        "changes_note": tr("Et interval, der ikke omfatter 0, er markeret med ✓: så er ændringen større, end "
                           "tilfældigheder alene let giver."),
        "suppressed_text": labels.suppressed_text(min_n),
        "numeric": numeric,
        "grouped": bool(by),
        "rows": _rows(items, instrument, min_n),
        "changes": _change_rows(changes, items, instrument) if changes is not None else [],
        "figures": [figure_spec(f) for f in figures],
    }


def build_items_report(items: pd.DataFrame, changes: pd.DataFrame | None, instrument: Instrument, min_n: int,
                       figures: list[FigureOutput], *, n_respondents: int, demo_note: str | None = None,
                       source_file: str | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """The whole report of an instrument without the barometer's dimensions."""
    from frisat.reporting.report import danish_date

    waves = [w for w in dict.fromkeys(items["maaling"].astype(str)) if w]
    return {
        "title": instrument.title,
        "instrument": {"title": instrument.title, "source": instrument.source, "intro": instrument.intro,
                       "additions": list(instrument.additions)},
        "date": danish_date(today or dt.date.today()),
        "demo_note": demo_note,
        "source_file": source_file,
        "n_respondents": labels.fmt_int(n_respondents),
        "waves": ", ".join(waves),
        "min_n": min_n,
        "items": build_items_context(items, changes, instrument, min_n, figures),
    }


def render_items_report(context: dict[str, Any]) -> str:
    """items_rapport.html: self-contained, like rapport.html."""
    from frisat.reporting.report import _environment

    css = resources.files("frisat.reporting").joinpath("templates/rapport.css").read_text(encoding="utf-8")
    return _environment().get_template("items_rapport.html.j2").render(css=css, **context)
