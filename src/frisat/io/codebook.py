"""The codebook: one row per column of the canonical format, in Danish, word for word."""

from __future__ import annotations

import pandas as pd

from frisat.core import schema
from frisat.core.instrument import ALLOCATION_SECTION, ColumnSpec, Instrument, Scale
from frisat.io._common import resolve_instrument

CODEBOOK_COLUMNS = ["kolonne", "sektion", "spoergsmaal", "dimension", "tekst", "skala", "gyldige_vaerdier", "type"]

BACKGROUND_DESCRIPTIONS: dict[str, str] = {
    "respondent_id": "Respondentens id. Skal være udfyldt og må kun forekomme én gang i filen.",
    "kommune": "Kommunen, som besvarelsen hører til (navn eller kommunenummer).",
    "omraade": "Området, fx dagtilbud, skole eller aeldre.",
    "enhed": "Enheden (fx institution, skole eller center), som respondenten svarer for.",
    "gruppe": "Respondentgruppen, fx leder, medarbejder, forvaltning eller politiker.",
    "maaling": "Målingen (runden), fx 2025 eller 2025-1. Bruges til at sammenligne over tid.",
}

_TYPES = {"numeric": "skala", "likert": "likert", "yesno": "ja/nej", "choice": "valg", "text": "fritekst"}


def valid_values(scale: Scale) -> str:
    """What a cell may hold, e.g. "Heltal 1–10, «ved ikke» (SPSS/Stata: 99) eller blank"."""
    if scale.type == "text":
        return "Fritekst eller blank"
    numeric = scale.type == "numeric"
    text = f"Heltal {scale.min}–{scale.max}" if numeric else ", ".join(str(c) for c in scale.codes)
    if scale.dont_know:
        text += f", «{schema.DONT_KNOW_TEXT}» (SPSS/Stata: {schema.DONT_KNOW_EXPORT_CODE})"
    return text + " eller blank"


def allocation_values(instrument: Instrument) -> str:
    """What a ``{spor}_point`` cell may hold: whole points, and the rule that binds the row."""
    assert instrument.allocation is not None
    total = instrument.allocation.total
    k = len(instrument.allocation_columns())
    return (f"Heltal 0–{total} eller blank. I en række er enten alle {k} pointkolonner udfyldt, "
            f"og de giver tilsammen præcis {total}, eller ingen af dem")


def question_text(spec: ColumnSpec) -> str:
    """The question as the respondent reads it: the stem followed by the item, word for word."""
    return f"{spec.stem} {spec.text}" if spec.stem else spec.text


def codebook(instrument: Instrument | str) -> pd.DataFrame:
    """One row per canonical column (background first), with its Danish text and valid values.

    Example::

        >>> from frisat.io import codebook
        >>> codebook("vive-frisaettelse").set_index("kolonne").loc["regler_impl_a", "spoergsmaal"]
        '1a'
    """
    inst = resolve_instrument(instrument)
    rows = []
    for name in schema.background_columns(inst):
        required = name == schema.ID_COLUMN
        rows.append({
            "kolonne": name,
            "sektion": "Baggrund",
            "spoergsmaal": "",
            "dimension": "",
            "tekst": BACKGROUND_DESCRIPTIONS.get(name, f"Baggrundsoplysning «{name}» (fastlagt i instrumentet)."),
            "skala": "Tekst",
            "gyldige_vaerdier": "Tekst (skal udfyldes, entydig)" if required else "Tekst eller blank",
            "type": "baggrund",
        })
    titles = {s.id: s.title for s in inst.sections}
    if inst.allocation is not None:
        titles[ALLOCATION_SECTION] = inst.allocation.title
    for spec in inst.columns():
        rows.append({
            "kolonne": spec.name,
            "sektion": titles[spec.section],
            "spoergsmaal": spec.question,
            "dimension": inst.dimensions[spec.dimension].label if spec.dimension else "",
            "tekst": question_text(spec),
            "skala": spec.scale.describe(),
            "gyldige_vaerdier": allocation_values(inst) if spec.is_allocation else valid_values(spec.scale),
            "type": "point" if spec.is_allocation else _TYPES[spec.scale.type],
        })
    return pd.DataFrame(rows, columns=CODEBOOK_COLUMNS).astype("string")
