"""The legal models in Django's admin: listed with their key columns, never edited there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from frisat.web.legal.models import AppealSnapshot, CouncilDecision, LegalSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "hemmeligt-kodeord-42")


def test_admin_lists_snapshots_settings_and_decisions_read_only(client, superuser, snapshot, rebild):
    LegalSettings.objects.create(municipality=rebild, talportal_name="Rebild", comparison_group=["Aalborg", "Thisted"])
    decision = CouncilDecision.objects.create(municipality=rebild, snapshot=snapshot, meeting_date=dt.date(2025, 3, 20),
                                              outcome="handleplan", decision="Handleplan", action_plan="Sparring",
                                              owner="Direktøren")
    client.force_login(superuser)
    pages = {
        AppealSnapshot: [snapshot.file_name, snapshot.sha256[:16], "Syntetisk testudtræk"],
        LegalSettings: ["Rebild", "Aalborg, Thisted"],
        CouncilDecision: ["Direktøren", "Handleplan", snapshot.file_name],
    }
    for model, texts in pages.items():
        opts = model._meta
        listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert listing.status_code == 200
        page = listing.content.decode()
        assert all(text in page for text in texts), (model, texts)
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403
    url = reverse("admin:legal_appealsnapshot_change", args=[snapshot.pk])
    page = client.get(url).content.decode()
    assert snapshot.sha256 in page and 'name="_save"' not in page  # shown, not editable
    before = AppealSnapshot.objects.get().source
    assert client.post(url, {"source": "ændret"}).status_code == 403
    assert AppealSnapshot.objects.get().source == before
    delete = reverse("admin:legal_councildecision_delete", args=[decision.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403 and CouncilDecision.objects.count() == 1
