"""``frisat legal``: Ankestyrelsen's omgørelsesprocent — import, analyze, explain, agenda, demo-data (docs/legal.md)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from frisat.cli.console import err, out, step, user_errors
from frisat.core.errors import FrisatError
from frisat.core.legal.schema import ALL_AREAS, DEFAULT_MIN_CASES

if TYPE_CHECKING:
    import pandas as pd

    from frisat.io.talportal import Snapshot

app = typer.Typer(help="Retssikkerhed: Ankestyrelsens omgørelsesprocent (talportalen) — se docs/legal.md.",
                  no_args_is_help=True)


class Year(StrEnum):
    calendar = "calendar"
    shifted = "shifted"


class Lang(StrEnum):
    da = "da"
    en = "en"


_LANG_HELP = ("Sproget i rapporten og Excel-filens «Om tallene»: da (dansk) eller en (engelsk). Seed 003's citater "
              "står på dansk med en engelsk gengivelse. rates.csv er den samme på begge sprog.")


_FILE_HELP = "Udtræk fra Ankestyrelsens talportal (.csv/.xlsx), Frisats kanoniske format, eller et snapshot (.json)."
_SOURCE_HELP = "Hvor tallene kommer fra, fx \"Ankestyrelsens talportal, udtrukket 2025-03-01\"."


def _load(file: Path, source: str | None) -> Snapshot:
    from frisat.io.talportal import load

    with step(f"Læser {file.name}"):
        snapshot = load(file, source or "")
    for warning in snapshot.warnings:
        err.print(f"[yellow]![/] {escape(warning)}", highlight=False)
    return snapshot


def _kommune(name: str, frame: pd.DataFrame) -> str:
    from frisat.io.talportal import match_kommune, suggest_kommune

    found = match_kommune(name)
    if found is None:
        hint = suggest_kommune(name)
        raise FrisatError(f"«{name}» er ikke en dansk kommune." + (f" Mente du «{hint}»?" if hint else ""))
    if found not in set(frame["kommune"]):
        raise FrisatError(f"{found} findes ikke i datagrundlaget.")
    return found


def _group(compare: str | None, frame: pd.DataFrame) -> list[str]:
    return [_kommune(k.strip(), frame) for k in (compare or "").split(",") if k.strip()]


def _area(omraade: str | None, frame: pd.DataFrame) -> str:
    if not omraade or omraade.strip().lower() in ("alle", "*", "alle lovområder"):
        return ALL_AREAS
    areas = sorted(set(frame["lovomraade"]))
    for area in areas:
        if area.casefold() == omraade.strip().casefold():
            return area
    raise FrisatError(f"Lovområdet «{omraade}» findes ikke i datagrundlaget. Lovområder: {', '.join(areas)}.")


def _synthetic(meta: dict[str, str]) -> str:
    from frisat.demo.legal import LEGAL_DEMO_NOTE

    return LEGAL_DEMO_NOTE if "syntetisk" in meta.get("source", "").lower() else ""


def _print_snapshot(meta: dict[str, str]) -> None:
    """The snapshot the run used: file, source, SHA-256 and import time (as in snapshot.json)."""
    out.print(f"Datagrundlag: {escape(meta.get('file_name', ''))} — kilde: {escape(meta.get('source', ''))}",
              highlight=False)
    out.print(f"  SHA-256 {meta.get('sha256', '')}, indlæst {meta.get('imported_at', '')}, "
              f"{meta.get('rows', '')} rækker", highlight=False)


def _out_dir(out_dir: Path) -> Path:
    if out_dir.exists() and not out_dir.is_dir():
        raise FrisatError(f"{out_dir} er en fil, ikke en mappe.")
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir


@app.command("import")
@user_errors
def import_command(
    file: Path = typer.Argument(..., help=_FILE_HELP),
    source: str = typer.Option(..., "--source", help=_SOURCE_HELP),
    snapshot_out: Path = typer.Option(..., "--out", help="Snapshot-filen (.json) der skrives."),
    force: bool = typer.Option(False, "--force", help="Erstat en eksisterende snapshot-fil."),
) -> None:
    """Kontrollér et udtræk (alt-eller-intet) og gem det som et snapshot med dato, kilde og SHA-256."""
    from frisat.io.talportal import write_snapshot

    if snapshot_out.suffix.lower() != ".json":
        raise FrisatError("Snapshot-filen skal slutte på .json.")
    if file.suffix.lower() == ".json":
        raise FrisatError("Filen er allerede et snapshot.")
    if snapshot_out.exists() and not force:  # checked before reading, so nothing is done in vain
        raise FrisatError(f"{snapshot_out} findes allerede. Et nyt udtræk gemmes som et nyt snapshot med et andet "
                          "filnavn; brug --force for at erstatte filen.")
    snapshot = _load(file, source)
    write_snapshot(snapshot, snapshot_out, force)
    out.print(f"[green]✓[/] {len(snapshot.frame)} rækker gemt i {escape(str(snapshot_out))} "
              f"(SHA-256 {snapshot.sha256[:16]}…).", highlight=False)


@app.command("analyze")
@user_errors
def analyze_command(
    file: Path = typer.Argument(..., help=_FILE_HELP),
    kommune: str | None = typer.Option(None, "--kommune", help="Kommunen der vises i rapporten og rates.csv."),
    omraade: str | None = typer.Option(None, "--omraade", help="Lovområdet (standard: alle lovområder samlet)."),
    year: Year = typer.Option(Year.calendar, "--year", help="calendar: kalenderår. shifted: 2.–4. kvartal + "
                              "1. kvartal året efter (seed 003)."),
    min_cases: int = typer.Option(DEFAULT_MIN_CASES, "--min-cases", min=0,
                                  help="Kommune-år med så få eller færre realitetsbehandlede sager markeres."),
    exclude_few: bool = typer.Option(False, "--exclude-few", help="Udelad kommune-år med få sager."),
    compare: str | None = typer.Option(None, "--compare", help="Sammenligningsgruppe, kommasepareret: K1,K2,…"),
    source: str | None = typer.Option(None, "--source", help=_SOURCE_HELP + " (kun for et rå udtræk)."),
    out_dir: Path = typer.Option(Path("frisat-retssikkerhed"), "--out", help="Mappe som resultaterne skrives til."),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Lav også rapporten som PDF."),
    lang: Lang = typer.Option(Lang.da, "--lang", help=_LANG_HELP),
) -> None:
    """Omgørelsesprocent med 95 %-interval, landsniveau, tragtplot og sammenligningsgruppe → CSV, rapport, XLSX."""
    from frisat.core.legal.rates import compute_rates
    from frisat.reporting.language import for_code, use
    from frisat.reporting.legal import files, report
    from frisat.reporting.legal.codes import note_texts, snapshot_line

    snapshot = _load(file, source)
    frame = snapshot.frame
    found = _kommune(kommune, frame) if kommune else None
    area = _area(omraade, frame)
    group = _group(compare, frame)
    meta = snapshot.meta()
    with step("Beregner omgørelsesprocenter"):
        result = compute_rates(frame, year.value, min_cases, exclude_few)
    out_dir = _out_dir(out_dir)
    with step(f"Skriver resultater i {out_dir}"), use(for_code(lang.value)):
        rates = files.rates_frame(result.rates, snapshot.sha256, found, area if omraade else None)
        written = [files.write_rates_csv(rates, out_dir / "rates.csv"),
                   files.write_snapshot_json(meta, out_dir / "snapshot.json")]
        ctx, _figures, trend = report.analysis_context(result, meta, found, area, group, _synthetic(meta))
        sheets = {"Omgørelsesprocent": rates.drop(columns=["snapshot_sha256"]),
                  "Landsniveau": result.national.assign(lovomraade=result.national["lovomraade"].map(
                      files.data_area_name))}
        if trend is not None:
            sheets["Udvikling"] = trend.assign(lovomraade=trend["lovomraade"].map(files.data_area_name))
        about = [snapshot_line(meta), *note_texts(result.notes)]
        written.append(files.write_xlsx(out_dir / "omgoerelser.xlsx", sheets, about))
        written.append(files.write_meta(meta, {"kommune": found, "omraade": area, "year": year.value,
                                               "min_cases": min_cases, "exclude_few": exclude_few,
                                               "compare": group}, out_dir / "datagrundlag.json"))
        if pdf:
            written += report.write_report(ctx, out_dir, "rapport")
        else:
            from frisat.reporting._files import write_text

            written.append(write_text(out_dir / "rapport.html", report.render_html(ctx)))
    out.print(f"[green]✓[/] {len(rates)} rækker i rates.csv", highlight=False)
    _print_snapshot(meta)
    for path in written:
        out.print(f"  {escape(str(path))}", highlight=False)


@app.command("agenda")
@user_errors
def agenda_command(
    file: Path = typer.Argument(..., help=_FILE_HELP),
    kommune: str = typer.Option(..., "--kommune", help="Kommunen."),
    compare: str | None = typer.Option(None, "--compare", help="Sammenligningsgruppe, kommasepareret: K1,K2,…"),
    year: Year = typer.Option(Year.calendar, "--year", help="calendar eller shifted (seed 003)."),
    min_cases: int = typer.Option(DEFAULT_MIN_CASES, "--min-cases", min=0, help="Grænsen for få sager."),
    source: str | None = typer.Option(None, "--source", help=_SOURCE_HELP + " (kun for et rå udtræk)."),
    out_dir: Path = typer.Option(Path("frisat-dagsorden"), "--out", help="Mappe som dagsordenspunktet skrives til."),
    lang: Lang = typer.Option(Lang.da, "--lang", help="Sproget i dagsordenspunktet: da (dansk) eller en (engelsk)."),
) -> None:
    """Et dagsordenspunkt på én side til kommunalbestyrelsens årlige drøftelse af Danmarkskortet (HTML og PDF)."""
    from frisat.core.legal.rates import compute_rates
    from frisat.reporting.language import for_code, use
    from frisat.reporting.legal import report

    snapshot = _load(file, source)
    found = _kommune(kommune, snapshot.frame)
    group = _group(compare, snapshot.frame)
    result = compute_rates(snapshot.frame, year.value, min_cases)
    out_dir = _out_dir(out_dir)
    with step(f"Skriver dagsordenspunktet i {out_dir}"), use(for_code(lang.value)):
        ctx = report.agenda_context(result, snapshot.meta(), found, group, _synthetic(snapshot.meta()))
        written = report.write_report(ctx, out_dir, "dagsordenspunkt")
    _print_snapshot(snapshot.meta())
    for path in written:
        out.print(f"  {escape(str(path))}", highlight=False)


@app.command("explain")
@user_errors
def explain_command(
    file: Path = typer.Argument(..., help=_FILE_HELP),
    covariates: Path = typer.Option(..., "--covariates", help="CSV/XLSX med kommune, aar og talkolonner."),
    year: Year = typer.Option(Year.shifted, "--year", help="shifted (standard, som seed 003) eller calendar."),
    min_cases: int = typer.Option(DEFAULT_MIN_CASES, "--min-cases", min=0, help="Grænsen for få sager."),
    include_few: bool = typer.Option(False, "--include-few", help="Tag kommune-år med få sager med (seed 003 "
                                     "udelader dem)."),
    source: str | None = typer.Option(None, "--source", help=_SOURCE_HELP + " (kun for et rå udtræk)."),
    out_dir: Path = typer.Option(Path("frisat-forklaring"), "--out", help="Mappe som resultaterne skrives til."),
) -> None:
    """Fixed effects-regression af omgørelsesprocenten på kommunens egne variable (seed 003, Tabel 2)."""
    from frisat.core.legal.rates import compute_rates
    from frisat.core.legal.regression import fixed_effects
    from frisat.io.covariates import read_covariates
    from frisat.reporting.legal import files, report
    from frisat.reporting.legal.codes import note_texts, regression_reading, snapshot_line

    snapshot = _load(file, source)
    with step(f"Læser {covariates.name}"):
        table = read_covariates(covariates)
    result = compute_rates(snapshot.frame, year.value, min_cases, exclude_few=not include_few)
    with step("Beregner regressionen"):
        fit = fixed_effects(result.rates, table)
    out_dir = _out_dir(out_dir)
    notes = note_texts(result.notes)
    written = [files.write_rates_csv(fit.table.assign(n=fit.n, kommuner=fit.n_kommuner,
                                                      snapshot_sha256=snapshot.sha256), out_dir / "regression.csv")]
    written.append(files.write_xlsx(out_dir / "regression.xlsx", {"Regression": fit.table},
                                    [snapshot_line(snapshot.meta()), *regression_reading(fit), *notes]))
    written += report.write_report(report.explain_context(fit, snapshot.meta(), notes, _synthetic(snapshot.meta())),
                                   out_dir, "forklaring")
    for line in regression_reading(fit):
        out.print(escape(line), highlight=False)
    for path in written:
        out.print(f"  {escape(str(path))}", highlight=False)


@app.command("demo-data")
@user_errors
def demo_data_command(
    target: Path = typer.Option(..., "--out", help="Filen: .csv/.xlsx (formet som talportalen) eller .json "
                                "(et snapshot)."),
    covariates: Path | None = typer.Option(None, "--covariates", help="Skriv også syntetiske forklarende variable "
                                           "(.csv/.xlsx) til «frisat legal explain»."),
    seed: int = typer.Option(2024, "--seed", help="Frø: samme frø giver samme data."),
    first_year: int = typer.Option(2014, "--first-year", min=2000, max=2100),
    last_year: int = typer.Option(2024, "--last-year", min=2000, max=2100),
    force: bool = typer.Option(False, "--force", help="Erstat en eksisterende snapshot-fil."),
) -> None:
    """Syntetiske, tydeligt mærkede tal for alle 98 kommuner formet som Ankestyrelsens talportal."""
    from frisat.demo.legal import LEGAL_DEMO_NOTE, LEGAL_DEMO_SOURCE, generate_covariates, generate_talportal
    from frisat.io.talportal import read_talportal, write_snapshot, write_talportal

    if last_year < first_year:
        raise FrisatError("--last-year skal være samme år som eller senere end --first-year.")
    with step("Laver syntetiske klagesager"):
        frame = generate_talportal(first_year, last_year, seed)
    if target.suffix.lower() == ".json":
        if target.exists() and not force:
            raise FrisatError(f"{target} findes allerede; brug --force for at erstatte den.")
        scratch = target.with_name(f".{target.stem}-syntetisk.csv")
        try:
            write_talportal(frame, scratch)
            snapshot = read_talportal(scratch, LEGAL_DEMO_SOURCE)
            snapshot.file_name = target.name
        finally:
            scratch.unlink(missing_ok=True)
        write_snapshot(snapshot, target, force)
    else:
        write_talportal(frame, target, LEGAL_DEMO_NOTE)
    if covariates is not None:
        write_talportal(generate_covariates(first_year, last_year, seed), covariates, LEGAL_DEMO_NOTE)
    err.print(f"[yellow]![/] {LEGAL_DEMO_NOTE}", highlight=False)
    out.print(f"[green]✓[/] {len(frame)} rækker skrevet til {escape(str(target))}", highlight=False)
