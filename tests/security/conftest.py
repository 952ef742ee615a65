"""The attack suite: probes that an attacker or a curious administrator would try, run over real
HTTP against pytest-django's live server (SQLite here; scripts/test runs this folder again on
PostgreSQL).

:class:`HttpClient` is a deliberately plain client (``urllib``, a cookie jar, no Django test client
shortcuts): what it can do, anyone with a browser or ``curl`` can do. Tests using ``live`` need
``@pytest.mark.django_db(transaction=True)``.
"""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pytest

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class HttpResult:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class HttpClient:
    """A browser without JavaScript: cookies, CSRF tokens from forms, no automatic redirects."""

    def __init__(self, base_url: str, *, forwarded_for: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.forwarded_for = forwarded_for
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect())

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def request(self, method: str, path: str, *, data: bytes | None = None,
                headers: dict[str, str] | None = None) -> HttpResult:
        request = urllib.request.Request(self.url(path), data=data, method=method, headers=headers or {})
        if self.forwarded_for:
            request.add_header("X-Forwarded-For", self.forwarded_for)
        try:
            with self._opener.open(request, timeout=60) as response:
                return HttpResult(response.status, {k.lower(): v for k, v in response.headers.items()},
                                  response.read(), response.url)
        except urllib.error.HTTPError as error:
            return HttpResult(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read(),
                              request.full_url)

    def get(self, path: str, **kwargs: object) -> HttpResult:
        return self.request("GET", path, **kwargs)

    def csrf_token(self, path: str) -> str:
        """The CSRF token of the form on the page at ``path`` (and the cookie that goes with it)."""
        page = self.get(path)
        found = CSRF_INPUT.search(page.text)
        assert found, f"no form with a CSRF token at {path} ({page.status})"
        return found.group(1)

    def post(self, path: str, fields: dict[str, str] | list[tuple[str, str]], *, form_page: str | None = None,
             headers: dict[str, str] | None = None) -> HttpResult:
        """POST ``fields`` form-encoded, with the CSRF token of the form at ``form_page`` (default: ``path``)."""
        items = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if not any(name == "csrfmiddlewaretoken" for name, _ in items):
            items.append(("csrfmiddlewaretoken", self.csrf_token(form_page or path)))
        body = urllib.parse.urlencode(items).encode("utf-8")
        all_headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.url(form_page or path)}
        all_headers.update(headers or {})
        return self.request("POST", path, data=body, headers=all_headers)

    def post_multipart(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]], *,
                       form_page: str | None = None) -> HttpResult:
        """POST a multipart form (file uploads) with the CSRF token of the form at ``form_page``."""
        fields = {"csrfmiddlewaretoken": self.csrf_token(form_page or path), **fields}
        boundary = "----frisat-security-boundary"
        parts: list[bytes] = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         "Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, data=b"".join(parts), headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": self.url(form_page or path)})

    def login(self, username: str, password: str, path: str = "/login/") -> HttpResult:
        return self.post(path, {"username": username, "password": password})


@pytest.fixture
def live(live_server):
    """``live()`` makes a fresh :class:`HttpClient` (its own cookies) for the live server."""

    def make(**kwargs: object) -> HttpClient:
        return HttpClient(live_server.url, **kwargs)

    return make


@pytest.fixture(autouse=True)
def _live_server_requests_ended():
    """After each test, wait for the live server's request threads (see tests/browser/conftest.py)."""
    yield
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(15)


@pytest.fixture(autouse=True)
def _clear_cache():
    """The login throttle counts failures in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
