"""Forms for the organisation pages; names are checked in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frisat.web.organisations.models import Omraade


class NameForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)

    def __init__(self, *args: object, label: str | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["name"].label = label


class EnhedForm(forms.Form):
    omraade = forms.ModelChoiceField(label=_("Område"), queryset=Omraade.objects.none())
    name = forms.CharField(label=_("Enhedens navn"), max_length=200)

    def __init__(self, *args: object, omraader: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["omraade"].queryset = omraader
        self.fields["omraade"].label_from_instance = lambda o: o.name
