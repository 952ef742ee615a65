"""Wording for the case comparison: period and measure names, and the cautions' sentences, in the
current language (:func:`frisat.reporting.language.tr`).

The core hands over :class:`frisat.core.notes.Note` codes with ids; the sentences are
:data:`frisat.reporting.codes.NOTE_TEMPLATES`, filled in here with the scheme's names. The names of
the built-in schemes have translations in reporting's catalogue; a kommune's own scheme keeps its
names in every language.
"""

from __future__ import annotations

from frisat.core.cases.scheme import Scheme
from frisat.core.notes import Note
from frisat.reporting.codes import note_text
from frisat.reporting.labels import fmt_int
from frisat.reporting.language import tr


def scheme_name(name: str) -> str:
    """A name from a scheme (a period, a measure, a unit, the title) in the current language."""
    return tr(name) if name else name


def period_label(scheme: Scheme, code: str) -> str:
    """The period's label from the scheme («Før forsøget»), the code when unknown."""
    return next((scheme_name(p.label) for p in scheme.periods() if p.code == code), code)


def measure_label(scheme: Scheme, measure_id: str) -> str:
    try:
        return scheme_name(scheme.measure(measure_id).label)
    except KeyError:
        return measure_id


def measure_unit(scheme: Scheme, measure_id: str) -> str:
    try:
        return scheme_name(scheme.measure(measure_id).unit)
    except KeyError:
        return ""


def note_sentence(note: Note, scheme: Scheme) -> str:
    """One sentence for a caution of the case comparison (any other note as :func:`note_text` words it)."""
    params = dict(note.params)
    if "measure" in params:
        params["measure"] = measure_label(scheme, params["measure"])
    if "period" in params:
        params["period"] = period_label(scheme, params["period"]).lower()
    if "group" in params:
        group = " / ".join(str(g) for g in params.get("group") or [] if str(g))
        params["group"] = f" ({group})" if group else ""
    if "periods" in params:
        params["periods"] = [period_label(scheme, p) for p in params["periods"]]
    for key in ("n", "small_n", "min_n"):
        if key in params:
            params[key] = fmt_int(params[key])
    return note_text(Note(note.code, params))
