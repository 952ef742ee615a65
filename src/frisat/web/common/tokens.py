"""Link tokens: a random token (256 bits) in the link, only its SHA-256 hash in the database. Used by
the survey links (:mod:`frisat.web.rounds`) and the audits' marking links (:mod:`frisat.web.audits`)."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
