"""The language of the texts drawn into figures and made by :mod:`~frisat.reporting.labels`.

Danish, always, unless a caller asks for another language for a block of work: the web app's
results page draws its figures and labels in English inside ``with use(language): …``. The
reports, spreadsheets and CSV/JSON files are written outside any such block and stay Danish.

Every Danish text of the figures goes through :func:`tr` as a literal (a ``%(name)s`` template when
it has values), so a caller can hand in a translation function (the web app hands in Django's
``gettext``; its catalogue lists the same Danish texts). Numbers follow the language's separators.
The language is a :class:`contextvars.ContextVar`: each thread (and each request) has its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


def _same(message: str) -> str:
    return message


@dataclass(frozen=True)
class Language:
    """How texts and numbers are written: Danish by default (:data:`DANISH`)."""

    translate: Callable[[str], str] = _same
    """Danish text → the text in this language (the text itself when it has no translation)."""
    decimal: str = ","
    thousands: str = "."
    percent: str = " %"
    """What follows a percentage's number: ``95 %`` in Danish, ``95%`` in English."""
    values: Mapping[str, str] = field(default_factory=dict)
    """Display names of data values in this language (e.g. the group that collects small groups)."""

    @property
    def danish(self) -> bool:
        return self.translate is _same


DANISH = Language()
_current: ContextVar[Language] = ContextVar("frisat_reporting_language", default=DANISH)


def current() -> Language:
    return _current.get()


@contextmanager
def use(language: Language) -> Iterator[Language]:
    """Write figures and labels in ``language`` inside the block (in this thread only)."""
    token = _current.set(language)
    try:
        yield language
    finally:
        _current.reset(token)


def tr(message: str) -> str:
    """``message`` (Danish) in the current language."""
    return _current.get().translate(message)


def source_name(name: str) -> str:
    """A name quoted from the source documents (a spor, a quadrant): Danish as in the source, with
    its translation beside it in another language — «Vigtigste fokusområde (most important focus area)»."""
    translated = tr(name)
    if not translated or translated == name:
        return name
    return f"{name} ({translated[:1].lower()}{translated[1:]})"


def stacked(text: str) -> str:
    """A :func:`source_name` with the translation on a line of its own, for labels inside a figure
    (Danish text is returned unchanged)."""
    if current().danish or not text.endswith(")") or " (" not in text:
        return text
    name, translated = text.rsplit(" (", 1)
    return f"{name}\n({translated}"
