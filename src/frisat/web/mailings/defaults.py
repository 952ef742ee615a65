"""The default mail texts: the invitation and reminder Frisat has always sent, with placeholders.

Sentences that depend on the round's settings (anonymity, the anonymity threshold, an opening day
still ahead) are written into the text when it is made, so the administrator sees and may edit
exactly what will be sent.
"""

from __future__ import annotations

from django.utils import timezone

from frisat.web.common.formatting import danish_date, first_day
from frisat.web.mailings.models import Kind, Round

_ANONYMOUS = ("Undersøgelsen er anonym: dine svar gemmes uden forbindelse til dit navn og din e-mailadresse. "
              "Vi kan kun se, at du har svaret, så du ikke får flere påmindelser.")
_NOT_ANONYMOUS = ("Undersøgelsen er ikke anonym: dine svar gemmes sammen med oplysning om, hvem du er, og bruges "
                  "kun til formålet med målingen.")


def default_subject(kind: str) -> str:
    return ("Påmindelse: " if kind == Kind.REMINDER else "") + "{maaling} – {kommune}"


def default_body(round_: Round, kind: str) -> str:
    opens = first_day(round_.opens_at)
    when = (f"Spørgeskemaet åbner den {danish_date(opens)} og kan besvares {{frist}}."
            if round_.opens_at > timezone.now() else "Du kan svare {frist}.")
    if kind == Kind.REMINDER:
        intro = ("Vi har endnu ikke modtaget dit svar på spørgeskemaet «{maaling}». "
                 "Vi vil meget gerne høre din vurdering.")
    else:
        intro = ("{kommune} inviterer dig til at svare på spørgeskemaet «{maaling}» om, hvor langt I er kommet "
                 "med den lokale frisættelse, og hvad der er vigtigst fremover.")
    privacy = (_ANONYMOUS if round_.anonymous else _NOT_ANONYMOUS) + \
        f" Resultater vises kun for grupper med mindst {round_.min_n} besvarelser."
    return "\n\n".join([
        "Kære {gruppe} i {enhed}",
        intro,
        "Dit personlige link:\n{link}",
        when + " Du kan afbryde undervejs og fortsætte senere via linket; de svar, du har gemt, bliver ikke væk.",
        privacy,
        "Linket er personligt og kan kun bruges til én besvarelse. Send det ikke videre.",
        "Venlig hilsen\n{kommune}",
        "Spørgsmål om undersøgelsen: {kontakt}",
    ]) + "\n"
