"""Shared fixtures for the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The CLI's rich consoles (frisat.cli.console) are created at import and keep the width COLUMNS has
# then; the CLI tests pass their own COLUMNS to CliRunner per call. An inherited COLUMNS (pytest-xdist
# workers get COLUMNS=80) would freeze the consoles at that width and wrap the messages under test.
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)


@pytest.fixture(scope="session", autouse=True)
def _static_root_exists() -> None:
    """WhiteNoise serves STATIC_ROOT (filled by collectstatic in ``frisat serve``) and warns when
    the folder is missing, as it is in the test data folder; tests use the finders instead."""
    from django.conf import settings

    if settings.configured and settings.STATIC_ROOT:
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
