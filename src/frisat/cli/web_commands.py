"""CLI commands for the web app's data: organisations, rounds, respondents, links, invitations.

Each command starts Django itself (settings from ``DJANGO_SETTINGS_MODULE``, default
``frisat.web.settings``: the same ``FRISAT_DATA_DIR`` / ``DATABASE_URL`` as the web app) and works
with full access: whoever can run it can read the database anyway. The business rules are the
web app's services, so the CLI and the pages behave the same.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from frisat.cli.console import err, out, step, user_errors
from frisat.cli.django_env import pending_migrations, setup_django
from frisat.core.errors import FrisatError

if TYPE_CHECKING:
    from frisat.web.organisations.tabular import Table as DataTable
    from frisat.web.rounds.models import Round

org_app = typer.Typer(help="Organisationen: kommuner, områder og enheder.", no_args_is_help=True)
round_app = typer.Typer(help="Målinger (runder): opret og følg svarprocenten.", no_args_is_help=True)
respondents_app = typer.Typer(help="Respondenter i en måling.", no_args_is_help=True)
links_app = typer.Typer(help="Personlige links til spørgeskemaet.", no_args_is_help=True)

NOT_MIGRATED = ("Databasen er ikke sat op. Kør «frisat setup» "
                "(med samme FRISAT_DATA_DIR/DATABASE_URL) og prøv igen.")


def django_ready() -> None:
    """Start Django and check that the database exists and is migrated (Danish error otherwise)."""
    setup_django()
    from django.db import DatabaseError

    try:
        pending = pending_migrations()
    except DatabaseError as exc:
        raise FrisatError(f"Kan ikke forbinde til databasen: {exc}") from exc
    if pending:
        raise FrisatError(NOT_MIGRATED)
    from django.utils import translation

    translation.activate("da")  # the CLI speaks Danish, whatever a web request left active in this thread


def _read_file(path: Path) -> DataTable:
    """The file as a Table (size limit, format detection and errors as on the web pages)."""
    from django.conf import settings

    from frisat.web.organisations.tabular import check_size, read_table

    if not path.is_file():
        raise FrisatError(f"Filen {path} findes ikke.")
    check_size(path.name, path.stat().st_size, settings.FRISAT_MAX_UPLOAD_BYTES)
    return read_table(path.read_bytes(), path.name)


def _get_round(round_id: int) -> Round:
    from frisat.web.rounds.models import Round

    round = Round.objects.select_related("municipality").filter(pk=round_id).first()
    if round is None:
        raise FrisatError(f"Målingen {round_id} findes ikke. Se målingerne med «frisat round list».")
    return round


def _parse_date(text: str, option: str) -> dt.date:
    from frisat.web.common.formatting import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise FrisatError(f"{option}: {exc}") from None


# --- frisat org -------------------------------------------------------------------------------------


@org_app.command("import")
@user_errors
def org_import(
    file: Path = typer.Argument(..., help="CSV eller Excel (.xlsx) med kolonnerne kommune, omraade, enhed."),
) -> None:
    """Indlæs kommune → område → enhed fra en fil (alt-eller-intet; kendte enheder springes over)."""
    django_ready()
    from frisat.web.organisations.services import import_organisation

    table = _read_file(file)
    with step(f"Indlæser {len(table)} rækker fra {file.name}"):
        summary = import_organisation(table)
    out.print(f"[green]✓[/] {escape(str(summary))}", highlight=False)


@org_app.command("list")
@user_errors
def org_list() -> None:
    """Vis kommuner med antal områder og enheder."""
    django_ready()
    from django.db.models import Count

    from frisat.web.organisations.models import Municipality

    table = Table(title="Kommuner")
    table.add_column("Kommune")
    table.add_column("Områder", justify="right")
    table.add_column("Enheder", justify="right")
    for municipality in Municipality.objects.annotate(n_areas=Count("areas", distinct=True),
                                            n_units=Count("areas__units", distinct=True)):
        table.add_row(escape(municipality.name), str(municipality.n_areas), str(municipality.n_units))
    out.print(table)


# --- frisat round -----------------------------------------------------------------------------------


@round_app.command("create")
@user_errors
def round_create(
    municipality: str = typer.Option(..., "--municipality", "--kommune",
                                     help="Kommunens navn (skal findes; se «frisat org list»)."),
    name: str = typer.Option(..., "--name", help="Målingens navn."),
    opens: str = typer.Option(..., "--opens", help="Første svardag, fx 2026-04-01."),
    closes: str = typer.Option(..., "--closes", help="Sidste svardag, fx 2026-04-30 (lukker ved midnat efter)."),
    groups: str = typer.Option(..., "--groups", help="Respondentgrupper adskilt med komma, fx leder,medarbejder."),
    anonymous: bool = typer.Option(True, "--anonymous/--named", help="Anonym (standard) eller med navn."),
    min_n: int = typer.Option(5, "--min-n", help="Anonymitetsgrænse k (mindst 1)."),
    wave: str = typer.Option("1", "--wave", help="Bølge: værdien i kolonnen «maaling», fx 2026-1."),
    instrument: str = typer.Option("vive-frisaettelse", "--instrument", help="Instrumentets id."),
    design: str = typer.Option(
        "begge", "--design", help="Hvem svarer på hvad: begge (alle svarer på begge dimensioner), halvdel "
        "(en tilfældig halvdel kun implementering, resten kun vigtighed) eller gruppe (én dimension pr. gruppe, "
        "se --group-dimension). Et delt design mindsker haloeffekten mellem dimensionerne."),
    group_dimension: list[str] = typer.Option(
        [], "--group-dimension", help="Med --design gruppe: gruppe=dimension (impl eller vigt), fx leder=vigt. "
        "Gentag for hver gruppe."),
) -> None:
    """Opret en måling. Skriver den nye målings id på stdout."""
    django_ready()
    from frisat.core.design import parse_group_dimensions
    from frisat.core.instrument import builtin_instrument_ids
    from frisat.web.common.formatting import day_bounds
    from frisat.web.organisations.models import Municipality
    from frisat.web.rounds.services import create_round

    found = [k for k in Municipality.objects.all() if k.name.casefold() == municipality.strip().casefold()]
    if not found:
        known = ", ".join(Municipality.objects.values_list("name",
                                                           flat=True)) or "ingen – kør «frisat org import» først"
        raise FrisatError(f"Kommunen «{municipality}» findes ikke. Kendte kommuner: {known}.")
    if instrument not in builtin_instrument_ids():
        raise FrisatError(f"Ukendt instrument «{instrument}». Indbyggede: {', '.join(builtin_instrument_ids())}.")
    first, last = _parse_date(opens, "--opens"), _parse_date(closes, "--closes")
    if last < first:
        raise FrisatError("--closes skal være samme dag som eller efter --opens.")
    opens_at, closes_at = day_bounds(first, last)
    round = create_round(municipality=found[0], name=name, opens_at=opens_at, closes_at=closes_at,
                           groups=groups.split(","), instrument_id=instrument, anonymous=anonymous, min_n=min_n,
                           wave=wave, design=design, group_dimensions=parse_group_dimensions(group_dimension))
    err.print(f"[green]✓[/] Målingen «{escape(round.name)}» er oprettet i {escape(round.municipality.name)} "
              f"med id {round.pk}.", highlight=False)
    if round.is_split:
        err.print(f"Design: {escape(_design_text(round))}.", highlight=False)
    typer.echo(round.pk)


def _design_text(round: Round) -> str:
    from frisat.core.design import Design
    from frisat.reporting.codes import DESIGN_LABELS

    text = DESIGN_LABELS[Design(round.design)].lower()
    if round.group_dimensions:
        words = {"impl": "implementering", "vigt": "vigtighed"}
        text += " (" + ", ".join(f"{g}: {words[d]}" for g, d in sorted(round.group_dimensions.items())) + ")"
    return text


@round_app.command("list")
@user_errors
def round_list(
    municipality: str | None = typer.Option(None, "--municipality", "--kommune",
                                            help="Vis kun denne kommunes målinger."),
) -> None:
    """Vis målingerne med status og svarprocent."""
    django_ready()
    from frisat.web.common.formatting import danish_date, first_day, last_day, rate_text
    from frisat.web.rounds.models import Round
    from frisat.web.rounds.selectors import with_counts
    from frisat.web.rounds.templatetags.frisat_staff import STATUS_LABELS

    rounds = with_counts(Round.objects.select_related("municipality")).order_by("-opens_at", "name")
    if municipality:
        rounds = rounds.filter(municipality__name__iexact=municipality.strip())
    table = Table(title="Målinger")
    for column in ("Id", "Kommune", "Navn", "Bølge", "Status", "Periode", "Svar"):
        table.add_column(column, justify="right" if column == "Id" else "left")
    for m in rounds:
        period = f"{danish_date(first_day(m.opens_at))} – {danish_date(last_day(m.closes_at))}"
        table.add_row(str(m.pk), escape(m.municipality.name), escape(m.name), escape(m.wave),
                      str(STATUS_LABELS[m.status]), period,
                      rate_text(m.n_answered, m.n_respondents))
    if not table.row_count:
        err.print("Der er ingen målinger endnu. Opret en med «frisat round create».")
        return
    out.print(table)


def _waiting_text(round: Round) -> str:
    """How many answers wait in the round's mixing pool (anonymous rounds), or ""."""
    from frisat.web.common.formatting import waiting_text
    from frisat.web.rounds.pool import threshold
    from frisat.web.rounds.selectors import with_waiting

    return waiting_text(with_waiting([round])[0].n_waiting, threshold(round))


@round_app.command("status")
@user_errors
def round_status(round_id: int = typer.Argument(..., help="Målingens id (se «frisat round_ list»).")) -> None:
    """Vis svarprocenten i alt og pr. område, enhed og gruppe."""
    django_ready()
    from frisat.web.common.formatting import closes_text
    from frisat.web.rounds.selectors import RATE_DIMENSIONS, overall_rate, rate_rows, send_counts
    from frisat.web.rounds.templatetags.frisat_staff import STATUS_LABELS

    round_ = _get_round(round_id)
    overall = overall_rate(round_)
    counts = send_counts(round_)
    out.print(f"[bold]{escape(round_.name)}[/] · {escape(round_.municipality.name)} · bølge {escape(round_.wave)} · "
              f"{STATUS_LABELS[round_.status]} (kan besvares {closes_text(round_.closes_at)})", highlight=False)
    if round_.is_split:
        out.print(f"Design: {escape(_design_text(round_))}", highlight=False)
    out.print(f"Svar i alt: [bold]{overall.text}[/]", highlight=False)
    out.print(f"Mangler link: {counts.not_linked} · kan få påmindelse: {counts.to_remind} "
              f"(heraf i gang: {counts.in_progress}) · uden e-mail: {counts.without_email}", highlight=False)
    waiting = _waiting_text(round_)
    if waiting:
        out.print(f"Venter i puljen: {escape(waiting)}", highlight=False)
    if not overall.invited:
        return
    dimensions = {"dimension": "Dimension"} if round_.is_split else {}
    names = {"impl": "kun implementering", "vigt": "kun vigtighed", "": "begge"}
    for by, label in {**RATE_DIMENSIONS, **dimensions}.items():
        table = Table(title=f"Svarprocent pr. {label.lower()}")
        if by == "enhed":
            table.add_column("Område")
        table.add_column(label)
        for column in ("Respondenter", "Svar", "Svarprocent"):
            table.add_column(column, justify="right")
        table.add_column("")
        for row in rate_rows(round_, by):
            bar = "█" * round((row.percent or 0) / 5)
            text = names.get(row.label, row.label) if by == "dimension" else row.label
            cells = [escape(text), str(row.invited), str(row.answered), row.percent_text, bar]
            table.add_row(*([escape(row.area)] if by == "enhed" else []), *cells)
        out.print(table)


# --- frisat respondents / links / invite / export ---------------------------------------------------


@respondents_app.command("import")
@user_errors
def respondents_import(
    round_id: int = typer.Argument(..., help="Målingens id."),
    file: Path = typer.Argument(..., help="CSV eller Excel (.xlsx) med kolonnerne email, enhed, gruppe "
                                "(og evt. omraade)."),
) -> None:
    """Tilføj respondenter fra en fil (alt-eller-intet). Linkene udsendes med «invite» eller «links export»."""
    django_ready()
    from frisat.web.rounds.services import import_respondents

    round = _get_round(round_id)
    table = _read_file(file)
    with step(f"Indlæser {len(table)} respondenter fra {file.name}"):
        summary = import_respondents(round, table)
    out.print(f"[green]✓[/] {escape(str(summary))}", highlight=False)
    err.print(f"Send invitationer med «frisat invite {round.pk}», eller hent links med "
              f"«frisat links export {round.pk} --out links.csv».", highlight=False)


@links_app.command("export")
@user_errors
def links_export(
    round_id: int = typer.Argument(..., help="Målingens id."),
    out_path: Path = typer.Option(..., "--out", help="CSV-fil der skrives (email;enhed;gruppe;link)."),
    reissue_all: bool = typer.Option(
        False, "--all", help="Også respondenter der har fået et link før: de får nye links, og deres gamle "
        "links holder op med at virke."),
    emails: list[str] = typer.Option(
        [], "--email", help="Kun denne respondent (kan gentages): et nyt link til en, der har mistet sit. Det gamle "
        "link holder op med at virke, og svar gemt under det kan ikke åbnes med det nye."),
) -> None:
    """Eksportér personlige links som CSV til udsendelse ad andre kanaler.

    Uden --all får kun respondenter, der endnu ikke har fået et link, et link; ingen udsendte links ændres.
    """
    django_ready()
    from frisat.web.rounds.invitations import export_links, links_csv

    round = _get_round(round_id)
    if out_path.suffix.lower() != ".csv":
        raise FrisatError("Links eksporteres som .csv.")
    if out_path.parent and not out_path.parent.is_dir():
        raise FrisatError(f"Mappen {out_path.parent} findes ikke.")

    def write(rows: list) -> None:
        # Mode 0600: the file holds live personal links.
        fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
            handle.write(links_csv(rows))

    with step(f"Danner links til {out_path}"):
        rows = export_links(round, reissue_all=reissue_all, emails=emails or None, write=write)
    out.print(f"[green]✓[/] {len(rows)} links skrevet til {escape(str(out_path))}.", highlight=False)
    if (reissue_all or emails) and rows:
        err.print("[yellow]Bemærk:[/] links, der er udsendt tidligere til disse respondenter, virker ikke længere.")
    if not rows:
        err.print("Ingen respondenter manglede et link. Brug --all for at forny alle links.")
    err.print("Filen indeholder personlige links: send den fortroligt, og slet den bagefter.")


@user_errors
def invite_command(
    round_id: int = typer.Argument(..., help="Målingens id."),
    reminder: bool = typer.Option(False, "--reminder", help="Send påmindelser til inviterede, der ikke har svaret."),
    contact: str = typer.Option("", "--contact", help="Kontakt ved spørgsmål, vist i mailen, fx "
                                "\"Anna Berg, anna.berg@rebild.dk\"."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Vis kun hvor mange der ville få en mail."),
) -> None:
    """Send invitationer (eller påmindelser med --reminder) pr. e-mail med personlige links."""
    django_ready()
    from frisat.web.rounds.invitations import send_invitations
    from frisat.web.rounds.selectors import send_counts
    from frisat.web.rounds.services import is_closed

    round = _get_round(round_id)
    counts = send_counts(round)
    total = counts.to_remind if reminder else counts.to_invite
    kind = "påmindelser" if reminder else "invitationer"
    if dry_run:
        state = " (målingen er lukket: intet sendes)" if is_closed(round) else ""
        kept = (f", heraf {counts.in_progress} uden nyt link (i gang: de fortsætter med deres link)"
                if reminder and counts.in_progress else "")
        out.print(f"{total} {kind} ville blive sendt{kept}{state}.", highlight=False)
        return
    with Progress(TextColumn(f"Sender {kind}"), BarColumn(), MofNCompleteColumn(), console=err,
                  transient=True) as progress:
        task = progress.add_task(kind, total=total)
        result = send_invitations(round, reminder=reminder, contact=contact,
                                  progress=lambda done, _total: progress.update(task, completed=done))
    out.print(f"[green]✓[/] {escape(str(result))}", highlight=False)
    if not reminder and counts.without_email:
        who = "1 respondent" if counts.without_email == 1 else f"{counts.without_email} respondenter"
        err.print(f"{who} har ingen e-mail; hent linkene med «frisat links export {round.pk} --out links.csv».",
                  highlight=False)


EXPORT_FORMATS = (".csv", ".xlsx", ".sav", ".dta")


@user_errors
def export_command(
    round_id: int = typer.Argument(..., help="Målingens id."),
    out_path: Path = typer.Option(..., "--out", help="Datafil: .csv, .xlsx, .sav eller .dta."),
) -> None:
    """Eksportér målingens besvarelser i det kanoniske dataformat (til frisat analyze, R, Stata, SPSS, Excel)."""
    django_ready()
    from frisat.core.instrument import get_instrument
    from frisat.web.rounds.selectors import responses_frame

    if out_path.suffix.lower() not in EXPORT_FORMATS:
        raise FrisatError("Besvarelser kan skrives som .csv, .xlsx, .sav eller .dta.")
    try:
        from frisat.io import write_responses
    except ImportError as exc:
        raise FrisatError(f"Eksport er ikke tilgængelig i denne installation ({exc}).") from None
    round = _get_round(round_id)
    instrument = get_instrument(round.instrument_id)
    with step(f"Henter besvarelser fra «{round.name}»"):
        frame = responses_frame([round], instrument)
    with step(f"Skriver {out_path}"):
        write_responses(frame, out_path, instrument)
    out.print(f"[green]✓[/] {len(frame)} besvarelser skrevet til {escape(str(out_path))}.", highlight=False)
    waiting = _waiting_text(round)  # after the flush in responses_frame: what is still in the pool
    if waiting:
        err.print(f"[yellow]Bemærk:[/] {escape(waiting)} De er ikke med i filen.", highlight=False)
    err.print(f"Bemærk: filen er rådata; anonymitetsgrænsen (k = {round.min_n}) gælder ikke for den. "
              "Del den varsomt.", highlight=False)

