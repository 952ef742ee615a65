"""Requests Django cannot read answered with a clear 400 instead of a server error.

A form POST (``application/x-www-form-urlencoded``) that declares another charset than UTF-8 makes
Django raise ``BadRequest`` while the CSRF middleware reads ``request.POST``; Django's 400 handler is
itself CSRF-checked, reads ``request.POST`` again and ends in a bare 500 with two tracebacks.
:class:`RequestCharsetMiddleware` (before the CSRF middleware) refuses such a request first;
every other unreadable request gets the 400 page of :func:`frisat.web.dashboard.errors.bad_request`
(``handler400`` in ``urls.py``), which does not touch its body either.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext as _

FORM = "application/x-www-form-urlencoded"


def _plain(text: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(text + "\n", content_type="text/plain; charset=utf-8")


class RequestCharsetMiddleware:
    """400 for a form POST whose declared charset is not UTF-8 (the only one a form may use)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        content_type, params = parse_header_parameters(request.META.get("CONTENT_TYPE", ""))
        charset = params.get("charset")
        if content_type == FORM and charset is not None and charset.strip().lower() != "utf-8":
            return _plain(_("Forespørgslen kan ikke læses: formularer skal sendes i tegnsættet UTF-8, "
                            "ikke «%(charset)s».") % {"charset": charset[:40]})
        return self.get_response(request)

