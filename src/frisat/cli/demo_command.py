"""``frisat demo-data``: a deterministic, clearly labelled synthetic data set."""

from __future__ import annotations

from pathlib import Path

import typer

from frisat.cli.console import err, step, user_errors
from frisat.core.errors import FrisatError
from frisat.core.instrument import DEFAULT_INSTRUMENT, get_instrument


@user_errors
def demo_data_command(
    out: Path = typer.Option(..., "--out", help="Datafil: .csv, .xlsx, .sav eller .dta."),
    respondents: int | None = typer.Option(
        None, "--respondents", min=1, max=1_000_000,
        help="Antal respondenter. Uden: et lille datasæt formet som VIVE's pilot (3 områder, ~11 ledere hver)."),
    municipalities: int = typer.Option(1, "--municipalities", "--kommuner", min=1, max=98,
                                       help="Antal kommuner (1–98)."),
    waves: int = typer.Option(1, "--waves", min=1, max=10, help="Antal målinger (bølger)."),
    seed: int = typer.Option(2024, "--seed", help="Startværdi: samme seed giver samme data."),
    instrument: str = typer.Option(DEFAULT_INSTRUMENT, "--instrument", help="Instrumentets id."),
    design: str = typer.Option("begge", "--design", help="begge: alle svarer på begge dimensioner. halvdel: "
                               "halvdelen svarer kun på implementering, resten kun på vigtighed. gruppe: ledere "
                               "svarer på vigtighed, medarbejdere på implementering (kræver --respondents)."),
) -> None:
    """Lav syntetiske demodata (ikke rigtige besvarelser) i det kanoniske format."""
    from frisat.demo import DEMO_NOTE, generate_responses
    from frisat.io import write_responses

    if out.suffix.lower() not in (".csv", ".xlsx", ".sav", ".dta"):
        raise FrisatError("Demodata kan skrives som .csv, .xlsx, .sav eller .dta.")
    if out.suffix.lower() == ".xlsx" and respondents and respondents > 1_000_000:
        raise FrisatError("Excel kan højst rumme 1.048.575 rækker; brug .csv.")
    inst = get_instrument(instrument)
    with step("Genererer syntetiske besvarelser"):
        try:
            frame = generate_responses(inst, respondents=respondents, kommuner=municipalities, seed=seed, waves=waves,
                                       design=design)
        except ValueError as exc:
            raise FrisatError(str(exc)) from None
    with step(f"Skriver {out}"):
        write_responses(frame, out, inst)
    err.print(f"{len(frame):,} respondenter skrevet til {out}. {DEMO_NOTE}".replace(",", "."), highlight=False)
