"""Shared console helpers: Danish error output and progress on stderr (stdout stays for data)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

import typer
from rich.console import Console

from frisat.core.errors import FrisatError

out = Console()
err = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


def user_errors(func: F) -> F:
    """Turn errors meant for the user into a red message and exit code 1 — no traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FrisatError as exc:
            err.print(f"[bold red]Fejl:[/] {exc}", highlight=False, markup=True, soft_wrap=True)
            raise typer.Exit(1) from None
        except OSError as exc:
            err.print(f"[bold red]Fejl:[/] {exc.strerror or exc}: {exc.filename or ''}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def step(message: str) -> Iterator[Callable[[str], None]]:
    """Show a spinner with ``message`` on stderr; yields a function that updates the text."""
    with err.status(message, spinner="dots") as status:

        def update(text: str) -> None:
            status.update(text)

        yield update
    err.print(f"[green]✓[/] {message}", highlight=False)


LANG_HELP = ("Sproget i rapporten, regnearket og figurerne: da (dansk) eller en (engelsk). "
             "CSV-filernes kolonner er de samme.")


def report_language(code: str) -> Any:
    """The reporting :class:`~frisat.reporting.language.Language` of ``--lang`` (da or en)."""
    from frisat.reporting.language import LANGUAGES, for_code

    if code.lower() not in LANGUAGES:
        raise FrisatError(f"--lang «{code}»: vælg {' eller '.join(LANGUAGES)}.")
    return for_code(code.lower())
