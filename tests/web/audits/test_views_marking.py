"""The employees' marking page (``/eftersyn/m/<token>/``) through the Django test client.

No login: the link's token opens the process; each browser (here: each test client) becomes a
pseudonymous participant that can change only its own markings. Unknown and closed links get
clear pages that leak nothing; every response is no-store; CSRF is enforced; bad input changes
nothing; text is escaped.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from frisat.web.audits import services
from frisat.web.audits.models import Marking, Participant, Process
from frisat.web.audits.views.marking import SESSION_KEYS
from tests.web.audits.helpers import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(process, activities):
    return services.create_marking_link(process, label="Workshop").token


def url(token: str) -> str:
    return reverse("audits:mark", args=[token])


def post(client: Client, token: str, data: dict, **extra):
    return client.post(url(token), data, **extra)


def markings() -> set[tuple[int, int, str, str, str, str]]:
    return set(Marking.objects.values_list("participant__number", "activity__order", "kind", "category",
                                           "category_other", "comment"))


def is_checked(html: str, input_id: str) -> bool:
    tag = re.search(r'<input[^>]*id="' + re.escape(input_id) + r'"[^>]*>', html)
    assert tag, input_id
    return " checked" in tag.group(0)


def test_page_lists_the_activities_in_order_with_four_kinds(token, activities):
    response = Client().get(url(token))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and response["Content-Language"] == "da"
    assert '<meta name="robots" content="noindex">' in html
    positions = [html.index(f'id="aktivitet-{a.pk}"') for a in activities]
    assert positions == sorted(positions)
    for word in ("belastende", "tung", "unødvendig", "meningsløs", "systemtilfredsstillelse/systemarbejde",
                 "arbejdsdeling/koordination", "ekstra opgaver", "faglighed/meningsfuldhed"):
        assert word in html
    assert html.count("<fieldset") == len(activities) and html.count("<legend>") == len(activities)
    # Opening the link leaves no trace.
    assert not Participant.objects.exists()


def test_marking_saves_and_the_same_browser_can_change_its_own(token, activities):
    first, second, _third = activities
    browser = Client()
    response = post(browser, token, {
        f"a{first.pk}-kinds": ["belastende", "tung"], f"a{first.pk}-category": "systemarbejde",
        f"a{first.pk}-comment": "Alt for mange klik", f"a{second.pk}-kinds": ["meningsloes"],
        f"a{second.pk}-category": "egen", f"a{second.pk}-category_other": "Dobbeltarbejde",
        "saved_from": str(first.pk)})
    assert response.status_code == 303 and response["Location"] == url(token) + f"#aktivitet-{first.pk}"
    # One category and comment per employee and activity: stored on the first kind ticked.
    assert markings() == {(1, 1, "belastende", "systemarbejde", "", "Alt for mange klik"),
                          (1, 1, "tung", "", "", ""),
                          (1, 2, "meningsloes", "egen", "Dobbeltarbejde", "")}
    page = browser.get(url(token)).content.decode()
    assert "Dine markeringer er gemt" in page and "Deltager 1" in page
    assert is_checked(page, f"id_a{first.pk}-kinds_0") and is_checked(page, f"id_a{first.pk}-kinds_1")
    assert not is_checked(page, f"id_a{first.pk}-kinds_2")
    assert "Alt for mange klik</textarea>" in page
    # Untick «belastende» and the second activity entirely; tick «unødvendig» on the first. The
    # comment moves to the first kind still ticked (the order posted does not matter).
    post(browser, token, {f"a{first.pk}-kinds": ["unoedvendig", "tung"], f"a{first.pk}-category": "",
                          f"a{first.pk}-comment": "Ændret"})
    assert markings() == {(1, 1, "tung", "", "", "Ændret"), (1, 1, "unoedvendig", "", "", "")}
    assert Participant.objects.count() == 1


def test_each_browser_is_its_own_anonymous_participant(token, activities):
    first = activities[0]
    for comment in ("A", "B", "C"):
        post(Client(), token, {f"a{first.pk}-kinds": ["belastende"], f"a{first.pk}-comment": comment})
    assert Participant.objects.count() == 3
    assert set(Participant.objects.values_list("number", "name")) == {(1, ""), (2, ""), (3, "")}
    assert Marking.objects.filter(activity=first, kind="belastende").count() == 3
    # Another browser's page shows none of the others' comments as its own.
    page = Client().get(url(token)).content.decode()
    assert ">A<" not in page and "Deltager" not in page


def test_named_link_asks_for_the_name(process, activities):
    token = services.create_marking_link(process, anonymous=False).token
    first = activities[0]
    response = post(Client(), token, {f"a{first.pk}-kinds": ["tung"]})
    assert response.status_code == 400 and not Marking.objects.exists()
    post(Client(), token, {"name": "Sara Sagsbehandler", f"a{first.pk}-kinds": ["tung"]})
    assert Participant.objects.get().name == "Sara Sagsbehandler"


def test_empty_post_from_a_new_browser_creates_no_participant(token):
    browser = Client()
    response = post(browser, token, {})
    assert response.status_code == 303 and not Participant.objects.exists()
    assert "Der er ikke gemt noget" in browser.get(url(token)).content.decode()


@pytest.mark.parametrize("bad", [
    {"kinds": ["belastende", "hemmelig"]},                           # unknown kind
    {"kinds": [], "comment": "En kommentar uden kryds"},             # comment without a marking
    {"kinds": ["tung"], "category": "egen"},                         # own category without a name
    {"kinds": ["tung"], "category": "ukendt"},                       # unknown category
    {"kinds": ["tung"], "category_other": "Egen", "category": ""},   # own text without choosing «egen»
    {"kinds": ["tung"], "comment": "x" * 5001},                      # too long
])
def test_bad_input_changes_nothing_on_the_whole_page(token, activities, bad):
    first, second, _ = activities
    browser = Client()
    post(browser, token, {f"a{first.pk}-kinds": ["belastende"], f"a{first.pk}-comment": "Før"})
    before = markings()
    data = {f"a{first.pk}-kinds": ["belastende", "tung"], f"a{first.pk}-comment": "Efter"}
    data.update({f"a{second.pk}-{name}": value for name, value in bad.items()})
    response = post(browser, token, data)
    html = response.content.decode()
    assert response.status_code == 400 and "Dine markeringer er ikke gemt" in html
    assert 'role="alert"' in html and f'href="#id_a{second.pk}-' in html
    assert markings() == before


def test_fields_of_another_process_are_ignored(token, activities, rebild):
    other = services.create_process(municipality=rebild, name="Andet")
    foreign = services.add_activity(other, description="Fremmed")
    post(Client(), token, {f"a{foreign.pk}-kinds": ["tung"], f"a{activities[0].pk}-kinds": ["tung"]})
    assert not Marking.objects.filter(activity=foreign).exists()
    assert Marking.objects.filter(activity=activities[0]).count() == 1


def test_unknown_and_forged_links_leak_nothing(token, process):
    for bad in ("ukendt-token", token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 300):
        response = Client().get(url(bad))
        html = response.content.decode()
        assert response.status_code == 404 and "Linket findes ikke" in html, bad
        assert process.name not in html and "no-store" in response["Cache-Control"]
        assert post(Client(), bad, {"a1-kinds": ["tung"]}).status_code == 404
    assert not Marking.objects.exists()


def test_forged_participant_key_gets_a_new_participant(token, activities):
    first = activities[0]
    owner = Client()
    post(owner, token, {f"a{first.pk}-kinds": ["tung"], f"a{first.pk}-comment": "Min"})
    intruder = Client()
    session = intruder.session
    session[SESSION_KEYS] = {str(first.process_id): "gættet-nøgle"}
    session.save()
    post(intruder, token, {f"a{first.pk}-kinds": ["belastende"]})
    assert markings() == {(1, 1, "tung", "", "", "Min"), (2, 1, "belastende", "", "", "")}


def test_closed_link_and_finished_audit_refuse_marking(token, process, activities):
    browser = Client()
    post(browser, token, {f"a{activities[0].pk}-kinds": ["tung"]})
    services.close_marking_link(process.marking_links.get())
    response = browser.get(url(token))
    assert response.status_code == 410 and "Markeringen er lukket" in response.content.decode()
    assert post(browser, token, {f"a{activities[0].pk}-kinds": ["belastende"]}).status_code == 410
    fresh = services.create_marking_link(process).token
    services.set_process_status(Process.objects.get(pk=process.pk), "afsluttet")
    assert Client().get(url(fresh)).status_code == 410
    assert markings() == {(1, 1, "tung", "", "", "")}


def test_csrf_is_required(token, activities):
    browser = Client(enforce_csrf_checks=True)
    response = post(browser, token, {f"a{activities[0].pk}-kinds": ["tung"]})
    assert response.status_code == 403 and not Marking.objects.exists()
    browser.get(url(token))
    response = post(browser, token, {f"a{activities[0].pk}-kinds": ["tung"],
                                     "csrfmiddlewaretoken": browser.cookies["csrftoken"].value})
    assert response.status_code == 303 and Marking.objects.count() == 1


def test_text_is_escaped(process, activities):
    services.update_activity(activities[0], description='<script>alert("x")</script> Registrering')
    token = services.create_marking_link(process).token
    browser = Client()
    post(browser, token, {f"a{activities[0].pk}-kinds": ["tung"],
                          f"a{activities[0].pk}-comment": "<img src=x onerror=alert(1)>"})
    html = browser.get(url(token)).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_only_get_head_and_post(token):
    assert Client().put(url(token)).status_code == 405


def test_marking_link_is_shown_once(staff, process):
    response = staff.post(reverse("audits:links", args=[process.pk]), {"label": "Workshop 12. marts", "anonymous": "1"})
    html = page(response)
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    start = html.index('id="marking-link">') + len('id="marking-link">')
    url = html[start:html.index("<", start)]
    assert "/eftersyn/m/" in url
    listing = page(staff.get(reverse("audits:links", args=[process.pk])))
    assert "Workshop 12. marts" in listing and url not in listing
    link = process.marking_links.get()
    staff.post(reverse("audits:link_close", args=[link.pk]))
    link.refresh_from_db()
    assert link.closed_at is not None
