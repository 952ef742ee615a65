"""Respondent import: all-or-nothing, row/column errors in Danish, nothing stored on any error."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from frisat.core.errors import ValidationFailed
from frisat.web.organisations.tabular import read_table
from frisat.web.rounds import services
from frisat.web.rounds.models import Respondent
from tests.web.helpers import csv_bytes, unit, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = """email;enhed;gruppe
Leder@Skole.dk;Skørping Skole;Leder
m1@skole.dk;Skørping Skole;medarbejder
m2@skole.dk;Støvring Skole;medarbejder
;Børnehuset Mælkebøtten;medarbejder
"""


def do_import(round, text, name="respondenter.csv"):
    return services.import_respondents(round, read_table(csv_bytes(text), name))


def test_happy_path(round_a, rebild):
    summary = do_import(round_a, GOOD)
    assert summary.created == 4 and summary.by_group == {"leder": 1, "medarbejder": 3}
    leader = Respondent.objects.get(email="leder@skole.dk")
    assert leader.group == "leder" and leader.unit == unit(rebild, "Skørping Skole")
    assert leader.invited_at is None and len(leader.token_hash) == 64
    assert Respondent.objects.filter(email="").count() == 1
    assert len(set(Respondent.objects.values_list("token_hash", flat=True))) == 4


def test_xlsx_and_area_column_resolves_ambiguous_names(round_a, rebild):
    data = xlsx_bytes([["E-mail", "Område", "Enhed", "Gruppe"],
                       ["k1@x.dk", "dagtilbud", "Fælles Køkken", "medarbejder"],
                       ["k2@x.dk", "skole", "fælles køkken", "medarbejder"],
                       ["k3@x.dk", "", "Skørping Skole", "leder"]])
    services.import_respondents(round_a, read_table(data, "r.xlsx"))
    assert Respondent.objects.get(email="k1@x.dk").unit == unit(rebild, "Fælles Køkken", "dagtilbud")
    assert Respondent.objects.get(email="k2@x.dk").unit == unit(rebild, "Fælles Køkken", "skole")


BAD = [
    ("email;enhed\nx@x.dk;Skørping Skole\n", "Kolonnen «gruppe» mangler"),
    ("email;enhed;gruppe;cpr\nx@x.dk;Skørping Skole;leder;1\n", "Ukendt kolonne «cpr»"),
    (GOOD + "ny@x.dk;Skørping Skoel;leder\n", "Række 6, kolonne enhed: Enheden «Skørping Skoel» findes ikke i "
     "Rebild. Mente du «Skørping Skole»?"),
    (GOOD + "ny@x.dk;;leder\n", "Række 6, kolonne enhed: Enheden mangler"),
    (GOOD + "ny@x.dk;Plejehjemmet Solgården;leder\n", "findes ikke i Rebild"),  # another kommune's unit
    (GOOD + "ny@x.dk;Fælles Køkken;leder\n", "findes i flere områder (dagtilbud, skole)"),
    ("email;omraade;enhed;gruppe\nny@x.dk;aeldre;Skørping Skole;leder\n", "kolonne omraade: Området «aeldre»"),
    ("email;omraade;enhed;gruppe\nny@x.dk;dagtilbud;Skørping Skole;leder\n", "findes ikke i området «dagtilbud»"),
    (GOOD + "m1@SKOLE.dk;Støvring Skole;leder\n", "Række 6, kolonne email: m1@skole.dk står også i række 3"),
    (GOOD + "ikke-en-mail;Støvring Skole;leder\n", "Række 6, kolonne email: «ikke-en-mail» er ikke en gyldig"),
    (GOOD + "ny@x.dk;Støvring Skole;politiker\n", "Række 6, kolonne gruppe: Gruppen «politiker» er ikke med"),
    (GOOD + "ny@x.dk;Støvring Skole;\n", "Række 6, kolonne gruppe: Gruppen mangler"),
    ("email;enhed;gruppe\n", "ingen respondenter"),
    ('email;enhed;gruppe\n"x@x.dk;Skørping Skole;leder\n', "gyldig CSV"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_input_changes_nothing(round_a, aarhus, text, message):
    do_import(round_a, "email;enhed;gruppe\nfoer@x.dk;Skørping Skole;leder\n")
    before = list(Respondent.objects.values_list("id", "token_hash"))
    with pytest.raises(ValidationFailed, match=re.escape(message)) as info:
        services.import_respondents(round_a, read_table(csv_bytes(text), "respondenter.csv"))
    assert str(info.value).startswith("respondenter.csv:")
    assert "intet er indlæst" in str(info.value)
    assert list(Respondent.objects.values_list("id", "token_hash")) == before


def test_duplicate_against_existing_respondents(round_a):
    do_import(round_a, GOOD)
    expected = re.escape("Række 2, kolonne email: leder@skole.dk er allerede respondent")
    with pytest.raises(ValidationFailed, match=expected):
        do_import(round_a, "email;enhed;gruppe\nleder@skole.dk;Støvring Skole;leder\nok@x.dk;Støvring Skole;leder\n")
    assert Respondent.objects.count() == 4


def test_every_problem_is_reported(round_a):
    text = "email;enhed;gruppe\n" + "".join(f"bad{i};Nowhere;x\n" for i in range(40))
    with pytest.raises(ValidationFailed) as info:
        do_import(round_a, text)
    assert info.value.total == 120 and len(info.value.problems) == 50
    assert "… og 70 fejl mere." in str(info.value)


def test_closed_round_refuses_import(round_a):
    services.close_round(round_a)
    with pytest.raises(ValidationFailed, match="lukket"):
        do_import(round_a, GOOD)
    assert not Respondent.objects.exists()


def test_import_page(client, admin_a, round_a):
    client.force_login(admin_a)
    url = reverse("rounds:import", args=[round_a.pk])
    response = client.post(url, {"file": upload("r.csv", csv_bytes(GOOD + "x;Skørping Skole;leder\n"))})
    text = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in text
    assert "Række 6, kolonne email: «x» er ikke en gyldig e-mailadresse." in text
    assert not Respondent.objects.exists()
    response = client.post(url, {"file": upload("r.csv", csv_bytes(GOOD))}, follow=True)
    assert "4 respondenter tilføjet" in response.content.decode()
    assert Respondent.objects.count() == 4


def test_oversized_upload_is_refused(client, admin_a, round_a, settings):
    settings.FRISAT_MAX_UPLOAD_BYTES = 50
    client.force_login(admin_a)
    response = client.post(reverse("rounds:import", args=[round_a.pk]), {"file": upload("r.csv", csv_bytes(GOOD))})
    text = response.content.decode()
    assert "Filen er for stor" in text and 'role="alert"' in text
    assert not Respondent.objects.exists()


def test_user_text_is_escaped(client, admin_a, round_a):
    client.force_login(admin_a)
    data = csv_bytes("email;enhed;gruppe\nx@x.dk;<script>alert(1)</script>;leder\n")
    text = client.post(reverse("rounds:import", args=[round_a.pk]), {"file": upload("r.csv", data)}).content.decode()
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text


def test_copy_respondents_to_next_wave(round_a):
    do_import(round_a, GOOD)
    now = timezone.now()
    wave2 = services.next_wave(round_a, name="Runde 2", opens_at=now, closes_at=now + timezone.timedelta(days=3),
                               wave="2")
    assert services.copy_respondents(round_a, wave2) == 4
    assert wave2.respondents.count() == 4
    assert not set(wave2.respondents.values_list("token_hash", flat=True)) & set(
        round_a.respondents.values_list("token_hash", flat=True))
