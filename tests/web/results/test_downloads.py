"""Downloads of the results page: content types, files that open, the same filters as the page, the
raw-data policy, and the temporary folder cleaned up."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from frisat.web.rounds.models import Respondent, Response
from tests.web.helpers import PASSWORD, make_round, make_user

from .helpers import expected, read_xlsx

pytestmark = pytest.mark.django_db

CONTENT_TYPES = {
    "resultater.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "summary.csv": "text/csv; charset=utf-8",
    "rapport.pdf": "application/pdf",
    "besvarelser.sav": "application/x-spss-sav",
    "besvarelser.csv": "text/csv; charset=utf-8",
}


def download(client, round, kind, **params):
    return client.get(reverse("results:download", args=[round.pk, kind]), {"boelge": round.pk, **params})


def read_sav(data: bytes):
    import pyreadstat

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.sav"
        path.write_bytes(data)
        return pyreadstat.read_sav(str(path), user_missing=True)


@pytest.mark.parametrize("kind", list(CONTENT_TYPES))
def test_each_download_has_its_type_opens_and_is_cleaned_up(admin_client, round_a, kind, tmp_path, monkeypatch):
    made: list[Path] = []
    real = tempfile.TemporaryDirectory

    def spy(*args, **kwargs):
        if kwargs.get("prefix") != "frisat-resultater-":
            return real(*args, **kwargs)
        folder = real(*args, dir=tmp_path, **kwargs)
        made.append(Path(folder.name))
        return folder

    monkeypatch.setattr(tempfile, "TemporaryDirectory", spy)
    response = download(admin_client, round_a, kind, grupper="omraade")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[kind]
    filename = kind.replace(".csv", "-data.csv") if kind.endswith(".csv") else kind  # issue 13: …-data.csv
    assert response["Content-Disposition"] == f'attachment; filename="Barometer-Rebild-{filename}"'
    assert "no-store" in response["Cache-Control"]
    data = response.content
    if kind == "resultater.xlsx":
        sheets = read_xlsx(data)
        assert {"Oversigt", "Antal besvarelser", "Respondenter", "Kommentarer", "Kodebog"} <= set(sheets)
    elif kind == "summary.csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
        result = expected([round_a], 5, ["omraade"])
        assert [(r["omraade"], r["spor"], r["n"]) for r in rows] == [
            (g, s, str(int(n))) for g, s, n in result.summary[["omraade", "spor", "n"]].itertuples(index=False)]
    elif kind == "rapport.pdf":
        assert data.startswith(b"%PDF")
    elif kind == "besvarelser.sav":
        frame, meta = read_sav(data)
        assert len(frame) == 44
        assert meta.column_names_to_labels["regler_impl_a"]      # variable labels
        assert meta.variable_value_labels["regler_impl_a"]       # value labels
    else:
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert len(rows) == 44 and list(rows[0])[:6] == ["respondent_id", "kommune", "omraade", "enhed", "gruppe",
                                                          "maaling"]
    assert made and all(m.name.startswith("frisat-resultater-") and not m.exists() for m in made)


def test_downloads_follow_the_filters(admin_client, round_a):
    rows = list(csv.DictReader(io.StringIO(
        download(admin_client, round_a, "summary.csv", omraade="dagtilbud", grupper="").content.decode())))
    result = expected([round_a], 5, [], omraade="dagtilbud")
    assert [(r["spor"], r["n"], r["impl_mean"][:8]) for r in rows] == [
        (r.spor, str(int(r.n)), repr(r.impl_mean)[:8]) for r in result.summary.itertuples()]
    assert result.n_respondents == 18
    frame, _meta = read_sav(download(admin_client, round_a, "besvarelser.sav", omraade="dagtilbud",
                                     grupper="").content)
    # an anonymous round: background columns blanked where they would single out fewer than k (the
    # two leaders of Børnehuset Mælkebøtten, with the smallest other class to reach k)
    assert len(frame) == 18 and set(frame["omraade"]) == {"dagtilbud", ""}
    assert frame[["omraade", "enhed", "gruppe"]].value_counts().min() >= 5


def test_analyst_gets_no_raw_data_of_an_anonymous_round(analyst_client, round_a):
    html = analyst_client.get(reverse("results:detail", args=[round_a.pk])).content.decode()
    assert "besvarelser.sav" not in html and "kan kun hentes af en administrator" in html
    for kind in ("besvarelser.sav", "besvarelser.csv"):
        assert download(analyst_client, round_a, kind).status_code == 403
    # the Respondenter sheet (one row per respondent) is left empty for them
    sheets = read_xlsx(download(analyst_client, round_a, "resultater.xlsx").content)
    assert len(sheets["Respondenter"]) == 1 and len(sheets["Oversigt"]) > 1


def test_raw_data_of_an_anonymous_round_has_new_ids_and_order(admin_client, round_a):
    ids = {f"R{pk}" for pk in Response.objects.filter(round=round_a).values_list("pk", flat=True)}
    text = download(admin_client, round_a, "besvarelser.csv").content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 44 and not ids & {r["respondent_id"] for r in rows}
    assert sorted(r["respondent_id"] for r in rows) == [f"B{i:04d}" for i in range(1, 45)]
    sheets = read_xlsx(download(admin_client, round_a, "resultater.xlsx").content)
    sheet_ids = {row[0] for row in sheets["Respondenter"][1:]}
    assert len(sheet_ids) == 44 and not ids & sheet_ids


def test_named_round_raw_data_for_analyst_without_e_mail(client, rebild):
    from frisat.web.rounds import services

    round = make_round(rebild, anonymous=False, name="Navngiven")
    unit = rebild.areas.get(name="skole").units.get(name="Støvring Skole")
    for i in range(6):
        link = services.add_respondent(round, unit=unit, group="leder", email=f"person{i}@rebild.dk")
        services.save_draft(link.respondent, {"regler_impl_a": 5 + i % 3, "regler_vigt_a": 8}, token=link.token)
        services.submit(link.respondent, token=link.token)
    assert Respondent.objects.filter(round=round, response__isnull=False).count() == 6
    user = make_user("ida", rebild, role="analytiker")
    client.login(username=user.username, password=PASSWORD)
    for kind in ("besvarelser.csv", "besvarelser.sav", "resultater.xlsx", "summary.csv"):
        response = download(client, round, kind, grupper="")
        assert response.status_code == 200, kind
        assert b"rebild.dk" not in response.content and b"person0" not in response.content
    rows = list(csv.DictReader(io.StringIO(download(client, round, "besvarelser.csv", grupper="")
                                           .content.decode("utf-8-sig"))))
    assert {r["respondent_id"] for r in rows} == {f"R{r.pk}" for r in Response.objects.filter(round=round)}


def test_unknown_download_is_404(admin_client, round_a):
    assert download(admin_client, round_a, "rapport.exe").status_code == 404


def test_invalid_filter_gives_no_file(admin_client, round_a):
    response = download(admin_client, round_a, "summary.csv", gruppe="politiker")
    assert response.status_code == 400 and "Content-Disposition" not in response


def test_raw_data_csv_has_a_bom_only_in_the_excel_variant(admin_client, round_a):
    data = download(admin_client, round_a, "besvarelser.csv").content
    excel = download(admin_client, round_a, "besvarelser-excel.csv").content
    assert data.startswith(b'"respondent_id",')  # for R/pandas: no byte-order mark
    assert excel.startswith("\ufeff".encode("utf-8")) and b";" in excel.splitlines()[0]
    assert len(data.splitlines()) == len(excel.splitlines()) == 45
