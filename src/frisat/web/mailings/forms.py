"""Forms of the mail pages (the placeholder rules are the model's: :meth:`MailText.clean`)."""

from __future__ import annotations

from django import forms

from frisat.web.mailings.placeholders import PLACEHOLDERS


class TextForm(forms.Form):
    subject = forms.CharField(label="Emne", max_length=200,
                              error_messages={"required": "Skriv et emne.",
                                              "max_length": "Emnet må højst have 200 tegn."})
    body = forms.CharField(label="Tekst", max_length=10_000, strip=False,
                           widget=forms.Textarea(attrs={"rows": 18}),
                           help_text="Pladsholdere i krøllede parenteser udfyldes for hver modtager: "
                                     + ", ".join("{" + name + "}" for name in PLACEHOLDERS) + ".",
                           error_messages={"required": "Skriv teksten.",
                                           "max_length": "Teksten må højst have 10.000 tegn."})
    contact = forms.CharField(label="Kontaktperson i eksemplet", max_length=200, required=False,
                              help_text="Kun til eksemplet; ved udsendelsen skriver du kontaktpersonen.")


class SendForm(forms.Form):
    contact = forms.CharField(label="Kontaktperson (navn og e-mail eller telefon)", max_length=200,
                              required=False, help_text="Står i mailen ved {kontakt}, fx «Anna Berg, anna@rebild.dk».")
    confirm = forms.BooleanField(
        label="Ja, send mailen til de modtagere, der er nævnt ovenfor", required=True,
        error_messages={"required": "Bekræft udsendelsen ved at sætte flueben."})
