"""``frisat instrument``: list, show and make data templates for survey instruments."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from frisat.cli.console import err, out, user_errors
from frisat.core.errors import FrisatError
from frisat.core.instrument import Instrument, builtin_instrument_ids, get_instrument

app = typer.Typer(help="Spørgeskemaer (instrumenter): vis dem og lav skabeloner til data.", no_args_is_help=True)


@app.command("list")
@user_errors
def list_instruments() -> None:
    """Vis de indbyggede instrumenter."""
    table = Table(title="Indbyggede instrumenter")
    table.add_column("Id")
    table.add_column("Titel")
    table.add_column("Spor", justify="right")
    table.add_column("Spørgsmål", justify="right")
    table.add_column("Kilde")
    for instrument_id in builtin_instrument_ids():
        inst = get_instrument(instrument_id)
        table.add_row(inst.id, inst.title, str(len(inst.spor)), str(len(inst.columns())), inst.source or "")
    out.print(table)


def render_instrument(inst: Instrument) -> str:
    """The questionnaire as readable Danish text (rich markup escaped)."""
    lines = [f"[bold]{escape(inst.title)}[/bold]  ({escape(inst.id)}, version {inst.version})"]
    if inst.source:
        lines.append(f"Kilde: {escape(inst.source)}")
    lines += [f"Bemærk: {escape(addition)}" for addition in inst.additions]
    if inst.intro:
        lines += ["", escape(inst.intro)]
    for section in inst.sections:
        lines += ["", f"[bold underline]{escape(section.title)}[/]"]
        if section.intro:
            lines += ["", escape(section.intro)]
        for q in section.questions:
            lines.append("")
            if q.intro:
                lines += [f"[italic]{escape(q.intro)}[/italic]", ""]
            lines.append(f"[bold]{escape(q.number)}.[/bold] {escape(q.text)}")
            if q.type == "matrix":
                scale_id = inst.dimensions[q.dimension].scale if q.dimension else q.scale
                scale = inst.scales[scale_id]
                for item, text in (q.items or {}).items():
                    column = f"{section.id}_{q.dimension}_{item}" if q.dimension else f"{section.id}_{item}"
                    lines.append(f"   {item}. {escape(text)}  [dim]({column})[/dim]")
                lines.append(f"   [dim]Skala: {escape(scale.describe())}[/dim]")
            else:
                scale_text = inst.scales[q.scale].describe() if q.scale else "Fritekst"
                lines.append(f"   [dim]Svar: {escape(scale_text)} ({section.id}_{q.id})[/dim]")
    lines += _allocation_lines(inst)
    return "\n".join(lines)


def _allocation_lines(inst: Instrument) -> list[str]:
    """The points question (``allocation``), if the instrument has one."""
    allocation = inst.allocation
    if allocation is None:
        return []
    titles = {s.id: s.title for s in inst.sections}
    lines = ["", f"[bold underline]{escape(allocation.title)}[/]"]
    if allocation.intro:
        lines += ["", escape(allocation.intro)]
    number = f"{escape(allocation.number)}. " if allocation.number else ""
    lines += ["", f"[bold]{number}[/bold]{escape(allocation.question)}"]
    for spor, column in zip(inst.allocation_spor(), inst.allocation_columns(), strict=True):
        label = (allocation.items or {}).get(spor) or titles.get(spor, spor)
        lines.append(f"   {escape(label)}  [dim]({column})[/dim]")
    lines.append(f"   [dim]Svar: heltal 0–{allocation.total}; i alt præcis {allocation.total} point[/dim]")
    return lines


@app.command("show")
@user_errors
def show(
    instrument: str = typer.Argument(..., help="Id på et indbygget instrument eller sti til en YAML-fil."),
) -> None:
    """Vis et instrument som læsbart spørgeskema."""
    out.print(render_instrument(get_instrument(instrument)), highlight=False, soft_wrap=False)


@app.command("check")
@user_errors
def check(path: Path = typer.Argument(..., help="Instrumentfil (YAML) der skal kontrolleres.")) -> None:
    """Kontrollér en instrumentfil og vis eventuelle fejl med linjenummer."""
    inst = get_instrument(path)
    out.print(f"[green]✓[/] {path} er gyldig: {len(inst.sections)} sektioner, {len(inst.columns())} svarkolonner.")


@app.command("template")
@user_errors
def template(
    instrument: str = typer.Argument(..., help="Id på instrumentet (fx vive-frisaettelse)."),
    out_path: Path = typer.Option(..., "--out", help="Skabelonfil: .xlsx (med kodebog-ark) eller .csv."),
) -> None:
    """Lav en tom dataskabelon med kodebog til et instrument."""
    from frisat.io import write_template

    if out_path.suffix.lower() not in (".xlsx", ".csv"):
        raise FrisatError("Skabelonen kan skrives som .xlsx eller .csv.")
    for written in write_template(get_instrument(instrument), out_path):
        err.print(f"[green]✓[/] Skrev {written}")
