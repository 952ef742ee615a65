"""The kommune's logo (issue 13): checked by content, stored under DATA_DIR, served safely, and shown
with the kommune's name on the survey pages."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from frisat.web.organisations import logo as logo_module
from frisat.web.organisations.models import Membership, Municipality
from tests.web.helpers import PASSWORD, make_user
from tests.web.survey.helpers import make_link

pytestmark = pytest.mark.django_db


def image(fmt: str = "PNG", size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 83, 148)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    logo_module._HEADERS.clear()
    yield tmp_path
    logo_module._HEADERS.clear()


@pytest.fixture
def rebild():
    return Municipality.objects.create(name="Rebild")


@pytest.fixture
def admin(client, rebild):
    make_user("anne", rebild, role=Membership.Role.ADMIN)
    client.login(username="anne", password=PASSWORD)
    return client


def upload(client, municipality, data: bytes, name: str = "logo.png"):
    return client.post(reverse("organisations:logo_upload", args=[municipality.pk]),
                       {"logo-logo": SimpleUploadedFile(name, data)}, follow=True)


def test_png_logo_is_stored_served_safely_and_shown_on_the_survey(admin, client, rebild, data_dir):
    page = upload(admin, rebild, image())
    assert "Logoet er gemt" in page.content.decode()
    rebild.refresh_from_db()
    assert rebild.logo.name.endswith(".png") and (data_dir / "logoer" / rebild.logo.name).exists()
    url = reverse("organisations:logo", args=[rebild.pk, rebild.logo.name])
    client.logout()
    served = client.get(url)  # public: respondents see it without a login
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff" and "sandbox" in served["Content-Security-Policy"]
    assert b"".join(served.streaming_content) == image()
    link = make_link()
    html = client.get(reverse("survey:intro", args=[link.token])).content.decode()
    assert 'class="kommune-header"' in html and "<span>Rebild</span>" in html and url in html


def test_survey_header_names_the_kommune_without_a_logo(client):
    link = make_link()
    html = client.get(reverse("survey:intro", args=[link.token])).content.decode()
    assert "<span>Rebild</span>" in html and "kommune-logo" not in html


@pytest.mark.parametrize(("data", "message"), [
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "PNG- eller JPEG"),
    (image("GIF"), "PNG- eller JPEG"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "PNG- eller JPEG"),
    (image(size=(1500, 10)), "højst være 1200"),
    (b"\x89PNG" + b"0" * (210 * 1024), "højst fylde 200 KB"),
])
def test_bad_logo_is_refused_in_danish_and_changes_nothing(admin, rebild, data, message, data_dir):
    page = upload(admin, rebild, data, name="logo.png")
    assert message in page.content.decode()
    rebild.refresh_from_db()
    assert not rebild.logo and not (data_dir / "logoer").exists()


def test_replacing_and_removing_deletes_the_old_file(admin, rebild, data_dir):
    upload(admin, rebild, image())
    rebild.refresh_from_db()
    first = rebild.logo.name
    upload(admin, rebild, image("JPEG"), name="x.jpg")
    rebild.refresh_from_db()
    assert rebild.logo.name.endswith(".jpg") and not (data_dir / "logoer" / first).exists()
    assert admin.get(reverse("organisations:logo", args=[rebild.pk, first])).status_code == 404
    admin.post(reverse("organisations:logo_upload", args=[rebild.pk]), {"logo-remove": "on"})
    rebild.refresh_from_db()
    assert not rebild.logo and list((data_dir / "logoer").iterdir()) == []


def test_only_the_kommunes_administrators_may_upload(client, rebild):
    make_user("olav", rebild, role=Membership.Role.ANALYST)
    client.login(username="olav", password=PASSWORD)
    response = upload(client, rebild, image())
    assert response.status_code == 404
    rebild.refresh_from_db()
    assert not rebild.logo
