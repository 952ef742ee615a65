"""The staff pages' shared view helpers: bound form data, the import error summary and the allowed
methods. The page shell itself is the template ``staff/base.html`` (navigation, log-out) with
``staff/_errors.html`` and ``staff/_field.html``; every staff view requires login."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.views.decorators.http import require_http_methods

from frisat.core.errors import ValidationFailed

GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])
"""A page that shows a form (GET, HEAD) and takes it (POST)."""


def form_data(request: HttpRequest, *, files: bool = False) -> tuple[Any, ...]:
    """Form data for a bound form on POST (even an empty one), nothing on GET."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def failure_context(exc: ValidationFailed) -> dict[str, Any]:
    """A ValidationFailed for the error summary template."""
    count = exc.total if exc.total is not None else len(exc.problems)
    return {"source": exc.source, "count": count, "problems": [str(p) for p in exc.problems],
            "more": max(0, count - len(exc.problems))}
