"""Labels and sentences for the codes of :mod:`frisat.core` (issue 12: no prose in the core).

The core hands on stable ASCII codes — quadrant ids, follow-up reasons, agreement categories,
designs, :class:`~frisat.core.notes.Note` codes — and the numbers a sentence needs. This module
words them, in Danish, or in another language through :func:`frisat.reporting.language.tr` (the web
app's catalogue lists the same Danish texts). The output files are Danish: :func:`written_table`
turns a core table into the form the CSV, XLSX and JSON files have always had (Danish category
values and the ``detail`` sentence of the follow-up list).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from frisat.core.design import IMPL, Design, DesignReport
from frisat.core.instrument import Instrument
from frisat.core.notes import NOTE_CODES, Note
from frisat.core.quadrants import QUADRANT_IDS
from frisat.core.schema import BACKGROUND_LABELS
from frisat.reporting.language import DANISH, current, source_name, tr, use

if TYPE_CHECKING:
    from frisat.core.extended import ExtendedResult

# This module stays light (no SciPy): the web's models import DESIGN_LABELS. The analysis modules
# are imported where they are needed.

# -- quadrants (seed 002, Figur 3.1) ---------------------------------------------------------------

QUADRANT_LABELS: dict[str, str] = {
    "fokus": "Vigtigste fokusområde",
    "fortsaet": "Fortsæt det gode arbejde",
    "overimplementering": "Risiko for over-implementering",
    "lav_prioritet": "Lav prioritet",
}
"""VIVE's name of each quadrant id (:data:`frisat.core.quadrants.QUADRANT_IDS`)."""

QUADRANT_ADVICE: dict[str, str] = {
    # Quoted from seed 002's explanation of Figur 3.1 word for word.
    "fokus": "Endelig er indsatser, der falder i figurens nederste højre hjørne, vigtige at arbejde med, "
             "og samtidig er indsatsen i lav grad blevet implementeret. De indsatser bør derfor vurderes "
             "som de vigtigste at arbejde med og er det væsentligste fokusområde.",
    "fortsaet": "Ligger en indsats i figurens øverste højre hjørne, er indsatsens fokusområde vigtigt at "
                "arbejde med, men den er også i høj grad allerede blevet implementeret. Derfor bør det "
                "eksisterende arbejde fortsættes.",
    "overimplementering": "Ligger en indsats i øverste venstre hjørne, er indsatsen i høj grad blevet "
                          "implementeret, men fordi indsatsens fokus ikke vurderes som vigtigt, er der risiko "
                          "for, at den er blevet over-implementeret.",
    "lav_prioritet": "Ligger den i nederste venstre hjørne, er indsatsen ikke implementeret og vurderes til ikke "
                     "at være vigtig, hvorfor den har lav prioritet.",
}
"""VIVE's advice for each quadrant, quoted from seed 002 (Danish; :func:`tr` gives a translation)."""

QUADRANT_SOURCE = \
    "VIVE-notatet af Ulf Hjelmar og Lars Bo Pedersen, Figur 3.1 (inspireret af Van Ryzin og Immerwahr, 2007)"

# -- derived importance ----------------------------------------------------------------------------

AGREEMENT_VALUES: dict[str, str] = {"agree": "enige", "underrated": "underkendt", "overlooked": "overset"}
"""The Danish value of each agreement code in the written files (derived_importance.csv …)."""
DISAGREEMENTS = ("underrated", "overlooked")
"""The agreement codes that flag a row (stated and derived importance disagree)."""

# -- follow-up -------------------------------------------------------------------------------------

REASON_VALUES: dict[str, str] = {"priority": "prioritet", "deviation": "afvigelse", "largest_gap": "største gab",
                                 "largest_change": "største ændring"}
"""The Danish value of each follow-up reason code in the written files (followup.csv …)."""
REASON_LABELS: dict[str, str] = {
    "priority": "I «Vigtigste fokusområde»",
    "deviation": "Langt fra områdets gennemsnit",
    "largest_gap": "Største forskel mellem vigtighed og implementering",
    "largest_change": "Største ændring siden sidste måling",
}
"""Danish reading of each follow-up reason code."""

# -- designs ---------------------------------------------------------------------------------------

DESIGN_LABELS: dict[Design, str] = {
    Design.BOTH: "Begge dimensioner til alle",
    Design.HALF: "Tilfældig halvdel: halvdelen svarer kun på implementering, resten kun på vigtighed",
    Design.GROUP: "Én dimension pr. respondentgruppe",
}

def design_label(design: str) -> str:
    """A design of the answers (``Design`` value) in words, in the current language."""
    for key, label in DESIGN_LABELS.items():
        if str(key.value) == str(design):
            return tr(label)
    return str(design)


# -- notes -----------------------------------------------------------------------------------------

NOTE_TEMPLATES: dict[str, str] = {
    "low_min_n": "Anonymitetsgrænsen er sat til %(k)s (standard er %(default)s): små grupper kan genkendes.",
    "waves_pooled": "Data indeholder %(count)s målinger (%(waves)s). Hovedtabellerne og de øvrige udvidede "
                    "tabeller samler dem; brug --by %(column)s for at se hver måling for sig. Udviklingen fra "
                    "måling til måling står i changes.csv og trend.csv.",
    "no_points": "Ingen pointfordeling: spørgeskemaet har ikke spørgsmålet om at fordele point mellem sporene, "
                 "eller ingen har besvaret det.",
    "no_groups": "Ingen sammenligning af respondentgrupper: kolonnen «%(column)s» er tom.",
    "single_group": "Ingen sammenligning af respondentgrupper: der er kun én gruppe («%(group)s») i kolonnen "
                    "«%(column)s».",
    "no_waves": "Ingen udvikling over tid: kolonnen «%(column)s» angiver ingen målinger.",
    "single_wave": "Ingen udvikling over tid: data har kun én måling («%(wave)s») i kolonnen «%(column)s».",
    "no_units": "Ingen liste over enheder, der skiller sig ud: kolonnen «%(column)s» angiver ingen enheder.",
    "waves_refused": "I en af de valgte bølger kan udvalget ikke vises for sig uden at afsløre en gruppe med færre "
                     "besvarelser end anonymitetsgrænsen; derfor vises ingen udvikling. Vælg et bredere udvalg.",
    "error": "%(message)s",
    # The case comparison: measure, period and group come as names (frisat.reporting.cases.texts).
    "small_n": "«%(measure)s», %(period)s%(group)s: kun %(n)s sager (under %(small_n)s). Tallene er usikre; læs "
               "dem med forsigtighed, og se intervallerne.",
    "suppressed": "«%(measure)s», %(period)s%(group)s: kun %(n)s sager (under %(min_n)s), så kun antallet vises.",
    "single_period": "Der er kun registreringer fra én periode, så perioderne kan ikke sammenlignes.",
    "no_values": "Ingen sager har en værdi for «%(measure)s».",
}
"""The sentence of each :data:`frisat.core.notes.NOTE_CODES` code (``error``: the error's own message)."""


def note_text(note: Note | str) -> str:
    """A note of the core as one sentence in the current language (a plain text is translated as it is)."""
    if isinstance(note, str):
        name = note
        return tr(name)
    if note.code == "error":
        return str(note.params.get("message", ""))
    values = {k: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v for k, v in note.params.items()}
    label = NOTE_TEMPLATES[note.code]
    return tr(label) % values


def note_texts(notes: Mapping[str, Note | str]) -> dict[str, str]:
    """``not_applicable`` (table → note) as table → sentence."""
    return {name: note_text(note) for name, note in notes.items()}


# -- numbers ---------------------------------------------------------------------------------------


def _missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _number(value: float, decimals: int = 1) -> str:
    return f"{float(value):.{decimals}f}".replace(".", current().decimal).replace("-", "−")


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + _number(value)


# -- quadrants -------------------------------------------------------------------------------------


def quadrant_name(quadrant: str) -> str:
    """VIVE's Danish name of a quadrant id (the id itself when unknown)."""
    return QUADRANT_LABELS.get(quadrant, quadrant)


# -- derived importance ----------------------------------------------------------------------------


def _inline(text: str) -> str:
    """An indicator text to use inside a sentence: «Jeres arbejde …» → «jeres arbejde …»."""
    text = " ".join(str(text).split()).rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def disagreement_parts(row: Mapping[str, Any], spor_label: str, indicator_text: str) -> tuple[str, dict[str, Any]]:
    """The sentence of :func:`disagreement_sentence` as a translated ``%(name)s`` template and its
    values (``text`` is the indicator's wording, quoted from the questionnaire)."""
    values: dict[str, Any] = {"text": _inline(indicator_text), "spor": spor_label}
    if bool(row.get("suppressed", False)):
        return tr("For sporet «%(spor)s» vises ingen afledt vigtighed: gruppen har færre besvarelser end "
                  "anonymitetsgrænsen."), values
    from frisat.core.derived_importance import WEAK_BETA

    agreement, beta = row.get("agreement"), row.get("beta")
    beta = float("nan") if _missing(beta) else float(beta)
    if _missing(agreement):
        return tr("Den afledte vigtighed af %(text)s kan ikke beregnes i sporet «%(spor)s»: for få fuldstændige "
                  "besvarelser eller ingen variation i svarene."), values
    values["beta"] = _number(beta, 2)
    if agreement == "underrated":
        if beta <= WEAK_BETA:
            return tr("Respondenterne siger, at %(text)s er det vigtigste i sporet «%(spor)s», men det hænger "
                      "kun svagt sammen med den samlede vurdering af sporet (β = %(beta)s)."), values
        return tr("Respondenterne siger, at %(text)s er det vigtigste i sporet «%(spor)s», men det hænger "
                  "svagest sammen med den samlede vurdering af sporet (β = %(beta)s)."), values
    if agreement == "overlooked":
        return tr("Respondenterne siger, at %(text)s er det mindst vigtige i sporet «%(spor)s», men det er det, "
                  "der hænger stærkest sammen med den samlede vurdering af sporet (β = %(beta)s)."), values
    return tr("I sporet «%(spor)s» passer respondenternes egen vurdering af, hvor vigtigt %(text)s er, med "
              "hvor stærkt det hænger sammen med den samlede vurdering af sporet."), values


def disagreement_sentence(row: Mapping[str, Any], spor_label: str, indicator_text: str) -> str:
    """One row of :func:`frisat.core.derived_importance.derived_importance` in plain language.

    ``spor_label`` is e.g. the spor's short title and ``indicator_text`` the item text
    (``instrument.column(f"{spor}_impl_{indicator}").text``).
    """
    template, values = disagreement_parts(row, spor_label, indicator_text)
    return template % values


# -- follow-up -------------------------------------------------------------------------------------


def _column_name(column: str) -> str:
    name = BACKGROUND_LABELS.get(column, column)
    return tr(name)


def unit_words(record: Mapping[str, Any], unit_by: Sequence[str]) -> str:
    """«Enhed «X» (område «Y»)»: the unit, then the groups it belongs to (values as in the data)."""
    text = f"{_column_name(unit_by[-1])} «{record[unit_by[-1]]}»"
    if len(unit_by) > 1:
        text += " (" + ", ".join(f"{_column_name(c).lower()} «{record[c]}»" for c in unit_by[:-1]) + ")"
    return text


def reason_label(reason: str) -> str:
    """The reading of a follow-up reason code in the current language."""
    if reason == "priority":
        return tr("I «%(quadrant)s»") % {"quadrant": source_name(QUADRANT_LABELS["fokus"])}
    label = REASON_LABELS.get(reason)
    return tr(label) if label is not None else reason


def followup_detail(record: Mapping[str, Any], unit_by: Sequence[str], spor_label: str, top: int) -> str:
    """Why a unit stands out: one row of :func:`frisat.core.followup.followup` as a sentence.

    ``unit_by`` is the follow-up's grouping (``ExtendedResult.unit_by``) and ``top`` the length of the
    lists of largest gaps and changes (``ExtendedConfig.followup_top``).
    """
    reason, value = str(record["reason"]), float(record["value"])
    values: dict[str, object] = {"who": unit_words(record, unit_by), "spor": spor_label}
    if reason in ("priority", "largest_gap"):
        values.update(vigt=_number(record["vigt_mean"]), impl=_number(record["impl_mean"]), gap=_number(value))
        if reason == "priority":
            values["quadrant"] = source_name(QUADRANT_LABELS["fokus"])  # VIVE's name, glossed in English
            return tr("%(who)s ligger i «%(quadrant)s» i sporet «%(spor)s»: vigtighed %(vigt)s, implementering "
                      "%(impl)s (gab %(gap)s).") % values
        return tr("%(who)s har et af de %(top)s største gab i sporet «%(spor)s»: vigtighed %(vigt)s mod "
                  "implementering %(impl)s (gab %(gap)s).") % {**values, "top": top}
    if reason == "deviation":
        dimension = str(record["dimension"])
        area = unit_by[0] if len(unit_by) > 1 else None
        values.update(
            dimension=tr("implementeringen") if dimension == IMPL else tr("vigtigheden"),
            mean=_number(record[f"{dimension}_mean"]), reference=_number(record["reference"]),
            place=tr("området «%(area)s»") % {"area": record[area]} if area else tr("alle enheder"),
            difference=_number(abs(value)))
        if value > 0:
            return tr("%(who)s: %(dimension)s i sporet «%(spor)s» er %(mean)s mod %(reference)s i gennemsnit for "
                      "%(place)s (%(difference)s point over).") % values
        return tr("%(who)s: %(dimension)s i sporet «%(spor)s» er %(mean)s mod %(reference)s i gennemsnit for "
                  "%(place)s (%(difference)s point under).") % values
    if reason == "largest_change":
        values.update(before=_number(record["reference"]), now=_number(record["impl_mean"]), change=_signed(value))
        if value > 0:
            return tr("%(who)s: implementeringen i sporet «%(spor)s» er steget fra %(before)s til %(now)s "
                      "(%(change)s) siden den forrige måling.") % values
        return tr("%(who)s: implementeringen i sporet «%(spor)s» er faldet fra %(before)s til %(now)s "
                  "(%(change)s) siden den forrige måling.") % values
    raise ValueError(f"unknown follow-up reason {reason!r}")


def _plain(name: str) -> str:
    return tr(name)


def followup_details(table: pd.DataFrame, unit_by: Sequence[str], instrument: Instrument, top: int) -> list[str]:
    """:func:`followup_detail` of every row of a follow-up table (spor by their plain Danish title)."""
    spor = {section.id: _plain(section.label) for section in instrument.spor}
    return [followup_detail(r, unit_by, spor.get(str(r["spor"]), str(r["spor"])), top)
            for r in table.to_dict("records")]


# -- designs ---------------------------------------------------------------------------------------


def design_text(report: DesignReport) -> str:
    """One sentence about the design the answers follow, with the number of respondents per dimension."""
    if not report.respondents:
        return tr("Ingen besvarelser med svar på implementering eller vigtighed.")
    counts = tr("%(impl)s har svaret på implementering og %(vigt)s på vigtighed (%(both)s på begge)") % {
        "impl": report.n_impl, "vigt": report.n_vigt, "both": report.both}
    if report.design == Design.BOTH:
        return tr("Alle dimensioner er spurgt til alle: %(counts)s.") % {"counts": counts}
    if report.design == Design.GROUP:
        groups = ", ".join(f"{g}: {tr('implementering') if d == IMPL else tr('vigtighed')}"
                           for g, d in sorted(report.group_dimensions.items()))
        return tr("Delt design efter respondentgruppe (%(groups)s): %(counts)s.") % {"groups": groups,
                                                                                   "counts": counts}
    return tr("Delt design, hvor hver respondent har fået én dimension: %(counts)s.") % {"counts": counts}


# -- the written files -----------------------------------------------------------------------------


def written_tables(extended: ExtendedResult, instrument: Instrument) -> dict[str, pd.DataFrame]:
    """:meth:`ExtendedResult.tables` as the files write them (:func:`written_table`)."""
    top = extended.config.followup_top
    return {name: written_table(name, table, instrument, top) for name, table in extended.tables().items()}


def written_table(name: str, table: pd.DataFrame, instrument: Instrument, top: int = 10) -> pd.DataFrame:
    """An extended table of the core as the files write it (Danish, whatever the current language).

    ``derived_importance``: the agreement codes as their Danish values (enige, underkendt, overset).
    ``followup``: the reason codes as their Danish values (prioritet, afvigelse, største gab, største
    ændring) and, instead of the numbers behind them, the sentence ``detail``; columns
    ``*by, spor, reason, value, detail`` (``top``: ``ExtendedConfig.followup_top``). Other tables are
    returned as they are.
    """
    if name == "derived_importance" and "agreement" in table.columns:
        out = table.copy()
        out["agreement"] = _mapped(out["agreement"], AGREEMENT_VALUES)
        return out
    if name == "followup" and "reason" in table.columns and "detail" not in table.columns:
        by = list(table.columns[:table.columns.get_loc("spor")])
        with use(DANISH):
            details = followup_details(table, by, instrument, top)
        out = table[[*by, "spor", "reason", "value"]].copy()
        out["reason"] = _mapped(out["reason"], REASON_VALUES).astype("string")
        out["detail"] = pd.Series(details, index=out.index, dtype="string")
        return out
    return table


def _mapped(column: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    values = column.astype(object)
    return pd.Series(np.where(values.isna(), None, values.map(lambda v: mapping.get(v, v))), index=column.index,
                     dtype=object)


def all_codes() -> dict[str, tuple[str, ...]]:
    """Every family of codes the core hands on, for checks that each has a label here."""
    from frisat.core.derived_importance import AGREEMENTS
    from frisat.core.followup import REASONS

    return {"quadrant": QUADRANT_IDS, "agreement": AGREEMENTS, "reason": REASONS, "note": NOTE_CODES,
            "design": tuple(d.value for d in Design)}
