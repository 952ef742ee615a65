"""Round services: creation rules, single-use tokens, exactly-once submission, anonymity."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from frisat.core.errors import FrisatError
from frisat.web.common.tokens import hash_token
from frisat.web.common.validation import InputErrors
from frisat.web.organisations.models import Area, Municipality, Unit
from frisat.web.rounds import pool, services
from frisat.web.rounds.models import Draft, Respondent, Response, Round
from frisat.web.rounds.selectors import responses_frame

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def danish():
    """Some of the round's messages follow the active language (a page in English); these are Danish."""
    with translation.override("da"):
        yield


@pytest.fixture
def unit():
    municipality = Municipality.objects.create(name="Rebild")
    return Unit.objects.create(area=Area.objects.create(municipality=municipality, name="skole"), name="Skørping Skole")


def make_round(unit, **kwargs):
    now = timezone.now()
    args = dict(municipality=unit.area.municipality, name="Barometer 2026", opens_at=now - dt.timedelta(days=1),
                closes_at=now + dt.timedelta(days=14), groups=["leder", "medarbejder"])
    args.update(kwargs)
    return services.create_round(**args)


def test_create_round_validates(unit):
    with pytest.raises(FrisatError, match="lukke efter"):
        make_round(unit, closes_at=timezone.now() - dt.timedelta(days=5))
    with pytest.raises(FrisatError, match="Ukendt instrument"):
        make_round(unit, instrument_id="nope")
    with pytest.raises(FrisatError, match="respondentgruppe"):
        make_round(unit, groups=[" "])
    round = make_round(unit, groups=["Leder", "medarbejder", "leder"])
    assert round.groups == ["leder", "medarbejder"] and round.is_open


def test_create_round_reports_every_rule_of_the_model_once_per_field(unit):
    """The rules are Round.clean's (the form and the CLI used to repeat some, or miss them)."""
    other = Municipality.objects.create(name="Aarhus")
    previous = make_round(unit)
    with pytest.raises(InputErrors) as caught:
        make_round(unit, municipality=other, name=" ", groups=["x" * 51], min_n=0, previous=previous)
    assert caught.value.errors == {
        "name": "Målingen skal have et navn.", "min_n": "Anonymitetsgrænsen skal være mindst 1.",
        "groups": "Et gruppenavn må højst have 50 tegn.",
        "previous": "En ny bølge skal høre til samme kommune som den forrige måling."}
    assert Round.objects.count() == 1


def test_token_is_random_and_only_its_hash_is_stored(unit):
    round = make_round(unit)
    links = [services.add_respondent(round, unit=unit, group="leder", email=f"p{i}@x.dk") for i in range(5)]
    tokens = {link.token for link in links}
    assert len(tokens) == 5 and all(len(t) >= 43 for t in tokens)
    for link in links:
        stored = Respondent.objects.get(pk=link.respondent.pk)
        assert stored.token_hash == hash_token(link.token) and link.token not in stored.token_hash


def test_submit_happens_exactly_once_and_anonymous_response_is_unlinked(unit):
    round = make_round(unit, anonymous=True)
    link = services.add_respondent(round, unit=unit, group="leder", email="a@x.dk")
    services.save_draft(link.respondent, {"regler_impl_a": 7}, token=link.token)
    services.save_draft(link.respondent, {"regler_impl_b": "ved_ikke"}, token=link.token)
    assert services.submit(link.respondent, token=link.token) is None  # into the round's mixing pool
    assert not Draft.objects.exists() and not Response.objects.exists()
    with pytest.raises(services.AlreadyAnswered):
        services.submit(link.respondent, token=link.token)
    assert pool.flush_pool(round, final=True) == 1
    response = Response.objects.get()
    assert response.respondent is None
    assert response.answers == {"regler_impl_a": 7, "regler_impl_b": "ved_ikke"}
    frame = responses_frame([round])
    assert frame.loc[0, "regler_impl_a"] == 7.0 and frame.loc[0, "regler_impl_b"] == -1.0
    assert frame.loc[0, "enhed"] == "Skørping Skole" and frame.loc[0, "gruppe"] == "leder"
    assert "a@x.dk" not in frame.to_csv()


def test_named_round_links_response_to_respondent(unit):
    round = make_round(unit, anonymous=False)
    link = services.add_respondent(round, unit=unit, group="medarbejder", email="b@x.dk")
    assert services.submit(link.respondent, token=link.token).respondent_id == link.respondent.pk


def test_respondent_rules(unit):
    round = make_round(unit)
    with pytest.raises(FrisatError, match="ikke med i målingen"):
        services.add_respondent(round, unit=unit, group="politiker")
    services.add_respondent(round, unit=unit, group="leder", email="c@x.dk")
    with pytest.raises(FrisatError, match="allerede respondent"):
        services.add_respondent(round, unit=unit, group="leder", email="C@x.dk")
    other = Unit.objects.create(
        area=Area.objects.create(municipality=Municipality.objects.create(name="Aarhus"), name="skole"), name="X")
    with pytest.raises(FrisatError, match="hører ikke til"):
        services.add_respondent(round, unit=other, group="leder")
