"""``frisat analyze``: data in, the barometer analysis and its report out."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from frisat.cli.console import err, step, user_errors
from frisat.core.analysis import DEFAULT_MIN_N, AnalysisConfig
from frisat.core.errors import FrisatError
from frisat.core.instrument import DEFAULT_INSTRUMENT, get_instrument
from frisat.core.scoring import DEFAULT_MIN_ANSWERED
from frisat.core.uncertainty import DEFAULT_BOOTSTRAP_SAMPLES, DEFAULT_CONFIDENCE, DEFAULT_SEED


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class CiMethod(StrEnum):
    t = "t"
    bootstrap = "bootstrap"


@user_errors
def analyze_command(
    data: Path = typer.Argument(..., help="Datafil i det kanoniske format: .csv, .xlsx eller .sav.",
                                exists=False),
    by: list[str] = typer.Option([], "--by", help="Baggrundskolonne at gruppere efter (kan gentages), "
                                 "fx --by kommune --by omraade."),
    min_n: int = typer.Option(DEFAULT_MIN_N, "--min-n", min=1,
                              help="Anonymitetsgrænse: grupper med færre besvarelser vises ikke."),
    out: Path = typer.Option(Path("frisat-resultater"), "--out", help="Mappe som resultaterne skrives til."),
    output_format: OutputFormat = typer.Option(OutputFormat.text, "--format",
                                               help="json: skriv resumé-JSON på stdout (til scripts)."),
    instrument: str = typer.Option(DEFAULT_INSTRUMENT, "--instrument", help="Instrumentets id eller YAML-fil."),
    min_answered: int = typer.Option(DEFAULT_MIN_ANSWERED, "--min-answered", min=1, max=4,
                                     help="Antal besvarede indikatorer (af 4) for at danne et indeks."),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Lav også rapporten som PDF."),
    confidence: float = typer.Option(DEFAULT_CONFIDENCE, "--confidence",
                                     help="Konfidensniveau for intervallerne om gennemsnittene (0–1)."),
    ci_method: CiMethod = typer.Option(CiMethod.t, "--ci-method",
                                       help="t: t-fordelingen. bootstrap: percentil-bootstrap (langsommere)."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Frø til bootstrap: samme data og frø giver samme "
                             "intervaller."),
    bootstrap_samples: int = typer.Option(DEFAULT_BOOTSTRAP_SAMPLES, "--bootstrap-samples",
                                          help="Antal bootstrap-genudtrækninger (100–100.000; kun med --ci-method "
                                          "bootstrap)."),
    extended: bool = typer.Option(True, "--extended/--no-extended",
                                  help="Udvidet analyse: afledt og relativ vigtighed, point, grupper side om side, "
                                  "udvikling mellem målinger og enheder til opfølgning. --no-extended slår den fra."),
    wave_column: str = typer.Option("maaling", "--wave-column", help="Kolonnen med målingen (bølgen)."),
    waves: str | None = typer.Option(None, "--waves", help="Målingernes rækkefølge, kommasepareret, fx "
                                     "\"2025-1,2025-2,2026-1\" (kun de nævnte indgår). Uden: naturlig rækkefølge."),
    compare: str = typer.Option("gruppe", "--compare", help="Kolonnen med respondentgrupper, der sammenlignes "
                                "side om side."),
    reference: str | None = typer.Option(None, "--reference", help="Referencegruppen i sammenligningen, fx leder "
                                         "(standard: den største gruppe; «all»: alle par)."),
    unit_column: str = typer.Option("enhed", "--unit-column", help="Kolonnen med enheder (parret ændring og "
                                    "listen over enheder til opfølgning)."),
) -> None:
    """Analysér en måling: indeks, gruppestatistik, kvadranter og rapport (et spørgeskema uden
    barometerets dimensioner, fx evaluering-medarbejdere: svarfordelingen spørgsmål for spørgsmål).

    Skriver summary.csv/json, analysis.json, respondents.csv, resultater.xlsx, rapport.html og rapport.pdf
    til --out, og med den udvidede analyse (standard) også derived_importance.csv, relative_importance.csv,
    points.csv, group_differences.csv, changes.csv, trend.csv og followup.csv, når de passer til data.
    Spørgsmål uden for barometerets matricer giver items.csv og item_changes.csv (flere målinger).
    """
    from frisat.core.disclosure_policy import DisclosurePolicy
    from frisat.core.extended import ExtendedConfig
    from frisat.core.results import compute
    from frisat.io import read_responses
    from frisat.reporting import write_bundle
    from frisat.reporting.codes import note_text

    inst = get_instrument(instrument)
    config = AnalysisConfig(min_n=min_n, min_answered=min_answered, confidence=confidence,
                            ci_method=ci_method.value, seed=seed, bootstrap_samples=bootstrap_samples)
    wave_order = _wave_list(waves)
    extended_config = ExtendedConfig(enabled=extended, wave_column=wave_column, waves=wave_order,
                                     group_column=compare, reference=reference, unit_column=unit_column)
    with step(f"Indlæser {data}"):
        imported = read_responses(data, inst)
    for warning in imported.warnings:
        err.print(f"[yellow]Bemærk:[/] {warning}", highlight=False)
    frame = imported.frame
    # The same disclosure rules as the results pages (frisat.core.disclosure_policy): groups whose
    # numbers, together with the others written, would single out fewer than --min-n respondents are
    # merged into «Øvrige (samlet)» (several --by columns: suppressed), and so on.
    policy = DisclosurePolicy(k=min_n)
    answers = f"{len(frame):,}".replace(",", ".")
    label = (f"Analyserer {answers} besvarelser, med den udvidede analyse (vigtighed, grupper, målinger og "
             "opfølgning)") if extended_config.enabled else f"Analyserer {answers} besvarelser"
    if not inst.spor:
        label = f"Analyserer {answers} besvarelser spørgsmål for spørgsmål"
    with step(label):
        bundle = compute(frame, inst, by=by, config=config, extended=extended_config, policy=policy)
    if not bundle.allowed:
        raise FrisatError(REFUSAL_TEXTS[bundle.disclosure.reason].format(k=min_n))
    if bundle.analysis is None:  # issue 14: an instrument without the barometer's dimensions
        _write_items_only(bundle, out, pdf, output_format)
        return
    result, extra = bundle.analysis, bundle.extended
    notes = [*result.notes, *(() if extra is None else [*extra.notes, *extra.not_applicable.values()])]
    for text in dict.fromkeys(note_text(note) for note in notes):  # one line per reason (trend, changes … share one)
        err.print(f"[yellow]Bemærk:[/] {text}", highlight=False)
    with step(f"Skriver resultater til {out}/") as update:
        written = write_bundle(bundle, out, pdf=pdf, progress=update)
    counts = result.counts
    below = counts["respondents"] < min_n
    suppressed = int(below.sum())
    if suppressed:
        err.print(f"[yellow]Bemærk:[/] {suppressed} grupper har færre end {min_n} besvarelser og vises ikke.")
    disclosure = bundle.disclosure
    if disclosure.merged:
        names = ", ".join(v or "(ikke angivet)" for v in disclosure.merged)
        err.print(f"[yellow]Bemærk:[/] {len(disclosure.merged)} grupper kan ikke vises for sig uden at afsløre en "
                  f"gruppe med færre end {min_n} besvarelser; de er samlet i «{disclosure.other_label}»: {names}.",
                  highlight=False)
    audited = counts[counts["suppressed"] & ~below]
    if len(audited):
        names = ", ".join(" / ".join(str(v) for v in row) for row in audited[list(result.by)].itertuples(index=False))
        err.print(f"[yellow]Bemærk:[/] {len(audited)} grupper vises ikke, fordi deres tal sammen med de andre "
                  f"gruppers ville afsløre færre end {min_n} besvarelser: {names}.", highlight=False)
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(result.summary_records(), ensure_ascii=False, indent=2))
    else:
        err.print(f"\nResultater ({len(written)} filer) i [bold]{out}/[/]:", highlight=False)
        for path in written:
            err.print(f"  {path}", highlight=False)


def _write_items_only(bundle, out: Path, pdf: bool, output_format: OutputFormat) -> None:
    """The files of an instrument with items only (an evaluation survey): items.csv, item_changes.csv,
    resultater.xlsx, the figures and the report."""
    from frisat.reporting import write_bundle
    from frisat.reporting.item_tables import items_csv_table
    from frisat.reporting.tables import records

    if bundle.items is None:
        raise FrisatError("Spørgeskemaet har ingen spørgsmål med svarmuligheder eller tal at analysere.")
    if bundle.item_changes is None:
        err.print("[yellow]Bemærk:[/] Data har kun én måling, så der er ingen ændring mellem målinger "
                  "(item_changes.csv).", highlight=False)
    with step(f"Skriver resultater til {out}/") as update:
        written = write_bundle(bundle, out, pdf=pdf, progress=update)
    hidden = int(bundle.items["suppressed"].sum())
    if hidden:
        err.print(f"[yellow]Bemærk:[/] {hidden} rækker i items.csv vises ikke, fordi cellen har færre end "
                  f"{bundle.min_n} besvarelser.", highlight=False)
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(records(items_csv_table(bundle.items)), ensure_ascii=False, indent=2))
    else:
        err.print(f"\nResultater ({len(written)} filer) i [bold]{out}/[/]:", highlight=False)
        for path in written:
            err.print(f"  {path}", highlight=False)


REFUSAL_TEXTS = {
    "subset": "Data har for få besvarelser (færre end {k}), så der skrives ingen resultater.",
    "difference": "Resultaterne kan ikke vises: de ville afsløre en gruppe med færre end {k} besvarelser.",
    "wave": "En af målingerne har for få besvarelser (færre end {k}). Analysér målingerne hver for sig (--waves).",
}
"""The disclosure rules' reason codes (frisat.core.disclosure_policy) in the CLI's words."""


def _wave_list(text: str | None) -> tuple[str, ...] | None:
    """``--waves "1,2,3"`` as a tuple; a clear Danish error when it names fewer than two waves."""
    if text is None:
        return None
    waves = tuple(part.strip() for part in text.split(",") if part.strip())
    if len(waves) < 2:
        raise FrisatError("--waves skal nævne mindst to målinger adskilt af komma, fx --waves \"2025,2026\".")
    return waves
