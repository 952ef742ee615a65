"""Per-kommune access: login required everywhere; another kommune's objects are a 404 and not listed."""

import re

import pytest
from django.urls import reverse

from frisat.web.organisations.models import Area, Unit
from frisat.web.rounds.models import Round
from tests.web.helpers import make_user

pytestmark = pytest.mark.django_db

ROUND_PAGES = ["rounds:detail", "rounds:next_wave", "rounds:close", "rounds:import", "rounds:invite", "rounds:links"]
MANAGE_PAGES = ROUND_PAGES[1:]


def all_staff_urls(round, municipality):
    area = Area.objects.filter(municipality=municipality).first()
    unit = Unit.objects.filter(area=area).first()
    return [reverse("rounds:list"), reverse("rounds:create"), reverse("organisations:list"),
            reverse("organisations:import"), reverse("organisations:detail", args=[municipality.pk]),
            reverse("organisations:rename_area", args=[area.pk]),
            reverse("organisations:rename_unit", args=[unit.pk])] + [
        reverse(name, args=[round.pk]) for name in ROUND_PAGES]


def test_anonymous_users_are_sent_to_login(client, round_a, rebild):
    for url in all_staff_urls(round_a, rebild):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
    for url in [reverse("rounds:close", args=[round_a.pk]), reverse("organisations:add_area", args=[rebild.pk])]:
        assert client.post(url).status_code == 302
    assert Round.objects.get(pk=round_a.pk).closed_manually is False


def test_other_kommunes_round_is_404_and_not_listed(client, admin_a, round_a, round_b, aarhus):
    client.force_login(admin_a)
    listing = client.get(reverse("rounds:list")).content.decode()
    assert round_a.name in listing and round_b.name not in listing
    for name in ROUND_PAGES:
        assert client.get(reverse(name, args=[round_b.pk])).status_code == 404, name
    assert client.post(reverse("rounds:close", args=[round_b.pk])).status_code == 404
    round_b.refresh_from_db()
    assert not round_b.closed_manually
    area = aarhus.areas.first()
    for url in [reverse("organisations:detail", args=[aarhus.pk]),
                reverse("organisations:rename_area", args=[area.pk]),
                reverse("organisations:rename_unit", args=[area.units.first().pk])]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("organisations:add_area", args=[aarhus.pk]), {"area-name": "x"}).status_code == 404
    assert "Aarhus" not in client.get(reverse("organisations:list")).content.decode()
    # A nonexistent round looks the same as another kommune's.
    assert client.get(reverse("rounds:detail", args=[99999])).status_code == 404


def test_create_form_offers_only_own_municipalities(client, admin_a, aarhus):
    client.force_login(admin_a)
    page = client.get(reverse("rounds:create")).content.decode()
    assert "Rebild" in page and "Aarhus" not in page
    response = client.post(reverse("rounds:create"), {
        "name": "Snydemåling", "municipality": aarhus.pk, "instrument": "vive-frisaettelse", "opens": "2026-04-01",
        "closes": "2026-04-30", "groups": "leder", "anonymous": "1", "min_n": 5, "wave": "1"})
    assert response.status_code == 200 and not Round.objects.filter(name="Snydemåling").exists()


def test_analyst_can_look_but_not_change(client, analyst_a, round_a):
    client.force_login(analyst_a)
    page = client.get(reverse("rounds:detail", args=[round_a.pk]))
    assert page.status_code == 200 and reverse("rounds:invite", args=[round_a.pk]) not in page.content.decode()
    for name in MANAGE_PAGES:  # their own kommune's round: 403 (another kommune's: 404, test above)
        assert client.get(reverse(name, args=[round_a.pk])).status_code == 403, name
    assert client.get(reverse("rounds:create")).status_code == 403


def test_user_without_membership_sees_nothing(client, round_a):
    client.force_login(make_user("udenfor"))
    page = client.get(reverse("rounds:list")).content.decode()
    assert round_a.name not in page and "ingen målinger" in page
    assert client.get(reverse("rounds:detail", args=[round_a.pk])).status_code == 404


def test_superuser_sees_all(client, superuser, round_a, round_b):
    client.force_login(superuser)
    listing = client.get(reverse("rounds:list")).content.decode()
    assert round_a.name in listing and round_b.name in listing
    assert client.get(reverse("rounds:invite", args=[round_b.pk])).status_code == 200


def test_pages_send_csp_and_have_no_inline_script_or_style(client, admin_a, round_a):
    client.force_login(admin_a)
    for url in [reverse("rounds:list"), reverse("rounds:detail", args=[round_a.pk]), reverse("rounds:create"),
                reverse("organisations:list")]:
        response = client.get(url)
        assert "script-src 'self'" in response["Content-Security-Policy"]
        text = response.content.decode()
        # scripts only from files (staff.js asks before bulk actions); never inline
        assert not re.search(r"<script(?![^>]*\bsrc=)", text) and "style=" not in text and "<style" not in text


def test_admin_is_scoped_to_own_municipality(client, rebild, round_a, round_b):
    from django.contrib.auth.models import Permission

    staff = make_user("staffer", rebild, is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["rounds", "organisations"]))
    client.force_login(staff)
    page = client.get(reverse("admin:rounds_round_changelist")).content.decode()
    assert round_a.name in page and round_b.name not in page
    assert client.get(reverse("admin:rounds_round_change", args=[round_b.pk])).status_code in (302, 404)
    assert client.get(reverse("admin:organisations_membership_changelist")).status_code == 403


@pytest.mark.parametrize("changelist", ["admin:rounds_round_changelist", "admin:organisations_area_changelist",
                                        "admin:organisations_unit_changelist", "admin:rounds_respondent_changelist"])
def test_admin_sidebar_lists_only_own_municipalities(client, rebild, aarhus, round_a, round_b, superuser, changelist):
    from django.contrib.auth.models import Permission

    staff = make_user("staffer", rebild, is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["rounds", "organisations"]))
    client.force_login(staff)
    response = client.get(reverse(changelist))
    assert response.status_code == 200 and "Aarhus" not in response.content.decode()
    client.force_login(superuser)
    page = client.get(reverse(changelist)).content.decode()
    assert "Rebild" in page and "Aarhus" in page
