"""The results page in the user's language: Danish, or English when the user chooses English.

The page's own texts are Django translations. Two kinds of text come from elsewhere:

- **frisat.reporting** (tables, sentences, figure titles, alt texts, notes and legends; labels,
  intervals and numbers): :func:`page_language` sets :mod:`frisat.reporting.language` to the active
  language for the block that builds the page; reporting translates with its own catalogue
  (``frisat/reporting/locale``), not Django's. Its sentences read, in Danish, word for word as the
  core's (:mod:`frisat.reporting.views.sentences`).
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

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from frisat.core.notes import Note
from frisat.reporting import codes
from frisat.reporting.language import Language, for_code, use
from frisat.reporting.views.model import Sentence
from frisat.web.results.anonymity import OTHER_LABEL


def is_danish() -> bool:
    return (get_language() or "da").split("-")[0] == "da"


def reporting_language() -> Language:
    """:mod:`frisat.reporting`'s language (its own catalogue) for the active Django language."""
    return for_code(get_language(), values=(OTHER_LABEL,))


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


def html_sentence(sentence: Sentence) -> SafeString:
    """A :class:`~frisat.reporting.views.model.Sentence` as HTML: its quoted values marked as Danish
    (:func:`quoted`), everything escaped."""
    if not sentence.values:
        return conditional_escape(sentence.template)
    values = {k: quoted(str(v)) if k in sentence.quoted else v for k, v in sentence.values.items()}
    return html_text(sentence.template, values)


# -- reasons and notes ---------------------------------------------------------------------------


def reason_text(note: Note | str) -> str:
    """Why a table is missing (``ExtendedResult.not_applicable[...]``: a note of the core, e.g. the
    wave refusal of the disclosure rules) in the page's language."""
    with page_language():
        return codes.note_text(note)
