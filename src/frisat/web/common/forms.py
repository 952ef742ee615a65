"""Form pieces every staff page uses: the file upload (organisation, respondents, register) and the
date input."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Fil (.csv eller .xlsx)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        limit = settings.FRISAT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Filen er for stor (%(size)s MB). Den største fil, der kan indlæses, er %(limit)s MB.")
                % {"size": _mb(upload.size), "limit": _mb(limit)})
        return upload


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")
