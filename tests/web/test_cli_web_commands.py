"""The staff CLI commands against the test database: output and effect of each."""

import csv
import io
import os
import re
import stat

import pytest
from django.core import mail
from typer.testing import CliRunner

from frisat.cli.main import app
from frisat.web.common.tokens import hash_token
from frisat.web.organisations.models import Municipality, Unit
from frisat.web.rounds import services
from frisat.web.rounds.models import Respondent, Round

pytestmark = pytest.mark.django_db(transaction=True)

ORG = "kommune;omraade;enhed\nRebild;skole;Skørping Skole\nRebild;skole;Støvring Skole\nRebild;dagtilbud;Mælkebøtten\n"
PEOPLE = ("email;enhed;gruppe\na@x.dk;Skørping Skole;leder\nb@x.dk;Skørping Skole;medarbejder\n"
          "c@x.dk;Mælkebøtten;medarbejder\n;Støvring Skole;medarbejder\n")


@pytest.fixture
def runner():
    return CliRunner(env={"COLUMNS": "200"})


def invoke(runner, *args):
    return runner.invoke(app, [str(a) for a in args])


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def round_id(runner, tmp_path):
    assert invoke(runner, "org", "import", write(tmp_path, "org.csv", ORG)).exit_code == 0
    result = invoke(runner, "round", "create", "--kommune", "rebild", "--name", "Barometer 2026",
                    "--opens", "2026-01-01", "--closes", "2099-12-31", "--groups", "leder,medarbejder")
    assert result.exit_code == 0, result.output
    return int(result.stdout.strip())


def test_org_import_is_idempotent(runner, tmp_path):
    path = write(tmp_path, "org.csv", ORG)
    result = invoke(runner, "org", "import", path)
    assert result.exit_code == 0, result.output
    assert "1 nye kommuner, 2 nye områder og 3 nye enheder" in result.stdout
    result = invoke(runner, "org", "import", path)
    assert "0 nye enheder (3 fandtes i forvejen)" in result.stdout
    assert Unit.objects.count() == 3
    assert "Rebild" in invoke(runner, "org", "list").stdout


def test_org_import_errors(runner, tmp_path):
    result = invoke(runner, "org", "import", write(tmp_path, "org.csv", "kommune;enhed\nRebild;X\n"))
    assert result.exit_code == 1
    assert "Fejl:" in result.stderr and "Kolonnen «omraade» mangler" in result.stderr
    assert not Municipality.objects.exists()
    result = invoke(runner, "org", "import", tmp_path / "findes-ikke.csv")
    assert result.exit_code == 1 and "findes ikke" in result.stderr


def test_oversized_file_is_refused(runner, tmp_path, settings):
    settings.FRISAT_MAX_UPLOAD_BYTES = 20
    result = invoke(runner, "org", "import", write(tmp_path, "org.csv", ORG))
    assert result.exit_code == 1 and "største fil" in result.stderr
    assert not Municipality.objects.exists()


def test_round_create_prints_id(runner, round_id):
    round = Round.objects.get(pk=round_id)
    assert round.name == "Barometer 2026" and round.groups == ["leder", "medarbejder"]
    assert round.anonymous and round.min_n == 5 and round.wave == "1"
    assert round.instrument_id == "vive-frisaettelse"


def test_round_create_options_and_errors(runner, round_id):
    result = invoke(runner, "round", "create", "--kommune", "Rebild", "--name", "Navngivet", "--opens", "01-03-2026",
                    "--closes", "31.03.2026", "--groups", "leder", "--named", "--min-n", "3", "--wave", "2026-1")
    assert result.exit_code == 0, result.output
    round = Round.objects.get(pk=int(result.stdout))
    assert not round.anonymous and round.min_n == 3 and round.wave == "2026-1"
    for args, message in [
        (["--kommune", "Odense"], "Kommunen «Odense» findes ikke. Kendte kommuner: Rebild."),
        (["--closes", "2025-01-01"], "--closes skal være samme dag som eller efter --opens."),
        (["--opens", "i morgen"], "«i morgen» er ikke en dato"),
        (["--min-n", "0"], "Anonymitetsgrænsen skal være mindst 1."),
        (["--instrument", "nope"], "Ukendt instrument «nope»"),
        (["--groups", ","], "Angiv mindst én respondentgruppe"),
    ]:
        base = {"--kommune": "Rebild", "--name": "X", "--opens": "2026-01-01", "--closes": "2026-02-01",
                "--groups": "leder"}
        base.update(dict(zip(args[::2], args[1::2], strict=True)))
        result = invoke(runner, "round", "create", *[x for kv in base.items() for x in kv])
        assert result.exit_code == 1, args
        assert message in result.stderr, (message, result.stderr)
    assert Round.objects.count() == 2


def test_respondents_import_and_status(runner, tmp_path, round_id):
    result = invoke(runner, "respondents", "import", round_id, write(tmp_path, "r.csv", PEOPLE))
    assert result.exit_code == 0, result.output
    assert "4 respondenter tilføjet (1 leder, 3 medarbejder)" in result.stdout
    assert f"frisat invite {round_id}" in result.stderr
    services.submit(Respondent.objects.get(email="a@x.dk"))
    result = invoke(runner, "round", "status", round_id)
    assert result.exit_code == 0, result.output
    assert "Svar i alt: 1 af 4 = 25,0 %" in result.stdout
    for heading in ("pr. område", "pr. enhed", "pr. gruppe"):
        assert heading in result.stdout
    assert "Skørping Skole" in result.stdout and "50,0 %" in result.stdout
    listing = invoke(runner, "round", "list")
    assert "Barometer 2026" in listing.stdout and "1 af 4 = 25,0 %" in listing.stdout


def test_respondents_import_errors_change_nothing(runner, tmp_path, round_id):
    bad = PEOPLE + "a@x.dk;Skørping Skole;leder\nd@x.dk;Ukendt;leder\nikke-mail;Mælkebøtten;chef\n"
    result = invoke(runner, "respondents", "import", round_id, write(tmp_path, "r.csv", bad))
    assert result.exit_code == 1
    for expected in ("r.csv: 4 fejl fundet — intet er indlæst.", "Række 6, kolonne email: a@x.dk står også i række 2",
                     "Række 7, kolonne enhed: Enheden «Ukendt» findes ikke i Rebild",
                     "Række 8, kolonne email", "Række 8, kolonne gruppe"):
        assert expected in result.stderr, expected
    assert not Respondent.objects.exists()
    assert "Målingen 999 findes ikke" in invoke(runner, "respondents", "import", 999, tmp_path / "r.csv").stderr


def test_links_export(runner, tmp_path, round_id):
    invoke(runner, "respondents", "import", round_id, write(tmp_path, "r.csv", PEOPLE))
    out = tmp_path / "links.csv"
    result = invoke(runner, "links", "export", round_id, "--out", out)
    assert result.exit_code == 0, result.output
    assert "4 links skrevet" in result.stdout
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert list(rows[0]) == ["email", "enhed", "gruppe", "link"] and len(rows) == 4
    for row in rows:
        token = re.fullmatch(r"http://127\.0\.0\.1:8000/s/([\w-]+)/", row["link"]).group(1)
        assert Respondent.objects.get(token_hash=hash_token(token)).email == row["email"]
    # Again: nobody lacks a link, so nothing is changed.
    result = invoke(runner, "links", "export", round_id, "--out", out)
    assert "0 links skrevet" in result.stdout and "Brug --all" in result.stderr
    result = invoke(runner, "links", "export", round_id, "--out", out, "--all")
    assert "4 links skrevet" in result.stdout and "virker ikke længere" in result.stderr
    assert invoke(runner, "links", "export", round_id, "--out", tmp_path / "links.xlsx").exit_code == 1


def test_invite_and_reminder(runner, tmp_path, round_id):
    invoke(runner, "respondents", "import", round_id, write(tmp_path, "r.csv", PEOPLE))
    result = invoke(runner, "invite", round_id, "--dry-run")
    assert "3 invitationer ville blive sendt" in result.stdout and not mail.outbox
    result = invoke(runner, "invite", round_id, "--contact", "Anna Berg, anna@rebild.dk")
    assert result.exit_code == 0, result.output
    assert "3 invitationer sendt." in result.stdout and "1 respondent har ingen e-mail" in result.stderr
    assert sorted(m.to[0] for m in mail.outbox) == ["a@x.dk", "b@x.dk", "c@x.dk"]
    assert "Anna Berg, anna@rebild.dk" in mail.outbox[0].body
    services.submit(Respondent.objects.get(email="b@x.dk"))
    mail.outbox.clear()
    result = invoke(runner, "invite", round_id, "--reminder")
    assert "2 påmindelser sendt." in result.stdout
    assert sorted(m.to[0] for m in mail.outbox) == ["a@x.dk", "c@x.dk"]
    services.close_round(Round.objects.get(pk=round_id))
    result = invoke(runner, "invite", round_id, "--reminder")
    assert result.exit_code == 1 and "lukket" in result.stderr and len(mail.outbox) == 2


def test_export(runner, tmp_path, round_id):
    pytest.importorskip("frisat.io", reason="frisat.io is not there yet")
    from frisat.io import write_responses  # noqa: F401 — skip only if the writer is missing

    invoke(runner, "respondents", "import", round_id, write(tmp_path, "r.csv", PEOPLE))
    for email in ("a@x.dk", "b@x.dk"):
        respondent = Respondent.objects.get(email=email)
        token = services.reissue_token(respondent)
        services.save_draft(respondent, {"regler_impl_a": 7, "regler_vigt_a": "ved_ikke"}, token=token)
        services.submit(respondent, token=token)
    # An anonymous round: the two answers wait in the mixing pool until the round closes (or 2k − 1 wait).
    services.close_round(Round.objects.get(pk=round_id))
    out = tmp_path / "data.csv"
    result = invoke(runner, "export", round_id, "--out", out)
    assert result.exit_code == 0, result.output
    assert "2 besvarelser skrevet" in result.stdout and "anonymitetsgrænsen" in result.stderr
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert "respondent_id" in header and "regler_impl_a" in header and "enhed" in header
    assert "a@x.dk" not in out.read_text(encoding="utf-8-sig")
    result = invoke(runner, "export", round_id, "--out", tmp_path / "data.json")
    assert result.exit_code == 1 and ".csv, .xlsx, .sav eller .dta" in result.stderr


def test_not_migrated_database_gives_a_danish_error(runner, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("rounds", False)])
    result = invoke(runner, "round", "list")
    assert result.exit_code == 1 and "Databasen er ikke sat op. Kør «frisat setup»" in result.stderr


def test_status_and_export_say_how_many_answers_wait(runner, tmp_path, round_id):
    pytest.importorskip("frisat.io", reason="frisat.io is not there yet")
    invoke(runner, "respondents", "import", round_id, write(tmp_path, "r.csv", PEOPLE))
    result = invoke(runner, "round", "status", round_id)
    assert result.exit_code == 0 and "svar venter" not in result.stdout
    for email in ("a@x.dk", "b@x.dk"):  # an anonymous round, k = 5: both wait until 9 do
        respondent = Respondent.objects.get(email=email)
        token = services.reissue_token(respondent)
        services.save_draft(respondent, {"regler_impl_a": 7}, token=token)
        services.submit(respondent, token=token)
    wording = ("2 svar venter og kommer med i resultaterne, når der er mindst 9 ventende svar, eller når "
               "målingen lukker.")
    result = invoke(runner, "round", "status", round_id)
    assert f"Venter i puljen: {wording}" in " ".join(result.stdout.split())
    result = invoke(runner, "export", round_id, "--out", tmp_path / "data.csv")
    assert result.exit_code == 0, result.output
    assert "0 besvarelser skrevet" in result.stdout
    assert f"{wording} De er ikke med i filen." in " ".join(result.stderr.split())


def test_a_reminder_keeps_the_link_of_someone_who_has_begun(runner, tmp_path, round_id):
    invoke(runner, "respondents", "import", round_id, write(tmp_path, "r.csv", PEOPLE))
    invoke(runner, "invite", round_id, "--contact", "Anna Berg")
    token = re.search(r"/s/([\w-]{43})/", next(m for m in mail.outbox if m.to == ["a@x.dk"]).body).group(1)
    services.save_draft(Respondent.objects.get(email="a@x.dk"), {"regler_impl_a": 3}, token=token)
    mail.outbox.clear()
    result = invoke(runner, "invite", round_id, "--reminder", "--dry-run")
    assert "3 påmindelser ville blive sendt, heraf 1 uden nyt link" in result.stdout
    result = invoke(runner, "invite", round_id, "--reminder", "--contact", "Anna Berg")
    assert result.exit_code == 0, result.output
    printed = " ".join(result.stdout.split())
    assert "3 påmindelser sendt (1 respondent, der er i gang, fik ikke noget nyt link" in printed
    assert Respondent.objects.get(email="a@x.dk").token_hash == hash_token(token)
    body = next(m for m in mail.outbox if m.to == ["a@x.dk"]).body
    assert "/s/" not in body and "Fortsæt med linket i invitationen, du fik den" in body
    assert "bede Anna Berg om et nyt" in body
    # The contact person gives a new link to that one respondent (and starts them over).
    out = tmp_path / "one.csv"
    result = invoke(runner, "links", "export", round_id, "--out", out, "--email", "a@x.dk")
    assert result.exit_code == 0 and "1 links skrevet" in result.stdout and "virker ikke længere" in result.stderr
    assert Respondent.objects.get(email="a@x.dk").token_hash != hash_token(token)
    result = invoke(runner, "links", "export", round_id, "--out", out, "--email", "ukendt@x.dk")
    assert result.exit_code == 1 and "ukendt@x.dk" in result.stderr
