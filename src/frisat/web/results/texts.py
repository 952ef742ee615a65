"""The results page in the user's language: Danish, or English when the user chooses English.

The page's own texts are Django translations. Three kinds of text come from elsewhere:

- **frisat.reporting** (figure titles, alt texts, notes and legends; labels, intervals and numbers):
  :func:`page_language` hands :mod:`frisat.reporting.language` Django's ``gettext`` and the active
  language's number format for the block that builds the page. The Danish texts it translates are
  listed in :mod:`~frisat.web.results.figure_texts`, so that ``makemessages`` finds them.
- **frisat.core's sentences** (derived importance, the units that stand out, notes and reasons why
  a table is missing) are part of the files' contract and stay Danish there. The page writes its
  own sentences from the tables' structured fields, with Danish templates that say exactly what the
  core's sentences say (the tests check that the Danish page reads word for word as the core's).
  A reason or note the page does not know is shown as the core wrote it.
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
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from frisat.core.analysis import DEFAULT_MIN_N, MISSING_GROUP, AnalysisResult
from frisat.core.anonymity import OTHER_LABEL
from frisat.core.derived_importance import WEAK_BETA
from frisat.core.disclosure_policy import WAVES_REFUSED
from frisat.core.schema import BACKGROUND_LABELS
from frisat.reporting import labels
from frisat.reporting.language import DANISH, Language, use
from frisat.web.results.pipeline import UNIT_COLUMN, WAVE_COLUMN


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


def known(core_text: str, msgid: str, **values: object) -> str:
    """``msgid`` (translated) when the core wrote exactly ``msgid % values`` in Danish, else the
    core's own text (a sentence this page does not know yet is shown as the core wrote it)."""
    if core_text == msgid % values:
        return _(msgid) % values
    return core_text


# -- derived importance ------------------------------------------------------------------------


def _inline(text: str) -> str:
    """An indicator text inside a sentence: «Jeres arbejde …» → «jeres arbejde …» (as the core)."""
    text = " ".join(str(text).split()).rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def disagreement_sentence(record: Mapping[str, Any], spor_label: str, indicator_text: str) -> SafeString | None:
    """A row of the derived-importance table whose stated and derived importance disagree, in words
    (:func:`frisat.core.derived_importance.describe_disagreement` in the page's language); None
    for a row that agrees or cannot be judged."""
    agreement = record.get("agreement")
    beta = record.get("beta")
    if labels.is_missing(beta):
        return None
    values = {"text": quoted(_inline(indicator_text)), "spor": spor_label, "beta": labels.fmt_num(beta)}
    if agreement == "underkendt":
        if float(beta) <= WEAK_BETA:
            template = _("Respondenterne siger, at %(text)s er det vigtigste i sporet «%(spor)s», men det hænger "
                         "kun svagt sammen med den samlede vurdering af sporet (β = %(beta)s).")
        else:
            template = _("Respondenterne siger, at %(text)s er det vigtigste i sporet «%(spor)s», men det hænger "
                         "svagest sammen med den samlede vurdering af sporet (β = %(beta)s).")
    elif agreement == "overset":
        template = _("Respondenterne siger, at %(text)s er det mindst vigtige i sporet «%(spor)s», men det er det, "
                     "der hænger stærkest sammen med den samlede vurdering af sporet (β = %(beta)s).")
    else:
        return None
    return html_text(template, values)


# -- units that stand out ------------------------------------------------------------------------


def _column_label(column: str) -> str:
    return {"omraade": _("Område"), "enhed": _("Enhed")}.get(column) or BACKGROUND_LABELS.get(column, column)


def unit_words(record: Mapping[str, Any], unit_by: list[str]) -> str:
    """«Enhed «X» (område «Y»)»: the unit, then the groups it belongs to (values as in the data)."""
    text = f"{_column_label(unit_by[-1])} «{record[unit_by[-1]]}»"
    if len(unit_by) > 1:
        text += " (" + ", ".join(f"{_column_label(c).lower()} «{record[c]}»" for c in unit_by[:-1]) + ")"
    return text


def _one(value: object) -> str:
    return labels.fmt_num(value, 1)


def followup_sentence(record: Mapping[str, Any], unit_by: list[str], spor_label: str, means: Any,
                      top: int) -> str:
    """Why a unit stands out (the ``detail`` of :func:`frisat.core.followup.followup` in the page's
    language), from the row's reason and value and the unit's means (:class:`~frisat.web.results.
    pipeline.FollowupMeans`); the core's Danish ``detail`` when a mean is not at hand."""
    detail = str(record.get("detail") or "")
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
            return _("%(who)s ligger i «%(quadrant)s» i sporet «%(spor)s»: vigtighed %(vigt)s, implementering "
                     "%(impl)s (gab %(gap)s).") % values
        return _("%(who)s har et af de %(top)s største gab i sporet «%(spor)s»: vigtighed %(vigt)s mod "
                 "implementering %(impl)s (gab %(gap)s).") % {**values, "top": top}
    if reason == "afvigelse" and now is not None:
        dimension = means.dimension(key, record, value)
        if dimension is None:
            return detail
        area = unit_by[0] if len(unit_by) > 1 else None
        place = _("området «%(area)s»") % {"area": record[area]} if area else _("alle enheder")
        mean = now[dimension]
        values = {"who": who, "dimension": _("implementeringen") if dimension == "impl" else _("vigtigheden"),
                  "spor": spor_label, "mean": _one(mean), "reference": _one(mean - value), "place": place,
                  "difference": _one(abs(value))}
        if value > 0:
            return _("%(who)s: %(dimension)s i sporet «%(spor)s» er %(mean)s mod %(reference)s i gennemsnit for "
                     "%(place)s (%(difference)s point over).") % values
        return _("%(who)s: %(dimension)s i sporet «%(spor)s» er %(mean)s mod %(reference)s i gennemsnit for "
                 "%(place)s (%(difference)s point under).") % values
    before = means.before.get(key)
    if reason == "største ændring" and now is not None and before is not None:
        values = {"who": who, "spor": spor_label, "before": _one(before), "now": _one(now["impl"]),
                  "change": ("+" if value > 0 else "") + _one(value)}
        if value > 0:
            return _("%(who)s: implementeringen i sporet «%(spor)s» er steget fra %(before)s til %(now)s "
                     "(%(change)s) siden den forrige måling.") % values
        return _("%(who)s: implementeringen i sporet «%(spor)s» er faldet fra %(before)s til %(now)s "
                 "(%(change)s) siden den forrige måling.") % values
    return detail


# -- reasons and notes ---------------------------------------------------------------------------


def followup_reason(core_text: str, refusal: str) -> str:
    """Why there is no list of units that stand out (``not_applicable["followup"]``)."""
    if core_text in (refusal, WAVES_REFUSED):  # the core's reason code
        return _(refusal)
    return known(core_text, gettext_noop("Ingen liste over enheder, der skiller sig ud: kolonnen «%(column)s» "
                                         "angiver ingen enheder."), column=UNIT_COLUMN)


def changes_reason(core_text: str, refusal: str, waves: tuple[str, ...]) -> str:
    """Why there is no table of changes between waves (``not_applicable["changes"]``)."""
    if core_text in (refusal, WAVES_REFUSED):  # the core's reason code
        return _(refusal)
    if len(waves) == 1:
        return known(core_text, gettext_noop("Ingen udvikling over tid: data har kun én måling («%(wave)s») i "
                                             "kolonnen «%(column)s»."), wave=waves[0], column=WAVE_COLUMN)
    return known(core_text, gettext_noop("Ingen udvikling over tid: kolonnen «%(column)s» angiver ingen målinger."),
                 column=WAVE_COLUMN)


def analysis_notes(result: AnalysisResult) -> list[str]:
    """The analysis' notes (:attr:`AnalysisResult.notes`) in the page's language."""
    return [known(note, gettext_noop("Anonymitetsgrænsen er sat til %(k)s (standard er %(default)s): små grupper "
                                     "kan genkendes."), k=result.config.min_n, default=DEFAULT_MIN_N)
            for note in result.notes]
