"""CLI commands for the web app's data: organisations, rounds, respondents, links, invitations."""

from __future__ import annotations

import typer

org_app = typer.Typer(help="Organisationen: kommuner, områder og enheder.", no_args_is_help=True)
round_app = typer.Typer(help="Målinger (runder): opret og følg svarprocenten.", no_args_is_help=True)
respondents_app = typer.Typer(help="Respondenter i en måling.", no_args_is_help=True)
links_app = typer.Typer(help="Personlige links til spørgeskemaet.", no_args_is_help=True)
