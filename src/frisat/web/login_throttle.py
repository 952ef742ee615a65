"""Login that locks a username and an IP address out after repeated failures.

Counts failures in the cache per username and per client address (behind a trusted reverse proxy
the address it forwards, see :func:`client_address`); after
``settings.LOGIN_MAX_FAILURES`` failures within ``LOGIN_LOCKOUT_SECONDS`` further attempts are
refused (even with the right password) until the window has passed.

Every way in uses the same counters: the staff login (``/login/``) and Django's admin login
(``/admin/login/``, :class:`AdminLoginView`, installed as ``admin.site.login`` in ``urls.py``).
The password reset (:class:`ThrottledPasswordResetView`) has its own counters (``scope="reset"``)
with the same limits: every request counts, per e-mail address and per client address, whether or not
the address belongs to a user — so neither the mail nor the refusal tells an attacker which exists.
The counters live in the database cache (``settings.CACHES``), which every gunicorn worker shares,
so the limit does not multiply with the number of workers.
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

LOGIN, RESET = "login-fail", "reset"
"""Scopes of the counters: failed logins, and password-reset requests."""


def _key(kind: str, value: str, scope: str = LOGIN) -> str:
    return scope + ":" + kind + ":" + hashlib.sha256(value.strip().lower().encode()).hexdigest()


def client_address(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or — when the request comes from a trusted reverse
    proxy (``settings.FRISAT_TRUSTED_PROXIES``, default the loopback addresses) — the address that
    proxy added last to ``X-Forwarded-For``. Only that last entry is the proxy's own word; the ones
    before it come from the client and can be forged. Behind a proxy, ``REMOTE_ADDR`` is the proxy's
    address for every user, and a lock per address would lock everybody out at once."""
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and peer in settings.FRISAT_TRUSTED_PROXIES:
        last = forwarded.rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(last))
        except ValueError:
            pass  # not an address: fall back to the peer
    return peer


def is_locked(username: str, address: str, scope: str = LOGIN) -> bool:
    limit = settings.LOGIN_MAX_FAILURES
    return any(cache.get(_key(kind, value, scope), 0) >= limit
               for kind, value in (("user", username), ("ip", address)) if value)


def record_failure(username: str, address: str, scope: str = LOGIN) -> None:
    for kind, value in (("user", username), ("ip", address)):
        if not value:
            continue
        key = _key(kind, value, scope)
        if cache.add(key, 1, settings.LOGIN_LOCKOUT_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.LOGIN_LOCKOUT_SECONDS)


def clear_failures(username: str) -> None:
    cache.delete(_key("user", username))


def locked_message() -> str:
    return _("For mange mislykkede forsøg. Prøv igen om %(minutes)d minutter.") % {
        "minutes": max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)}


class ThrottledLoginView(auth_views.LoginView):
    """The staff login: refused with 429 while the account or the client address is locked."""

    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        username = request.POST.get("username", "")
        if is_locked(username, client_address(request)):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, locked_message())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Form) -> HttpResponse:
        record_failure(self.request.POST.get("username", ""), client_address(self.request))
        return super().form_invalid(form)

    def form_valid(self, form: Form) -> HttpResponse:
        clear_failures(form.get_user().get_username())
        return super().form_valid(form)


@method_decorator(never_cache, name="dispatch")
class AdminLoginView(ThrottledLoginView):
    """Django's admin login replaced by the staff login: same form, same page, same lockout.

    A signed-in user with admin rights goes on to ``next`` (default the admin index); a signed-in
    user without them sees the form (to sign in as someone else) instead of a redirect that would
    send them back to the admin and round again."""

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        user = request.user
        self.redirect_authenticated_user = bool(user.is_active and user.is_staff)
        return super().dispatch(request, *args, **kwargs)

    def get_default_redirect_url(self) -> str:
        return reverse("admin:index")

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        if self.request.user.is_authenticated and not self.redirect_authenticated_user:
            context["not_authorised"] = True
        return context


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """«Glemt adgangskode»: at most ``LOGIN_MAX_FAILURES`` requests per e-mail address and per client
    address within ``LOGIN_LOCKOUT_SECONDS``; then 429 and no mail. Every request counts, known
    address or not, so the answer (the «mail sent» page or the refusal) is the same for both."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        email, address = request.POST.get("email", "")[:254], client_address(request)
        if is_locked(email, address, RESET):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("For mange forespørgsler. Prøv igen om %(minutes)d minutter.") % {
                "minutes": max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)})
            return self.render_to_response(self.get_context_data(form=form), status=429)
        record_failure(email, address, RESET)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Form) -> HttpResponse:
        # the link's address as configured now (not when the URLconf was first imported)
        self.extra_email_context = {**(self.extra_email_context or {}), "base_url": settings.BASE_URL}
        return super().form_valid(form)
