"""Import of talportal files in the web: staff administrators only, all or nothing, Danish errors."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from frisat.web.legal.models import AppealSnapshot

pytestmark = pytest.mark.django_db


def _upload(client, path, source="Ankestyrelsens talportal, test"):
    return client.post(reverse("legal:import"), {"source": source,
                                                 "file": SimpleUploadedFile(path.name, path.read_bytes())})


def test_staff_admin_imports_a_snapshot_and_the_same_file_is_not_stored_twice(client, staff_admin, talportal_csv,
                                                                              talportal_frame):
    client.force_login(staff_admin)
    response = _upload(client, talportal_csv)
    assert response.status_code == 302
    snap = AppealSnapshot.objects.get()
    assert snap.file_name == "talportal 2023.csv"
    assert snap.row_count == len(talportal_frame) and snap.imported_by == staff_admin
    assert len(snap.sha256) == 64
    _upload(client, talportal_csv)
    assert AppealSnapshot.objects.count() == 1
    page = client.get(reverse("legal:index")).content.decode()
    assert "talportal 2023.csv" in page


def test_revised_figures_arrive_as_a_new_snapshot(client, staff_admin, talportal_csv, tmp_path, talportal_frame):
    from frisat.io.talportal import write_talportal

    client.force_login(staff_admin)
    _upload(client, talportal_csv)
    revised = talportal_frame.copy()
    revised.loc[0, "Stadfæstelse"] += 1
    revised.loc[0, "Antal_sager_ialt"] += 1
    _upload(client, write_talportal(revised, tmp_path / "revideret.csv"))
    assert AppealSnapshot.objects.count() == 2
    first, second = AppealSnapshot.objects.order_by("id")
    assert first.rows != second.rows  # the old snapshot is kept unchanged


def test_malformed_file_is_refused_with_row_and_column_and_nothing_is_stored(client, staff_admin, tmp_path,
                                                                          talportal_frame):
    from frisat.io.talportal import write_talportal

    bad = talportal_frame.head(20).copy()
    bad.loc[2, "Instans"] = "Rebbild"
    bad.loc[4, "Hjemvisning"] = -3
    path = write_talportal(bad, tmp_path / "fejl.csv")
    client.force_login(staff_admin)
    response = _upload(client, path)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Mente du «Rebild»?" in text
    assert "fejl.csv" in text and "/tmp" not in text
    assert "intet er indlæst" in text
    assert AppealSnapshot.objects.count() == 0


def test_oversized_upload_is_refused(client, staff_admin, settings):
    settings.FRISAT_MAX_UPLOAD_BYTES = 100
    client.force_login(staff_admin)
    response = client.post(reverse("legal:import"), {"source": "x",
                                                     "file": SimpleUploadedFile("stor.csv", b"a;b\n" * 100)})
    assert response.status_code == 400
    assert "MB" in response.content.decode()
    assert AppealSnapshot.objects.count() == 0


@pytest.mark.parametrize("who", ["admin_user", "reader"])
def test_municipal_users_may_not_import(client, request, who, talportal_csv):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("legal:import")).status_code == 403
    assert _upload(client, talportal_csv).status_code == 403
    assert AppealSnapshot.objects.count() == 0
