"""The error pages (400, 403, CSRF failure, 404, 500) in the site's layout and language.

404 and 403 use Django's own handlers with ``404.html``/``403.html``. The others render without
the request's context: the 400 page must not read the request body again (see
:mod:`frisat.web.request_checks`), the CSRF page has no valid token for the language switch, and
a 500 page must not depend on what just failed. They leave the language switch out.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader


def _render(template: str, status: int) -> HttpResponse:
    return HttpResponse(loader.get_template(template).render(), status=status,
                        content_type="text/html; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400, without touching the request body (no CSRF decorator, no request context)."""
    return _render("400.html", 400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _render("403_csrf.html", 403)


def server_error(request: HttpRequest) -> HttpResponse:
    return _render("500.html", 500)
