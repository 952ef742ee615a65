"""The one-page summary of a friktionseftersyn (per process or per municipality), HTML and PDF.

For the leader and the political follow group: what was found (the activities with most
markings, the kinds and categories of friction), what was decided (fjernes / forandres /
forankres, with the decisions listed) and the hours freed (Standard Cost Model, computed by
:mod:`frisat.core.burden`). The input is plain pandas data, so this module knows nothing of the
web app; :func:`render_html` gives one self-contained document (CSS inline) laid out to fit one A4
page, and :func:`pdf_bytes` prints it with WeasyPrint. Lists are cut to fit the page; the cut is
said in the text ("… og 4 flere").
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

import jinja2
import pandas as pd

from frisat.reporting.labels import fmt_int, fmt_num, is_missing
from frisat.reporting.report import danish_date

KINDS: dict[str, tuple[str, str]] = {
    "belastende": ("belastende", "⚠"),
    "tung": ("tung", "■"),
    "unoedvendig": ("unødvendig", "⊘"),
    "meningsloes": ("meningsløs", "?"),
}
"""Marking kind → (Danish label, symbol). The symbol is always shown next to its word."""

OUTCOMES: dict[str, tuple[str, str]] = {
    "fjernes": ("fjernes", "✕"),
    "forandres": ("forandres", "↻"),
    "forankres": ("forankres", "⚓"),
}
"""Decision outcome → (Danish label, symbol)."""

MARKING_COLUMNS = ("activity_id", "kind", "category")
"""``markings``: one row per marking; ``category`` is the category's label ('' when none)."""
ACTIVITY_COLUMNS = ("activity_id", "process", "order", "description", "outcome", "hours_before",
                    "hours_after", "hours_freed")
"""``activities``: one row per activity, e.g. :func:`frisat.core.burden.burden_table` plus
``process``, ``order`` and ``description``."""
DECISION_COLUMNS = ("target", "target_type", "process", "outcome", "rationale", "owner", "decided_on")
"""``decisions``: the current decision per activity or requirement; ``target_type`` is
``aktivitet`` or ``krav``; ``process`` may be empty for a requirement."""

TOP_FRICTIONS = 5
MAX_CATEGORIES = 5
MAX_DECISIONS = 6
MAX_DECISIONS_KOMMUNE = 4
"""The kommune summary also lists processes, so it lists fewer decisions."""
MAX_PROCESSES = 5
TEXT_LIMIT = 90


@dataclass
class AuditSummaryInput:
    """Everything the summary shows. ``scope`` is ``proces`` or ``kommune``."""

    title: str
    kommune: str
    scope: str
    activities: pd.DataFrame
    markings: pd.DataFrame
    decisions: pd.DataFrame
    participants: int = 0
    date: dt.date = field(default_factory=dt.date.today)
    purpose: str = ""
    omraade: str = ""
    owner: str = ""
    note: str = ""


def shorten(text: object, limit: int = TEXT_LIMIT) -> str:
    """One line of at most ``limit`` characters, cut at a word with "…"."""
    if is_missing(text):
        return ""
    return textwrap.shorten(" ".join(str(text).split()), width=limit, placeholder=" …")


def fmt_hours(value: object) -> str:
    """Hours with Danish thousands separator and no decimals from 100 up, one decimal below."""
    if is_missing(value):
        return "–"
    number = float(value)
    if abs(number) >= 100:
        return fmt_int(round(number))
    return fmt_num(number, 1)


def kind_counts(markings: pd.DataFrame) -> list[dict[str, Any]]:
    """Every marking kind with its label, symbol and number of markings (zeros included)."""
    counts = markings["kind"].value_counts() if len(markings) else pd.Series(dtype="int64")
    return [{"kind": kind, "label": label, "symbol": symbol, "count": int(counts.get(kind, 0))}
            for kind, (label, symbol) in KINDS.items()]


def category_counts(markings: pd.DataFrame, limit: int = MAX_CATEGORIES) -> tuple[list[dict[str, Any]], int]:
    """Categories by number of markings (most first, then by name); markings without a category
    are left out. Returns the first ``limit`` and how many more there are."""
    named = markings.loc[markings["category"].fillna("").astype(str).str.strip() != "", "category"] \
        if len(markings) else pd.Series(dtype="object")
    counts = named.astype(str).str.strip().value_counts()
    rows = sorted(((str(k), int(v)) for k, v in counts.items()), key=lambda kv: (-kv[1], kv[0].lower()))
    return [{"label": shorten(k, 45), "count": v} for k, v in rows[:limit]], max(0, len(rows) - limit)


def top_frictions(activities: pd.DataFrame, markings: pd.DataFrame,
                  limit: int = TOP_FRICTIONS) -> list[dict[str, Any]]:
    """The activities with most markings (most first; ties in process and order), with the count
    per kind. Activities without markings are not listed."""
    if not len(markings):
        return []
    table = pd.crosstab(markings["activity_id"], markings["kind"])
    table = table.reindex(columns=list(KINDS), fill_value=0)
    table["total"] = table.sum(axis=1)
    merged = activities.set_index("activity_id")[["process", "order", "description"]].join(table, how="inner")
    merged = merged.sort_values(["total", "process", "order"], ascending=[False, True, True], kind="stable")
    rows = []
    for activity_id, row in merged.head(limit).iterrows():
        rows.append({
            "activity_id": activity_id, "process": str(row["process"]), "order": int(row["order"]),
            "description": shorten(row["description"], 70), "total": int(row["total"]),
            "kinds": [{"label": KINDS[k][0], "symbol": KINDS[k][1], "count": int(row[k])}
                      for k in KINDS if int(row[k])],
        })
    return rows


def decision_counts(decisions: pd.DataFrame) -> list[dict[str, Any]]:
    counts = decisions["outcome"].value_counts() if len(decisions) else pd.Series(dtype="int64")
    return [{"outcome": outcome, "label": label, "symbol": symbol, "count": int(counts.get(outcome, 0))}
            for outcome, (label, symbol) in OUTCOMES.items()]


def decision_rows(decisions: pd.DataFrame, limit: int = MAX_DECISIONS) -> tuple[list[dict[str, Any]], int]:
    """Decisions in the order fjernes, forandres, forankres (then by target), cut to ``limit``."""
    if not len(decisions):
        return [], 0
    rank = {outcome: i for i, outcome in enumerate(OUTCOMES)}
    frame = decisions.assign(_rank=decisions["outcome"].map(rank))
    frame = frame.sort_values(["_rank", "process", "target"], kind="stable", na_position="last")
    rows = []
    for record in frame.head(limit).to_dict("records"):
        label, symbol = OUTCOMES[record["outcome"]]
        decided_on = record.get("decided_on")
        rows.append({
            "outcome": record["outcome"], "label": label, "symbol": symbol,
            "target": shorten(record["target"], 60), "target_type": record.get("target_type") or "",
            "process": "" if is_missing(record.get("process")) else str(record["process"]),
            "rationale": shorten(record.get("rationale"), TEXT_LIMIT),
            "owner": shorten(record.get("owner"), 40),
            "decided_on": decided_on.strftime("%d.%m.%Y") if isinstance(decided_on, dt.date) else "",
        })
    return rows, max(0, len(frame) - limit)


def _sum(series: pd.Series) -> float:
    return float(pd.to_numeric(series, errors="coerce").sum(min_count=0))


def burden_totals(activities: pd.DataFrame) -> dict[str, Any]:
    """Hours before/after/freed over the activities with an estimate, formatted."""
    estimated = activities["hours_before"].notna() if len(activities) else pd.Series(dtype=bool)
    before = _sum(activities.loc[estimated, "hours_before"]) if len(activities) else 0.0
    after = _sum(activities.loc[estimated, "hours_after"]) if len(activities) else 0.0
    freed = before - after
    share = freed / before if before > 0 else None
    return {"before": fmt_hours(before), "after": fmt_hours(after), "freed": fmt_hours(freed),
            "freed_value": freed, "share": "" if share is None else fmt_num(share * 100, 0) + " %",
            "estimated": int(estimated.sum()), "activities": len(activities)}


def process_rows(activities: pd.DataFrame, markings: pd.DataFrame,
                 limit: int = MAX_PROCESSES) -> tuple[list[dict[str, Any]], int]:
    """Per process (kommune summary): activities, markings, decisions and hours freed; most freed first."""
    if not len(activities):
        return [], 0
    per_activity = markings.groupby("activity_id").size() if len(markings) else pd.Series(dtype="int64")
    frame = activities.assign(
        _markings=activities["activity_id"].map(per_activity).fillna(0).astype(int),
        _decided=activities["outcome"].notna(),
        _freed=pd.to_numeric(activities["hours_freed"], errors="coerce"),
    )
    grouped = frame.groupby("process", sort=True).agg(
        activities=("activity_id", "size"), markings=("_markings", "sum"), decided=("_decided", "sum"),
        freed=("_freed", lambda s: s.sum(min_count=0)))
    grouped = grouped.sort_values(["freed", "markings"], ascending=False, kind="stable")
    rows = [{"process": str(name), "activities": int(r["activities"]), "markings": int(r["markings"]),
             "decided": int(r["decided"]), "freed": fmt_hours(r["freed"])}
            for name, r in grouped.head(limit).iterrows()]
    return rows, max(0, len(grouped) - limit)


def build_context(data: AuditSummaryInput) -> dict[str, Any]:
    """The template context of the summary."""
    for name, frame, columns in (("activities", data.activities, ACTIVITY_COLUMNS),
                                 ("markings", data.markings, MARKING_COLUMNS),
                                 ("decisions", data.decisions, DECISION_COLUMNS)):
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise ValueError(f"{name} mangler kolonnerne {', '.join(missing)}")
    categories, more_categories = category_counts(data.markings)
    decisions, more_decisions = decision_rows(
        data.decisions, MAX_DECISIONS_KOMMUNE if data.scope == "kommune" else MAX_DECISIONS)
    processes, more_processes = process_rows(data.activities, data.markings) if data.scope == "kommune" else ([], 0)
    marked = data.markings["activity_id"].nunique() if len(data.markings) else 0
    return {
        "title": shorten(data.title, 90), "kommune": data.kommune, "scope": data.scope,
        "purpose": shorten(data.purpose, 180),
        "omraade": data.omraade, "owner": data.owner, "date": danish_date(data.date), "note": data.note,
        "n_markings": fmt_int(len(data.markings)), "n_participants": fmt_int(data.participants),
        "n_activities": fmt_int(len(data.activities)), "n_marked": fmt_int(marked),
        "n_processes": fmt_int(data.activities["process"].nunique()) if len(data.activities) else "0",
        "kinds": kind_counts(data.markings), "top": top_frictions(data.activities, data.markings),
        "categories": categories, "more_categories": more_categories,
        "outcomes": decision_counts(data.decisions), "decisions": decisions, "more_decisions": more_decisions,
        "n_decisions": len(data.decisions),
        "burden": burden_totals(data.activities), "processes": processes, "more_processes": more_processes,
    }


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("frisat.reporting", "templates"), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


STYLE_RE = re.compile(r"<style>(.*?)</style>", re.S)


def style_hashes(html: str) -> list[str]:
    """The CSP sources (``'sha256-…'``) of the document's inline stylesheets, so the browser can be
    given a policy that allows exactly these and nothing else inline."""
    return ["'sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii") + "'"
            for css in STYLE_RE.findall(html)]


def render_html(context: dict[str, Any], *, links: dict[str, str] | None = None) -> str:
    """The summary as one self-contained HTML document. ``links`` (``back``, ``pdf``, ``html``:
    URLs) adds a navigation bar for the browser; it is hidden when printed."""
    return _environment().get_template("audit_summary.html.j2").render(links=links or {}, **context)


def pdf_bytes(html: str) -> bytes:
    """Print the HTML to PDF with WeasyPrint (A4; nothing is fetched from disk or network)."""
    import logging

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
