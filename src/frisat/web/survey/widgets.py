"""The HTML of one answer field of the survey form, built in Python.

A section page has some 45 fields with up to 12 radio buttons each (~450 inputs). Written out by
the template engine (an ``{% include %}`` per field and a loop per radio button) that was about
70 % of the time it took to serve a page; building the same markup here is more than ten times
faster. The markup is exactly what the template wrote (``survey/_field.html`` until November 2026):

- a choice field is a ``<fieldset>`` whose ``<legend>`` holds the item number and text (with the
  dimension, e.g. «Implementering», as visually hidden context for screen readers); on the 1–10
  scale the end labels («1 = Helt uenig») are referenced by ``aria-describedby`` from the first and
  last radio button; every radio button has its own ``<label for>``; «ved ikke» comes last, apart;
- a comment is a ``<textarea>`` with a ``<label>`` and a hint (``aria-describedby``);
- an error is a paragraph referenced by ``aria-describedby`` (and ``aria-invalid`` on a textarea).

The review page's ~90 answers (:func:`render_review_item`) are built here for the same reason.

Every value from the instrument or the respondent is escaped as the template engine does it
(``html.escape``, which is what ``django.utils.html.escape`` calls). The texts to translate use
``gettext`` with the message ids the templates had («Fejl:», «Valgfrit. Højst %(max)s tegn.»,
«Ikke besvaret»).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# --- the view models the survey form builds (:mod:`frisat.web.survey.forms`) ---------------------


@dataclass
class Option:
    value: str
    label: str
    id: str
    checked: bool = False
    described_by: str | None = None


@dataclass
class Field:
    name: str
    number: str
    legend: str
    context: str | None
    value: str
    error: str | None
    is_text: bool
    max_length: int
    numeric: bool = False
    low_label: str | None = None
    high_label: str | None = None
    options: list[Option] = field(default_factory=list)
    dont_know: Option | None = None

    def html(self) -> SafeString:
        """The field's markup (:func:`render_field`)."""
        return render_field(self)


@dataclass
class ReviewItem:
    number: str
    text: str
    context: str | None
    answer: str | None
    dont_know: bool
    is_text: bool

    def html(self) -> SafeString:
        """The item and its answer on the review page (:func:`render_review_item`)."""
        return render_review_item(self)


# --- their markup --------------------------------------------------------------------------------


def render_field(field: Field) -> SafeString:
    """The HTML of one field: a comment, or a question answered by choosing."""
    name = escape(field.name)
    if field.error:
        has_error = " form-error"
        prefix = escape(_("Fejl:"))  # outside the f-string, so makemessages finds it
        error = (f'<p class="form-error-message" id="{name}-error"><strong>{prefix}</strong> '
                 f"{escape(field.error)}</p>")
    else:
        has_error = error = ""
    if field.is_text:
        return mark_safe(_text_field(field, name, has_error, error))
    described = f' aria-describedby="{name}-error"' if field.error else ""
    context = f' <span class="visually-hidden">({escape(field.context)})</span>' if field.context else ""
    parts = [
        f'\n<div class="form-group item-card{has_error}">\n'
        f'<fieldset class="item" id="{name}"{described}>\n'
        f'  <legend class="form-label"><span class="item-number">{escape(field.number)}.</span>{context} '
        f"{escape(field.legend)}</legend>\n"
        f"  {error}\n  "
    ]
    if field.numeric:
        parts.append("\n  ")
        if field.low_label or field.high_label:
            low = f'<span class="scale-low" id="{name}-low">{escape(field.low_label)}</span>' if field.low_label else ""
            high = (f'<span class="scale-high" id="{name}-high">{escape(field.high_label)}</span>'
                    if field.high_label else "")
            parts.append(f'<div class="scale-ends">\n    {low}\n    {high}\n  </div>')
        parts.append('\n  <div class="scale-options">\n    ')
        parts.extend(_scale_option(option, name) for option in field.options)
    else:
        parts.append('\n  <div class="choice-options">\n    ')
        parts.extend(_choice_option(option, name) for option in field.options)
    parts.append("\n  </div>\n  \n  ")
    if field.dont_know:
        parts.append(f'\n  <div class="dont-know">{_choice_option(field.dont_know, name)}</div>\n  ')
    parts.append("\n</fieldset>\n</div>\n\n")
    return mark_safe("".join(parts))


def _text_field(field: Field, name: str, has_error: str, error: str) -> str:
    hint = escape(_("Valgfrit. Højst %(max)s tegn.") % {"max": field.max_length})
    described = f"{name}-hint {name}-error" if field.error else f"{name}-hint"
    invalid = ' aria-invalid="true"' if field.error else ""
    return (
        f'\n<div class="form-group item-card text-field{has_error}">\n'
        f'  <label class="form-label" for="{name}">{escape(field.legend)}</label>\n'
        f'  <p class="form-hint" id="{name}-hint">{hint}</p>\n'
        f"  {error}\n"
        f'  <textarea class="form-input" id="{name}" name="{name}" rows="6" maxlength="{field.max_length}" '
        f'aria-describedby="{described}"{invalid}>{escape(field.value)}</textarea>\n'
        f"</div>\n\n"
    )


def _scale_option(option: Option, name: str) -> str:
    oid = escape(option.id)
    checked = " checked" if option.checked else ""
    described = f' aria-describedby="{escape(option.described_by)}"' if option.described_by else ""
    return (f'<label class="scale-option" for="{oid}"><span class="scale-number">{escape(option.label)}</span>'
            f'<input type="radio" id="{oid}" name="{name}" value="{escape(option.value)}"{checked}{described}>'
            f"</label>")


def _choice_option(option: Option, name: str) -> str:
    oid = escape(option.id)
    checked = " checked" if option.checked else ""
    return (f'<label class="choice-option" for="{oid}"><input type="radio" id="{oid}" name="{name}" '
            f'value="{escape(option.value)}"{checked}> <span>{escape(option.label)}</span></label>')


def render_review_item(item: ReviewItem) -> SafeString:
    """One answer on the review page: the item as a ``<dt>``, the answer (or «Ikke besvaret») as ``<dd>``."""
    context = f' <span class="visually-hidden">({escape(item.context)})</span>' if item.context else ""
    if item.answer is None:
        not_answered = escape(_("Ikke besvaret"))  # outside the f-string, so makemessages finds it
        answer = f'<span class="not-answered">{not_answered}</span>'
    elif item.is_text:
        answer = f'<span class="answer-text">{linebreaksbr(item.answer, autoescape=True)}</span>'
    else:
        answer = f"<strong>{escape(item.answer)}</strong>"
    return mark_safe(
        f'\n    <div class="review-item">\n'
        f'      <dt><span class="item-number">{escape(item.number)}.</span>{context} {escape(item.text)}</dt>\n'
        f"      <dd>{answer}</dd>\n"
        f"    </div>\n    "
    )
