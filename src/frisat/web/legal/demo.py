"""The demo municipality's legal data (issue 15 item 7): the synthetic talportal snapshot, the demo
kommune's talportal name and comparison group, and a demo politician with the read-only role.

Idempotent: the synthetic snapshot is imported once (recognised by its source text); the politician
is created once and gets the demo password (the same file as the demo administrator's).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model

from frisat.core.errors import FrisatError
from frisat.web.legal import services
from frisat.web.legal.models import AppealSnapshot, LegalSettings
from frisat.web.organisations.models import Membership, Municipality

DEMO_POLITICIAN = "politiker"
DEMO_TALPORTAL_NAME = "Rebild"
"""Whose synthetic figures the demo kommune shows (seed 004 is Rebild's)."""
DEMO_GROUP = ["Mariagerfjord", "Vesthimmerlands", "Brønderslev", "Jammerbugt"]


def ensure_snapshot() -> AppealSnapshot:
    """The synthetic snapshot of all 98 municipalities, imported once."""
    from frisat.demo.legal import LEGAL_DEMO_SOURCE, generate_talportal
    from frisat.io.talportal import read_talportal, write_talportal

    found = AppealSnapshot.objects.filter(source=LEGAL_DEMO_SOURCE, synthetic=True).order_by("id").first()
    if found is not None:
        return found
    with tempfile.TemporaryDirectory(prefix="frisat-legal-demo-") as tmp:
        path = write_talportal(generate_talportal(), Path(tmp) / "talportal-syntetisk.csv")
        stored, _created, _warnings = services.store(read_talportal(path, LEGAL_DEMO_SOURCE), path.name,
                                                     synthetic=True)
    return stored


def ensure_politician(municipality: Municipality, password: str):
    """A demo user with the read-only role «læser» in the demo kommune only."""
    user, _ = get_user_model().objects.get_or_create(
        username=DEMO_POLITICIAN, defaults={"first_name": "Demo", "last_name": "Politiker",
                                            "email": "politiker@demo-kommune.invalid"})
    if user.is_superuser or user.is_staff or user.memberships.exclude(municipality=municipality).exists():
        raise FrisatError(f"Der findes allerede en rigtig bruger «{DEMO_POLITICIAN}»; demopolitikeren oprettes ikke.")
    if not user.check_password(password) or not user.is_active:
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    Membership.objects.update_or_create(user=user, municipality=municipality, defaults={"role": Membership.Role.READER})
    return user


def demo_politician(municipality_name: str) -> str:
    """The demo politician's username when the demo municipality has one (for the login box of
    ``frisat serve``)."""
    found = Membership.objects.filter(user__username=DEMO_POLITICIAN, municipality__name=municipality_name,
                                      role=Membership.Role.READER).exists()
    return DEMO_POLITICIAN if found else ""


def build_legal_demo(municipality: Municipality, password: str) -> str:
    """Everything the demo kommune's legal pages and overview need; returns the politician's username."""
    ensure_snapshot()
    LegalSettings.objects.update_or_create(municipality=municipality, defaults={
        "talportal_name": DEMO_TALPORTAL_NAME, "comparison_group": DEMO_GROUP})
    return ensure_politician(municipality, password).get_username()
