"""Security middleware Django 5.2 lacks: a strict Content-Security-Policy and Permissions-Policy, and
no caching of downloads."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class ContentSecurityPolicyMiddleware:
    """Adds the CSP from ``settings.CONTENT_SECURITY_POLICY`` to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        return response


class DownloadNoStoreMiddleware:
    """``Cache-Control: no-store`` on every download (a response with ``Content-Disposition``).

    Downloads carry a municipality's data (results, register, survey links, audit summaries); no
    browser or proxy cache may keep a copy. One rule here instead of a decorator on each view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Content-Disposition") and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
