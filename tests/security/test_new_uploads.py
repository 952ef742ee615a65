"""Uploads added in issues 13–15 as an attacker with a login: the evaluation's case import, the
talportal import and the kommune's logo. Oversized files, zip and XML bombs, a DTD with an external
entity and files of the wrong type are refused with a Danish message, and nothing is stored."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from frisat.web.evaluations import services as evaluations
from frisat.web.evaluations.models import Case
from frisat.web.legal.models import AppealSnapshot
from frisat.web.organisations import logo as logo_module
from frisat.web.organisations.models import Area, Municipality
from tests.io import bombs
from tests.web.helpers import make_user

pytestmark = pytest.mark.django_db

PROBES = [
    ("400mb-celle.xlsx", lambda: bombs.big_cell(), "for stor udpakket"),
    ("laughs.xlsx", bombs.billion_laughs, "DTD"),
    ("xxe.xlsx", bombs.external_entity, "DTD"),
    ("tekst.xlsx", lambda: bombs.NOT_A_ZIP, ".xlsx"),
    ("program.exe", lambda: b"MZ\x90\x00" * 100, "Filtypen"),
    ("billede.svg", lambda: b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "Filtypen"),
]


@pytest.fixture
def evaluation(db):
    municipality = Municipality.objects.create(name="Rebild")
    area = Area.objects.create(municipality=municipality, name="Børn og familie")
    make_user("anna", municipality)
    return evaluations.create_evaluation(
        municipality=municipality, name="Forsøget", trial="Mindre dokumentation", area=area,
        dates={"foer": (dt.date(2018, 3, 1), dt.date(2018, 8, 31))})


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize(("name", "make", "message"), PROBES, ids=[p[0] for p in PROBES])
def test_the_case_import_refuses_bombs_and_wrong_types(evaluation, name, make, message):
    response = _client("anna").post(reverse("evaluations:import", args=[evaluation.pk]),
                                    {"file": SimpleUploadedFile(name, make())})
    assert response.status_code == 400 and message in response.content.decode(), response.content.decode()[-3000:]
    assert not Case.objects.exists()


def test_the_case_import_refuses_an_oversized_file_before_reading_it(evaluation, settings):
    settings.FRISAT_MAX_UPLOAD_BYTES = 1024 * 1024
    response = _client("anna").post(reverse("evaluations:import", args=[evaluation.pk]),
                                    {"file": SimpleUploadedFile("lang.csv", bombs.long_line_csv(2))})
    assert response.status_code == 200 and "for stor" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize(("name", "make", "message"), PROBES, ids=[p[0] for p in PROBES])
def test_the_talportal_import_refuses_bombs_and_wrong_types(db, name, make, message):
    get_user_model().objects.create_user(username="staff", password="x-Kodeord-2026", is_staff=True)
    response = _client("staff").post(reverse("legal:import"), {"file": SimpleUploadedFile(name, make()),
                                                                 "source": "Talportalen"})
    assert response.status_code == 400 and message in response.content.decode(), response.content.decode()[-3000:]
    assert not AppealSnapshot.objects.exists()


def test_a_logo_that_unpacks_to_a_huge_image_is_refused(evaluation, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    logo_module._HEADERS.clear()
    buffer = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(buffer, format="PNG")  # ~100 MB of pixels in a small file
    assert len(buffer.getvalue()) < 200 * 1024
    municipality = evaluation.municipality
    response = _client("anna").post(reverse("organisations:logo_upload", args=[municipality.pk]),
                                    {"logo-logo": SimpleUploadedFile("logo.png", buffer.getvalue())}, follow=True)
    text = response.content.decode()
    assert "højst være 1200" in text or "PNG- eller JPEG" in text, text[text.find("<main"):][:1500]
    municipality.refresh_from_db()
    assert not municipality.logo and not (tmp_path / "logoer").exists()
