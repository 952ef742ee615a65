"""The respondent's survey in headless Chromium: mouse, keyboard only, resume, phone width, and
axe-core (WCAG 2.1 A/AA) with zero violations on every respondent page.

Set ``FRISAT_SCREENSHOT_DIR`` to keep screenshots of a section page at desktop and phone width.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from frisat.core.instrument import get_instrument
from frisat.web.rounds.models import Draft
from tests.browser.conftest import PHONE, axe_check, no_horizontal_scroll
from tests.web.survey.helpers import (
    INSTRUMENT,
    draft_of,
    make_link,
    make_round,
    page_answers,
    responses,
    stored,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

N_PAGES = len(INSTRUMENT.sections)
TOTAL = N_PAGES + 2


def title_of_step(step: int) -> re.Pattern:
    return re.compile(rf"^Side {step} af {TOTAL}: ")


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), name: e.getAttribute('name') || '', value: e.value || '',
                id: e.id || '', checked: !!e.checked, text: (e.innerText || '').trim()}; }""")


def tab_to(page, what: str, **wanted) -> dict:
    """Press Tab until the focused element matches ``wanted`` (e.g. name=…, text=…)."""
    for _ in range(120):
        page.keyboard.press("Tab")
        info = focused(page)
        if all(info.get(key) == value for key, value in wanted.items()):
            return info
    pytest.fail(f"Tab never reached {what} ({wanted}) on {page.url}")


def checked_value(page, name: str) -> str | None:
    return page.evaluate("(n) => { const e = document.querySelector(`input[name='${n}']:checked`);"
                         " return e ? e.value : null; }", name)


def answer_with_mouse(page, data: dict[str, str]) -> None:
    for name, value in data.items():
        if name.endswith("kommentar"):
            page.locator(f"#{name}").click()
            page.keyboard.type(value)
        else:
            page.locator(f"label[for='{name}-{value}']").click()
            assert checked_value(page, name) == value


# -- whole form ------------------------------------------------------------------------------------
def test_respondent_answers_the_whole_form_with_the_mouse(page, survey_url):
    link = make_link()
    page.goto(survey_url(link.token))
    expect(page).to_have_title(title_of_step(1))
    expect(page.locator("h1")).to_have_text(INSTRUMENT.title)
    axe_check(page)
    page.get_by_role("link", name="Start spørgeskemaet").click()

    expected: dict[str, object] = {}
    for number in range(1, N_PAGES + 1):
        expect(page).to_have_title(title_of_step(number + 1))
        expect(page.locator("h1")).to_have_text(INSTRUMENT.sections[number - 1].title)
        axe_check(page)
        data = page_answers(number)
        answer_with_mouse(page, data)
        expected.update(stored(data))
        button = "Gennemse dine svar" if number == N_PAGES else "Næste"
        page.get_by_role("button", name=button, exact=True).click()

    expect(page).to_have_title(title_of_step(TOTAL))
    expect(page.locator("h1")).to_have_text("Gennemse dine svar")
    for number in range(1, N_PAGES + 1):
        expect(page.get_by_text(f"Kommentar til side {number}.")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Send besvarelse").click()

    expect(page.locator("h1")).to_have_text("Tak for din besvarelse")
    axe_check(page)
    response = responses().get()
    assert response.answers == expected and response.respondent is None
    assert not Draft.objects.exists()

    # The back button shows the «already answered» page, not the form.
    page.go_back()
    expect(page.locator("h1")).to_have_text("Du har allerede svaret — tak")
    assert page.locator("form[method=post] button[value=submit]").count() == 0
    axe_check(page)
    assert responses().count() == 1


def test_respondent_answers_the_whole_form_with_the_keyboard_only(page, survey_url):
    link = make_link()
    page.goto(survey_url(link.token))
    expect(page).to_have_title(title_of_step(1))
    tab_to(page, "the start link", tag="a", text="Start spørgeskemaet")
    page.keyboard.press("Enter")

    expected: dict[str, object] = {}
    for number in range(1, N_PAGES + 1):
        expect(page).to_have_title(title_of_step(number + 1))
        data = page_answers(number)
        for name, value in data.items():
            if name.endswith("kommentar"):
                tab_to(page, f"the comment {name}", tag="textarea", name=name)
                page.keyboard.type(value)
                continue
            info = tab_to(page, f"the radio group {name}", tag="input", name=name)
            assert info["value"] == "1" and not info["checked"]  # Tab enters an empty group at 1
            if value == "1":
                page.keyboard.press("Space")
            else:
                steps = 10 if value == "ved_ikke" else int(value) - 1  # «Ved ikke» comes after 10
                for _ in range(steps):
                    page.keyboard.press("ArrowRight")
            assert checked_value(page, name) == value, name
        expected.update(stored(data))
        button = "Gennemse dine svar" if number == N_PAGES else "Næste"
        tab_to(page, f"the {button} button", tag="button", text=button)
        page.keyboard.press("Enter")

    expect(page).to_have_title(title_of_step(TOTAL))
    tab_to(page, "the submit button", tag="button", text="Send besvarelse")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Tak for din besvarelse")
    assert responses().get().answers == expected


def test_respondent_closes_the_browser_and_resumes_from_the_same_link(new_page, survey_url):
    link = make_link()
    first = new_page()
    first.goto(survey_url(link.token))
    first.get_by_role("link", name="Start spørgeskemaet").click()
    for number in (1, 2):
        answer_with_mouse(first, page_answers(number))
        first.get_by_role("button", name="Næste", exact=True).click()
    expect(first).to_have_title(title_of_step(4))
    first.locator("label[for='dok_impl_a-5']").click()  # not saved: the page is left without «Næste»
    first.context.close()  # close the browser

    page = new_page()  # a new browser: no cookies, no history
    page.goto(survey_url(link.token))
    expect(page).to_have_title(title_of_step(4))
    assert page.url.endswith(f"/s/{link.token}/side/3/")
    assert checked_value(page, "dok_impl_a") is None
    for number in (2, 1):
        page.get_by_role("button", name="Forrige", exact=True).click()
        expect(page).to_have_title(title_of_step(number + 1))
        for name, value in page_answers(number).items():
            if name.endswith("kommentar"):
                expect(page.locator(f"#{name}")).to_have_value(value)
            else:
                assert checked_value(page, name) == value, name
    assert draft_of(link)["regler_impl_a"] == stored(page_answers(1))["regler_impl_a"]


# -- submitting twice ------------------------------------------------------------------------------
def test_double_click_and_two_tabs_give_one_response(new_page, survey_url):
    link = make_link()
    page = new_page()
    page.goto(survey_url(link.token, "side/1/"))
    answer_with_mouse(page, page_answers(1))
    page.get_by_role("button", name="Næste", exact=True).click()
    expect(page).to_have_title(title_of_step(3))
    other_tab = page.context.new_page()
    other_tab.goto(survey_url(link.token, "gennemse/"))
    page.goto(survey_url(link.token, "gennemse/"))

    page.get_by_role("button", name="Send besvarelse").dblclick()
    expect(page.locator("h1")).to_have_text(re.compile("Tak for din besvarelse|Du har allerede svaret — tak"))
    other_tab.get_by_role("button", name="Send besvarelse").click()
    expect(other_tab.locator("h1")).to_have_text("Du har allerede svaret — tak")
    assert responses().count() == 1


# -- validation errors -----------------------------------------------------------------------------
def test_a_tampered_answer_is_refused_with_an_accessible_error(page, survey_url):
    link = make_link()
    page.goto(survey_url(link.token, "side/1/"))
    page.locator("label[for='regler_impl_b-4']").click()
    # Tamper with a radio (as a forged post would): 11 is not on the 1–10 scale.
    page.evaluate("() => { document.getElementById('regler_impl_a-10').value = '11'; }")
    page.locator("label[for='regler_impl_a-10']").click()
    page.get_by_role("button", name="Næste", exact=True).click()

    expect(page).to_have_title(re.compile(r"^Fejl: Side 2 af "))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Siden er ikke gemt")
    expect(summary).to_contain_text("Spørgsmål 1a: Svaret er ikke gyldigt.")
    expect(summary).to_be_focused()  # announced and first in line for keyboard users
    expect(page.locator("#regler_impl_a-error")).to_contain_text("Fejl:")
    assert checked_value(page, "regler_impl_b") == "4"  # the valid answer is kept on the page
    assert not Draft.objects.exists()
    axe_check(page)

    summary.get_by_role("link").first.click()
    assert page.url.endswith("#regler_impl_a-1")
    expect(page.locator("#regler_impl_a-1")).to_be_in_viewport()


# -- the other respondent pages ------------------------------------------------------------------------
def test_link_state_pages_are_clear_and_accessible(page, survey_url, live_server):
    page.goto(survey_url("this-is-not-a-link"))
    expect(page.locator("h1")).to_have_text("Linket findes ikke")
    expect(page).to_have_title(re.compile("^Linket findes ikke"))
    axe_check(page)

    closed = make_link(make_round(name="Lukket måling", opens_in_days=-20, closes_in_days=-1), email="c@x.dk")
    page.goto(survey_url(closed.token))
    expect(page.locator("h1")).to_have_text("Målingen er lukket")
    expect(page.locator("main")).to_contain_text("lukkede")
    axe_check(page)

    later = make_link(make_round(name="Senere måling", opens_in_days=2, closes_in_days=9), email="l@x.dk")
    page.goto(survey_url(later.token))
    expect(page.locator("h1")).to_have_text("Målingen er ikke åbnet endnu")
    axe_check(page)

    used = make_link(email="u@x.dk")
    page.goto(survey_url(used.token, "gennemse/"))
    page.get_by_role("button", name="Send besvarelse").click()
    expect(page.locator("h1")).to_have_text("Tak for din besvarelse")
    page.goto(survey_url(used.token))
    expect(page.locator("h1")).to_have_text("Du har allerede svaret — tak")
    axe_check(page)


# -- phone ---------------------------------------------------------------------------------------------
def test_phone_width_has_no_horizontal_scroll_and_big_touch_targets(new_page, survey_url):
    link = make_link()
    page = new_page(viewport=PHONE)
    page.goto(survey_url(link.token, "side/1/"))
    expect(page).to_have_title(title_of_step(2))
    assert no_horizontal_scroll(page)

    boxes = [page.locator(f"label[for='regler_impl_a-{code}']").bounding_box() for code in range(1, 11)]
    assert all(box["width"] >= 44 and box["height"] >= 44 for box in boxes)
    assert len({round(box["y"]) for box in boxes[:5]}) == 1  # 1–5 on one row
    assert boxes[5]["y"] > boxes[0]["y"] and round(boxes[5]["x"]) == round(boxes[0]["x"])  # 6–10 below
    dont_know = page.locator("label[for='regler_impl_a-ved_ikke']").bounding_box()
    assert dont_know["height"] >= 44
    buttons = [page.get_by_role("button", name=n, exact=True).bounding_box() for n in ("Næste", "Forrige")]
    assert all(b["height"] >= 44 for b in buttons)
    axe_check(page)

    if folder := os.environ.get("FRISAT_SCREENSHOT_DIR"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/survey-page-phone.png", full_page=True)
        desktop = new_page()
        desktop.goto(survey_url(link.token, "side/1/"))
        desktop.screenshot(path=f"{folder}/survey-page-desktop.png", full_page=True)

    for path in ("", "gennemse/"):
        page.goto(survey_url(link.token, path))
        assert no_horizontal_scroll(page), path


def test_axe_check_reports_violations(page, live_server):
    """The helper itself: a page with known WCAG failures must fail it (so a broken axe cannot pass)."""
    page.goto(f"{live_server.url}/s/not-a-link/")
    page.evaluate("""() => { document.documentElement.removeAttribute('lang');
        const input = document.createElement('input'); document.querySelector('main').append(input); }""")
    with pytest.raises(pytest.fail.Exception, match=r"html-has-lang|label"):
        axe_check(page)


# -- the allocation page («fordel 100 point») and split designs ------------------------------------------
POINT_INSTRUMENT = get_instrument("vive-frisaettelse-point")
POINTS = POINT_INSTRUMENT.allocation_columns()
POINT_PAGE = len(POINT_INSTRUMENT.sections) + 1


def test_points_page_is_filled_with_the_keyboard_only_and_the_total_runs_along(page, survey_url):
    link = make_link(make_round(instrument_id="vive-frisaettelse-point"))
    page.goto(survey_url(link.token, f"side/{POINT_PAGE}/"))
    expect(page.locator("h1")).to_have_text("Hvad er vigtigst?")
    total = page.locator("#points-total")
    expect(total).to_have_text("Fordelt: 0 af 100 point (mangler 100 point)")
    axe_check(page)

    values = [40, 25, 0, 20, 15]
    running = 0
    for name, value in zip(POINTS, values, strict=True):
        info = tab_to(page, f"the points field {name}", tag="input", name=name)
        assert info["value"] == ""
        page.keyboard.type(str(value))
        running += value
        left = "det passer" if running == 100 else f"mangler {100 - running} point"
        expect(total).to_have_text(f"Fordelt: {running} af 100 point ({left})")
    # Arrow keys change a number field too, and the total follows.
    page.keyboard.press("ArrowUp")
    expect(total).to_have_text("Fordelt: 101 af 100 point (1 point for mange)")
    page.keyboard.press("ArrowDown")
    expect(total).to_have_text("Fordelt: 100 af 100 point (det passer)")
    axe_check(page)
    tab_to(page, "the Gennemse button", tag="button", text="Gennemse dine svar")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Gennemse dine svar")
    review = page.locator("section.review-section", has=page.locator("h2", has_text="Hvad er vigtigst?"))
    expect(review).to_contain_text("40 point")
    axe_check(page)
    tab_to(page, "the submit button", tag="button", text="Send besvarelse")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Tak for din besvarelse")
    answers = responses().get().answers
    assert [answers[name] for name in POINTS] == values


def test_a_wrong_sum_is_refused_with_an_accessible_error_also_without_script(new_page, browser, survey_url):
    link = make_link(make_round(instrument_id="vive-frisaettelse-point"))
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    try:
        page = context.new_page()
        page.goto(survey_url(link.token, f"side/{POINT_PAGE}/"))
        for name, value in zip(POINTS, [30, 30, 30, 30, 30], strict=True):
            page.locator(f"#{name}").fill(str(value))
        expect(page.locator("#points-total")).to_have_text("Fordelt: 0 af 100 point (mangler 100 point)")  # no script
        page.get_by_role("button", name="Gennemse dine svar").click()
        expect(page).to_have_title(re.compile(r"^Fejl: "))
        expect(page.get_by_role("alert")).to_contain_text(
            "Du har fordelt 150 point. Pointene skal tilsammen give præcis 100.")
        # After the round trip the server's total is right even without the script.
        expect(page.locator("#points-total")).to_have_text("Fordelt: 150 af 100 point (50 point for mange)")
        assert page.locator("#points").get_attribute("aria-describedby") == "points-total points-error"
        expect(page.locator("#regler_point")).to_have_value("30")
        assert not Draft.objects.exists()
    finally:
        context.close()
    # The same page with the script, and the error, passes axe.
    page = new_page(viewport=PHONE)
    page.goto(survey_url(link.token, f"side/{POINT_PAGE}/"))
    page.locator("#regler_point").fill("150")
    page.get_by_role("button", name="Gennemse dine svar").click()
    expect(page.get_by_role("alert")).to_be_focused()
    assert no_horizontal_scroll(page)
    axe_check(page)


def test_split_design_page_shows_one_dimension_and_passes_axe(page, survey_url):
    round = make_round(design="gruppe", group_dimensions={"leder": "vigt", "medarbejder": "impl"})
    link = make_link(round, group="leder")
    assert link.respondent.dimension == "vigt"
    page.goto(survey_url(link.token))
    expect(page.locator(".lead")).to_contain_text("I dette spørgeskema bliver du spurgt om vigtighed")
    axe_check(page)
    page.get_by_role("link", name="Start spørgeskemaet").click()
    expect(page.locator("#q1-heading")).to_have_text("1. Hvor vigtigt er arbejdet?")
    assert page.locator("input[name^='regler_impl_']").count() == 0
    assert page.locator("input[name^='regler_vigt_']").count() == 4 * 11  # 1–10 and «ved ikke» per item
    axe_check(page)
    page.locator("label[for='regler_vigt_a-8']").click()
    page.get_by_role("button", name="Næste", exact=True).click()
    expect(page).to_have_title(title_of_step(3))
    page.goto(survey_url(link.token, "gennemse/"))
    expect(page.locator("main")).not_to_contain_text("Hvor langt er I kommet?")
    axe_check(page)
