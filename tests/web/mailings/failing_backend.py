"""A mail backend that refuses one address (as an SMTP server would) and keeps the rest in the outbox."""

from __future__ import annotations

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class RefusesC(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            if "c@x.dk" in message.to:
                raise smtplib.SMTPRecipientsRefused({"c@x.dk": (550, b"5.1.1 Ukendt modtager")})
        return super().send_messages(messages)


class Slow(EmailBackend):
    """Like an SMTP server: each mail takes a little while (so two workers overlap)."""

    def send_messages(self, messages):
        import time

        time.sleep(0.01)
        return super().send_messages(messages)
