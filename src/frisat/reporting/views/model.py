"""The plain dataclasses the view builders return: tables, sentences and figure specifications."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field

from frisat.reporting.figures import FigureOutput


@dataclass
class Cell:
    text: str
    num: bool = False
    """A number column (right-aligned)."""


@dataclass
class Row:
    keys: list[str]
    """Row header cells (the group, spor, …); the first is the row's ``<th>``."""
    cells: list[Cell] = field(default_factory=list)
    suppressed: bool = False


@dataclass
class Table:
    id: str
    caption: str
    key_headers: list[str]
    headers: list[Cell]
    """Column headers after the key columns (``num`` marks number columns)."""
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Sentence:
    """A sentence as a (translated) ``%(name)s`` template and its values.

    ``quoted`` names the values quoted from the source documents (a question's wording): the web
    page marks them as Danish text when it is in another language; :attr:`text` is the plain
    sentence (the report).
    """

    template: str
    values: Mapping[str, object] = field(default_factory=dict)
    quoted: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        return self.template % dict(self.values) if self.values else self.template

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class FigureSpec:
    """A drawn figure as both outputs show it: number, title, alt text, notes, the PNG as a data: URI."""

    number: int
    title: str
    alt: str
    notes: list[str]
    cautions: list[str]
    slug: str
    src: str


def figure_spec(figure: FigureOutput, *, number: int | None = None, slug: str | None = None) -> FigureSpec:
    """The view model of a figure (``number``/``slug`` override the figure's own)."""
    return FigureSpec(number=figure.number if number is None else number, title=figure.title, alt=figure.alt,
                      notes=list(figure.notes), cautions=list(figure.cautions),
                      slug=figure.slug if slug is None else slug,
                      src="data:image/png;base64," + base64.b64encode(figure.png).decode("ascii"))
