"""Shared fixtures for the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _static_root_exists() -> None:
    """WhiteNoise serves STATIC_ROOT (filled by collectstatic in ``frisat serve``) and warns when
    the folder is missing, as it is in the test data folder; tests use the finders instead."""
    from django.conf import settings

    if settings.configured and settings.STATIC_ROOT:
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
