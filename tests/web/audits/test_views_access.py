"""Access to the friktionseftersyn pages: login everywhere (except the employees' link), another
kommune's processes and register items are a 404 and never listed, an analyst may look but not
change, and refused requests change nothing; every page renders in the staff shell."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from frisat.web.audits import services
from frisat.web.audits.models import Activity, Decision, Idea, MarkingLink, Process, Requirement
from frisat.web.organisations.models import Membership
from tests.web.audits.helpers import page
from tests.web.helpers import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(process, activities, rebild):
    requirement = services.create_requirement(rebild, title="Journalisering", source_type="lov")
    activities[0].requirements.add(requirement)
    idea = services.add_idea(process, title="Færre klik")
    link = services.create_marking_link(process).link
    return {"process": process, "activity": activities[0], "requirement": requirement, "idea": idea, "link": link,
            "kommune": rebild}


def object_urls(w) -> dict[str, list[str]]:
    """(look, change) URLs of one kommune's objects."""
    p, a, r = w["process"].pk, w["activity"].pk, w["requirement"].pk
    look = [reverse("audits:journey", args=[p]), reverse("audits:workshop", args=[p]),
            reverse("audits:workshop_data", args=[p]), reverse("audits:decision_log", args=[p]),
            reverse("audits:ideas", args=[p]), reverse("audits:summary", args=[p]),
            reverse("audits:summary_file", args=[p, "html"]), reverse("audits:idea", args=[w["idea"].pk]),
            reverse("audits:requirement", args=[r]), reverse("audits:municipality_summary", args=[w["kommune"].pk]),
            reverse("audits:register") + f"?kommune={w['kommune'].pk}",
            reverse("audits:register_export", args=["csv"]) + f"?kommune={w['kommune'].pk}",
            reverse("audits:overview") + f"?kommune={w['kommune'].pk}",
            reverse("audits:municipality_decision_log") + f"?kommune={w['kommune'].pk}"]
    change = [reverse("audits:edit", args=[p]), reverse("audits:activity_add", args=[p]),
              reverse("audits:links", args=[p]), reverse("audits:activity", args=[a]),
              reverse("audits:activity_origin", args=[a]), reverse("audits:activity_decide", args=[a]),
              reverse("audits:activity_delete", args=[a]), reverse("audits:requirement_decide", args=[r]),
              reverse("audits:register_import") + f"?kommune={w['kommune'].pk}",
              reverse("audits:requirement_create") + f"?kommune={w['kommune'].pk}"]
    return {"look": look, "change": change}


POSTS = {
    "audits:edit": {"name": "Kapret", "status": "afsluttet"},
    "audits:activity_add": {"description": "Indsmuglet"},
    "audits:links": {"label": "Kapret", "anonymous": "1"},
    "audits:activity": {"description": "Kapret"},
    "audits:activity_origin": {"requirements": [], "nyt-title": "Kapret", "nyt-kind": "regel",
                               "nyt-source_type": "lov", "nyt-tilbageloeb_status": "ukendt"},
    "audits:activity_decide": {"outcome": "fjernes", "rationale": "Kapret", "decided_on": "2026-03-02"},
    "audits:activity_delete": {},
    "audits:activity_move": {"direction": "later"},
    "audits:requirement_decide": {"outcome": "fjernes", "rationale": "Kapret", "decided_on": "2026-03-02"},
    "audits:requirement": {"title": "Kapret", "kind": "regel", "source_type": "lov", "tilbageloeb_status": "ukendt"},
    "audits:ideas": {"title": "Kapret", "status": "ide"},
    "audits:idea": {"form": "iteration", "iteration-date": "2026-03-02", "iteration-tried": "Kapret"},
    "audits:link_close": {},
}


def post_everything(client, w) -> list[int]:
    targets = {"audits:edit": w["process"], "audits:activity_add": w["process"], "audits:links": w["process"],
               "audits:ideas": w["process"], "audits:activity": w["activity"],
               "audits:activity_origin": w["activity"], "audits:activity_decide": w["activity"],
               "audits:activity_delete": w["activity"], "audits:activity_move": w["activity"],
               "audits:requirement_decide": w["requirement"], "audits:requirement": w["requirement"],
               "audits:idea": w["idea"], "audits:link_close": w["link"]}
    return [client.post(reverse(name, args=[obj.pk]), POSTS[name]).status_code for name, obj in targets.items()]


def snapshot() -> tuple:
    return (list(Process.objects.values_list("name", "status")), list(Activity.objects.values_list("description",
                                                                                                     "order")),
            Decision.objects.count(), Requirement.objects.count(), Idea.objects.count(),
            MarkingLink.objects.filter(closed_at__isnull=True).count(), MarkingLink.objects.count(),
            sum(i.iterations.count() for i in Idea.objects.all()))


def test_anonymous_users_are_sent_to_login(client, world):
    urls = object_urls(world)
    for url in [reverse("audits:list"), reverse("audits:create"), *urls["look"], *urls["change"]]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    before = snapshot()
    assert set(post_everything(client, world)) == {302}
    assert snapshot() == before


def test_other_kommunes_objects_are_404_and_not_listed(client, world, aarhus):
    intruder = make_user("bo", aarhus)
    client.force_login(intruder)
    urls = object_urls(world)
    for url in [*urls["look"], *urls["change"]]:
        assert client.get(url).status_code == 404, url
    before = snapshot()
    assert set(post_everything(client, world)) == {404}
    assert snapshot() == before
    listing = client.get(reverse("audits:list")).content.decode()
    assert world["process"].name not in listing
    register = client.get(reverse("audits:register")).content.decode()
    assert "Aarhus" in register and "Journalisering" not in register
    # Creating in another kommune is refused.
    response = client.post(reverse("audits:create"), {"municipality": world["kommune"].pk, "name": "Snyd"})
    assert response.status_code == 200 and not Process.objects.filter(name="Snyd").exists()
    assert client.get(reverse("audits:journey", args=[99999])).status_code == 404


def test_analyst_can_look_but_not_change(client, world, rebild):
    analyst = make_user("olav", rebild, role=Membership.Role.ANALYST)
    client.force_login(analyst)
    urls = object_urls(world)
    for url in urls["look"]:
        assert client.get(url).status_code == 200, url
    journey = client.get(urls["look"][0]).content.decode()
    assert reverse("audits:activity_decide", args=[world["activity"].pk]) not in journey
    assert "Tilføj en aktivitet" not in journey
    for url in urls["change"]:
        assert client.get(url).status_code in (403, 404), url
    assert client.get(reverse("audits:create")).status_code == 403
    before = snapshot()
    assert set(post_everything(client, world)) <= {403, 404}
    assert snapshot() == before


def test_user_without_membership_sees_nothing(client, world):
    client.force_login(make_user("udenfor"))
    assert world["process"].name not in client.get(reverse("audits:list")).content.decode()
    assert "ikke adgang til nogen kommune" in client.get(reverse("audits:register")).content.decode()
    assert client.get(reverse("audits:journey", args=[world["process"].pk])).status_code == 404
    assert client.get(reverse("audits:register_export", args=["csv"])).status_code == 404


def test_workshop_data_is_json_without_names(client, world, leader):
    participant = services.join_marking(world["link"]).participant
    services.mark_activity(participant, world["activity"], kind="tung", comment="For tungt")
    client.force_login(leader)
    response = client.get(reverse("audits:workshop_data", args=[world["process"].pk]))
    data = response.json()
    assert response["Content-Type"] == "application/json" and "no-store" in response["Cache-Control"]
    assert data["participants"] == 1 and data["markings"] == 1
    first = next(a for a in data["activities"] if a["id"] == world["activity"].pk)
    assert first["kinds"] == {"belastende": 0, "tung": 1, "unoedvendig": 0, "meningsloes": 0}
    assert first["comments"] == ["For tungt"] and "Deltager" not in response.content.decode()


def test_every_page_renders_for_the_leader(staff, process, activities, rebild):
    requirement = services.create_requirement(rebild, title="Journalisering", source_type="lov")
    activities[0].requirements.add(requirement)
    services.decide(activity=activities[0], outcome="forankres", rationale="Skal være der",
                    purpose_explained="Borgerens retssikkerhed")
    idea = services.add_idea(process, title="Færre klik")
    a, p, r = activities[0].pk, process.pk, requirement.pk
    for name, args in [("audits:list", []), ("audits:create", []), ("audits:journey", [p]), ("audits:edit", [p]),
                       ("audits:activity_add", [p]), ("audits:links", [p]), ("audits:workshop", [p]),
                       ("audits:decision_log", [p]), ("audits:ideas", [p]), ("audits:idea", [idea.pk]),
                       ("audits:activity", [a]), ("audits:activity_origin", [a]), ("audits:activity_decide", [a]),
                       ("audits:activity_delete", [a]), ("audits:activity_delete", [activities[1].pk]),
                       ("audits:register", []), ("audits:register_import", []), ("audits:requirement_create", []),
                       ("audits:requirement", [r]), ("audits:requirement_decide", [r]), ("audits:overview", []),
                       ("audits:municipality_decision_log", [])]:
        html = page(staff.get(reverse(name, args=args)))
        assert "<h1>" in html and 'aria-current="page"><span>Friktionseftersyn' in html, name
    html = page(staff.get(reverse("audits:activity_decide", args=[a])))
    # The form starts from the decision in force.
    assert re.search(r'<input[^>]*value="forankres"[^>]*checked', html) and "Borgerens retssikkerhed</textarea>" in html
