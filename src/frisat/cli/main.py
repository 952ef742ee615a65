"""The ``frisat`` command."""

from __future__ import annotations

import typer

from frisat import __version__
from frisat.cli import instrument_commands, register_commands, web_commands
from frisat.cli.analyze_command import analyze_command
from frisat.cli.demo_command import demo_data_command
from frisat.cli.serve_command import serve_command

app = typer.Typer(
    name="frisat",
    help="Frisat — mål hvor langt den lokale frisættelse er kommet, og hvor indsatsen skal sættes ind.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(instrument_commands.app, name="instrument")
app.add_typer(web_commands.org_app, name="org")
app.add_typer(web_commands.round_app, name="round")
app.add_typer(web_commands.respondents_app, name="respondents")
app.add_typer(web_commands.links_app, name="links")
app.add_typer(register_commands.app, name="register")
app.command("analyze")(analyze_command)
app.command("demo-data")(demo_data_command)
app.command("invite")(web_commands.invite_command)
app.command("export")(web_commands.export_command)
app.command("serve")(serve_command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"frisat {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Vis versionen."),
) -> None:
    """Frisat — Frisættelsesbarometeret, friktionseftersyn og regelregister."""
