"""Encryption of what an anonymous round keeps while a person is answering.

Two keys, both derived with HKDF-SHA256 and used with AES-256-GCM (the ``cryptography`` package):

- **Draft key**: from the respondent's link token, which the server never stores (only its plain
  SHA-256 hash, :func:`frisat.web.rounds.models.hash_token`; the HKDF salt and info here differ, so
  the hash gives nothing of the key). Only a request that carries the link can read or write the
  draft: a database administrator, a backup or Django's admin sees ciphertext.
- **Pool key**: from Django's ``SECRET_KEY`` (``SECRET_KEY_FALLBACKS`` are tried when opening, so a
  key rotation does not lose pending answers). It protects submitted answers that wait in the
  mixing pool (:mod:`frisat.web.rounds.pool`) against someone who has the database but not the
  server's configuration.

Every sealed value is bound (GCM associated data) to what it belongs to (the respondent's draft,
the round's pool), so a ciphertext copied to another row does not open.
"""

from __future__ import annotations

import base64
import json
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_NONCE = 12
DRAFT_SALT = b"frisat/draft/v1"
DRAFT_INFO = b"frisat: survey draft key from the link token"
POOL_SALT = b"frisat/pool/v1"
POOL_INFO = b"frisat: mixing pool key from SECRET_KEY"
SEALED = "sealed"
"""The key of the JSON envelope a sealed draft is stored as (``{"sealed": "<base64>"}``)."""


class CannotOpen(Exception):
    """The ciphertext does not open with the key (wrong token or secret, or tampered)."""


def _derive(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


def seal(key: bytes, value: object, context: str) -> str:
    """``value`` (JSON-serialisable) encrypted with ``key``, bound to ``context``; base64 text."""
    nonce = os.urandom(_NONCE)
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(nonce + AESGCM(key).encrypt(nonce, data, context.encode("utf-8"))).decode("ascii")


def open_sealed(keys: list[bytes], text: str, context: str) -> object:
    """The value sealed by :func:`seal` with one of ``keys``; :class:`CannotOpen` if none opens it."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise CannotOpen("not a sealed value") from exc
    nonce, body = raw[:_NONCE], raw[_NONCE:]
    for key in keys:
        try:
            return json.loads(AESGCM(key).decrypt(nonce, body, context.encode("utf-8")))
        except InvalidTag:
            continue
    raise CannotOpen("no key opens the value")


# -- drafts ---------------------------------------------------------------------------------------
def draft_key(token: str) -> bytes:
    return _derive(token.encode("utf-8"), DRAFT_SALT, DRAFT_INFO)


def _draft_context(respondent_id: int) -> str:
    return f"draft:{respondent_id}"


def seal_draft(token: str, respondent_id: int, answers: dict[str, object]) -> dict[str, str]:
    """The envelope stored in ``Draft.answers``: the answers readable only with the link's token."""
    return {SEALED: seal(draft_key(token), answers, _draft_context(respondent_id))}


def open_draft(token: str, respondent_id: int, stored: object) -> dict[str, object]:
    """The answers of a stored draft. A draft saved before drafts were encrypted (a plain dict of
    answers) is returned as it is; the next save rewrites it sealed. :class:`CannotOpen` when the
    token is not the one the draft was sealed with."""
    if not isinstance(stored, dict):
        return {}
    if SEALED not in stored:  # the old, plain format
        return dict(stored)
    value = open_sealed([draft_key(token)], stored[SEALED], _draft_context(respondent_id))
    return value if isinstance(value, dict) else {}


# -- the pool -------------------------------------------------------------------------------------
def _pool_keys() -> list[bytes]:
    return _pool_keys_for((settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])))


@lru_cache(maxsize=4)
def _pool_keys_for(secrets: tuple[str, ...]) -> list[bytes]:
    """(Cached: the secrets are in the process's settings anyway; draft keys are never cached.)"""
    return [_derive(str(s).encode("utf-8"), POOL_SALT, POOL_INFO) for s in secrets]


def _pool_context(round_id: int) -> str:
    return f"pool:{round_id}"


def seal_pending(round_id: int, value: dict[str, object]) -> str:
    return seal(_pool_keys()[0], value, _pool_context(round_id))


def open_pending(round_id: int, text: str) -> dict[str, object]:
    value = open_sealed(_pool_keys(), text, _pool_context(round_id))
    if not isinstance(value, dict):
        raise CannotOpen("not a pending response")
    return value
