"""Sentences written from the core tables' structured fields, in the current language.

In Danish they read word for word as the core's own sentences (``describe_disagreement``, the
``detail`` of :func:`frisat.core.followup.followup`, the analysis' notes); a sentence a builder
does not know is shown as the core wrote it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from frisat.core.analysis import DEFAULT_MIN_N, AnalysisResult
from frisat.core.derived_importance import WEAK_BETA, describe_disagreement
from frisat.reporting import labels
from frisat.reporting.language import tr
from frisat.reporting.views.model import Sentence


def known(core_text: str, msgid: str, **values: object) -> str:
    """``msgid`` (translated) when the core wrote exactly ``msgid % values`` in Danish, else the
    core's own text."""
    if core_text == msgid % values:
        return tr(msgid) % values
    return core_text


def inline(text: str) -> str:
    """An indicator text inside a sentence: «Jeres arbejde …» → «jeres arbejde …» (as the core)."""
    text = " ".join(str(text).split()).rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def disagreement_sentence(record: Mapping[str, Any], spor_label: str, indicator_text: str) -> Sentence:
    """A row of the derived-importance table whose stated and derived importance disagree, in words
    (:func:`frisat.core.derived_importance.describe_disagreement`); the indicator's text is quoted
    from the questionnaire. A row the builder cannot word gets the core's sentence."""
    agreement = record.get("agreement")
    beta = record.get("beta")
    values = {"text": inline(indicator_text), "spor": spor_label, "beta": labels.fmt_num(beta)}
    if labels.is_missing(beta) or agreement not in ("underkendt", "overset"):
        return Sentence(describe_disagreement(record, spor_label, indicator_text))
    if agreement == "underkendt":
        if float(beta) <= WEAK_BETA:
            template = tr("Respondenterne siger, at %(text)s er det vigtigste i sporet «%(spor)s», men det hænger "
                          "kun svagt sammen med den samlede vurdering af sporet (β = %(beta)s).")
        else:
            template = tr("Respondenterne siger, at %(text)s er det vigtigste i sporet «%(spor)s», men det hænger "
                          "svagest sammen med den samlede vurdering af sporet (β = %(beta)s).")
    else:
        template = tr("Respondenterne siger, at %(text)s er det mindst vigtige i sporet «%(spor)s», men det er det, "
                      "der hænger stærkest sammen med den samlede vurdering af sporet (β = %(beta)s).")
    return Sentence(template, values, quoted=frozenset({"text"}))


def unit_words(record: Mapping[str, Any], unit_by: list[str]) -> str:
    """«Enhed «X» (område «Y»)»: the unit, then the groups it belongs to (values as in the data)."""
    text = f"{tr(labels.column_label(unit_by[-1]))} «{record[unit_by[-1]]}»"
    if len(unit_by) > 1:
        text += " (" + ", ".join(f"{tr(labels.column_label(c)).lower()} «{record[c]}»" for c in unit_by[:-1]) + ")"
    return text


def _one(value: object) -> str:
    return labels.fmt_num(value, 1)


def followup_sentence(record: Mapping[str, Any], unit_by: list[str], spor_label: str, followup_means: Any,
                      top: int) -> str:
    """Why a unit stands out (the ``detail`` of :func:`frisat.core.followup.followup`), from the
    row's reason and value and the units' means (``followup_means``: ``now``/``before`` by unit
    and spor, and ``dimension()``); the core's Danish ``detail`` when a mean is not at hand."""
    detail = str(record.get("detail") or "")
    means = followup_means
    if means is None:
        return detail
    key = (*(str(record[c]) for c in unit_by), str(record["spor"]))
    reason, value = str(record["reason"]), float(record["value"])
    now = means.now.get(key)
    who = unit_words(record, unit_by)
    if reason in ("prioritet", "største gab") and now is not None:
        values = {"who": who, "spor": spor_label, "vigt": _one(now["vigt"]), "impl": _one(now["impl"]),
                  "gap": _one(value)}
        if reason == "prioritet":
            values["quadrant"] = labels.quadrant_label("fokus")
            return tr("%(who)s ligger i «%(quadrant)s» i sporet «%(spor)s»: vigtighed %(vigt)s, implementering "
                      "%(impl)s (gab %(gap)s).") % values
        return tr("%(who)s har et af de %(top)s største gab i sporet «%(spor)s»: vigtighed %(vigt)s mod "
                  "implementering %(impl)s (gab %(gap)s).") % {**values, "top": top}
    if reason == "afvigelse" and now is not None:
        dimension = means.dimension(key, record, value)
        if dimension is None:
            return detail
        area = unit_by[0] if len(unit_by) > 1 else None
        place = tr("området «%(area)s»") % {"area": record[area]} if area else tr("alle enheder")
        mean = now[dimension]
        values = {"who": who, "dimension": tr("implementeringen") if dimension == "impl" else tr("vigtigheden"),
                  "spor": spor_label, "mean": _one(mean), "reference": _one(mean - value), "place": place,
                  "difference": _one(abs(value))}
        if value > 0:
            return tr("%(who)s: %(dimension)s i sporet «%(spor)s» er %(mean)s mod %(reference)s i gennemsnit for "
                      "%(place)s (%(difference)s point over).") % values
        return tr("%(who)s: %(dimension)s i sporet «%(spor)s» er %(mean)s mod %(reference)s i gennemsnit for "
                  "%(place)s (%(difference)s point under).") % values
    before = means.before.get(key)
    if reason == "største ændring" and now is not None and before is not None:
        values = {"who": who, "spor": spor_label, "before": _one(before), "now": _one(now["impl"]),
                  "change": ("+" if value > 0 else "") + _one(value)}
        if value > 0:
            return tr("%(who)s: implementeringen i sporet «%(spor)s» er steget fra %(before)s til %(now)s "
                      "(%(change)s) siden den forrige måling.") % values
        return tr("%(who)s: implementeringen i sporet «%(spor)s» er faldet fra %(before)s til %(now)s "
                  "(%(change)s) siden den forrige måling.") % values
    return detail


SMALL_THRESHOLD_NOTE = "Anonymitetsgrænsen er sat til %(k)s (standard er %(default)s): små grupper kan genkendes."


def analysis_notes(analysis: AnalysisResult) -> list[str]:
    """The analysis' notes (:attr:`AnalysisResult.notes`) in the current language."""
    return [known(note, SMALL_THRESHOLD_NOTE, k=analysis.config.min_n, default=DEFAULT_MIN_N)
            for note in analysis.notes]
