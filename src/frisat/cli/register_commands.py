"""CLI commands for the municipal register of rules, policies and documentation requirements.

Like the other web-data commands they start Django themselves (same ``FRISAT_DATA_DIR`` /
``DATABASE_URL`` as the web app) and call the web app's services, so the CLI and the pages apply
the same rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from frisat.cli.console import err, out, step, user_errors
from frisat.cli.web_commands import django_ready
from frisat.core.errors import FrisatError

if TYPE_CHECKING:
    from frisat.web.organisations.models import Municipality

app = typer.Typer(help="Kommunens register over regler, politikker og dokumentationskrav.", no_args_is_help=True)

FORMATS = (".xlsx", ".csv")


def _municipality(name: str) -> Municipality:
    from frisat.web.organisations.models import Municipality

    found = [k for k in Municipality.objects.all() if k.name.casefold() == name.strip().casefold()]
    if not found:
        known = ", ".join(Municipality.objects.values_list("name",
                                                           flat=True)) or "ingen – kør «frisat org import» først"
        raise FrisatError(f"Kommunen «{name}» findes ikke. Kendte kommuner: {known}.")
    return found[0]


@app.command("export")
@user_errors
def register_export(
    municipality: str = typer.Option(..., "--municipality", "--kommune", help="Kommunens navn."),
    out_path: Path = typer.Option(..., "--out", help="Fil der skrives: .xlsx (Excel) eller .csv (semikolon, UTF-8)."),
) -> None:
    """Eksportér registret med oprindelse, beslutninger og timer (kan rettes og indlæses igen)."""
    if out_path.suffix.lower() not in FORMATS:
        raise FrisatError("Registret kan eksporteres som .xlsx eller .csv.")
    if not out_path.parent.is_dir():
        raise FrisatError(f"Mappen {out_path.parent} findes ikke.")
    django_ready()
    from frisat.web.audits.register_io import export_register

    found = _municipality(municipality)
    with step(f"Skriver registret for {found.name} til {out_path}"):
        count = export_register(found, out_path)
    out.print(f"[green]✓[/] {count} krav skrevet til {escape(str(out_path))}.", highlight=False)
    if not count:
        err.print("Registret er tomt; filen har kun overskrifter og kan bruges som skabelon.")


@app.command("import")
@user_errors
def register_import(
    file: Path = typer.Argument(..., help="Excel (.xlsx) eller CSV med registrets kolonner (se docs/audits.md)."),
    municipality: str = typer.Option(..., "--municipality", "--kommune", help="Kommunens navn."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Kontrollér filen og vis hvad der ville ske; gem intet."),
) -> None:
    """Indlæs krav fra en fil (alt-eller-intet). Rækker med kendt id opdateres; intet slettes."""
    django_ready()
    from django.conf import settings

    from frisat.web.audits.register_io import import_register
    from frisat.web.organisations.tabular import check_size, read_table

    found = _municipality(municipality)
    if not file.is_file():
        raise FrisatError(f"Filen {file} findes ikke.")
    check_size(file.name, file.stat().st_size, settings.FRISAT_MAX_UPLOAD_BYTES)
    table = read_table(file.read_bytes(), file.name)
    verb = "Kontrollerer" if dry_run else "Indlæser"
    with step(f"{verb} {len(table)} rækker fra {file.name}"):
        summary = import_register(found, table, dry_run=dry_run)
    out.print(f"[green]✓[/] {escape(str(summary))}", highlight=False)
    if dry_run:
        err.print("Prøvekørsel: intet er gemt. Kør igen uden --dry-run for at indlæse.")


_GROUPINGS = {"kind": "Type", "source_type": "Oprindelse", "spor": "Spor", "omraade": "Område"}


@app.command("status")
@user_errors
def register_status(
    municipality: str = typer.Option(..., "--municipality", "--kommune", help="Kommunens navn."),
    by: str = typer.Option("kind", "--by", help="Opdel efter kind (type), source_type (oprindelse), spor "
                           "eller omraade."),
) -> None:
    """Vis antal krav før og efter beslutningerne, og timer frigjort i kommunens eftersyn."""
    if by not in _GROUPINGS:
        raise FrisatError(f"--by skal være en af {', '.join(_GROUPINGS)}.")
    django_ready()
    from frisat.web.audits.selectors import municipality_burden, register_counts

    found = _municipality(municipality)
    table = Table(title=f"Registret i {escape(found.name)}")
    table.add_column(_GROUPINGS[by], min_width=15, overflow="fold")
    for column in ("Før", "Efter", "Fjernes", "Forandres", "Forankres", "Uafklaret"):
        table.add_column(column, justify="right")
    for row in register_counts(found, by=by):
        table.add_row(escape(row.label), str(row.before), str(row.after), str(row.removed), str(row.changed),
                      str(row.anchored), str(row.undecided))
    out.print(table)
    total = municipality_burden(found, by="kommune").iloc[0]
    def hours(value: float) -> str:
        return f"{value:,.0f}".replace(",", ".")

    out.print(f"Eftersyn i alt: {hours(total['hours_before'])} timer pr. år før, {hours(total['hours_after'])} "
              f"efter, {hours(total['hours_freed'])} frigjort ({int(total['estimated'])} af "
              f"{int(total['activities'])} aktiviteter har et tidsestimat).", highlight=False)
