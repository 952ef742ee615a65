"""``frisat cases``: case registration schemes, validation of registrations, samples and period comparison."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import typer
from rich.markup import escape

from frisat.cli.console import LANG_HELP, err, out, report_language, step, user_errors
from frisat.core.cases.periods import DEFAULT_MIN_N, DEFAULT_SMALL_N, compare_periods
from frisat.core.cases.registrations import derive_measures
from frisat.core.cases.sample import draw_sample
from frisat.core.cases.scheme import DEFAULT_SCHEME, Scheme, builtin_scheme_ids, get_scheme
from frisat.core.errors import FrisatError
from frisat.core.intervals import DEFAULT_BOOTSTRAP_SAMPLES, DEFAULT_SEED

app = typer.Typer(help="Sagsregistreringer: skemaer, indlæsning, stikprøver og sammenligning af perioder.",
                  no_args_is_help=True)

SCHEME_HELP = "Skemaets id (se `frisat cases schemes`) eller en sti til en YAML-fil."


@app.command("schemes")
@user_errors
def schemes_command() -> None:
    """Vis de indbyggede skemaer med felter og mål."""
    for scheme_id in builtin_scheme_ids():
        scheme = get_scheme(scheme_id)
        out.print(f"[bold]{scheme.id}[/] — {scheme.title}", highlight=False)
        out.print("  Perioder: " + ", ".join(f"{p.code} ({p.label})" for p in scheme.periods()), highlight=False)
        out.print("  Felter: " + ", ".join(f"{f.id} ({f.type}{'' if f.required else ', valgfrit'})"
                                          for f in scheme.fields), highlight=False)
        out.print("  Mål: " + ", ".join(f"{m.id} ({m.label})" for m in scheme.measures), highlight=False)


def _read(file: Path, scheme_ref: str) -> tuple[Scheme, pd.DataFrame]:
    from frisat.io.cases import read_registrations

    scheme = get_scheme(scheme_ref)
    return scheme, read_registrations(file, scheme)


@app.command("validate")
@user_errors
def validate_command(
    file: Path = typer.Argument(..., help="Registreringer som CSV (.csv/.txt) eller Excel (.xlsx)."),
    scheme: str = typer.Option(DEFAULT_SCHEME, "--scheme", help=SCHEME_HELP),
) -> None:
    """Tjek en fil med registreringer mod skemaet (alt eller intet; fejl med række og kolonne)."""
    scheme_obj, frame = _read(file, scheme)
    counts = frame[scheme_obj.period_field].value_counts()
    periods = ", ".join(f"{p.label}: {int(counts.get(p.code, 0))}" for p in scheme_obj.periods())
    out.print(f"{file}: {len(frame)} sager er i orden ({periods}).", highlight=False)


def _limits(values: list[str], scheme: Scheme) -> dict[str, float]:
    limits: dict[str, float] = {}
    known = [m.id for m in scheme.measures]
    for value in values:
        name, sep, number = value.partition("=")
        name = name.strip()
        if not sep or name not in known:
            raise FrisatError(f"--limit «{value}» skal have formen MÅL=DAGE med et af målene: {', '.join(known)}.")
        try:
            limits[name] = float(number.strip().replace(",", "."))
        except ValueError:
            raise FrisatError(f"--limit «{value}»: «{number}» er ikke et tal.") from None
    return limits


@app.command("analyze")
@user_errors
def analyze_command(
    file: Path = typer.Argument(..., help="Registreringer som CSV (.csv/.txt) eller Excel (.xlsx)."),
    out_dir: Path = typer.Option(..., "--out", help="Mappen, resultaterne skrives i."),
    scheme: str = typer.Option(DEFAULT_SCHEME, "--scheme", help=SCHEME_HELP),
    by: list[str] = typer.Option([], "--by", help="Del op efter dette felt (kan gentages), fx kommune."),
    limit: list[str] = typer.Option([], "--limit", help="Grænse for et mål, fx dage_beslutning_indsats=30 "
                                                         "(andel af sager inden for grænsen)."),
    min_n: int = typer.Option(DEFAULT_MIN_N, "--min-n", min=1, help="Under så mange sager vises kun antallet."),
    small_n: int = typer.Option(DEFAULT_SMALL_N, "--small-n", min=1, help="Under så mange sager: forsigtighed."),
    bootstrap: int = typer.Option(DEFAULT_BOOTSTRAP_SAMPLES, "--bootstrap", min=100, max=100_000,
                                  help="Antal bootstrap-gentagelser for forskellen i medianer."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", min=0, help="Frø for bootstrap (samme frø, samme interval)."),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="Skriv også rapport.pdf."),
    lang: str = typer.Option("da", "--lang", help=LANG_HELP),
) -> None:
    """Sammenlign perioderne: periods.csv, period_changes.csv, rapport.html/.pdf, sager.xlsx og figurer."""
    from frisat.io.cases import read_registrations
    from frisat.reporting.cases.outputs import CaseReportInput, write_case_outputs
    from frisat.reporting.language import use

    language = report_language(lang)

    scheme_obj = get_scheme(scheme)
    fields = scheme_obj.field_map()
    for name in by:
        if name not in fields or fields[name].type not in ("choice", "text", "yesno"):
            raise FrisatError(f"--by «{name}» skal være et tekst-, valg- eller ja/nej-felt i skemaet.")
        if name == scheme_obj.period_field:
            raise FrisatError(f"--by «{name}» er periodefeltet; perioderne sammenlignes altid.")
    limits = _limits(limit, scheme_obj)
    frame = read_registrations(file, scheme_obj)
    with step("Beregner perioderne"):
        comparison = compare_periods(frame, derive_measures(frame, scheme_obj), scheme_obj, by, limits,
                                     min_n=min_n, small_n=small_n, n_boot=bootstrap, seed=seed)
    from frisat.reporting.cases.texts import note_sentence

    with step("Skriver resultaterne"), use(language):
        written = write_case_outputs(CaseReportInput(comparison, scheme_obj, frame, str(file)), out_dir, pdf=pdf)
        sentences = list(dict.fromkeys(note_sentence(note, scheme_obj) for note in comparison.notes))
    for sentence in sentences[:5]:
        err.print(f"[yellow]Bemærk:[/] {escape(sentence)}", highlight=False, markup=True)
    if len(sentences) > 5:
        err.print(f"… og {len(sentences) - 5} bemærkninger mere (se rapporten).", highlight=False)
    out.print(f"{len(frame)} sager analyseret; {len(written)} filer skrevet i {out_dir}.", highlight=False)


@app.command("sample")
@user_errors
def sample_command(
    candidates: Path = typer.Argument(..., help="Listen over sager: .txt (én pr. linje) eller .csv/.xlsx "
                                                "(kolonnen sagsnummer, ellers første kolonne)."),
    n: int = typer.Option(..., "--n", min=1, help="Antal sager i stikprøven."),
    seed: int = typer.Option(..., "--seed", min=0, help="Frøet; gem det — samme frø og liste giver samme stikprøve."),
    out_file: Path | None = typer.Option(None, "--out", help="Skriv stikprøven som CSV (ellers vises den)."),
) -> None:
    """Træk en tilfældig, reproducerbar stikprøve af sagsnumre; frø, n og listens SHA-256 gemmes til kontrol."""
    from frisat.io.cases import read_candidates
    from frisat.reporting.tables import write_csv

    cases, checksum = read_candidates(candidates)
    sample, record = draw_sample(cases, n, seed, checksum)
    info = record.as_dict() | {"candidates_file": candidates.name,
                               "drawn_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
    err.print(f"Stikprøve: {n} af {record.population} sager, frø {seed}, "
              f"listens SHA-256 {checksum}.", highlight=False)
    if out_file is None:
        for number, case in enumerate(sample, start=1):
            out.print(f"{number}\t{case}", highlight=False)
        return
    write_csv(pd.DataFrame({"nr": range(1, n + 1), "sagsnummer": sample}), out_file)
    record_file = out_file.with_name(out_file.stem + "-kontrol.json")
    record_file.write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    out.print(f"Stikprøven er skrevet i {out_file}; frø, n og kontrolsum i {record_file}.", highlight=False)


@app.command("demo-data")
@user_errors
def demo_data_command(
    out_file: Path = typer.Option(..., "--out", help="CSV-fil med syntetiske registreringer."),
    seed: int = typer.Option(34, "--seed", min=0, help="Frø for de syntetiske data."),
) -> None:
    """Syntetiske registreringer (75/75/87 sager i tre perioder) til det indbyggede skema."""
    from frisat.demo.cases import DEMO_NOTE, generate_cases
    from frisat.reporting.tables import write_csv

    write_csv(generate_cases(seed), out_file)
    out.print(f"{DEMO_NOTE} Skrevet i {out_file}.", highlight=False)
