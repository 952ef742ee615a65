"""A whole friktionseftersyn in headless Chromium, through the real pages.

A leader maps a process (three activities, one moved earlier with its button), opens a marking
link and the workshop screen; three employees in fresh browsers (one on a phone, one with the
keyboard only) mark activities by the link; the workshop screen shows their markings without a
reload; the leader removes an activity (fjernes, with its Standard Cost Model figures) and sees
the hours freed. axe-core finds no WCAG 2.1 A/AA violation on any employee page, the journey or
the workshop screen.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from frisat.web.audits.models import Activity, Decision, Marking, Participant, Process
from frisat.web.organisations.models import Area, Municipality
from tests.browser.conftest import PHONE, axe_check, no_horizontal_scroll
from tests.web.helpers import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVITIES = [
    ("Registreringer/”klik”", "fagsystem", "sagsbehandler"),
    ("Dobbeltarbejde ift. delvis raskmelding", "fagsystem", "sagsbehandler"),
    ("Borgerkontakt rundt om (”gyldige”) samtaler", "telefon", "sagsbehandler"),
]


@pytest.fixture
def municipality():
    municipality = Municipality.objects.create(name="Rebild")
    Area.objects.create(municipality=municipality, name="Beskæftigelse")
    make_user("lene", municipality, first_name="Lene", last_name="Leder")
    return municipality


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), id: e.id || '', name: e.getAttribute('name') || '',
                value: e.value || '', checked: !!e.checked, text: (e.innerText || '').trim()}; }""")


def tab_to(page, what: str, **wanted) -> dict:
    """Press Tab until the focused element matches ``wanted`` (id=…, text=…)."""
    for _ in range(200):
        page.keyboard.press("Tab")
        info = focused(page)
        if all(info.get(key) == value for key, value in wanted.items()):
            return info
    pytest.fail(f"Tab never reached {what} ({wanted}) on {page.url}")


def log_in(page, base: str, path: str) -> None:
    page.goto(base + path)
    page.get_by_label("Brugernavn").fill("lene")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def card(page, description: str):
    return page.locator("li.card").filter(has=page.locator("h3", has_text=description))


def count_in(card_locator, kind: str):
    return card_locator.locator(f'[data-count="{kind}"]')


def test_a_whole_audit_from_mapping_to_hours_freed(new_page, live_server, municipality):
    base = live_server.url
    leader = new_page()
    leader.set_default_timeout(30_000)

    # 1. The leader maps the process.
    log_in(leader, base, "/eftersyn/ny/")
    expect(leader.locator("h1")).to_have_text("Nyt friktionseftersyn")
    leader.get_by_label("Proces", exact=True).fill("Sygedagpengeopfølgning")
    leader.get_by_label("Område (valgfrit)").select_option(label="Rebild · Beskæftigelse")
    leader.get_by_label("Formål").fill("Borgeren vender tilbage til arbejde")
    leader.get_by_label("Start").fill("Sygemeldingen modtages")
    leader.get_by_label("Slut").fill("Sagen lukkes")
    leader.get_by_role("button", name="Gem").click()
    expect(leader.locator("h1")).to_have_text("Sygedagpengeopfølgning")
    process = Process.objects.get()
    assert process.municipality == municipality and process.area.name == "Beskæftigelse"

    # Added in the «wrong» order: the third is moved earlier with its button (no dragging).
    for description, channel, who in (ACTIVITIES[0], ACTIVITIES[2], ACTIVITIES[1]):
        leader.get_by_label("Aktivitet", exact=True).fill(description)
        leader.get_by_label("Kanal").fill(channel)
        leader.get_by_label("Udføres af").fill(who)
        leader.get_by_role("button", name="Tilføj aktivitet").click()
        expect(card(leader, description)).to_be_visible()
    moved = card(leader, ACTIVITIES[1][0])
    moved.get_by_role("button", name=re.compile("^Flyt tidligere")).focus()
    leader.keyboard.press("Enter")
    for position, (description, _c, _w) in enumerate(ACTIVITIES):
        expect(leader.locator("li.card h3").nth(position)).to_contain_text(description)
    assert list(Activity.objects.order_by("order").values_list("description", flat=True)) == \
        [d for d, _c, _w in ACTIVITIES]
    axe_check(leader)

    # 2. A marking link for the workshop, and the workshop screen.
    leader.get_by_role("link", name="Links til medarbejderne").click()
    leader.get_by_label("Betegnelse (valgfri)").fill("Workshop 12. marts")
    leader.get_by_role("button", name="Opret link").click()
    link = leader.locator("#marking-link").inner_text().strip()
    assert "/eftersyn/m/" in link
    link = base + link[link.index("/eftersyn/m/"):]
    axe_check(leader)
    leader.get_by_role("link", name="Åbn workshopvisningen").click()
    expect(leader.locator("h1")).to_have_text("Sygedagpengeopfølgning")
    workshop_card = card(leader, ACTIVITIES[0][0])
    expect(count_in(workshop_card, "belastende")).to_have_text("0")
    axe_check(leader)

    # 3a. Employee 1 (desktop, mouse): the first activity is belastende and tung, systemarbejde, with a comment.
    first = new_page()
    first.goto(link)
    expect(first.locator("h1")).to_have_text("Sygedagpengeopfølgning")
    axe_check(first)
    section = first.locator("section.activity").nth(0)
    section.get_by_label("belastende").check()
    section.get_by_label("tung", exact=True).check()
    section.get_by_label("Kategori (valgfri)").select_option(label="systemtilfredsstillelse/systemarbejde")
    section.get_by_label("Kommentar (valgfri)").fill("Alt for mange klik for det samme")
    section.get_by_role("button", name="Gem markeringer").click()
    expect(first.locator(".messages")).to_contain_text("Dine markeringer er gemt")
    axe_check(first)

    # 3b. Employee 2 on a phone: the first and third activities; a comment without a tick is refused first.
    phone = new_page(viewport=PHONE)
    phone.goto(link)
    assert no_horizontal_scroll(phone)
    third = phone.locator("section.activity").nth(2)
    third.get_by_label("Kommentar (valgfri)").fill("Mange opkald")
    phone.get_by_role("button", name="Gem alle markeringer").click()
    summary = phone.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    axe_check(phone)
    assert not Participant.objects.filter(markings__comment="Mange opkald").exists()
    phone.locator("section.activity").nth(0).get_by_label("belastende").check()
    third = phone.locator("section.activity").nth(2)
    third.get_by_label("unødvendig").check()
    box = third.locator("label.check-option").first.bounding_box()
    assert box["height"] >= 44  # touch target
    phone.get_by_role("button", name="Gem alle markeringer").click()
    expect(phone.locator(".messages")).to_contain_text("Dine markeringer er gemt")
    assert no_horizontal_scroll(phone)
    axe_check(phone)

    # 3c. Employee 3 with the keyboard only: the second activity is meningsløs, own category.
    keys = new_page()
    keys.goto(link)
    second_id = Activity.objects.get(order=2).pk
    info = tab_to(keys, "the first box of activity 2", id=f"id_a{second_id}-kinds_0")
    assert not info["checked"]
    for _ in range(3):  # belastende → tung → unødvendig → meningsløs
        keys.keyboard.press("Tab")
    assert focused(keys)["id"] == f"id_a{second_id}-kinds_3"
    keys.keyboard.press("Space")
    tab_to(keys, "the category", id=f"id_a{second_id}-category")
    keys.keyboard.press("End")  # the last option: «egen kategori»
    tab_to(keys, "the own category", id=f"id_a{second_id}-category_other")
    keys.keyboard.type("Dobbeltarbejde")
    tab_to(keys, "the comment", id=f"id_a{second_id}-comment")
    keys.keyboard.type("Samme oplysning to steder")
    tab_to(keys, "the save button of activity 2", tag="button", text="Gem markeringer")
    keys.keyboard.press("Enter")
    expect(keys.locator(".messages")).to_contain_text("Dine markeringer er gemt")
    axe_check(keys)

    assert Participant.objects.count() == 3 and set(Participant.objects.values_list("name", flat=True)) == {""}
    assert set(Marking.objects.values_list("participant__number", "activity__order", "kind")) == {
        (1, 1, "belastende"), (1, 1, "tung"), (2, 1, "belastende"), (2, 3, "unoedvendig"), (3, 2, "meningsloes")}
    own = Marking.objects.get(activity__order=2)
    assert (own.category, own.category_other) == ("egen", "Dobbeltarbejde")

    # 4. The workshop screen shows them without a reload (polling every few seconds).
    leader.evaluate("() => { window.__same_page = true; }")
    expect(count_in(workshop_card, "belastende")).to_have_text("2", timeout=20_000)
    expect(count_in(workshop_card, "tung")).to_have_text("1")
    expect(count_in(card(leader, ACTIVITIES[1][0]), "meningsloes")).to_have_text("1")
    expect(card(leader, ACTIVITIES[1][0]).locator("[data-comments] li")).to_have_text(["Samme oplysning to steder"])
    expect(leader.locator("[data-total-markings]")).to_have_text("5")
    assert leader.evaluate("() => window.__same_page === true")  # updated in place, not reloaded
    axe_check(leader)

    # 5. The leader removes the registration step (fjernes) with its figures and sees the hours freed.
    leader.get_by_role("link", name="Tilbage til forløbet").click()
    target = card(leader, ACTIVITIES[1][0])
    target.get_by_role("link", name=re.compile("^Beslut")).click()
    leader.get_by_label(re.compile("^Fjernes")).check()
    leader.get_by_label("Begrundelse").fill("Et levn fra før lovændringen; ingen bruger registreringen")
    leader.get_by_label("Ansvarlig").fill("Funktionsleder")
    leader.get_by_label("Minutter pr. gang", exact=True).fill("15")
    leader.get_by_label("Antal gange pr. år pr. person").fill("120")
    leader.get_by_label("Antal personer", exact=True).fill("6")
    axe_check(leader)
    leader.get_by_role("button", name="Registrér beslutningen").click()
    # 15 / 60 × 120 × 6 = 180 hours a year, all freed.
    expect(leader.locator("#hours-freed")).to_have_text("180")
    expect(card(leader, ACTIVITIES[1][0]).locator(".badge-decision")).to_contain_text("fjernes")
    expect(leader.locator(".messages")).to_contain_text("180 timer frigjort")
    decision = Decision.objects.get()
    assert decision.outcome == "fjernes" and decision.decided_by_name == "Lene Leder"
    axe_check(leader)

    # 6. The one-page summary and the decision log.
    leader.get_by_role("link", name="Resumé (én side)").click()
    expect(leader.locator("h1")).to_have_text("Sygedagpengeopfølgning")
    expect(leader.locator("body")).to_contain_text("180 timer frigjort om året")
    axe_check(leader)
    leader.get_by_role("link", name="← Tilbage").click()
    leader.get_by_role("link", name="Beslutningslog").click()
    expect(leader.locator(".log-entry")).to_have_count(1)
    axe_check(leader)

    if folder := os.environ.get("FRISAT_SCREENSHOT_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        leader.goto(f"{base}/eftersyn/{process.pk}/workshop/")
        leader.screenshot(path=f"{folder}/audit-workshop.png", full_page=True)
        leader.goto(f"{base}/eftersyn/{process.pk}/")
        leader.screenshot(path=f"{folder}/audit-journey.png", full_page=True)
        phone.goto(link)
        phone.screenshot(path=f"{folder}/audit-marking-phone.png", full_page=True)


def test_workshop_works_without_javascript(browser, live_server, municipality):
    """Without script the workshop screen is a plain page with an «Opdater» link."""
    from frisat.web.audits import services

    process = services.create_process(municipality=municipality, name="Visitation")
    services.add_activity(process, description="Skema udfyldes")
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    try:
        page = context.new_page()
        log_in(page, live_server.url, f"/eftersyn/{process.pk}/workshop/")
        expect(page.locator("h1")).to_have_text("Visitation")
        expect(page.locator("[data-live-note]")).to_contain_text("Tryk «Opdater»")
        participant = services.join_marking(services.create_marking_link(process).link).participant
        services.mark_activity(participant, process.activities.get(), kind="tung")
        page.get_by_role("link", name="Opdater").click()
        expect(page.locator('[data-count="tung"]')).to_have_text("1")
    finally:
        context.close()


def test_every_audit_page_of_the_demo_audit_passes_axe(new_page, live_server, municipality):
    """The completed demo audit (15 activities, register, decisions, ideas) on every staff page, and
    the employees' pages for an unknown and a closed link."""
    from django.contrib.auth import get_user_model

    from frisat.web.audits import services
    from frisat.web.audits.demo import build_demo_audit

    process = build_demo_audit(municipality, decided_by=get_user_model().objects.get(username="lene"),
                               area=municipality.areas.get())
    activity = process.activities.order_by("order").first()
    requirement = process.activities.filter(requirements__isnull=False).first().requirements.first()
    idea = process.ideas.first()
    page = new_page()
    log_in(page, live_server.url, "/eftersyn/")
    paths = ["/eftersyn/", f"/eftersyn/{process.pk}/", f"/eftersyn/{process.pk}/workshop/",
             f"/eftersyn/{process.pk}/links/", f"/eftersyn/{process.pk}/beslutninger/",
             f"/eftersyn/{process.pk}/ideer/", f"/eftersyn/ide/{idea.pk}/", f"/eftersyn/aktivitet/{activity.pk}/",
             f"/eftersyn/aktivitet/{activity.pk}/oprindelse/", f"/eftersyn/aktivitet/{activity.pk}/beslutning/",
             f"/eftersyn/krav/{requirement.pk}/", f"/eftersyn/krav/{requirement.pk}/beslutning/",
             "/eftersyn/register/", "/eftersyn/register/import/", "/eftersyn/krav/ny/", "/eftersyn/overblik/",
             f"/eftersyn/{process.pk}/resume/", f"/eftersyn/kommune/{municipality.pk}/resume/", "/eftersyn/ny/"]
    folder = os.environ.get("FRISAT_SCREENSHOT_DIR")
    for number, path in enumerate(paths):
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        axe_check(page)
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{folder}/audit-demo-{number:02d}.png", full_page=True)
    # A refused form shows its errors accessibly.
    page.goto(f"{live_server.url}/eftersyn/aktivitet/{activity.pk}/beslutning/")
    page.get_by_label(re.compile("^Forankres")).check()
    page.get_by_label("Begrundelse").fill("")
    page.get_by_role("button", name="Registrér beslutningen").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe_check(page)

    employee = new_page(viewport=PHONE)
    employee.goto(f"{live_server.url}/eftersyn/m/ukendt/")
    expect(employee.locator("h1")).to_have_text("Linket findes ikke")
    axe_check(employee)
    issued = services.create_marking_link(services.create_process(municipality=municipality, name="Visitation"))
    services.close_marking_link(issued.link)
    closed = issued.token
    employee.goto(f"{live_server.url}/eftersyn/m/{closed}/")
    expect(employee.locator("h1")).to_have_text("Markeringen er lukket")
    axe_check(employee)
