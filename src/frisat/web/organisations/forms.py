"""Forms for the organisation pages; names are checked in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from frisat.web.organisations.models import Area


class NameForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)

    def __init__(self, *args: object, label: str | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["name"].label = label


class UnitForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Område"), queryset=Area.objects.none())
    name = forms.CharField(label=_("Enhedens navn"), max_length=200)

    def __init__(self, *args: object, areas: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["area"].label_from_instance = lambda o: o.name
