"""The read-only role «læser»: sees the municipality, never its respondent-level data."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from frisat.web.access.selectors import is_reader_only, respondent_data_municipalities
from frisat.web.organisations.models import Membership
from frisat.web.organisations.selectors import managed_municipalities, visible_municipalities


def test_reader_sees_the_kommune_but_not_respondent_data(reader_a, analyst_a, admin_a, admin_b, rebild, aarhus):
    assert list(visible_municipalities(reader_a)) == [rebild]
    assert list(respondent_data_municipalities(reader_a)) == []
    assert list(managed_municipalities(reader_a)) == []
    assert is_reader_only(reader_a, rebild)
    for user in (analyst_a, admin_a):
        assert list(respondent_data_municipalities(user)) == [rebild]
        assert not is_reader_only(user, rebild)
    assert list(respondent_data_municipalities(admin_b)) == [aarhus]
    assert not is_reader_only(admin_b, rebild)  # not a reader: no access at all
    assert list(respondent_data_municipalities(AnonymousUser())) == []


def test_reader_in_one_kommune_analyst_in_another(reader_a, rebild, aarhus):
    Membership.objects.create(user=reader_a, municipality=aarhus, role=Membership.Role.ANALYST)
    assert list(respondent_data_municipalities(reader_a)) == [aarhus]
    assert is_reader_only(reader_a, rebild) and not is_reader_only(reader_a, aarhus)


def test_inactive_user_sees_nothing(reader_a, admin_a):
    admin_a.is_active = False
    assert list(respondent_data_municipalities(admin_a)) == []
