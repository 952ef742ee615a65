"""Forms of the mail pages (the placeholder rules are the model's: :meth:`MailText.clean`)."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from frisat.web.mailings.placeholders import PLACEHOLDERS


class TextForm(forms.Form):
    subject = forms.CharField(label=_("Emne"), max_length=200,
                              error_messages={"required": _("Skriv et emne."),
                                              "max_length": _("Emnet må højst have 200 tegn.")})
    body = forms.CharField(label=_("Tekst"), max_length=10_000, strip=False,
                           widget=forms.Textarea(attrs={"rows": 18}),
                           help_text=format_lazy(_("Pladsholdere i krøllede parenteser udfyldes for hver modtager: "
                                                   "{names}."),
                                                 names=", ".join("{" + name + "}" for name in PLACEHOLDERS)),
                           error_messages={"required": _("Skriv teksten."),
                                           "max_length": _("Teksten må højst have 10.000 tegn.")})
    contact = forms.CharField(label=_("Kontaktperson i eksemplet"), max_length=200, required=False,
                              help_text=_("Kun til eksemplet; ved udsendelsen skriver du kontaktpersonen."))


class SendForm(forms.Form):
    contact = forms.CharField(label=_("Kontaktperson (navn og e-mail eller telefon)"), max_length=200,
                              required=False,
                              help_text=_("Står i mailen ved {kontakt}, fx «Anna Berg, anna@rebild.dk»."))
    confirm = forms.BooleanField(
        label=_("Ja, send mailen til de modtagere, der er nævnt ovenfor"), required=True,
        error_messages={"required": _("Bekræft udsendelsen ved at sætte flueben.")})
