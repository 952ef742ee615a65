"""A mail from an edited text: the placeholders filled in for one recipient, plain text plus HTML."""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django.utils.html import escape

from frisat.web.common.formatting import danish_date
from frisat.web.common.wording import closing_text
from frisat.web.mailings import placeholders
from frisat.web.mailings.models import Kind, Round
from frisat.web.rounds.invitations import KeptLink, sender_name, survey_link
from frisat.web.rounds.models import Respondent

EXAMPLE_LINK = "EKSEMPEL-PAA-ET-PERSONLIGT-LINK"
"""The preview's link: the survey address with this instead of a token (it opens nothing)."""

_LINK_MARK = "\x00link\x00"


def example_link() -> str:
    return survey_link(EXAMPLE_LINK)


def _kept_text(kept: KeptLink, round_: Round, contact: str) -> str:
    mail = f"linket i {kept.mail}" if kept.mail else "det personlige link"
    who = contact.strip() or sender_name(round_)
    return (f"Du er allerede gået i gang, og de svar, du har gemt, venter på dig. Fortsæt med {mail}, du fik den "
            f"{danish_date(timezone.localdate(kept.sent_at))}. Denne mail har intet nyt link, for dine gemte svar er "
            f"krypteret med dit link, så kun det kan åbne dem. Kan du ikke finde linket, kan du bede {who} om et nyt; "
            "med et nyt link skal du begynde forfra.")


@dataclass(frozen=True)
class Composed:
    subject: str
    text: str
    html: str


def compose(round_: Round, respondent: Respondent | None, *, subject: str, body: str, kind: str, link: str,
            contact: str = "", kept: KeptLink | None = None) -> Composed:
    """The mail for ``respondent`` (None: an example unit and group). ``link``: the personal link
    (a reminder's link gets a line saying it replaces the earlier one); ``kept``: a reminder to
    someone who has begun — no link, the date of the mail with theirs instead."""
    values = {
        "kommune": sender_name(round_),
        "maaling": round_.name,
        "enhed": respondent.unit.name if respondent is not None else "Eksempelenheden",
        "gruppe": respondent.group if respondent is not None else (round_.groups or ["medarbejder"])[0],
        "frist": closing_text(round_.closes_at, "da"),
        "kontakt": contact.strip(),
    }
    subject_line = " ".join(placeholders.fill(subject, values).split())
    if kept is not None:
        link_text, link_html = _kept_text(kept, round_, contact), escape(_kept_text(kept, round_, contact))
    else:
        replaces = "\n(Linket erstatter det, du fik tidligere; det gamle link virker ikke længere.)" \
            if kind == Kind.REMINDER else ""
        link_text = link + replaces
        link_html = f'<a href="{escape(link)}">{escape(link)}</a>' + escape(replaces).replace("\n", "<br>")
    text = placeholders.fill(body, {**values, "link": link_text})
    marked = escape(placeholders.fill(body, {**values, "link": _LINK_MARK}))
    paragraphs = [p.strip().replace("\n", "<br>\n") for p in marked.split("\n\n") if p.strip()]
    inner = "\n".join(f"<p>{p}</p>" for p in paragraphs).replace(_LINK_MARK, link_html)
    html = (f'<!DOCTYPE html>\n<html lang="da">\n<head><meta charset="utf-8"><title>{escape(subject_line)}</title>'
            f"</head>\n<body>\n{inner}\n</body>\n</html>\n")
    return Composed(subject_line, text, html)


def message(round_: Round, respondent: Respondent, composed: Composed, connection: object = None
            ) -> EmailMultiAlternatives:
    from_address = formataddr((sender_name(round_), parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))
    mail = EmailMultiAlternatives(composed.subject, composed.text, from_address, [respondent.email],
                                  connection=connection)
    mail.attach_alternative(composed.html, "text/html")
    return mail


def send_invitation(round_: Round, respondent: Respondent, token: str) -> None:
    """One invitation with the round's (possibly edited) text and the link of ``token`` (a corrected
    e-mail address, :func:`frisat.web.rounds.respondents.correct_email`)."""
    from frisat.web.mailings.selectors import text_for

    text = text_for(round_, Kind.INVITATION)
    composed = compose(round_, respondent, subject=text.subject, body=text.body, kind=Kind.INVITATION,
                       link=survey_link(token))
    message(round_, respondent, composed).send()
