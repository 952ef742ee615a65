"""Shared fixtures for the browser tests: Debian's Chromium driven by Playwright, against
pytest-django's live server, plus :func:`axe_check` (axe-core from npm) for WCAG 2.1 A/AA.

Set-up (once per machine)::

    apt-get install -y chromium          # the browser: /usr/bin/chromium (or set FRISAT_CHROMIUM)
    npm ci                               # axe-core into ./node_modules (pinned in package-lock.json)

Tests using ``live_server`` need ``@pytest.mark.django_db(transaction=True)``; mark them
``@pytest.mark.browser`` (``pytest -m "not browser"`` skips them).

Pages are loaded with the site's real Content-Security-Policy (no bypass): a console message about
a CSP violation fails the test, so inline scripts or styles cannot creep in.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop running in this thread; Django would then refuse ORM
# calls made from the test body (test data, checks). The live server runs in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("FRISAT_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright runs, its event loop counts as running in this thread, so Django keeps this
        # thread's database connections apart from those of before (asgiref's Local, per async
        # context). Close them while that is still so: pytest-django closes only the others before
        # it drops the test database (with xdist, plain database tests may follow browser tests).
        from django.db import connections

        connections.close_all()


class PageProblems:
    """Console errors (CSP violations, JS errors) and failed requests seen by a page."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, page) -> None:
        page.on("console", lambda msg: msg.type == "error" and self.messages.append(f"console: {msg.text}"))
        page.on("pageerror", lambda exc: self.messages.append(f"page error: {exc}"))


@pytest.fixture
def new_page(browser):
    """Factory: a page in a fresh browser context (like a newly opened browser, no cookies).

    ``new_page(viewport=PHONE)`` for a phone. Contexts are closed after the test; a test may close
    one earlier to simulate closing the browser.
    """
    contexts = []
    problems = PageProblems()

    def make(viewport: dict | None = None):
        context = browser.new_context(viewport=viewport or DESKTOP, locale="da-DK",
                                      timezone_id="Europe/Copenhagen")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        return page

    make.problems = problems
    yield make
    for context in contexts:
        with contextlib.suppress(Exception):  # already closed by the test
            context.close()
    csp = [m for m in problems.messages if "Content Security Policy" in m or "page error" in m]
    assert not csp, "\n".join(csp)


@pytest.fixture(autouse=True)
def _live_server_requests_ended():
    """After each test (its browser contexts closed), wait until the live server's request threads end.

    Closing a browser context closes its sockets, and only then does the thread serving such a
    connection end and close its database connection — some milliseconds later. Without the wait,
    that thread could still be running while the test's data is flushed or, after a worker's last
    test, while the live server stops (in-memory SQLite: «DatabaseWrapper objects created in a
    thread can only be used in that same thread») or the test database is dropped (PostgreSQL:
    «… is being accessed by other users»).
    """
    yield
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(15)


@pytest.fixture
def page(new_page):
    """A desktop-sized page in a fresh browser context."""
    return new_page()


def _axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing ({AXE_JS}); run `npm ci` in {ROOT}")
    return AXE_JS.read_text(encoding="utf-8")


def axe_check(page, *, tags: list[str] | None = None) -> dict:
    """Run axe-core on the page (WCAG 2.1 A and AA rules) and fail on any violation.

    axe is evaluated through the DevTools protocol, so the page's CSP stays in force.
    Returns the axe result (passes, incomplete …) for further checks.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
               runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        tags or WCAG_TAGS,
    )
    violations = result["violations"]
    if violations:
        lines = [f"axe-core: {len(violations)} violation(s) on {page.url} ({page.title()}):"]
        for violation in violations:
            lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']} ({violation['helpUrl']})")
            for node in violation["nodes"][:5]:
                lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary']}")
        pytest.fail("\n".join(lines))
    return result


@pytest.fixture
def results_round():
    """A round of Rebild with answers (tests.web.results.helpers.fill_round) and analyst «olav»."""
    from tests.web.helpers import make_round, make_user
    from tests.web.results.helpers import fill_round, make_municipality

    municipality = make_municipality("Rebild")
    round = make_round(municipality, name="Frisættelsesbarometer 2026", min_n=5)
    fill_round(round)
    make_user("olav", municipality, role="analytiker")
    return round


@pytest.fixture
def survey_url(live_server):
    """``survey_url(token, path="")``: the absolute URL of a respondent page on the live server."""

    def make(token: str, path: str = "") -> str:
        return f"{live_server.url}/s/{token}/{path}"

    return make


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
