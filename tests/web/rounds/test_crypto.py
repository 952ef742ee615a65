"""Drafts encrypted with a key derived from the link token (frisat.web.rounds.crypto, save_draft/submit)."""

from __future__ import annotations

import pytest

from frisat.core.errors import FrisatError
from frisat.web.common.tokens import hash_token
from frisat.web.rounds import crypto, pool, services
from frisat.web.rounds.models import Draft, Respondent, Response
from tests.web.survey.helpers import make_link

pytestmark = pytest.mark.django_db


def test_a_draft_is_stored_sealed_and_opens_only_with_its_link():
    link = make_link()
    other = make_link(link.respondent.round, email="b@x.dk")
    services.save_draft(link.respondent, {"regler_kommentar": "hemmelig tekst"}, token=link.token)
    stored = Draft.objects.get().answers
    assert set(stored) == {crypto.SEALED} and "hemmelig" not in str(stored)
    assert crypto.open_draft(link.token, link.respondent.pk, stored) == {"regler_kommentar": "hemmelig tekst"}
    for token in (other.token, hash_token(link.token)):  # another link; what the server stores of this one
        with pytest.raises(crypto.CannotOpen):
            crypto.open_draft(token, link.respondent.pk, stored)
    with pytest.raises(crypto.CannotOpen):  # moved to another respondent's row: does not open either
        crypto.open_draft(link.token, other.respondent.pk, stored)


def test_a_draft_of_the_old_plain_format_is_read_and_rewritten_sealed():
    link = make_link()
    Draft.objects.create(respondent=link.respondent, answers={"regler_impl_a": 3, "_side": 2})
    respondent = Respondent.objects.get(pk=link.respondent.pk)
    assert services.draft_answers(respondent, link.token) == {"regler_impl_a": 3, "_side": 2}
    services.save_draft(respondent, {"regler_impl_b": 4}, token=link.token)
    stored = Draft.objects.get().answers
    assert set(stored) == {crypto.SEALED}
    assert crypto.open_draft(link.token, respondent.pk, stored) == {"regler_impl_a": 3, "_side": 2, "regler_impl_b": 4}


def test_an_old_plain_draft_is_submitted_without_loss():
    link = make_link()
    Draft.objects.create(respondent=link.respondent, answers={"regler_impl_a": 3, "_side": 6})
    services.submit(link.respondent)  # no token needed for a plain draft
    pool.flush_pool(link.respondent.round, final=True)
    assert Response.objects.get().answers == {"regler_impl_a": 3}


def test_a_sealed_draft_is_never_dropped_by_a_submit_without_the_link():
    link = make_link()
    services.save_draft(link.respondent, {"regler_impl_a": 3}, token=link.token)
    with pytest.raises(FrisatError, match="krypteret"):
        services.submit(Respondent.objects.get(pk=link.respondent.pk))
    assert Respondent.objects.get(pk=link.respondent.pk).answered_at is None and Draft.objects.exists()


def test_a_new_link_cannot_read_the_draft_of_the_old_one():
    """A reminder or a reissued link gets a new token: the old draft does not open with it (the
    respondent starts again; docs/anonymity.md), and the next save replaces it."""
    link = make_link()
    services.save_draft(link.respondent, {"regler_impl_a": 3}, token=link.token)
    token = services.reissue_token(Respondent.objects.get(pk=link.respondent.pk))
    respondent = Respondent.objects.get(pk=link.respondent.pk)
    assert services.draft_answers(respondent, token) == {}
    services.save_draft(respondent, {"regler_impl_b": 5}, token=token)
    assert services.draft_answers(Respondent.objects.get(pk=respondent.pk), token) == {"regler_impl_b": 5}


def test_tampered_ciphertext_does_not_open():
    sealed = crypto.seal(crypto.draft_key("t" * 43), {"a": 1}, "ctx")
    raw = bytearray(crypto.base64.b64decode(sealed))
    raw[-1] ^= 1
    with pytest.raises(crypto.CannotOpen):
        crypto.open_sealed([crypto.draft_key("t" * 43)], crypto.base64.b64encode(bytes(raw)).decode(), "ctx")
    with pytest.raises(crypto.CannotOpen):
        crypto.open_sealed([crypto.draft_key("t" * 43)], "not base64!", "ctx")
