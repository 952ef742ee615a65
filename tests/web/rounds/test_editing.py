"""Editing a running round (services): the change log, locked fields, delete and archive."""

import datetime as dt

import pytest
from django.utils import timezone

from frisat.core.errors import FrisatError
from frisat.web.common.formatting import day_bounds, last_day
from frisat.web.common.validation import InputErrors
from frisat.web.mailings.compose import compose
from frisat.web.mailings.models import Kind
from frisat.web.mailings.selectors import text_for
from frisat.web.rounds import editing, services
from frisat.web.rounds.models import Round, RoundChange
from tests.web.helpers import unit

pytestmark = pytest.mark.django_db


def _add(round, email="p@x.dk", group="leder"):
    return services.add_respondent(round, unit=unit(round.municipality, "Skørping Skole"), group=group,
                                   email=email).respondent


def _closes(days: int) -> dt.datetime:
    today = timezone.localdate()
    return day_bounds(today, today + dt.timedelta(days=days))[1]


def test_update_logs_each_changed_field(round_a, admin_a):
    old_name = round_a.name
    new_close = _closes(30)
    editing.update_round(round_a, {"name": " Nyt navn ", "description": "Til os", "closes_at": new_close,
                                             "min_n": round_a.min_n}, user=admin_a)
    round_a.refresh_from_db()
    assert round_a.name == "Nyt navn" and round_a.description == "Til os" and round_a.closes_at == new_close
    logged = {c.field: (c.old, c.new, c.changed_by) for c in RoundChange.objects.filter(round=round_a)}
    assert set(logged) == {"name", "description", "closes_at"}  # min_n did not change: not logged
    assert logged["name"] == (old_name, "Nyt navn", admin_a)
    day = last_day(new_close)
    assert logged["closes_at"][1].endswith(f"{day.year}") and "til og med" in logged["closes_at"][1]


def test_nothing_changed_logs_nothing(round_a):
    assert editing.update_round(round_a, {"name": round_a.name}) == []
    assert not RoundChange.objects.exists()


def test_locked_fields_once_answers_exist(round_a):
    respondent = _add(round_a)
    assert editing.locked_fields(round_a) == {"design": editing.DESIGN_REASON}
    services.submit(respondent)
    locked = editing.locked_fields(round_a)
    assert set(locked) == {"instrument_id", "anonymous", "design", "min_n"}
    with pytest.raises(InputErrors) as info:
        editing.update_round(round_a, {"min_n": 3, "anonymous": False, "name": "Andet"})
    assert set(info.value.errors) == {"min_n", "anonymous"}
    round_a.refresh_from_db()
    assert round_a.min_n == 5 and round_a.anonymous and round_a.name != "Andet"  # nothing saved
    assert not RoundChange.objects.exists()


def test_settings_may_change_before_answers(round_a):
    editing.update_round(round_a, {"min_n": 3, "anonymous": False})
    round_a.refresh_from_db()
    assert (round_a.min_n, round_a.anonymous) == (3, False)


@pytest.mark.parametrize(("changes", "field"), [
    ({"closes_at": "past"}, "closes_at"),
    ({"reminder_dates": ["2020-01-01"]}, "reminder_dates"),
    ({"reminder_dates": ["ikke en dato"]}, "reminder_dates"),
    ({"name": "   "}, "name"),
    ({"min_n": 0}, "min_n"),
])
def test_invalid_changes_are_refused_with_the_field(round_a, changes, field):
    if changes.get("closes_at") == "past":
        changes = {"closes_at": timezone.now() - dt.timedelta(hours=1)}
    with pytest.raises(InputErrors) as info:
        editing.update_round(round_a, changes)
    assert field in info.value.errors
    assert not RoundChange.objects.exists()


def test_reminder_plan_within_the_period_is_stored_sorted(round_a):
    today = timezone.localdate()
    days = [(today + dt.timedelta(days=n)).isoformat() for n in (5, 2, 5)]
    editing.update_round(round_a, {"reminder_dates": days})
    round_a.refresh_from_db()
    assert round_a.reminder_dates == sorted(set(days))


def test_next_reminder_uses_the_new_closing_date(round_a):
    respondent = _add(round_a)
    editing.update_round(round_a, {"closes_at": _closes(40)})
    fresh = Round.objects.get(pk=round_a.pk)
    text = text_for(fresh, Kind.REMINDER)
    mail = compose(fresh, respondent, subject=text.subject, body=text.body, kind=Kind.REMINDER, link="https://x/s/t/")
    day = last_day(fresh.closes_at)
    from frisat.web.common.formatting import danish_date

    assert f"til og med {danish_date(day)}" in mail.text


def test_delete_without_answers_and_refused_with(round_a, admin_a):
    _add(round_a)
    pk, name = round_a.pk, round_a.name
    editing.delete_round(round_a, user=admin_a)
    assert not Round.objects.filter(pk=pk).exists()
    assert RoundChange.objects.get(field="deleted").round_name == name


def test_delete_refused_when_answered(round_a):
    services.submit(_add(round_a))
    with pytest.raises(FrisatError, match="Arkivér"):
        editing.delete_round(round_a)
    assert Round.objects.filter(pk=round_a.pk).exists()


def test_archive_is_logged(round_a, admin_a):
    editing.set_archived(round_a, True, user=admin_a)
    round_a.refresh_from_db()
    assert round_a.archived
    assert RoundChange.objects.get(round=round_a).field == "archived"
