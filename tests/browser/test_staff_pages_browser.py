"""Every staff page on a phone (390 px) and a big screen (1366 px): axe-core finds no WCAG 2.1 A/AA
violation and the document never scrolls sideways (issue 13, item 7).

The list of pages is built from the URL resolver: every route of the staff apps is either visited
(with ids from the demo municipality, :func:`frisat.web.demo_site.build_demo_site`) or listed in
:data:`NOT_PAGES` with the reason — a new staff route fails :func:`test_every_staff_route_is_covered`
until it is one or the other. One browser and one logged-in context for all pages; no sleeps.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.browser.conftest import WCAG_TAGS, _axe_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
STAFF_APPS = ("dashboard", "access", "rounds", "mailings", "results", "organisations", "audits", "evaluations",
              "legal")
NOT_PAGES = {
    "access:revoke": "POST only (tilbagekald en invitation)",
    "access:accept": "the invitee's page, reached by a token in a mail (tests/browser/test_access_browser.py)",
    "results:download": "a file, not a page",
    "audits:workshop_data": "JSON for the workshop page",
    "audits:summary_file": "a file (PDF/HTML), not a page",
    "audits:municipality_summary_file": "a file (PDF/HTML), not a page",
    "audits:register_export": "a file (XLSX/CSV), not a page",
    "audits:activity_move": "POST only",
    "audits:link_close": "POST only",
    "audits:mark": "the employees' marking page, reached by a token (tests/browser/test_audit_browser.py)",
    "evaluations:download": "a file, not a page",
    "evaluations:interview_delete": "POST only",
    "organisations:add_area": "POST only (the form is on the organisation page)",
    "organisations:add_unit": "POST only (the form is on the organisation page)",
    "organisations:add_municipality": "POST only (the form is on the organisation list)",
    "mailings:sending": "visited when the demo has a sending (see _ids)",
    "organisations:logo_upload": "POST only (the form is on the organisation page)",
    "organisations:logo": "an image, not a page",
    "results:figure": "an image, not a page",
    "rounds:archive": "POST only (the button is on the round page)",
    "legal:download": "a file (CSV/XLSX/PDF), not a page",
    "legal:import": "staff administrators only (tests/browser/test_legal_browser.py)",
}

WIDE_ELEMENTS = """() => Array.from(document.querySelectorAll('body *'))
    .filter(e => (e.getBoundingClientRect().right > window.innerWidth + 1 || e.scrollWidth > e.clientWidth + 1)
                 && !e.closest('.table-scroll') && getComputedStyle(e).overflowX === 'visible')
    .filter(e => !Array.from(e.children).some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                        + ' «' + (e.textContent || '').trim().slice(0, 30) + '»').join('; ')"""
"""The innermost elements that stick out to the right (for the failure message)."""


def _routes(patterns=None, namespace: str | None = None, outer: tuple[str, ...] = ()):
    """(URL name, its parameters) of every staff route; ``outer``: the including patterns' parameters."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, pattern.namespace or namespace,
                               (*outer, *pattern.pattern.converters))
        elif isinstance(pattern, URLPattern) and namespace in STAFF_APPS and pattern.name:
            yield f"{namespace}:{pattern.name}", [*outer, *pattern.pattern.converters]


def _ids() -> dict[str, list[dict]]:
    """URL name → the keyword arguments to visit it with, from the demo municipality."""
    from frisat.web.audits.models import Activity, Idea, Process, Requirement
    from frisat.web.evaluations.models import Case, Evaluation, RegistrationRound
    from frisat.web.mailings.models import Sending
    from frisat.web.organisations.models import Area, Membership, Municipality, Unit
    from frisat.web.rounds.models import Respondent, Round

    municipality = Municipality.objects.get(name__startswith="Demo")
    rounds = list(Round.objects.filter(municipality=municipality).order_by("pk"))
    round = rounds[-1]
    process = Process.objects.filter(municipality=municipality).first()
    activity = Activity.objects.filter(process=process).first()
    evaluation = Evaluation.objects.filter(municipality=municipality).first()
    registration = RegistrationRound.objects.filter(period__evaluation=evaluation).first()
    colleague = Membership.objects.filter(municipality=municipality).exclude(user__username="demo").first()
    pk = {
        "access:municipality": municipality, "access:role": colleague, "access:remove": colleague,
        "rounds:detail": round, "rounds:next_wave": round, "rounds:close": round, "rounds:import": round,
        "rounds:invite": round, "rounds:links": round, "results:detail": round,
        "organisations:detail": municipality,
        "organisations:rename_area": Area.objects.filter(municipality=municipality).first(),
        "organisations:rename_unit": Unit.objects.filter(area__municipality=municipality).first(),
        "audits:journey": process, "audits:edit": process, "audits:activity_add": process,
        "audits:links": process, "audits:workshop": process, "audits:decision_log": process,
        "audits:ideas": process, "audits:summary": process, "audits:activity": activity,
        "audits:activity_delete": activity, "audits:activity_origin": activity, "audits:activity_decide": activity,
        "audits:idea": Idea.objects.filter(process=process).first(),
        "audits:requirement": Requirement.objects.filter(municipality=municipality).first(),
        "audits:requirement_decide": Requirement.objects.filter(municipality=municipality).first(),
        "audits:municipality_summary": municipality,
        "evaluations:detail": evaluation, "evaluations:edit": evaluation, "evaluations:interviews": evaluation,
        "evaluations:import": evaluation, "evaluations:registration": registration,
        "evaluations:case_new": registration, "evaluations:case_edit": Case.objects.filter(
            registration=registration).first(),
        "evaluations:delete": evaluation,
        "evaluations:case_delete": Case.objects.filter(registration=registration).first(),
    }
    ids = {name: [{"pk": obj.pk}] for name, obj in pk.items() if obj is not None}
    ids["results:detail"] = [{"pk": r.pk} for r in rounds]  # every demo round (split design, items too)
    ids["rounds:detail"] = [{"pk": r.pk} for r in rounds]
    for name in ("rounds:edit", "rounds:delete", "rounds:respondents", "rounds:respondent_add",
                 "rounds:preview", "rounds:preview_review"):
        ids[name] = [{"pk": round.pk}]
    ids["rounds:preview_page"] = [{"pk": round.pk, "number": 1}]
    respondent = Respondent.objects.filter(round=round).order_by("pk").first()
    ids["rounds:respondent_edit"] = ids["rounds:respondent_remove"] = [{"pk": round.pk, "rpk": respondent.pk}]
    for name in ("legal:rates", "legal:settings", "legal:agenda", "legal:overview"):
        ids[name] = [{"pk": municipality.pk}]
    ids["mailings:overview"] = [{"round_pk": round.pk}]
    for name in ("mailings:text", "mailings:send"):
        ids[name] = [{"round_pk": round.pk, "slug": slug} for slug in ("invitation", "paamindelse")]
    sending = Sending.objects.filter(round=round).first()
    if sending is not None:
        ids["mailings:sending"] = [{"round_pk": round.pk, "pk": sending.pk}]
    return ids


def _urls() -> tuple[list[str], list[str]]:
    """(the staff pages to visit, the routes that could not be given ids)."""
    ids = _ids()
    urls, missing = [], []
    for name, params in _routes():
        if name in NOT_PAGES and name not in ids:
            continue
        if not params:
            urls.append(reverse(name))
        elif name in ids:
            urls.extend(reverse(name, kwargs=kwargs) for kwargs in ids[name])
        else:
            missing.append(name)
    return urls, missing


@pytest.fixture
def demo_login(settings, tmp_path):
    from frisat.web.demo_site import build_demo_site
    from frisat.web.organisations.models import Municipality
    from tests.web.helpers import make_user

    settings.DATA_DIR = tmp_path
    login = build_demo_site()
    make_user("kollega", Municipality.objects.get(name=login.municipality), role="analytiker")
    return login


def test_every_staff_route_is_covered(demo_login):
    _pages, missing = _urls()
    assert not missing, f"staff routes without ids or a reason in NOT_PAGES: {missing}"


@pytest.mark.parametrize("half", [0, 1], ids=["even", "odd"])
def test_every_staff_page_on_phone_and_desktop(browser, live_server, demo_login, half):
    """Every other page per test, so that two workers share the pages."""
    urls, missing = _urls()
    assert not missing and len(urls) > 40
    urls = urls[half::2]
    context = browser.new_context(viewport=DESKTOP, locale="da-DK", timezone_id="Europe/Copenhagen")
    context.set_default_timeout(60_000)  # a results page computes its tables on first view
    problems: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: problems.append(f"page error on {page.url}: {exc}"))
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", demo_login.username)
        page.fill("#id_password", demo_login.password)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        axe = _axe_source()
        for url in urls:
            response = page.goto(live_server.url + url)
            if response is None or response.status != 200:
                problems.append(f"{url}: HTTP {response and response.status}")
                continue
            for viewport in (PHONE, DESKTOP):
                page.set_viewport_size(viewport)
                if not page.evaluate("() => typeof window.axe === 'object'"):
                    page.evaluate(axe)
                width = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
                if width[0] > width[1]:
                    problems.append(f"{url} at {viewport['width']} px: the page is {width[0]} px wide "
                                    f"({page.evaluate(WIDE_ELEMENTS)})")
                result = page.evaluate("""async (tags) => await axe.run(document, {
                    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""", WCAG_TAGS)
                for violation in result["violations"]:
                    targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                    problems.append(f"{url} at {viewport['width']} px: {violation['id']} ({targets})")
    finally:
        context.close()
    assert not problems, f"{len(problems)} problem(s) on {len(urls)} pages:\n" + "\n".join(problems)
