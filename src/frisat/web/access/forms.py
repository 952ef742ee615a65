"""Forms of the access pages; the rules (last administrator, single use) are in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frisat.web.organisations.models import Membership

ROLE_LABELS = {
    Membership.Role.ADMIN: _("administrator"),
    Membership.Role.ANALYST: _("analytiker"),
    Membership.Role.READER: _("læser"),
}
"""The roles' short names on the pages (the access log stores the Danish ones, services.role_name)."""

ROLE_CHOICES = [
    (Membership.Role.ADMIN, _("Administrator — opretter målinger, inviterer og giver adgang")),
    (Membership.Role.ANALYST, _("Analytiker — ser målinger og resultater")),
    (Membership.Role.READER, _("Læser — ser overblik og rapporter, aldrig respondenter eller kommentarer")),
]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Kollegaens e-mailadresse"), max_length=254,
                             error_messages={"required": _("Skriv en e-mailadresse."),
                                             "invalid": _("Skriv en gyldig e-mailadresse.")})
    role = forms.ChoiceField(label=_("Rolle"), choices=ROLE_CHOICES, widget=forms.RadioSelect,
                             initial=Membership.Role.ANALYST,
                             error_messages={"required": _("Vælg en rolle.")})


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=ROLE_CHOICES, widget=forms.RadioSelect,
                             error_messages={"required": _("Vælg en rolle.")})


class NewUserForm(forms.Form):
    """The invited person's name and password (the username is the invitation's e-mail address)."""

    first_name = forms.CharField(label=_("Fornavn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150, required=False)
    password1 = forms.CharField(label=_("Vælg en adgangskode"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("Mindst 10 tegn; ikke kun tal og ikke en almindelig adgangskode."),
                                error_messages={"required": _("Vælg en adgangskode.")})
    password2 = forms.CharField(label=_("Gentag adgangskoden"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                error_messages={"required": _("Gentag adgangskoden.")})

    def clean(self) -> dict:
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("De to adgangskoder er ikke ens."))
        return data
