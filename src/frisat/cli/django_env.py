"""Start Django for CLI commands that work on the web app's database."""

from __future__ import annotations

import os


def setup_django() -> None:
    """Configure Django once (settings from DJANGO_SETTINGS_MODULE, default frisat.web.settings)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frisat.web.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
