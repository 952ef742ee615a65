"""The results page in the user's language: Danish, or English when the user chooses English.

The page's own texts are Django translations. Three kinds of text come from elsewhere:

- **frisat.reporting** (figure titles, alt texts, notes and legends; labels, intervals and numbers):
  :func:`page_language` hands :mod:`frisat.reporting.language` Django's ``gettext`` and the active
  language's number format for the block that builds the page. The Danish texts it translates are
  listed in :mod:`~frisat.web.results.figure_texts`, so that ``makemessages`` finds them.
- **frisat.core's codes** (agreement categories, the reasons units stand out, notes and reasons why
  a table is missing) are worded by :mod:`frisat.reporting.codes` in the page's language, from the
  same Danish templates the files use (an error message of the core is shown as the core wrote it).
- **Text quoted from the source documents** stays as quoted (the rule in ``docs/web.md``): the
  questionnaire's indicator texts are shown in Danish, marked ``lang="da"`` (:func:`quoted`); VIVE's
  names of the spor and the quadrants are shown in Danish with the translation beside them
  (:func:`frisat.reporting.language.source_name`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.utils.formats import get_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from frisat.core.analysis import MISSING_GROUP, AnalysisResult
from frisat.core.derived_importance import WEAK_BETA
from frisat.core.notes import Note
from frisat.reporting import codes, labels
from frisat.reporting.language import DANISH, Language, use
from frisat.web.results.anonymity import OTHER_LABEL


def is_danish() -> bool:
    return (get_language() or "da").split("-")[0] == "da"


def reporting_language() -> Language:
    """:mod:`frisat.reporting`'s language for the active Django language (Danish: its default)."""
    if is_danish():
        return DANISH
    return Language(translate=_, decimal=get_format("DECIMAL_SEPARATOR"),
                    thousands=get_format("THOUSAND_SEPARATOR"),
                    # Translators: a percentage, e.g. "27,5 %" (Danish has a space before the sign).
                    percent=_("%(percent)s %%") % {"percent": ""},
                    values={MISSING_GROUP: _("(ikke angivet)"), OTHER_LABEL: _("Øvrige (samlet)")})


@contextmanager
def page_language() -> Iterator[Language]:
    """Build the page (figures, labels, numbers) in the active language."""
    with use(reporting_language()) as language:
        yield language


def quoted(text: str) -> SafeString:
    """Danish text quoted from the source documents (a question's wording): marked as Danish when
    the page is in another language."""
    if is_danish():
        return conditional_escape(text)
    return format_html('<span lang="da">{}</span>', text)


def html_text(template: str, values: Mapping[str, object]) -> SafeString:
    """``template % values`` as HTML: the (translated) template and the values escaped, except
    values that are HTML already (:func:`quoted`)."""
    return mark_safe(conditional_escape(template) % {k: conditional_escape(v) for k, v in values.items()})


# -- derived importance ------------------------------------------------------------------------


def _inline(text: str) -> str:
    """An indicator text inside a sentence: «Jeres arbejde …» → «jeres arbejde …» (as the core)."""
    text = " ".join(str(text).split()).rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def disagreement_sentence(record: Mapping[str, Any], spor_label: str, indicator_text: str) -> SafeString | None:
    """A row of the derived-importance table whose stated and derived importance disagree, in words
    (:func:`frisat.reporting.codes.disagreement_sentence` with the indicator text marked Danish); None
    for a row that agrees or cannot be judged."""
    agreement = record.get("agreement")
    beta = record.get("beta")
    if labels.is_missing(beta):
        return None
    values = {"text": quoted(_inline(indicator_text)), "spor": spor_label, "beta": labels.fmt_num(beta)}
    if agreement == "underrated":
        if float(beta) <= WEAK_BETA:
            template = _("Respondenterne siger, at %(text)s er det vigtigste i sporet «%(spor)s», men det hænger "
                         "kun svagt sammen med den samlede vurdering af sporet (β = %(beta)s).")
        else:
            template = _("Respondenterne siger, at %(text)s er det vigtigste i sporet «%(spor)s», men det hænger "
                         "svagest sammen med den samlede vurdering af sporet (β = %(beta)s).")
    elif agreement == "overlooked":
        template = _("Respondenterne siger, at %(text)s er det mindst vigtige i sporet «%(spor)s», men det er det, "
                     "der hænger stærkest sammen med den samlede vurdering af sporet (β = %(beta)s).")
    else:
        return None
    return html_text(template, values)


# -- units that stand out ------------------------------------------------------------------------


def followup_sentence(record: Mapping[str, Any], unit_by: list[str], spor_label: str, means: Any,
                      top: int) -> str:
    """Why a unit stands out (:func:`frisat.reporting.codes.followup_detail` in the page's language).

    ``means`` is no longer needed (the follow-up table carries the numbers); kept for the callers.
    """
    with page_language():
        return codes.followup_detail(record, unit_by, spor_label, top)


# -- reasons and notes ---------------------------------------------------------------------------


def followup_reason(note: Note | str, refusal: str) -> str:
    """Why there is no list of units that stand out (``not_applicable["followup"]``; ``refusal``, a
    text of the page, is translated like any other)."""
    with page_language():
        return codes.note_text(note)


def changes_reason(note: Note | str, refusal: str, waves: tuple[str, ...]) -> str:
    """Why there is no table of changes between waves (``not_applicable["changes"]``)."""
    with page_language():
        return codes.note_text(note)


def analysis_notes(result: AnalysisResult) -> list[str]:
    """The analysis' notes (:attr:`AnalysisResult.notes`) in the page's language."""
    with page_language():
        return [codes.note_text(note) for note in result.notes]
