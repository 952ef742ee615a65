"""Staff pages for access to a municipality: who has access, invitations, roles, removal, and the invited
person's page (no login). Lookups go through :mod:`frisat.web.access.selectors`, built on the
organisation's rule: only an administrator of the kommune (or a superuser) finds anything; another
kommune's objects are a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frisat.web.access import selectors, services
from frisat.web.access.forms import ROLE_LABELS, InviteForm, NewUserForm, RoleForm
from frisat.web.access.models import Invitation
from frisat.web.common.staff import GET_OR_POST, form_data
from frisat.web.organisations.models import Membership


def _member_rows(municipality: object) -> list[dict]:
    return [{"membership": m, "name": selectors.display_name(m.user), "email": m.user.email,
             "role": ROLE_LABELS.get(m.role, m.role), "is_admin": m.role == Membership.Role.ADMIN}
            for m in selectors.members(municipality)]


@login_required
def access_home(request: HttpRequest) -> HttpResponse:
    municipalities = list(selectors.administered_municipalities(request.user).order_by("name"))
    if not municipalities:
        raise PermissionDenied
    if len(municipalities) == 1:
        return redirect("access:municipality", pk=municipalities[0].pk)
    return render(request, "access/home.html", {"municipalities": municipalities})


@login_required
@GET_OR_POST
def municipality_access(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = get_object_or_404(selectors.administered_municipalities(request.user), pk=pk)
    form = InviteForm(*form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invite(municipality, form.cleaned_data["email"], form.cleaned_data["role"],
                                                 request.user)
        except services.AccessError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, _("Invitationen er sendt til %(email)s.") % {"email": invitation.email})
            return redirect("access:municipality", pk=municipality.pk)
    return render(request, "access/municipality.html", {
        "municipality": municipality,
        "members": _member_rows(municipality),
        "invitations": [{"invitation": i, "role": ROLE_LABELS.get(i.role, i.role)}
                        for i in selectors.open_invitations(municipality)],
        "events": selectors.recent_events(municipality),
        "form": form,
    })


@login_required
@GET_OR_POST
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(selectors.managed_memberships(request.user), pk=pk)
    form = RoleForm(*form_data(request), initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(membership, form.cleaned_data["role"], request.user)
        except services.AccessError as exc:
            form.add_error("role", str(exc))
        else:
            messages.success(request, _("%(name)s er nu %(role)s.") % {
                "name": selectors.display_name(membership.user), "role": ROLE_LABELS[membership.role]})
            return redirect("access:municipality", pk=membership.municipality.pk)
    return render(request, "access/role.html", {"membership": membership, "form": form,
                                                "name": selectors.display_name(membership.user)})


@login_required
@GET_OR_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(selectors.managed_memberships(request.user), pk=pk)
    name = selectors.display_name(membership.user)
    error = None
    if request.method == "POST":
        municipality = membership.municipality
        try:
            services.remove(membership, request.user)
        except services.AccessError as exc:
            error = str(exc)
        else:
            messages.success(request, _("%(name)s har ikke længere adgang til %(kommune)s.") % {
                "name": name, "kommune": municipality.name})
            if not selectors.administered_municipalities(request.user).filter(pk=municipality.pk).exists():
                return redirect("/")
            return redirect("access:municipality", pk=municipality.pk)
    return render(request, "access/remove.html", {
        "membership": membership, "name": name, "role": ROLE_LABELS.get(membership.role, membership.role),
        "error": error, "is_self": membership.user_id == request.user.pk})


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(selectors.managed_invitations(request.user), pk=pk)
    try:
        services.revoke(invitation, request.user)
    except services.AccessError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Invitationen til %(email)s er tilbagekaldt.") % {"email": invitation.email})
    return redirect("access:municipality", pk=invitation.municipality.pk)


def _unusable_reason(invitation: Invitation | None) -> str | None:
    if invitation is None:
        return _("Linket findes ikke. Kontrollér, at hele linket fra mailen er med.")
    if invitation.used_at is not None:
        return _("Linket er allerede brugt. Log ind med den bruger, der tog imod invitationen.")
    if invitation.revoked_at is not None:
        return _("Invitationen er tilbagekaldt. Bed kommunens administrator om en ny.")
    if not invitation.is_usable:
        return _("Invitationen er udløbet. Bed kommunens administrator om en ny.")
    return None


@GET_OR_POST
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person's page: take the access as the logged-in user, or create a user."""
    invitation = selectors.invitation_for_token(token)
    reason = _unusable_reason(invitation)
    if reason:
        return render(request, "access/accept_unusable.html", {"reason": reason},
                      status=404 if invitation is None else 410)
    context = {"invitation": invitation, "role": ROLE_LABELS.get(invitation.role, invitation.role), "mode": "new"}
    if request.user.is_authenticated:
        context["mode"] = "logged_in"
        if request.method == "POST":
            try:
                services.accept_as(invitation, request.user)
            except services.AccessError as exc:
                context["error"] = str(exc)
            else:
                messages.success(request, _("Du har nu adgang til %(kommune)s.") % {
                    "kommune": invitation.municipality.name})
                return redirect("/")
        return render(request, "access/accept.html", context)
    if services.existing_user(invitation.email):
        context["mode"] = "existing"
        context["login_url"] = reverse("login") + "?" + urlencode({"next": request.path})
        return render(request, "access/accept.html", context)
    form = NewUserForm(*form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_new_user(invitation, first_name=form.cleaned_data["first_name"],
                                            last_name=form.cleaned_data["last_name"],
                                            password=form.cleaned_data["password1"])
        except ValidationError as exc:
            form.add_error("password1", exc)
        except services.AccessError as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Velkommen. Du har nu adgang til %(kommune)s.") % {
                "kommune": invitation.municipality.name})
            return redirect("/")
    context["form"] = form
    return render(request, "access/accept.html", context)
