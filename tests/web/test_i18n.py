"""The English translation (Django i18n): staff pages, login and results switch language; the
survey pages stay in the instrument's language; the catalogue is complete and compiled.

The compiled ``django.mo`` is committed next to ``django.po``, so no gettext tools are needed to run
the app or these tests. When gettext is installed, one more test checks that the .po holds every
string ``makemessages`` finds in the code (run it and translate the new entries otherwise; see
``CATALOGUE_HELP``).
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.organisations.tabular import read_table
from frisat.web.rounds import services
from frisat.web.rounds.models import Respondent
from tests.web.helpers import PASSWORD, csv_bytes, make_round, make_user
from tests.web.results.helpers import fill_round, make_municipality

WEB = Path(__file__).resolve().parents[2] / "src" / "frisat" / "web"
MESSAGES = WEB / "locale" / "en" / "LC_MESSAGES"
PO = MESSAGES / "django.po"
MO = MESSAGES / "django.mo"
CATALOGUE_HELP = ("cd src/frisat/web && DJANGO_SETTINGS_MODULE=frisat.web.settings_test PYTHONPATH=.. "
                  "django-admin makemessages -l en --ignore=node_modules, translate every entry, "
                  "then django-admin compilemessages -l en")


def english(client, url: str):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en")


def danish(client, url: str):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="da")


# --- pages --------------------------------------------------------------------------------------


@pytest.fixture
def municipality(db):
    municipality = Municipality.objects.create(name="Rebild")
    Unit.objects.create(area=Area.objects.create(municipality=municipality, name="skole"), name="Skørping Skole")
    return municipality


@pytest.fixture
def staff_client(client, municipality):
    client.force_login(make_user("anna", municipality))
    return client


@pytest.mark.django_db
def test_login_page_follows_accept_language(client):
    page = english(client, reverse("login")).content.decode()
    assert '<html lang="en">' in page
    assert "<h1>Log in</h1>" in page and ">Username<" in page and ">Password<" in page
    assert "Skip to content" in page and "Brugernavn" not in page

    page = danish(client, reverse("login")).content.decode()
    assert '<html lang="da">' in page
    assert "<h1>Log ind</h1>" in page and ">Brugernavn<" in page and ">Adgangskode<" in page
    assert "Username" not in page


@pytest.mark.django_db
def test_danish_is_the_default(client):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="da">' in page and "<h1>Log ind</h1>" in page


@pytest.mark.django_db
def test_language_switcher_sets_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    # The choice is remembered (cookie) and wins over the browser's Danish.
    page = danish(client, reverse("login")).content.decode()
    assert '<html lang="en">' in page and "<h1>Log in</h1>" in page
    assert '<option value="en" selected>English</option>' in page

    client.post(reverse("set_language"), {"language": "da", "next": reverse("login")})
    page = english(client, reverse("login")).content.decode()
    assert '<html lang="da">' in page and "<h1>Log ind</h1>" in page


@pytest.mark.django_db
def test_staff_round_list_in_english_and_danish(staff_client, municipality):
    make_round(municipality)
    page = english(staff_client, reverse("rounds:list")).content.decode()
    assert '<html lang="en">' in page
    for text in ("<h1>Surveys</h1>", "New survey", ">Municipality<", ">Wave<", ">Period<", "<td>open</td>",
                 "0 of 0 (no respondents)", "Log out (anna)", 'aria-label="Main menu"', "Change language"):
        assert text in page, text
    for text in ("Målinger", "Kommune", "Bølge", "åben", "Log ud"):
        assert text not in page, text

    page = danish(staff_client, reverse("rounds:list")).content.decode()
    assert '<html lang="da">' in page
    for text in ("<h1>Målinger</h1>", "Ny måling", ">Kommune<", ">Bølge<", "<td>åben</td>",
                 "0 af 0 (ingen respondenter)", "Log ud (anna)"):
        assert text in page, text
    assert "Surveys" not in page


@pytest.mark.django_db
def test_round_detail_rates_and_dates_in_english(staff_client, municipality):
    round = make_round(municipality)
    text = "email;enhed;gruppe\n" + "".join(f"p{i}@x.dk;Skørping Skole;{'leder' if i < 3 else 'medarbejder'}\n"
                                            for i in range(8))
    services.import_respondents(round, read_table(csv_bytes(text), "r.csv"))
    for email in ("p0@x.dk", "p1@x.dk", "p5@x.dk"):
        services.submit(Respondent.objects.get(email=email))
    url = reverse("rounds:detail", args=[round.pk])

    page = english(staff_client, url).content.decode()
    for expected in ("Total: 3 of 8 = 37.5%", "<caption>Response rate by group</caption>",
                     '<th scope="col">Group</th>', "<span>66.7%</span>", "Import respondents",
                     "Emails", "Edit", "Respondents"):  # «Mails»: the mailings app (issue 13)
        assert expected in page, expected
    assert re.search(r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|"
                     r"November|December) \d{4} – ", page)

    page = danish(staff_client, url).content.decode()
    for expected in ("I alt: 3 af 8 = 37,5 %", "<caption>Svarprocent pr. gruppe</caption>",
                     '<th scope="col">Gruppe</th>', "<span>66,7 %</span>"):
        assert expected in page, expected
    assert re.search(r"\d{1,2}\. (januar|februar|marts|april|maj|juni|juli|august|september|oktober|"
                     r"november|december) \d{4} – ", page)


@pytest.mark.django_db
def test_round_form_and_its_errors_in_english(staff_client, municipality):
    response = staff_client.post(reverse("rounds:create"), {
        "name": "", "kommune": municipality.pk, "instrument": "vive-frisaettelse", "opens": "2026-04-10",
        "closes": "2026-04-01", "groups": "leder", "anonymous": "1", "min_n": "5", "wave": "1"},
        HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200 and '<html lang="en">' in page
    assert "There are errors in the form" in page
    assert "The last day to answer must be the same day as the first day to answer or later." in page
    assert "This field is required." in page  # Django's own catalogue


@pytest.mark.django_db
def test_results_pages_in_english(client, db):
    municipality = make_municipality("Rebild")
    round = make_round(municipality, anonymous=True, min_n=5)
    fill_round(round)
    make_user("olav", municipality)
    client.login(username="olav", password=PASSWORD)

    page = english(client, reverse("results:list")).content.decode()
    assert '<html lang="en">' in page and "<h1>Results</h1>" in page
    assert f"Results: {round.name}" in page and "Resultater" not in page

    page = english(client, reverse("results:detail", args=[round.pk])).content.decode()
    assert '<html lang="en">' in page
    for text in ("Key figures", "Choose a selection", "Show results", "Download results", "Responses (CSV)",
                 "Open-ended comments", "(this survey)", "Selection: Wave ", "grouped by: area"):
        assert text in page, text
    for text in ("Nøgletal", "Vælg udvalg", "Hent resultater", "denne måling"):
        assert text not in page, text


@pytest.mark.django_db
def test_survey_pages_stay_in_the_instruments_language(client):
    """The respondent pages render in Danish (the instrument's language) whatever is asked for."""
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = english(client, "/s/ukendt-link/")
    page = response.content.decode()
    assert response.status_code == 404 and response["Content-Language"] == "da"
    assert '<html lang="da">' in page and "Linket findes ikke" in page and "The link does not exist" not in page


# --- the catalogue ------------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str
    msgstr: list[str]
    msgctxt: str | None = None
    msgid_plural: str | None = None
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return self.msgctxt, self.msgid, self.msgid_plural


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (header included, obsolete ``#~`` entries left out)."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        parts: dict[str, str] = {}
        flags: set[str] = set()
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line):
                key = match.group(1)
                parts[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                parts[key] += ast.literal_eval(line)
        if "msgid" not in parts:
            continue
        if "msgid_plural" in parts:
            msgstr = [parts[k] for k in sorted((k for k in parts if k.startswith("msgstr[")),
                                               key=lambda k: int(k[7:-1]))]
        else:
            msgstr = [parts.get("msgstr", "")]
        entries.append(Entry(parts["msgid"], msgstr, parts.get("msgctxt"), parts.get("msgid_plural"), flags))
    return entries


def messages() -> list[Entry]:
    return [e for e in read_po(PO) if e.msgid]


PLACEHOLDER = re.compile(r"%\([^)]+\)[#0\- +]*\d*(?:\.\d+)?[sdifr]|%%")


def test_po_is_complete_and_not_fuzzy():
    entries = read_po(PO)
    header = entries[0]
    assert header.msgid == "" and "fuzzy" not in header.flags
    assert "Language: en\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    entries = entries[1:]
    assert len(entries) > 250
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert [e.msgid for e in entries if not all(s.strip() for s in e.msgstr)] == []
    assert [e.msgid for e in entries if e.msgid_plural and len(e.msgstr) != 2] == []
    assert len({e.key for e in entries}) == len(entries)


def test_translations_keep_the_placeholders():
    for entry in messages():
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        expected = sorted(set().union(*(PLACEHOLDER.findall(s) for s in sources)))
        for msgstr in entry.msgstr:
            found = sorted(set(PLACEHOLDER.findall(msgstr)))
            if entry.msgid_plural is not None:
                # "1 comment" may leave out the number, but never add or rename one.
                assert set(found) <= set(expected) and {p for p in expected if p != "%(counter)s"} <= set(found), (
                    entry.msgid, msgstr)
            else:
                assert found == expected, (entry.msgid, msgstr)
        if "python-format" in entry.flags:
            values = {name: 1 for name in re.findall(r"%\(([^)]+)\)", entry.msgid)}
            for msgstr in entry.msgstr:
                assert isinstance(msgstr % values, str)  # no stray % signs


def test_translations_are_english_not_copies():
    untranslated = [e.msgid for e in messages()
                    if e.msgstr[0] == e.msgid and e.msgid not in {"Status", "Organisation", "Administration",
                                                                   "median", "%(spor)s: %(error)s", "Invitation",
                                                                   "invitation", "Send invitation"}]
    assert untranslated == []
    danish_letters = [(e.msgid, s) for e in messages() for s in e.msgstr if re.search(r"[æøåÆØÅ]", s)
                      and not re.search(r"Frisættelsesbarometer", s)]
    assert danish_letters == []


def test_mo_matches_po():
    """The committed django.mo holds exactly the translations of django.po (``compilemessages`` ran)."""
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    expected: dict[object, str] = {}
    for entry in messages():
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[msgid] = entry.msgstr[0]
        else:
            for index, msgstr in enumerate(entry.msgstr):
                expected[(msgid, index)] = msgstr
    compiled = {key: value for key, value in catalog.items() if key != ""}
    assert compiled == expected, f"django.mo is out of date: {CATALOGUE_HELP}"


@pytest.mark.skipif(shutil.which("xgettext") is None or shutil.which("msgmerge") is None,
                    reason="gettext (xgettext) is not installed")
def test_po_has_every_string_in_the_code(tmp_path, monkeypatch):
    """``makemessages`` on a copy of the app finds no string that the committed .po lacks (or the reverse)."""
    copy = tmp_path / "web"
    shutil.copytree(WEB, copy, ignore=shutil.ignore_patterns("__pycache__", "locale", "static", "node_modules"))
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=["en"], ignore_patterns=["node_modules"], verbosity=0)
    fresh = {e.key for e in read_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po") if e.msgid}
    committed = {e.key for e in messages()}
    assert sorted(fresh - committed, key=str) == [], f"Strings missing from django.po: {CATALOGUE_HELP}"
    assert sorted(committed - fresh, key=str) == [], f"Strings no longer in the code: {CATALOGUE_HELP}"
