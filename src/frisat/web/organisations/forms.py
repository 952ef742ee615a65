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


class LogoForm(forms.Form):
    """The kommune's logo for the survey pages (checked by :func:`frisat.web.organisations.logo.check_logo`)."""

    logo = forms.FileField(label=_("Logo (PNG eller JPEG, højst 200 KB og 1200 × 1200 pixel)"), required=False)
    remove = forms.BooleanField(label=_("Fjern logoet"), required=False)

    def clean_logo(self) -> object:
        from frisat.web.organisations.logo import check_logo

        upload = self.cleaned_data.get("logo")
        if upload:
            self.content_type = check_logo(upload)
        return upload
