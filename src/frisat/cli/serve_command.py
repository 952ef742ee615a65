"""``frisat serve``: the web app on localhost.

Migrates the database, collects the static files (served in-process by WhiteNoise, so no nginx is
needed), optionally builds the demo municipality, prints the address and login, and hands over to
gunicorn. Binds to 127.0.0.1 unless ``--public`` allows another address.
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


def prepare(*, demo: bool, reset_demo: bool):  # -> DemoLogin | None
    """Migrate, create the cache table, collect static files and (with ``demo``) build the demo municipality."""
    from frisat.cli.django_env import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # the login throttle's cache lives in the database
    call_command("collectstatic", interactive=False, verbosity=0)
    if demo or reset_demo:
        from frisat.web.demo_site import build_demo_site

        return build_demo_site(reset=reset_demo)
    return None


def gunicorn_argv(host: str, port: int, workers: int, threads: int, *, worker_class: str = "gthread") -> list[str]:
    """gunicorn with threaded workers (a request waiting for the database does not block a process).

    ``--preload`` and the hooks in :mod:`frisat.cli.gunicorn_config`: the app and its views are loaded
    once, in the master, and shared by the forked workers — 4 workers took 280 MiB instead of 710 MiB
    and answered after 3 s instead of 12 s. (A new version needs a restart, not a HUP.)"""
    bind = f"[{host.strip('[]')}]:{port}" if ":" in host else f"{host}:{port}"
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
        text.append(f"{login.kommune} (syntetiske demodata)")
        text.append("\nBrugernavn:      ", style="bold")
        text.append(login.username)
        text.append("\nAdgangskode:     ", style="bold")
        text.append(login.password)
        text.append(f"\n                 (gemt i {login.password_file})")
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
    demo: bool = typer.Option(False, "--demo", help="Opret demokommunen med login og to målinger (én gang)."),
    reset_demo: bool = typer.Option(False, "--reset-demo", help="Slet demokommunen og opret den forfra."),
    public: bool = typer.Option(False, "--public", help="Tillad en adresse, som andre maskiner kan nå."),
    workers: int = typer.Option(2, "--workers", min=1, max=32, help="Antal gunicorn-processer."),
    threads: int = typer.Option(4, "--threads", min=1, max=32, help="Tråde pr. proces."),
) -> None:
    """Start webappen (gunicorn) — med --demo også en demokommune med login."""
    check_host(host, public)
    if not _port_is_free(host, port):
        raise FrisatError(f"Port {port} på {host} er optaget. Vælg en anden med --port.")
    url = url_for(host, port)
    os.environ.setdefault("FRISAT_BASE_URL", url.rstrip("/"))
    login = prepare(demo=demo, reset_demo=reset_demo)
    from django.conf import settings

    print_box(url, login, str(settings.DATA_DIR))
    sys.stdout.flush()
    sys.stderr.flush()
    argv = gunicorn_argv(host, port, workers, threads)
    os.execv(argv[0], argv)
