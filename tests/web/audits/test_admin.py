"""The audit admin pages load, show no tokens and offer no way to change the decision log."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from frisat.web.audits import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser(username="root", password="x" * 20)
    client.force_login(user)
    return client


def test_admin_pages_load_and_the_log_is_read_only(superuser_client, process, activities):
    issued = services.create_marking_link(process, label="Workshop")
    decision = services.decide(activity=activities[0], outcome="fjernes", rationale="Levn fra gammel lov")
    services.add_idea(process, title="Én registrering")
    for name in ("process", "requirement", "decision", "markinglink", "idea"):
        response = superuser_client.get(reverse(f"admin:audits_{name}_changelist"))
        assert response.status_code == 200, name
    page = superuser_client.get(reverse("admin:audits_markinglink_change", args=[issued.link.pk]))
    assert page.status_code == 200 and issued.link.token_hash not in page.content.decode()
    assert superuser_client.get(reverse("admin:audits_decision_add")).status_code == 403
    change = superuser_client.post(reverse("admin:audits_decision_change", args=[decision.pk]),
                                   {"outcome": "forankres", "rationale": "x"})
    assert change.status_code == 403
    delete = superuser_client.post(reverse("admin:audits_decision_delete", args=[decision.pk]), {"post": "yes"})
    assert delete.status_code == 403
    decision.refresh_from_db()
    assert decision.outcome == "fjernes"
