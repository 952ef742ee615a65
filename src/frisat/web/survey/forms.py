"""The respondent's form: one page per section of the round's instrument.

:class:`SectionForm` validates one page's POST strictly. Every answer is optional, but whatever is
posted must be a valid code of the item's scale, «ved ikke» where the scale offers it, or a comment
of at most :data:`MAX_TEXT_LENGTH` characters; any field that does not belong to the page refuses
the whole page. A refused page saves nothing.

It also builds the view model the templates render (:class:`QuestionBlock` of
:class:`~frisat.web.survey.widgets.Field`, whose module also writes their markup), so the markup
(fieldset/legend, end labels, «ved ikke», textarea) is driven by the instrument's own words.

Split designs: a respondent whose link asks one dimension only (``Respondent.dimension``) sees only
that dimension's questions (:func:`visible_questions`); an intro that leads from the first
dimension to the second is left out, and the questions are numbered 1, 2, 3 … as shown. Answers to
the other dimension are fields that do not belong to the page, so posting them refuses the page.

:class:`AllocationForm` is the page of the instrument's allocation question («fordel 100 point»):
whole numbers 0–total, none or all of them, summing to exactly the total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from frisat.core.design import asks_allocation
from frisat.core.instrument import ColumnSpec, Instrument, Question, Section
from frisat.web.rounds.selectors import DONT_KNOW_ANSWER
from frisat.web.survey.widgets import Field, Option, ReviewItem

MAX_TEXT_LENGTH = 5000
"""Longest comment accepted (characters, with line breaks counted as one)."""

STEP_KEY = "_side"
"""Draft key holding the step the respondent reached: 0 intro, 1..N section pages, N+1 review.
(Keys starting with "_" are bookkeeping; rounds.services.submit leaves them out of the response.)"""

FORM_META_FIELDS = frozenset({"csrfmiddlewaretoken", "action"})


def section_columns(instrument: Instrument, section: Section) -> tuple[tuple[Question, tuple[ColumnSpec, ...]], ...]:
    """The section's questions, each with its answer columns (in questionnaire order).

    Worked out once per instrument object (instruments are immutable; the built-in ones are loaded
    once per process), not on every request: ``Instrument.columns()`` builds every column anew.
    """
    cached = _SECTION_COLUMNS.get(id(instrument))
    if cached is None or cached[0] is not instrument:
        if len(_SECTION_COLUMNS) >= 32:  # instruments loaded from files are new objects each time
            _SECTION_COLUMNS.clear()
        cached = _SECTION_COLUMNS[id(instrument)] = (instrument, _group_columns(instrument))
    return cached[1][section.id]


_SECTION_COLUMNS: dict[int, tuple[Instrument, dict[str, tuple]]] = {}
"""id(instrument) → (the instrument, kept so that its id is not reused; section id → questions)."""


def _group_columns(instrument: Instrument) -> dict[str, tuple]:
    all_columns = instrument.columns()
    grouped = {}
    for section in instrument.sections:
        columns = iter([c for c in all_columns if c.section == section.id])
        questions = []
        for question in section.questions:
            count = len(question.items or {}) if question.type == "matrix" else 1
            questions.append((question, tuple(next(columns) for _i in range(count))))
        grouped[section.id] = tuple(questions)
    return grouped


def visible_questions(instrument: Instrument, section: Section, dimension: str | None = None
                      ) -> tuple[tuple[Question, tuple[ColumnSpec, ...]], ...]:
    """:func:`section_columns` without the matrices of the dimension a split-design respondent is not asked."""
    questions = section_columns(instrument, section)
    if not dimension:
        return questions
    return tuple((q, cols) for q, cols in questions if not (q.type == "matrix" and q.dimension
                                                            and q.dimension != dimension))


def hidden_intros(section: Section, dimension: str | None) -> frozenset[str]:
    """Numbers of the questions whose intro is left out for a respondent asked only ``dimension``.

    An intro on a dimension's matrix that follows another dimension's matrix in the section leads
    from one to the other («… de samme forhold, men denne gang …»): without the first it refers to
    questions the respondent never saw.
    """
    if not dimension:
        return frozenset()
    hidden, seen_matrix = set(), False
    for question in section.questions:
        if question.type == "matrix" and question.dimension:
            if seen_matrix and question.intro:
                hidden.add(question.number)
            seen_matrix = True
    return frozenset(hidden)


def page_count(instrument: Instrument, dimension: str | None = None) -> int:
    """Question pages: one per section, plus the allocation page when the respondent is asked it."""
    return len(instrument.sections) + (1 if asks_allocation(instrument, dimension) else 0)


def display_numbers(instrument: Instrument, dimension: str | None = None) -> dict[str, str]:
    """Question number → the number shown, for a respondent asked only ``dimension``.

    The questions shown are numbered 1, 2, 3 … so the numbering has no gaps where the other
    dimension's questions were; empty (numbers as in the instrument) for both dimensions, or when
    the instrument's numbers are not plain whole numbers.
    """
    if not dimension:
        return {}
    numbers = [q.number for section in instrument.sections for q, _cols in
               visible_questions(instrument, section, dimension)]
    if asks_allocation(instrument, dimension) and instrument.allocation.number:
        numbers.append(instrument.allocation.number)
    if not all(n.isdigit() for n in numbers) or len(set(numbers)) != len(numbers):
        return {}
    return {n: str(i) for i, n in enumerate(numbers, start=1)}


def allowed_values(column: ColumnSpec) -> dict[str, object]:
    """Posted string → stored value, for a column answered by choosing."""
    values: dict[str, object] = {str(code): code for code in column.scale.codes}
    if column.scale.dont_know:
        values[DONT_KNOW_ANSWER] = DONT_KNOW_ANSWER
    return values


def scale_hint(column: ColumnSpec) -> str:
    scale = column.scale
    if scale.type == "numeric":
        if scale.dont_know:
            return _("Vælg et tal fra %(min)s til %(max)s eller «%(dont_know)s».") % {
                "min": scale.min, "max": scale.max, "dont_know": scale.dont_know}
        return _("Vælg et tal fra %(min)s til %(max)s.") % {"min": scale.min, "max": scale.max}
    return _("Vælg en af svarmulighederne.")


def display_value(column: ColumnSpec, value: object) -> str | None:
    """How a stored answer reads on the review page (None: not answered)."""
    if value is None or value == "":
        return None
    if column.is_text:
        return str(value)
    if value == DONT_KNOW_ANSWER:
        return column.scale.dont_know or _("Ved ikke")
    if column.scale.type == "numeric":
        label = column.scale.value_labels.get(value)
        return f"{value} ({label.split(' = ', 1)[1]})" if label else str(value)
    return column.scale.value_labels.get(value, str(value))


class _PageForm:
    """What every page form shares: the POST (``data``) and the saved draft (``initial``), validation
    on first use, and the refusal of fields from other pages and of a field given twice. Subclasses
    set ``columns`` and clean one posted value in :meth:`_clean`."""

    columns: list[ColumnSpec]

    def __init__(self, data: QueryDict | None, initial: Mapping[str, object] | None) -> None:
        self.data = data
        self.initial = dict(initial or {})
        self.errors: dict[str, str] = {}
        self.form_errors: list[str] = []
        self.cleaned_data: dict[str, object] = {}
        self._validated = False

    @property
    def is_bound(self) -> bool:
        return self.data is not None

    def is_valid(self) -> bool:
        if not self._validated:
            self._validate()
        return self.is_bound and not self._refused()

    def _refused(self) -> bool:
        return bool(self.errors or self.form_errors)

    def _validate(self) -> None:
        self._validated = True
        if self.data is None:
            return
        if set(self.data) - {c.name for c in self.columns} - FORM_META_FIELDS:
            self.form_errors.append(_(
                "Formularen indeholdt et felt, der ikke hører til denne side. Intet på siden er gemt. "
                "Indlæs siden igen, og prøv en gang til."))
        for column in self.columns:
            raw_values = self.data.getlist(column.name)
            if len(raw_values) > 1:
                self.errors[column.name] = _("Giv kun ét svar.")
                continue
            self._clean(column, raw_values[0] if raw_values else "")
        self._check_page()

    def _clean(self, column: ColumnSpec, raw: str) -> None:
        """Put the cleaned value in ``cleaned_data`` or a message in ``errors``."""
        raise NotImplementedError

    def _check_page(self) -> None:
        """Rules across the page's fields (after each field is cleaned)."""


class SectionForm(_PageForm):
    """Validates one section page. ``data`` is the POST; ``initial`` the saved draft answers."""

    def __init__(self, instrument: Instrument, section: Section, data: QueryDict | None = None,
                 initial: Mapping[str, object] | None = None, dimension: str | None = None) -> None:
        self.instrument = instrument
        self.section = section
        self.questions = visible_questions(instrument, section, dimension)
        self.hidden_intros = hidden_intros(section, dimension)
        self.numbers = display_numbers(instrument, dimension)
        self.columns = [c for _q, cols in self.questions for c in cols]
        super().__init__(data, initial)

    def _clean(self, column: ColumnSpec, raw: str) -> None:
        if column.is_text:
            text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
            if "\x00" in text:
                self.errors[column.name] = _("Teksten indeholder ugyldige tegn.")
            elif len(text) > MAX_TEXT_LENGTH:
                self.errors[column.name] = _(
                    "Kommentaren er for lang: højst %(max)s tegn (du har skrevet %(n)s).") % {
                    "max": MAX_TEXT_LENGTH, "n": len(text)}
            else:
                self.cleaned_data[column.name] = text or None
        elif raw == "":
            self.cleaned_data[column.name] = None
        elif raw in (choices := allowed_values(column)):
            self.cleaned_data[column.name] = choices[raw]
        else:
            self.errors[column.name] = _("Svaret er ikke gyldigt. %(hint)s") % {"hint": scale_hint(column)}

    # -- view model ----------------------------------------------------------------------------
    def _value(self, column: ColumnSpec) -> str:
        """The value to show: the posted one on a refused page (if valid), else the saved one."""
        if self.is_bound:
            if column.name in self.errors:
                return ""
            value = self.cleaned_data.get(column.name)
        else:
            value = self.initial.get(column.name)
        return "" if value is None else str(value)

    def blocks(self) -> list[QuestionBlock]:
        self.is_valid()
        return [self._block(q, cols) for q, cols in self.questions]

    def _number(self, column: ColumnSpec) -> str:
        """The number shown for an item, e.g. «1a» (see :func:`display_numbers`)."""
        for question, columns in self.questions:
            if column in columns:
                number = self.numbers.get(question.number, question.number)
                return f"{number}{column.item}" if question.type == "matrix" else number
        return column.question

    def _block(self, question: Question, columns: list[ColumnSpec]) -> QuestionBlock:
        dimension = self.instrument.dimensions.get(question.dimension) if question.dimension else None
        number = self.numbers.get(question.number, question.number)
        intro = None if question.number in self.hidden_intros else question.intro
        if question.type == "matrix":
            heading = f"{number}. {dimension.question}" if dimension else \
                _("Spørgsmål %(number)s") % {"number": number}
            fields = [self._field(c, legend=c.text, number=f"{number}{c.item}",
                                  context=dimension.label if dimension else None) for c in columns]
            return QuestionBlock(kind="matrix", number=number, heading=heading,
                                 intro=intro, stem=question.text, fields=fields)
        column = columns[0]
        heading = _("Spørgsmål %(number)s") % {"number": number}
        if column.is_text:
            heading = _("%(number)s. Din kommentar") % {"number": number}
        field = self._field(column, legend=question.text, number=number, context=None)
        return QuestionBlock(kind=question.type, number=number, heading=heading,
                             intro=intro, stem=None, fields=[field])

    def _field(self, column: ColumnSpec, *, legend: str, number: str, context: str | None) -> Field:
        value = self._value(column)
        result = Field(name=column.name, number=number, legend=legend, context=context, value=value,
                       error=self.errors.get(column.name), is_text=column.is_text,
                       max_length=MAX_TEXT_LENGTH)
        if column.is_text:
            return result
        scale = column.scale
        result.numeric = scale.type == "numeric"
        if result.numeric:
            result.low_label = f"{scale.min} = {scale.low_label}" if scale.low_label else None
            result.high_label = f"{scale.max} = {scale.high_label}" if scale.high_label else None
        for code in scale.codes:
            label = str(code) if result.numeric else scale.value_labels.get(code, str(code))
            described = None
            if result.numeric and code == scale.min and result.low_label:
                described = f"{column.name}-low"
            elif result.numeric and code == scale.max and result.high_label:
                described = f"{column.name}-high"
            result.options.append(Option(value=str(code), label=label, id=f"{column.name}-{code}",
                                         checked=value == str(code), described_by=described))
        if scale.dont_know:
            result.dont_know = Option(value=DONT_KNOW_ANSWER, label=scale.dont_know,
                                      id=f"{column.name}-{DONT_KNOW_ANSWER}",
                                      checked=value == DONT_KNOW_ANSWER)
        return result

    def error_list(self) -> list[tuple[str | None, str]]:
        """(anchor id or None, message) for the error summary, in page order."""
        self.is_valid()
        items: list[tuple[str | None, str]] = [(None, message) for message in self.form_errors]
        for column in self.columns:
            if column.name in self.errors:
                if column.is_text:
                    anchor = column.name
                else:
                    anchor = f"{column.name}-{column.scale.codes[0]}" if column.scale.codes else column.name
                items.append((anchor, _("Spørgsmål %(number)s: %(error)s") % {
                    "number": self._number(column), "error": self.errors[column.name]}))
        return items


@dataclass
class QuestionBlock:
    kind: str
    number: str
    heading: str
    intro: str | None
    stem: str | None
    fields: list[Field]


@dataclass
class ReviewSection:
    number: int
    title: str
    questions: list[tuple[str, list[ReviewItem]]]


def review_sections(instrument: Instrument, answers: Mapping[str, object],
                    dimension: str | None = None) -> list[ReviewSection]:
    """Every question the respondent is asked, with the given answer, grouped by page."""
    numbers = display_numbers(instrument, dimension)
    sections = []
    for index, section in enumerate(instrument.sections, start=1):
        questions = []
        for question, columns in visible_questions(instrument, section, dimension):
            dim = instrument.dimensions.get(question.dimension) if question.dimension else None
            number = numbers.get(question.number, question.number)
            if question.type == "matrix":
                heading = f"{number}. {dim.question}" if dim else _("Spørgsmål %(number)s") % {"number": number}
            elif columns[0].is_text:
                heading = _("%(number)s. Din kommentar") % {"number": number}
            else:
                heading = _("Spørgsmål %(number)s") % {"number": number}
            items = []
            for column in columns:
                value = answers.get(column.name)
                text = column.text if question.type == "matrix" else question.text
                items.append(ReviewItem(number=f"{number}{column.item}" if question.type == "matrix" else number,
                                        text=text, context=dim.label if dim else None,
                                        answer=display_value(column, value),
                                        dont_know=value == DONT_KNOW_ANSWER, is_text=column.is_text))
            questions.append((heading, items))
        sections.append(ReviewSection(number=index, title=section.title, questions=questions))
    if asks_allocation(instrument, dimension):
        sections.append(allocation_review(instrument, answers, len(instrument.sections) + 1, numbers))
    return sections


# -- the allocation question («fordel 100 point») --------------------------------------------------

def allocation_columns(instrument: Instrument) -> list[ColumnSpec]:
    """The ``{spor}_point`` columns, in page order."""
    specs = {c.name: c for c in instrument.columns() if c.is_allocation}
    return [specs[name] for name in instrument.allocation_columns()]


def points_text(points: int | str, total: int) -> str:
    """«Fordelt: 60 af 100 point» — the running total (the script writes the same with the
    ``{points}`` placeholder filled in)."""
    return _("Fordelt: %(points)s af %(total)s point") % {"points": points, "total": total}


def points_left_text(points: int | str, total: int) -> str:
    """What is left to do: «mangler 40 point», «20 point for mange» or «det passer»."""
    if isinstance(points, str):  # the script's templates
        return points
    if points < total:
        return _("mangler %(n)s point") % {"n": total - points}
    if points > total:
        return _("%(n)s point for mange") % {"n": points - total}
    return _("det passer")


def allocation_review(instrument: Instrument, answers: Mapping[str, object], page: int,
                      numbers: Mapping[str, str] | None = None) -> ReviewSection:
    """The allocation on the review page: one «N point» per spor."""
    allocation = instrument.allocation
    number = (numbers or {}).get(allocation.number or "", allocation.number or "")
    items = []
    for column in allocation_columns(instrument):
        value = answers.get(column.name)
        answer = None if value is None or value == "" else _("%(points)s point") % {"points": value}
        items.append(ReviewItem(number=f"{number}{column.question[len(allocation.number or ''):]}",
                                text=column.text, context=None, answer=answer, dont_know=False, is_text=False))
    heading = f"{number}. {allocation.question}" if number else allocation.question
    return ReviewSection(number=page, title=allocation.title, questions=[(heading, items)])


class AllocationForm(_PageForm):
    """Validates the allocation page. ``data`` is the POST; ``initial`` the saved draft answers.

    Each field is blank or a whole number from 0 to the total; either every field is blank or
    every field is filled and they sum to exactly the total. Anything else refuses the page, with
    a Danish message per field and one for the sum; fields from other pages refuse it too.
    """

    def __init__(self, instrument: Instrument, data: QueryDict | None = None,
                 initial: Mapping[str, object] | None = None) -> None:
        assert instrument.allocation is not None
        self.instrument = instrument
        self.allocation = instrument.allocation
        self.total = instrument.allocation.total
        self.columns = allocation_columns(instrument)
        self.sum_error: str | None = None
        super().__init__(data, initial)

    def _refused(self) -> bool:
        return super()._refused() or self.sum_error is not None

    def _clean(self, column: ColumnSpec, raw: str) -> None:
        raw = raw.strip()
        if raw == "":
            self.cleaned_data[column.name] = None
        elif raw.isascii() and raw.isdigit() and len(raw) <= 6 and int(raw) <= self.total:
            self.cleaned_data[column.name] = int(raw)
        else:
            self.errors[column.name] = _("«%(value)s» er ikke et gyldigt antal point. %(hint)s") % {
                "value": raw[:20], "hint": _("Skriv et helt tal fra 0 til %(total)s.") % {"total": self.total}}

    def _check_page(self) -> None:
        if self.errors or self.form_errors:
            return
        given = [v for v in self.cleaned_data.values() if v is not None]
        if given and len(given) < len(self.columns):
            self.sum_error = _("Giv point til alle %(n)s spor (også 0), eller lad alle felterne stå tomme. "
                               "Du har udfyldt %(filled)s af %(n)s.") % {"n": len(self.columns),
                                                                        "filled": len(given)}
        elif given and sum(given) != self.total:
            self.sum_error = _("Du har fordelt %(points)s point. Pointene skal tilsammen give præcis %(total)s.") % {
                "points": sum(given), "total": self.total}

    def _value(self, column: ColumnSpec) -> str:
        if self.is_bound:
            if column.name in self.errors:
                return (self.data.get(column.name) or "")[:20] if self.data else ""
            value = self.cleaned_data.get(column.name)
        else:
            value = self.initial.get(column.name)
        return "" if value is None else str(value)

    def fields(self) -> list[PointField]:
        self.is_valid()
        return [PointField(name=c.name, label=c.text, value=self._value(c), error=self.errors.get(c.name),
                           max=self.total) for c in self.columns]

    def current_sum(self) -> int:
        """The sum of the whole numbers in the fields now (what the running total shows)."""
        total = 0
        for field_ in self.fields():
            if field_.value.isdigit():
                total += int(field_.value)
        return total

    def error_list(self) -> list[tuple[str | None, str]]:
        self.is_valid()
        items: list[tuple[str | None, str]] = [(None, message) for message in self.form_errors]
        for column in self.columns:
            if column.name in self.errors:
                items.append((column.name, _("%(spor)s: %(error)s") % {"spor": column.text,
                                                                        "error": self.errors[column.name]}))
        if self.sum_error:
            items.append((self.columns[0].name, self.sum_error))
        return items


@dataclass
class PointField:
    name: str
    label: str
    value: str
    error: str | None
    max: int
