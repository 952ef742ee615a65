"""Sentences of the report and the results page, as view models (:class:`Sentence`).

The wording of every sentence about the core's codes is in :mod:`frisat.reporting.codes` (one
place, Danish and English); here it becomes a :class:`Sentence`, whose quoted values the web page
marks as Danish text on an English page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from frisat.core.analysis import AnalysisResult
from frisat.reporting import codes
from frisat.reporting.views.model import Sentence

SMALL_THRESHOLD_NOTE = codes.NOTE_TEMPLATES["low_min_n"]


def inline(text: str) -> str:
    """An indicator text inside a sentence: «Jeres arbejde …» → «jeres arbejde …»."""
    return codes._inline(text)


def disagreement_sentence(record: Mapping[str, Any], spor_label: str, indicator_text: str) -> Sentence:
    """A row of the derived-importance table in words (:func:`frisat.reporting.codes.disagreement_parts`);
    the indicator's text is quoted from the questionnaire."""
    template, values = codes.disagreement_parts(record, spor_label, indicator_text)
    return Sentence(template, values, quoted=frozenset({"text"}))


def unit_words(record: Mapping[str, Any], unit_by: Sequence[str]) -> str:
    """«Enhed «X» (område «Y»)»: the unit, then the groups it belongs to (values as in the data)."""
    return codes.unit_words(record, unit_by)


def followup_sentence(record: Mapping[str, Any], unit_by: Sequence[str], spor_label: str, top: int) -> str:
    """Why a unit stands out (:func:`frisat.reporting.codes.followup_detail`; the row carries the
    means it quotes)."""
    return codes.followup_detail(record, unit_by, spor_label, top)


def analysis_notes(analysis: AnalysisResult) -> list[str]:
    """The analysis' notes (:attr:`AnalysisResult.notes`) in the current language."""
    return [codes.note_text(note) for note in analysis.notes]
