"""Changes: saving a round's mail text, and starting a sending (the mails go out in the background,
:mod:`frisat.web.mailings.delivery` run by :mod:`frisat.web.mailings.tasks`)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from frisat.core.errors import FrisatError
from frisat.web.common.validation import InputErrors, validate
from frisat.web.mailings import placeholders, selectors
from frisat.web.mailings.compose import Composed, compose, example_link
from frisat.web.mailings.models import Delivery, Kind, MailText, Round, Sending
from frisat.web.mailings.tasks import send_mails
from frisat.web.rounds.services import is_closed


def save_text(round_: Round, kind: str, *, subject: str, body: str, user: object = None) -> MailText:
    """Save the round's text of ``kind`` (:class:`InputErrors` naming the bad placeholders)."""
    body = body.replace("\r\n", "\n")
    text = MailText.objects.filter(round=round_, kind=kind).first() or MailText(round=round_, kind=kind)
    text.subject, text.body = subject.strip(), body
    text.updated_by = user if getattr(user, "is_authenticated", False) else None
    validate(text, exclude=["round", "updated_by"])
    text.save()
    return text


def reset_text(round_: Round, kind: str) -> None:
    """Go back to the default text."""
    MailText.objects.filter(round=round_, kind=kind).delete()


def preview(round_: Round, kind: str, *, subject: str, body: str, contact: str = "") -> Composed:
    """The mail as a real respondent of the round would get it, with an example link (no token is
    made and nothing is stored). :class:`InputErrors` for a text that could not be sent."""
    errors = {name: " ".join(problems) for name, problems in
              (("subject", placeholders.subject_problems(subject)), ("body", placeholders.body_problems(body)))
              if problems}
    if errors:
        raise InputErrors(errors)
    return compose(round_, selectors.example_respondent(round_), subject=subject, body=body.replace("\r\n", "\n"),
                   kind=kind, link=example_link(), contact=contact)


def start_sending(round_: Round, kind: str, *, user: object = None, contact: str = "") -> Sending:
    """Record a sending of ``kind`` to everyone :func:`selectors.recipients` names now — one pending
    :class:`Delivery` each — and queue the background work, in one transaction (the task rows are
    in the same database). The round's row is locked meanwhile, so two staff users starting at the
    same time cannot both take the same recipients."""
    if kind not in Kind.values:
        raise FrisatError(_("Ukendt slags udsendelse: %(kind)s.") % {"kind": kind})
    if is_closed(round_):
        raise FrisatError(_("Målingen «%(name)s» er lukket; der sendes ingen e-mails til respondenterne.")
                          % {"name": round_.name})
    text = selectors.text_for(round_, kind)
    if problems := placeholders.subject_problems(text.subject) + placeholders.body_problems(text.body):
        raise FrisatError(_("Teksten kan ikke sendes: %(problems)s") % {"problems": " ".join(problems)})
    with transaction.atomic():
        Round.objects.select_for_update().filter(pk=round_.pk).first()
        targets = list(selectors.recipients(round_, kind).order_by("id").values_list("id", "email"))
        if not targets:
            raise FrisatError(_("Der er ingen, der skal have en påmindelse lige nu.") if kind == Kind.REMINDER
                              else _("Der er ingen, der skal have en invitation lige nu."))
        sending = Sending.objects.create(
            round=round_, kind=kind, subject=text.subject, body=text.body, contact=contact.strip()[:200],
            created_by=user if getattr(user, "is_authenticated", False) else None, recipients=len(targets))
        Delivery.objects.bulk_create(
            [Delivery(sending=sending, round=round_, respondent_id=pk, kind=kind, email=email)
             for pk, email in targets], batch_size=1000)
        for _task in range(max(1, getattr(settings, "FRISAT_MAIL_TASKS", 2))):
            send_mails.enqueue(sending.pk)
    return sending
