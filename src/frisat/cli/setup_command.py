"""``frisat setup``: everything ``frisat serve`` needs before it starts, as a step of its own.

Migrates the database, creates the cache table (the login throttle's counters live there, shared
by every gunicorn worker), collects the static files (served in-process by WhiteNoise) and, with
``--demo``, builds the demo municipality. Run it after installing and after every upgrade; then
``frisat serve`` starts in about a second (it refuses to start while migrations are pending).
"""

from __future__ import annotations

import typer

from frisat.cli.console import out, step, user_errors


def run_setup(*, demo: bool = False, reset_demo: bool = False):  # -> DemoLogin | None
    """Migrate, create the cache table, collect static files and (with ``demo``) build the demo municipality."""
    from frisat.cli.django_env import setup_django

    setup_django()
    from django.core.management import call_command

    with step("Opdaterer databasen (migrate)"):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
    with step("Samler de statiske filer (collectstatic)"):
        call_command("collectstatic", interactive=False, verbosity=0)
    if demo or reset_demo:
        from frisat.web.demo_site import build_demo_site

        with step("Bygger demokommunen" if reset_demo else "Demokommunen"):
            return build_demo_site(reset=reset_demo)
    return None


@user_errors
def setup_command(
    demo: bool = typer.Option(False, "--demo", help="Opret demokommunen med login og målinger (én gang)."),
    reset_demo: bool = typer.Option(False, "--reset-demo", help="Slet demokommunen og opret den forfra."),
) -> None:
    """Gør databasen og de statiske filer klar til webappen (kør efter installation og opdatering)."""
    login = run_setup(demo=demo, reset_demo=reset_demo)
    from django.conf import settings

    out.print(f"[green]✓[/] Klar. Data: {settings.DATA_DIR}", highlight=False)
    if login is not None:
        out.print(f"Demokommunen: {login.municipality}; brugernavn {login.username}, adgangskoden står i "
                  f"{login.password_file}", highlight=False)
        if login.politician:  # issue 15
            out.print(f"Demopolitiker (læser): brugernavn {login.politician}, samme adgangskode", highlight=False)
    out.print("Start webappen med: frisat serve" + (" --demo" if login is not None else ""), highlight=False)
