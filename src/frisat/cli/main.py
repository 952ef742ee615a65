"""The ``frisat`` command.

``frisat serve`` and ``frisat setup`` get an app of their own (:func:`_server_app`) when they are
the command on the command line: they then skip importing the analysis commands (SciPy alone takes
most of a second), so a restarted server answers sooner.
"""

from __future__ import annotations

import sys

import typer

from frisat import __version__
from frisat.cli.serve_command import serve_command
from frisat.cli.setup_command import setup_command

SERVER_COMMANDS = {"serve": serve_command, "setup": setup_command}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"frisat {__version__}")
        raise typer.Exit()


def _new_app() -> typer.Typer:
    new = typer.Typer(
        name="frisat",
        help="Frisat — mål hvor langt den lokale frisættelse er kommet, og hvor indsatsen skal sættes ind.",
        no_args_is_help=True,
        rich_markup_mode="rich",
        pretty_exceptions_enable=False,
        add_completion=False,
    )

    @new.callback()
    def main(
        version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Vis versionen."),
    ) -> None:
        """Frisat — Frisættelsesbarometeret, friktionseftersyn og regelregister."""

    return new


def _full_app() -> typer.Typer:
    from frisat.cli import (
        cases_command,
        evaluation_command,
        instrument_commands,
        legal_command,
        register_commands,
        web_commands,
    )
    from frisat.cli.analyze_command import analyze_command
    from frisat.cli.demo_command import demo_data_command

    full = _new_app()
    full.add_typer(instrument_commands.app, name="instrument")
    full.add_typer(web_commands.org_app, name="org")
    full.add_typer(web_commands.round_app, name="round")
    full.add_typer(web_commands.respondents_app, name="respondents")
    full.add_typer(web_commands.links_app, name="links")
    full.add_typer(register_commands.app, name="register")
    full.add_typer(cases_command.app, name="cases")
    full.add_typer(legal_command.app, name="legal")
    full.add_typer(evaluation_command.app, name="evaluation")
    full.command("analyze")(analyze_command)
    full.command("demo-data")(demo_data_command)
    full.command("invite")(web_commands.invite_command)
    full.command("export")(web_commands.export_command)
    for name, command in SERVER_COMMANDS.items():
        full.command(name)(command)
    return full


def _server_app() -> typer.Typer:
    light = _new_app()
    for name, command in SERVER_COMMANDS.items():
        light.command(name)(command)
    return light


def _invoked_command(argv: list[str]) -> str | None:
    """The subcommand when run as the `frisat` script (not when imported, e.g. by the tests)."""
    return argv[1] if len(argv) > 1 and argv[0].endswith("frisat") else None


app = _server_app() if _invoked_command(sys.argv) in SERVER_COMMANDS else _full_app()
