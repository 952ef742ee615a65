"""Fixtures for the legal pages: a synthetic talportal file, Rebild with an administrator and a reader."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from django.contrib.auth import get_user_model

from frisat.demo.legal import generate_talportal
from frisat.io.talportal import write_talportal
from frisat.web.legal import services
from frisat.web.organisations.models import Area, Membership, Municipality


@pytest.fixture(autouse=True)
def _fresh_caches():
    from frisat.web.legal.views import _CONTEXTS

    for clear in (services._frame.cache_clear, services._rates.cache_clear, _CONTEXTS.clear):
        clear()
    yield
    for clear in (services._frame.cache_clear, services._rates.cache_clear, _CONTEXTS.clear):
        clear()


@pytest.fixture(scope="session")
def talportal_frame() -> pd.DataFrame:
    return generate_talportal(2021, 2023, seed=7)


@pytest.fixture
def talportal_csv(tmp_path: Path, talportal_frame: pd.DataFrame) -> Path:
    return write_talportal(talportal_frame, tmp_path / "talportal 2023.csv")


@pytest.fixture
def rebild(db):
    municipality = Municipality.objects.create(name="Rebild")
    Area.objects.create(municipality=municipality, name="Beskæftigelse")
    return municipality


def _user(name: str, municipality: Municipality | None, role: str | None, **extra):
    user = get_user_model().objects.create_user(username=name, password="hemmeligt-kodeord-42", **extra)
    if municipality is not None and role is not None:
        Membership.objects.create(user=user, municipality=municipality, role=role)
    return user


@pytest.fixture
def admin_user(rebild):
    return _user("anne", rebild, Membership.Role.ADMIN, first_name="Anne", last_name="Admin")


@pytest.fixture
def reader(rebild):
    return _user("per", rebild, Membership.Role.READER, first_name="Per", last_name="Politiker")


@pytest.fixture
def staff_admin(db):
    return _user("sys", None, None, is_staff=True)


@pytest.fixture
def snapshot(talportal_csv, staff_admin):
    from frisat.io.talportal import read_talportal

    stored, _created, _warnings = services.store(read_talportal(talportal_csv, "Syntetisk testudtræk"),
                                                 talportal_csv.name, staff_admin)
    return stored
