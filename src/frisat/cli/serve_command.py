"""``frisat serve``: the web app on localhost.

Checks that ``frisat setup`` has run (no pending migration, the cache table and the static files
there; otherwise it refuses with «kør først: frisat setup»), starts the background worker that
sends mails (:mod:`frisat.web.mailings.worker`), prints the address and, with
``--demo``, the demo login, and hands over to gunicorn. Migrating and collecting static files are
not done here, so a restart takes about a second. Binds to 127.0.0.1 unless ``--public`` allows
another address.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys

import typer

from frisat.cli.console import err, out, user_errors
from frisat.core.errors import FrisatError

LOOPBACK_NAMES = {"localhost", "ip6-localhost", "ip6-loopback"}


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and the name localhost."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(host: str, public: bool) -> None:
    """Refuse an address other machines can reach, unless ``public``; then warn (in Danish)."""
    if is_loopback(host):
        return
    if not public:
        raise FrisatError(
            f"{host} kan nås fra andre maskiner. Frisat lytter kun på 127.0.0.1, medmindre du tilføjer --public "
            "(og så bør den stå bag HTTPS; se docs/deployment.md)."
        )
    err.print(
        f"[bold yellow]Advarsel:[/] Frisat lytter på {host} og kan nås fra andre maskiner på netværket. "
        "Forbindelsen er ikke krypteret: brug HTTPS foran (en reverse proxy) og "
        "DJANGO_SETTINGS_MODULE=frisat.web.settings_production i drift. Sæt FRISAT_ALLOWED_HOSTS til "
        "serverens navn.",
        highlight=False,
    )


def _port_is_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError:
            return False
    return True


def url_for(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("localhost", "0.0.0.0") else host  # shown for this machine
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


SETUP_HINT = "Kør først: frisat setup"


def missing_setup() -> str | None:
    """What ``frisat setup`` still has to do (in Danish), or ``None`` when the app is ready to serve."""
    from pathlib import Path

    from django.conf import settings
    from django.db import DatabaseError, connection

    from frisat.cli.django_env import pending_migrations

    try:
        pending = pending_migrations()
        tables = set(connection.introspection.table_names())
    except DatabaseError as exc:
        return f"databasen kan ikke læses ({exc})"
    if pending:
        return f"{pending} databasemigrering(er) mangler"
    cache_tables = {c["LOCATION"] for c in settings.CACHES.values() if c["BACKEND"].endswith("db.DatabaseCache")}
    if cache_tables - tables:
        return "cache-tabellen mangler"
    static = Path(settings.STATIC_ROOT)
    if not static.is_dir() or not any(static.iterdir()):
        return f"de statiske filer er ikke samlet i {static}"
    return None


def demo_login():  # -> DemoLogin
    """The login of the demo municipality built by ``frisat setup --demo`` (nothing is built here)."""
    from django.conf import settings

    from frisat.web.demo_site import DEMO_MUNICIPALITY, DEMO_USERNAME, PASSWORD_FILE, DemoLogin
    from frisat.web.organisations.models import Municipality

    path = settings.DATA_DIR / PASSWORD_FILE
    if not Municipality.objects.filter(name=DEMO_MUNICIPALITY).exists() or not path.is_file():
        raise FrisatError("Demokommunen er ikke bygget. Kør først: frisat setup --demo")
    from frisat.web.legal.demo import demo_politician

    return DemoLogin(DEMO_USERNAME, path.read_text(encoding="utf-8").strip(), path, DEMO_MUNICIPALITY, False,
                     demo_politician(DEMO_MUNICIPALITY))


def prepare(*, demo: bool):  # -> DemoLogin | None
    """Refuse to start unless ``frisat setup`` has run; the demo login with ``demo``."""
    from frisat.cli.django_env import setup_django

    setup_django()
    missing = missing_setup()
    if missing:
        raise FrisatError(f"Frisat er ikke klar til at starte: {missing}. {SETUP_HINT}"
                          + (" --demo" if demo else "") + ".")
    return demo_login() if demo else None


def _bind(host: str, port: int) -> str:
    return f"[{host.strip('[]')}]:{port}" if ":" in host else f"{host}:{port}"


def gunicorn_options(host: str, port: int, workers: int, threads: int) -> dict[str, object]:
    """The settings of ``frisat serve``'s gunicorn (run in-process, :mod:`frisat.cli.gunicorn_server`):
    threaded workers (a request waiting for the database does not block a process), the app loaded
    once in the master and shared by the forked workers. Same as :func:`gunicorn_argv`."""
    return {"bind": [_bind(host, port)], "workers": workers, "threads": threads, "worker_class": "gthread",
            "timeout": 60, "graceful_timeout": 5, "loglevel": "warning", "control_socket_disable": True,
            "preload_app": True}


def gunicorn_argv(host: str, port: int, workers: int, threads: int, *, worker_class: str = "gthread") -> list[str]:
    """The same server as ``frisat serve`` started by the ``gunicorn`` command (the benchmarks use it).

    ``--preload`` and the hooks in :mod:`frisat.cli.gunicorn_config`: the app and its views are loaded
    once, in the master, and shared by the forked workers — 4 workers took 280 MiB instead of 710 MiB.
    (A new version needs a restart, not a HUP.)"""
    bind = _bind(host, port)
    return [
        sys.executable, "-m", "gunicorn", "frisat.web.wsgi:application",
        "--bind", bind, "--workers", str(workers), "--threads", str(threads), "--worker-class", worker_class,
        "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning", "--no-control-socket",
        "--config", "python:frisat.cli.gunicorn_config", "--preload",
    ]


def print_box(url: str, login, data_dir: str) -> None:  # login: DemoLogin | None
    from rich.panel import Panel
    from rich.text import Text

    text = Text()
    text.append("Frisat kører på  ", style="bold")
    text.append(url, style="bold cyan")
    text.append("\n")
    if login is not None:
        text.append("\nDemokommune:     ", style="bold")
        text.append(f"{login.municipality} (syntetiske demodata)")
        text.append("\nBrugernavn:      ", style="bold")
        text.append(login.username)
        text.append("\nAdgangskode:     ", style="bold")
        text.append(login.password)
        text.append(f"\n                 (gemt i {login.password_file})")
        if login.politician:  # issue 15: the read-only demo politician, same password
            text.append("\nPolitiker (læser): ", style="bold")
            text.append(f"{login.politician} (samme adgangskode)")
    else:
        text.append("\nLog ind med en bruger oprettet med: frisat org … / manage.py createsuperuser")
    text.append("\nData:            ", style="bold")
    text.append(data_dir)
    text.append("\n\nStop med Ctrl+C.")
    out.print(Panel(text, title="Frisat", expand=False, border_style="green"), highlight=False)


@user_errors
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Adressen der lyttes på (kun loopback uden --public)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Porten."),
    demo: bool = typer.Option(False, "--demo", help="Vis demokommunens login (bygget af frisat setup --demo)."),
    public: bool = typer.Option(False, "--public", help="Tillad en adresse, som andre maskiner kan nå."),
    workers: int = typer.Option(2, "--workers", min=1, max=32, help="Antal gunicorn-processer."),
    threads: int = typer.Option(4, "--threads", min=1, max=32, help="Tråde pr. proces."),
    worker: bool = typer.Option(True, "--worker/--no-worker",
                                help="Start baggrundsarbejderen, der sender mails (i drift evt. som egen tjeneste)."),
) -> None:
    """Start webappen (gunicorn); kør frisat setup først — med --demo vises demokommunens login."""
    check_host(host, public)
    if not _port_is_free(host, port):
        raise FrisatError(f"Port {port} på {host} er optaget. Vælg en anden med --port.")
    url = url_for(host, port)
    os.environ.setdefault("FRISAT_BASE_URL", url.rstrip("/"))
    login = prepare(demo=demo)
    from django.conf import settings

    print_box(url, login, str(settings.DATA_DIR))
    sys.stdout.flush()
    sys.stderr.flush()
    from django.db import connections

    from frisat.cli.gunicorn_server import FrisatServer
    from frisat.web.mailings.worker import start_worker, stop_worker
    from frisat.web.wsgi import application

    connections.close_all()  # the workers are forked from this process: none may inherit a connection
    background = start_worker() if worker else None  # sends the mails (frisat.web.mailings); its own process
    try:
        FrisatServer(application, gunicorn_options(host, port, workers, threads)).run()
    finally:
        if background is not None:
            stop_worker(background)
