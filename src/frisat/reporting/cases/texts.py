"""Danish wording for the case comparison: period and measure names, and the cautions' sentences.

The core hands over codes (:class:`frisat.core.cases.periods.CaseNote`); the sentences live here.
"""

from __future__ import annotations

from frisat.core.cases.periods import CaseNote
from frisat.core.cases.scheme import Scheme
from frisat.reporting.labels import fmt_int


def period_label(scheme: Scheme, code: str) -> str:
    """The period's label from the scheme («Før forsøget»), the code when unknown."""
    return next((p.label for p in scheme.periods() if p.code == code), code)


def measure_label(scheme: Scheme, measure_id: str) -> str:
    try:
        return scheme.measure(measure_id).label
    except KeyError:
        return measure_id


def _where(scheme: Scheme, params: dict) -> str:
    group = " / ".join(str(g) for g in params.get("group") or [] if str(g))
    period = period_label(scheme, params["period"])
    return f"«{measure_label(scheme, params['measure'])}», {period.lower()}" + (f" ({group})" if group else "")


def note_sentence(note: CaseNote, scheme: Scheme) -> str:
    """One Danish sentence for a caution code."""
    p = dict(note.params)
    if note.code == "small_n":
        return (f"{_where(scheme, p)}: kun {fmt_int(p['n'])} sager (under {fmt_int(p['small_n'])}). "
                "Tallene er usikre; læs dem med forsigtighed, og se intervallerne.")
    if note.code == "suppressed":
        return (f"{_where(scheme, p)}: kun {fmt_int(p['n'])} sager (under {fmt_int(p['min_n'])}), så kun "
                "antallet vises.")
    if note.code == "single_period":
        return "Der er kun registreringer fra én periode, så perioderne kan ikke sammenlignes."
    if note.code == "no_values":
        return f"Ingen sager har en værdi for «{measure_label(scheme, p['measure'])}»."
    raise ValueError(note.code)
