"""Helpers for the staff tests (fixtures are in conftest.py)."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.utils import timezone

from frisat.web.organisations.models import Membership, Unit
from frisat.web.rounds import services

PASSWORD = "hemmeligt-kodeord-42"


def make_user(username, municipality=None, role=Membership.Role.ADMIN, **extra):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD,
                                                email=f"{username}@example.dk", **extra)
    if municipality is not None:
        Membership.objects.create(user=user, municipality=municipality, role=role)
    return user


def make_round(municipality, **kwargs):
    now = timezone.now()
    args = dict(municipality=municipality, name=f"Barometer {municipality.name}", opens_at=now - dt.timedelta(days=1),
                closes_at=now + dt.timedelta(days=14), groups=["leder", "medarbejder"])
    args.update(kwargs)
    return services.create_round(**args)


def unit(municipality, name, area=None):
    query = Unit.objects.filter(area__municipality=municipality, name=name)
    if area:
        query = query.filter(area__name=area)
    return query.get()


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
