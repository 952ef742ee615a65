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
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)  # the command line speaks Danish, whatever ran before


def pending_migrations() -> int:
    """How many migrations the database still lacks (raises ``DatabaseError`` when it cannot be read)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
