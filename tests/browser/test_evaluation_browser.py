"""Evaluations in headless Chromium (issue 14): a registrar enters cases with the keyboard only
(«Gem og næste», dates typed dd-mm-åååå, a field error and its fix), the evaluation's results show
(data basis, survey by wave, cases by period, interview log), the comparison choices, deleting a case
and the evaluation after a confirmation, and axe-core finds no WCAG 2.1 A/AA violation on any new page
at 390 px and 1366 px."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from frisat.web.evaluations.demo import ensure_demo_evaluation
from frisat.web.evaluations.models import Case
from frisat.web.organisations.models import Municipality
from tests.browser.conftest import axe_check, no_horizontal_scroll
from tests.web.helpers import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 768}
CASE = ["KB-001", "", "02-03-2020", "13-03-2020", "30-03-2020", "1", "2", "1", "3", "2"]
"""The form's text fields in order: sagsnummer, municipality (optional), three dates, changes, contacts ×4."""


@pytest.fixture
def setup():
    municipality = Municipality.objects.create(name="Rebild")
    admin = make_user("anne", municipality, first_name="Anne", last_name="Admin")
    registrar = make_user("rikke", municipality, role="analytiker", first_name="Rikke", last_name="Registrator")
    evaluation = ensure_demo_evaluation(municipality, admin)
    registration = evaluation.periods.get(code="aar2").registration
    registration.registrars.add(registrar)
    return evaluation, registration


def log_in(page, base: str, path: str, username: str) -> None:
    page.goto(base + path)
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def type_case(page, values: list[str]) -> None:
    """Keyboard only: the first field has focus; type each value and Tab on, Enter saves."""
    for i, value in enumerate(values):
        if value:
            page.keyboard.type(value)
        if i < len(values) - 1:
            page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def test_registrar_enters_cases_by_keyboard(new_page, live_server, setup):
    _evaluation, registration = setup
    before = registration.cases.count()
    page = new_page(WIDE)
    new = reverse("evaluations:case_new", args=[registration.pk])
    log_in(page, live_server.url, new, "rikke")
    expect(page.locator("h1")).to_contain_text("Ny sag")
    expect(page.locator("#id_sagsnummer")).to_be_focused()
    type_case(page, CASE)
    expect(page.locator(".message-success")).to_contain_text("Sagen KB-001 er gemt")
    assert page.url.endswith(new)  # «Gem og næste»: a blank form with the focus in the first field
    expect(page.locator("#id_sagsnummer")).to_be_focused()

    wrong = ["KB-002", "", "02-03-2020", "13-03-2020", "10-03-2020", "0", "1", "0", "2", "1"]  # before the decision
    type_case(page, wrong)
    expect(page.locator(".error-summary")).to_contain_text("Dato for iværksat foranstaltning eller indsats")
    page.locator("#id_indsats_dato").fill("")
    page.locator("#id_indsats_dato").focus()
    page.keyboard.type("20-03-2020")
    page.keyboard.press("Enter")
    expect(page.locator(".message-success")).to_contain_text("Sagen KB-002 er gemt")
    assert registration.cases.count() == before + 2
    assert Case.objects.get(registration=registration, case_number="KB-002").values["indsats_dato"] == "20-03-2020"


def test_results_show_and_every_page_passes_axe(new_page, live_server, setup):
    evaluation, registration = setup
    case = registration.cases.order_by("case_number").first()
    pages = [
        reverse("evaluations:list"), reverse("evaluations:create"),
        reverse("evaluations:detail", args=[evaluation.pk]), reverse("evaluations:edit", args=[evaluation.pk]),
        reverse("evaluations:interviews", args=[evaluation.pk]), reverse("evaluations:import", args=[evaluation.pk]),
        reverse("evaluations:registration", args=[registration.pk]),
        reverse("evaluations:case_new", args=[registration.pk]), reverse("evaluations:case_edit", args=[case.pk]),
        reverse("evaluations:delete", args=[evaluation.pk]), reverse("evaluations:case_delete", args=[case.pk]),
        reverse("evaluations:detail", args=[evaluation.pk]) + "?limit_measure=dage_beslutning_indsats&limit=30"
        "&by=kommune",
    ]
    for viewport in (NARROW, WIDE):
        page = new_page(viewport)
        page.set_default_timeout(60_000)
        log_in(page, live_server.url, pages[0], "anne")
        for path in pages:
            page.goto(live_server.url + path)
            axe_check(page)
            assert no_horizontal_scroll(page), (path, viewport)
        page.goto(live_server.url + pages[2])
        for text in ("Datagrundlag", "svarprocent 75 %", "Registrering af 237 sager",
                     "Dage fra beslutning til iværksat indsats", "Interviewpersoner fordelt på informantgruppe"):
            expect(page.locator("main")).to_contain_text(text)
        assert page.locator("main img").count() > 5


def test_comparison_choices_then_delete_a_case_and_the_evaluation(new_page, live_server, setup):
    from frisat.web.evaluations.models import DeletedCase, Evaluation
    from frisat.web.rounds.models import Round

    evaluation, registration = setup
    rounds = list(evaluation.rounds.values_list("pk", flat=True))
    page = new_page(NARROW)
    page.set_default_timeout(60_000)
    detail = reverse("evaluations:detail", args=[evaluation.pk])
    log_in(page, live_server.url, detail, "anne")
    page.get_by_label("Mål med en grænse").select_option("dage_beslutning_indsats")
    page.get_by_label("Grænse (fx sagsbehandlingsfristen i dage)").fill("30")
    page.get_by_label("Del op efter").select_option("kommune")
    page.get_by_role("button", name="Vis sammenligningen").click()
    expect(page.locator("main")).to_contain_text("Andel højst 30")
    assert "limit=30" in page.url

    case = registration.cases.order_by("case_number").first()
    page.goto(live_server.url + reverse("evaluations:case_edit", args=[case.pk]))
    page.get_by_role("link", name="Slet sagen").click()
    expect(page.locator("h1")).to_contain_text(f"Slet sag {case.case_number}?")
    page.get_by_role("button", name="Slet sagen").click()
    expect(page.locator(".message-success")).to_contain_text(f"Sagen {case.case_number} er slettet")
    expect(page.locator("main")).to_contain_text(f"Sag {case.case_number} slettet")
    assert DeletedCase.objects.filter(case_number=case.case_number).exists()

    page.goto(live_server.url + detail)
    page.get_by_role("link", name="Slet evalueringen").click()
    expect(page.locator("main")).to_contain_text("registrerede sager med historik")
    page.get_by_role("button", name="Slet evalueringen").click()
    expect(page.locator(".message-success")).to_contain_text("er slettet")
    assert not Evaluation.objects.filter(pk=evaluation.pk).exists()
    assert Round.objects.filter(pk__in=rounds).count() == len(rounds) > 0  # the survey rounds stay
