"""Split designs on the web: the round's settings, who gets which dimension, what the survey shows and
stores for each design, forged posts, the staff pages and the CLI.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from typer.testing import CliRunner

from frisat.cli.main import app
from frisat.core.errors import FrisatError
from frisat.core.instrument import get_instrument
from frisat.web.organisations.models import Membership, Unit
from frisat.web.organisations.tabular import read_table
from frisat.web.rounds import pool, services
from frisat.web.rounds.models import Respondent, Round
from frisat.web.rounds.selectors import responses_frame
from frisat.web.survey.forms import STEP_KEY
from tests.web.helpers import make_user
from tests.web.survey.helpers import make_round, make_unit, responses

pytestmark = pytest.mark.django_db

VIVE = get_instrument("vive-frisaettelse")
POINT = get_instrument("vive-frisaettelse-point")
N_SECTIONS = len(VIVE.sections)
GROUP_DESIGN = {"design": "gruppe", "group_dimensions": {"leder": "vigt", "medarbejder": "impl"}}
VIGT_INTRO = "I det følgende spørger vi ind til de samme forhold, men denne gang"


def url(name: str, token: str, *args) -> str:
    return reverse(f"survey:{name}", args=[token, *args])


def columns(section: int, dimension: str | None = None, comment: bool = True) -> list[str]:
    spor = VIVE.sections[section - 1].id
    dims = [dimension] if dimension else ["impl", "vigt"]
    names = [c for d in dims for c in VIVE.item_columns(spor, d)]
    return names + ([f"{spor}_kommentar"] if comment else [])


def full_page(section: int, dimension: str | None) -> dict[str, str]:
    data = {name: str(i % 10 + 1) for i, name in enumerate(columns(section, dimension, comment=False))}
    data[f"{VIVE.sections[section - 1].id}_kommentar"] = f"Kommentar {section}"
    return data


def link_with(round: Round, dimension: str, group: str = "leder", email: str = "anna@rebild.dk"):
    """A respondent of ``maaling`` whose link asks ``dimension`` (set directly, whatever the design)."""
    link = services.add_respondent(round, unit=make_unit(), group=group, email=email)
    Respondent.objects.filter(pk=link.respondent.pk).update(dimension=dimension)
    link.respondent.refresh_from_db()
    return link


@pytest.fixture
def client():
    return Client()


# -- settings: services and model ------------------------------------------------------------------
def test_create_round_stores_and_checks_the_design():
    half = make_round(design="halvdel")
    assert (half.design, half.group_dimensions, half.is_split) == ("halvdel", {}, True)
    group_round = make_round(design="gruppe", group_dimensions={"Leder": "vigt", "medarbejder": "impl"})
    assert group_round.group_dimensions == {"leder": "vigt", "medarbejder": "impl"}
    assert make_round().design == "begge" and not make_round().is_split
    count = Round.objects.count()
    with pytest.raises(FrisatError, match="«medarbejder» mangler"):
        make_round(design="gruppe", group_dimensions={"leder": "vigt"})
    with pytest.raises(FrisatError, match="mindst én gruppe svare på implementering"):
        make_round(design="gruppe", group_dimensions={"leder": "vigt", "medarbejder": "vigt"})
    with pytest.raises(FrisatError, match="bruges kun med designet «gruppe»"):
        make_round(design="halvdel", group_dimensions={"leder": "vigt"})
    with pytest.raises(FrisatError, match="Ukendt design «alle»"):
        make_round(design="alle")
    assert Round.objects.count() == count


def test_a_split_design_needs_an_instrument_with_both_dimensions(tmp_path):
    path = tmp_path / "enkelt.yaml"
    path.write_text("id: enkelt\ntitle: Enkelt\nscales: {s: {type: numeric, min: 1, max: 5}}\nsections:\n"
                    "  - id: a\n    title: A\n    questions:\n"
                    "      - {number: '1', type: matrix, scale: s, text: T, items: {x: X}}\n", encoding="utf-8")
    assert make_round(instrument_id=str(path)).design == "begge"
    with pytest.raises(FrisatError, match="kan ikke have et delt design"):
        make_round(instrument_id=str(path), design="halvdel")


def test_model_validation_of_the_design():
    round = make_round(**GROUP_DESIGN)
    round.full_clean()
    round.group_dimensions = {"leder": "vigt"}
    with pytest.raises(ValidationError) as info:
        round.full_clean()
    assert "group_dimensions" in info.value.message_dict
    assert "«medarbejder» mangler" in info.value.message_dict["group_dimensions"][0]
    round.design, round.group_dimensions = "halvdel", {"leder": "vigt"}
    with pytest.raises(ValidationError, match="bruges kun med designet"):
        round.full_clean()
    round.group_dimensions = ["leder"]
    with pytest.raises(ValidationError, match="Skal være gruppe: dimension"):
        round.full_clean()
    round.design = "firkant"
    with pytest.raises(ValidationError):
        round.full_clean()


# -- assignment when respondents are added -----------------------------------------------------------
def _import(round: Round, rows: list[tuple[str, str]], start: int = 0):
    text = "email;enhed;gruppe\n" + "".join(f"p{start + i}@rebild.dk;{unit};{group}\n"
                                            for i, (unit, group) in enumerate(rows))
    return services.import_respondents(round, read_table(text.encode(), "r.csv"))


def test_import_assigns_halves_balanced_in_every_unit_and_group():
    for name in ("Skørping Skole", "Støvring Skole", "Haverslev Skole"):
        make_unit(name)
    round = make_round(design="halvdel")
    rows = ([("Skørping Skole", "leder")] * 3 + [("Skørping Skole", "medarbejder")] * 10
            + [("Støvring Skole", "medarbejder")] * 7
            + [("Haverslev Skole", "leder"), ("Haverslev Skole", "medarbejder")])
    summary = _import(round, rows)
    respondents = list(round.respondents.select_related("unit"))
    assert len(respondents) == len(rows) and all(r.dimension in ("impl", "vigt") for r in respondents)
    cells = Counter((r.unit.name, r.group, r.dimension) for r in respondents)
    units = Counter((r.unit.name, r.dimension) for r in respondents)
    for unit, group in set(rows):
        assert abs(cells[(unit, group, "impl")] - cells[(unit, group, "vigt")]) <= 1
    for unit in {e for e, _g in rows}:
        assert units[(unit, "impl")] >= 1 and units[(unit, "vigt")] >= 1  # every unit gets both
        assert abs(units[(unit, "impl")] - units[(unit, "vigt")]) <= 1
    by_dim = Counter(r.dimension for r in respondents)
    assert summary.by_dimension == dict(by_dim)
    assert f"Delt design: {by_dim['impl']} kun implementering, {by_dim['vigt']} kun vigtighed." in str(summary)
    # A second batch is balanced against the first.
    _import(round, [("Støvring Skole", "medarbejder")] * 3, start=100)
    final = Counter(r.dimension for r in round.respondents.filter(unit__name="Støvring Skole"))
    assert final["impl"] == final["vigt"] == 5


def test_import_in_group_and_both_designs():
    group_round = make_round(**GROUP_DESIGN)
    summary = _import(group_round, [("Skørping Skole", "leder"), ("Skørping Skole", "medarbejder")] * 2)
    assert {(r.group, r.dimension) for r in group_round.respondents.all()} == {("leder", "vigt"), ("medarbejder",
                                                                                                   "impl")}
    assert summary.by_dimension == {"vigt": 2, "impl": 2}
    both = make_round()
    summary = _import(both, [("Skørping Skole", "leder")] * 3, start=10)
    assert set(both.respondents.values_list("dimension", flat=True)) == {""}
    assert str(summary) == "3 respondenter tilføjet (3 leder)."


def test_add_respondent_alternates_within_unit_and_group():
    round = make_round(design="halvdel")
    unit = make_unit()
    dims = [services.add_respondent(round, unit=unit, group="medarbejder", email=f"m{i}@x.dk")
            .respondent.dimension for i in range(6)]
    assert Counter(dims) == Counter({"impl": 3, "vigt": 3})
    assert all(dims[i] != dims[i + 1] for i in range(0, 6, 2))  # each pair splits
    group_round = make_round(**GROUP_DESIGN)
    assert services.add_respondent(group_round, unit=unit, group="leder").respondent.dimension == "vigt"


def test_next_wave_copies_the_design_and_keeps_the_halves():
    first = make_round(design="halvdel")
    _import(first, [("Skørping Skole", "medarbejder")] * 6)
    now = timezone.now()
    second = services.next_wave(first, name="Bølge 2", opens_at=now, closes_at=now + dt.timedelta(days=9), wave="2")
    assert second.design == "halvdel"
    assert services.copy_respondents(first, second) == 6
    before = dict(first.respondents.values_list("email", "dimension"))
    assert dict(second.respondents.values_list("email", "dimension")) == before
    group_round = make_round(**GROUP_DESIGN)
    third = services.next_wave(group_round, name="Bølge 2", opens_at=now, closes_at=now + dt.timedelta(days=9),
                               wave="2")
    assert (third.design, third.group_dimensions) == ("gruppe", GROUP_DESIGN["group_dimensions"])
    # Copied into a round of another design, the dimensions follow the new design.
    both = make_round()
    services.copy_respondents(first, both)
    assert set(both.respondents.values_list("dimension", flat=True)) == {""}


# -- the survey for each design ----------------------------------------------------------------------
@pytest.mark.parametrize(("dimension", "shown", "hidden"), [
    ("impl", "Hvor langt er I kommet?", "Hvor vigtigt er arbejdet?"),
    ("vigt", "Hvor vigtigt er arbejdet?", "Hvor langt er I kommet?"),
])
def test_a_split_respondent_sees_only_their_dimension(client, dimension, shown, hidden):
    link = link_with(make_round(design="halvdel"), dimension)
    intro = client.get(url("entry", link.token)).content.decode()
    assert VIVE.intro not in intro and "to gange" not in intro
    label = {"impl": "implementering", "vigt": "vigtighed"}[dimension]
    assert f"I dette spørgeskema bliver du spurgt om {label}: «{shown}» Du svarer på en skala fra 1 til 10." in intro
    page = client.get(url("page", link.token, 1)).content.decode()
    assert shown in page and hidden not in page
    assert VIGT_INTRO not in page  # the intro that leads from the first dimension to the second
    other = "vigt" if dimension == "impl" else "impl"
    assert f'name="regler_{dimension}_a"' in page and f'name="regler_{other}_a"' not in page
    # Numbered as shown: 1 (the items 1a–1d), then 2 (the comment).
    assert f'<h2 id="q1-heading">1. {shown}</h2>' in page
    assert '<span class="item-number">1a.</span>' in page and "2. Din kommentar" in page
    page3 = client.get(url("page", link.token, 3)).content.decode()
    assert f"5. {shown}" in page3 and "6. Din kommentar" in page3


def test_both_dimensions_are_shown_as_in_bilag1_in_the_default_design(client):
    link = link_with(make_round(), "")
    page = client.get(url("page", link.token, 1)).content.decode()
    assert "1. Hvor langt er I kommet?" in page and "2. Hvor vigtigt er arbejdet?" in page
    assert VIGT_INTRO in page
    assert VIVE.intro in client.get(url("entry", link.token)).content.decode()


@pytest.mark.parametrize("design", ["halvdel", "gruppe"])
def test_a_split_respondent_answers_and_only_their_dimension_is_stored(client, design):
    mapping = GROUP_DESIGN["group_dimensions"] if design == "gruppe" else None
    round = make_round(design=design, group_dimensions=mapping)
    link = services.add_respondent(round, unit=make_unit(), group="medarbejder", email="m@x.dk")
    dimension = link.respondent.dimension
    assert dimension in ("impl", "vigt")
    if design == "gruppe":
        assert dimension == "impl"
    expected = {}
    for number in range(1, N_SECTIONS + 1):
        data = full_page(number, dimension)
        response = client.post(url("page", link.token, number), {**data, "action": "next"})
        assert response.status_code == 303
        expected.update({k: (v if k.endswith("kommentar") else int(v)) for k, v in data.items()})
    review = client.get(url("review", link.token)).content.decode()
    assert f"Du har besvaret {len(expected)} af {len(expected)} spørgsmål" in review
    other = "vigt" if dimension == "impl" else "impl"
    assert f"({VIVE.dimensions[other].label})" not in review
    assert client.post(url("review", link.token), {"action": "submit"}).status_code == 303
    response = responses().get()
    assert response.answers == expected and response.respondent is None  # anonymous: no link to the person
    frame = responses_frame([round], VIVE)
    assert frame[[c for s in VIVE.spor for c in VIVE.item_columns(s.id, other)]].isna().all(axis=None)
    assert frame.loc[0, f"regler_{dimension}_a"] == 1.0


def test_a_forged_answer_to_the_other_dimension_is_refused_and_saves_nothing(client):
    link = link_with(make_round(design="halvdel"), "impl")
    save_draft_before = {"regler_kommentar": "før", STEP_KEY: 1}
    services.save_draft(link.respondent, save_draft_before, token=link.token)
    data = {**full_page(1, "impl"), "regler_vigt_a": "10"}
    response = client.post(url("page", link.token, 1), {**data, "action": "next"})
    assert response.status_code == 400 and "ikke hører til denne side" in response.content.decode()
    assert services.draft_answers(Respondent.objects.get(pk=link.respondent.pk), link.token) == save_draft_before


def test_answers_to_the_other_dimension_in_the_draft_never_reach_the_response():
    link = link_with(make_round(design="halvdel"), "vigt")
    services.save_draft(link.respondent, {"regler_vigt_a": 7, "regler_impl_a": 3, "maal_impl_d": "ved_ikke",
                                          "regler_kommentar": "Tekst", STEP_KEY: 6}, token=link.token)
    services.submit(link.respondent, token=link.token)
    pool.flush_pool(link.respondent.round, final=True)
    response = responses().get()
    assert response.answers == {"regler_vigt_a": 7, "regler_kommentar": "Tekst"}


# -- the allocation page in a split design ----------------------------------------------------------
def test_the_allocation_is_asked_with_importance_only(client):
    round = make_round(design="halvdel", instrument_id="vive-frisaettelse-point")
    impl = link_with(round, "impl")
    vigt = link_with(round, "vigt", email="v@x.dk")
    # Importance: the allocation page comes after the spor, numbered on from the questions shown.
    page = client.get(url("page", vigt.token, N_SECTIONS + 1)).content.decode()
    assert "<h1>Hvad er vigtigst?</h1>" in page and '<span class="item-number">11.</span>' in page
    assert "Til sidst fordeler du 100 point." in client.get(url("entry", vigt.token)).content.decode()
    # Implementation: no allocation page (it judges importance), and forged points are not stored.
    response = client.get(url("page", impl.token, N_SECTIONS + 1))
    assert response.status_code == 302 and response["Location"] == url("entry", impl.token)
    assert "fordeler" not in client.get(url("entry", impl.token)).content.decode()
    last = client.post(url("page", impl.token, N_SECTIONS), {"action": "next"})
    assert last["Location"] == url("review", impl.token)
    assert "Hvad er vigtigst?" not in client.get(url("review", impl.token)).content.decode()
    services.save_draft(impl.respondent, {"regler_point": 100, "maal_point": 0, "regler_impl_a": 5}, token=impl.token)
    services.submit(impl.respondent, token=impl.token)
    pool.flush_pool(round, final=True)
    answers = responses().get().answers
    assert answers["regler_impl_a"] == 5 and not any(k.endswith("_point") for k in answers)


# -- staff pages and CLI --------------------------------------------------------------------------
def _round_form(municipality, **changes):
    data = {"name": "Delt 2026", "municipality": municipality.pk, "instrument": "vive-frisaettelse",
            "opens": "2026-04-01",
            "closes": "2026-04-30", "groups": "leder, medarbejder", "anonymous": "1", "min_n": "5", "wave": "1"}
    data.update(changes)
    return data


@pytest.fixture
def admin(db):
    municipality = make_unit().area.municipality
    return make_user("anna", municipality, role=Membership.Role.ADMIN), municipality


def test_staff_form_offers_the_design_with_its_reason(client, admin):
    user, municipality = admin
    client.force_login(user)
    page = client.get(reverse("rounds:create")).content.decode()
    assert 'type="radio" name="design" value="begge"' in page and "checked" in page
    assert "haloeffekten" in page and "afsnit 3.8.2" in page
    assert re.search(r'<fieldset aria-describedby="id_design_helptext">\s*'
                     r'<legend class="form-label">Design: hvem svarer på hvad\?', page)
    response = client.post(reverse("rounds:create"), _round_form(
        municipality, design="gruppe", group_dimensions="leder=vigtighed, medarbejder=impl"))
    round = Round.objects.get()
    assert response.status_code == 302
    assert (round.design, round.group_dimensions) == ("gruppe", {"leder": "vigt", "medarbejder": "impl"})
    detail = client.get(response["Location"]).content.decode()
    assert "Én dimension pr. respondentgruppe, fx ledere vigtighed og medarbejdere implementering " \
           "(leder: vigtighed, medarbejder: implementering)" in detail
    Respondent.objects.all().delete()
    services.add_respondent(round, unit=Unit.objects.get(), group="leder", email="l@x.dk")
    detail = client.get(response["Location"]).content.decode()
    assert "<caption>Svarprocent pr. dimension</caption>" in detail and '<th scope="row">Kun vigtighed</th>' in detail


@pytest.mark.parametrize(("changes", "message"), [
    ({"design": "gruppe", "group_dimensions": "leder=vigt"}, "«medarbejder» mangler"),
    ({"design": "gruppe", "group_dimensions": "leder=vigt, medarbejder"}, "skal skrives som gruppe=dimension"),
    ({"design": "halvdel", "group_dimensions": "leder=vigt"}, "bruges kun med designet «gruppe»"),
    ({"design": "tredjedel"}, "Marker en gyldig valgmulighed"),
])
def test_staff_form_refuses_a_bad_design(client, admin, changes, message):
    user, municipality = admin
    client.force_login(user)
    response = client.post(reverse("rounds:create"), _round_form(municipality, **changes))
    page = response.content.decode()
    assert response.status_code == 200 and message in page and not Round.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_cli_round_create_with_a_design():
    municipality = make_unit().area.municipality
    runner = CliRunner(env={"COLUMNS": "200"})
    args = ["round", "create", "--kommune", municipality.name, "--name", "Delt", "--opens", "2026-01-01",
            "--closes", "2099-12-31", "--groups", "leder,medarbejder"]
    result = runner.invoke(app, [*args, "--design", "gruppe", "--group-dimension", "leder=vigt",
                                 "--group-dimension", "medarbejder=impl"])
    assert result.exit_code == 0, result.output
    round = Round.objects.get(pk=int(result.stdout.strip()))
    assert (round.design, round.group_dimensions) == ("gruppe", {"leder": "vigt", "medarbejder": "impl"})
    assert "Design: én dimension pr. respondentgruppe (leder: vigtighed, medarbejder: implementering)" in result.stderr
    result = runner.invoke(app, [*args, "--design", "halvdel"])
    assert result.exit_code == 0 and Round.objects.get(pk=int(result.stdout.strip())).design == "halvdel"
    result = runner.invoke(app, [*args, "--design", "gruppe", "--group-dimension", "leder=vigt"])
    assert result.exit_code != 0 and "«medarbejder» mangler" in result.output
    result = runner.invoke(app, [*args, "--design", "kvart"])
    assert result.exit_code != 0 and "Ukendt design «kvart»" in result.output
    assert Round.objects.count() == 2
    services.add_respondent(round, unit=Unit.objects.get(), group="medarbejder", email="m@x.dk")
    status = runner.invoke(app, ["round", "status", str(round.pk)])
    assert status.exit_code == 0, status.output
    assert "Svarprocent pr. dimension" in status.stdout and "kun implementering" in status.stdout
