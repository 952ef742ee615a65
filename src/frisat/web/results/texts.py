"""The results page in the user's language: Danish, or English when the user chooses English.

The page's own texts are Django translations. Two kinds of text come from elsewhere:

- **frisat.reporting** (tables, sentences, figure titles, alt texts, notes and legends; labels,
  intervals and numbers): :func:`page_language` sets :mod:`frisat.reporting.language` to the active
  language for the block that builds the page; reporting translates with its own catalogue
  (``frisat/reporting/locale``), not Django's. Its sentences read, in Danish, word for word as the
  core's (:mod:`frisat.reporting.views.sentences`).
- **Text quoted from the source documents** stays as quoted (the rule in ``docs/web.md``): the
  questionnaire's indicator texts are shown in Danish, marked ``lang="da"`` (:func:`quoted`); VIVE's
  names of the spor and the quadrants are shown in Danish with the translation beside them
  (:func:`frisat.reporting.language.source_name`).

The reasons why a table is missing that only the page gives (:func:`followup_reason`,
:func:`changes_reason`) are the page's own texts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from frisat.reporting.language import Language, for_code, use
from frisat.reporting.views.model import Sentence
from frisat.web.results.anonymity import OTHER_LABEL
from frisat.web.results.pipeline import UNIT_COLUMN, WAVE_COLUMN


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


def known(core_text: str, msgid: str, **values: object) -> str:
    """``msgid`` (translated) when the core wrote exactly ``msgid % values`` in Danish, else the
    core's own text (a sentence this page does not know yet is shown as the core wrote it)."""
    if core_text == msgid % values:
        return _(msgid) % values
    return core_text


def html_sentence(sentence: Sentence) -> SafeString:
    """A :class:`~frisat.reporting.views.model.Sentence` as HTML: its quoted values marked as Danish
    (:func:`quoted`), everything escaped."""
    if not sentence.values:
        return conditional_escape(sentence.template)
    values = {k: quoted(str(v)) if k in sentence.quoted else v for k, v in sentence.values.items()}
    return html_text(sentence.template, values)


# -- reasons and notes ---------------------------------------------------------------------------


def followup_reason(core_text: str, refusal: str) -> str:
    """Why there is no list of units that stand out (``not_applicable["followup"]``)."""
    if core_text == refusal:
        return _(refusal)
    return known(core_text, gettext_noop("Ingen liste over enheder, der skiller sig ud: kolonnen «%(column)s» "
                                         "angiver ingen enheder."), column=UNIT_COLUMN)


def changes_reason(core_text: str, refusal: str, waves: tuple[str, ...]) -> str:
    """Why there is no table of changes between waves (``not_applicable["changes"]``)."""
    if core_text == refusal:
        return _(refusal)
    if len(waves) == 1:
        return known(core_text, gettext_noop("Ingen udvikling over tid: data har kun én måling («%(wave)s») i "
                                             "kolonnen «%(column)s»."), wave=waves[0], column=WAVE_COLUMN)
    return known(core_text, gettext_noop("Ingen udvikling over tid: kolonnen «%(column)s» angiver ingen målinger."),
                 column=WAVE_COLUMN)
