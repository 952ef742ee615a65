"""The language of the texts drawn into figures and made by :mod:`~frisat.reporting.labels`.

Danish, always, unless a caller asks for another language for a block of work: the web app's
results page draws its figures and labels in English inside ``with use(language): …``. The
reports, spreadsheets and CSV/JSON files are written outside any such block and stay Danish.

Every Danish text reporting writes goes through :func:`tr` as a literal (a ``%(name)s`` template
when it has values). The translations are reporting's own catalogue,
``locale/en/LC_MESSAGES/frisat.po`` (compiled to ``frisat.mo`` next to it with
``msgfmt -o frisat.mo frisat.po``), read with the standard library's :mod:`gettext`:
:func:`for_code` gives the :class:`Language` of a language code. Numbers follow the language's
separators. The language is a :class:`contextvars.ContextVar`: each thread (and each request) has
its own.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "frisat"
LANGUAGES = ("da", "en")
"""The languages reporting writes: Danish (the source texts) and English (the catalogue)."""


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


@cache
def catalogue(code: str) -> gettext.NullTranslations:
    """Reporting's translations into ``code`` (``en``): the compiled ``frisat.mo``."""
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[code])


NUMBER_FORMATS = {"en": (".", ",", "%")}
"""Decimal mark, thousands separator and what follows a percentage's number, per language."""


def base_code(code: str | None) -> str:
    """``en-gb`` → ``en``; Danish when nothing is given."""
    return (code or "da").split("-")[0].split("_")[0].lower()


def for_code(code: str | None, values: Iterable[str] = ()) -> Language:
    """The :class:`Language` of a language code: :data:`DANISH` for Danish (and any language
    reporting has no catalogue for), else the catalogue's translations and the language's number
    format. ``values`` are data values with a display name in the catalogue (e.g. the group that
    collects small groups); the value for a missing group is always among them."""
    code = base_code(code)
    if code not in LANGUAGES or code == "da":
        return DANISH
    translate = catalogue(code).gettext
    decimal, thousands, percent = NUMBER_FORMATS[code]
    from frisat.core.analysis import MISSING_GROUP

    names = {value: translate(value) for value in (MISSING_GROUP, *values)}
    return Language(translate=translate, decimal=decimal, thousands=thousands, percent=percent, values=names)


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
