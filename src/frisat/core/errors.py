"""Errors the user can act on. Messages are Danish: they are shown as they are."""

from __future__ import annotations

from dataclasses import dataclass, field


class FrisatError(Exception):
    """Base class for errors whose message is meant for the end user."""


@dataclass(frozen=True)
class Problem:
    """One problem found in an input, with where it is (row/column are 1-based as in Excel)."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Række {self.row}")
        if self.column is not None:
            where.append(f"kolonne {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ValidationFailed(FrisatError):
    """An input was refused; nothing was imported. Carries every problem found."""

    source: str
    problems: list[Problem] = field(default_factory=list)
    total: int | None = None
    """How many problems there were in all, when ``problems`` holds only the first ones."""

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        count = self.total if self.total is not None else len(self.problems)
        head = f"{self.source}: {count} fejl fundet — intet er indlæst."
        lines = [head, *(f"  • {p}" for p in self.problems)]
        if count > len(self.problems):
            lines.append(f"  … og {count - len(self.problems)} fejl mere.")
        return "\n".join(lines)


class InstrumentError(FrisatError):
    """An instrument file is broken. The message names the file, the place and the problem."""
