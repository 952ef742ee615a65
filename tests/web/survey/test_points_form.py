"""The allocation page («fordel 100 point») of the survey form, through the Django test client.

What it shows (labelled number inputs, the running total, no inline script), what it stores (draft
and response under the {spor}_point keys, the canonical frame), and what it refuses (partial
allocations, wrong sums, bad numbers, fields from other pages) without saving anything.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from frisat.core.instrument import get_instrument
from frisat.web.rounds import pool
from frisat.web.rounds.crypto import open_draft
from frisat.web.rounds.models import Draft
from frisat.web.rounds.selectors import responses_frame
from frisat.web.rounds.services import save_draft, submit
from frisat.web.survey.forms import STEP_KEY
from tests.web.survey.helpers import make_link, make_round, responses

pytestmark = pytest.mark.django_db

POINT = get_instrument("vive-frisaettelse-point")
POINTS = POINT.allocation_columns()
N_SECTIONS = len(POINT.sections)
PAGE = N_SECTIONS + 1  # the allocation page
TOTAL_STEPS = N_SECTIONS + 3  # intro, sections, allocation, review


def url(name: str, token: str, *args) -> str:
    return reverse(f"survey:{name}", args=[token, *args])


def draft_of(link) -> dict | None:
    draft = Draft.objects.filter(respondent=link.respondent).first()
    return open_draft(link.token, link.respondent.pk, draft.answers) if draft else None


@pytest.fixture
def link():
    return make_link(make_round(instrument_id="vive-frisaettelse-point"))


@pytest.fixture
def client():
    return Client()


def post_points(client, link, values, action="next", **extra):
    data = {name: ("" if v is None else str(v)) for name, v in zip(POINTS, values, strict=True)}
    return client.post(url("page", link.token, PAGE), {**data, "action": action, **extra})


# -- what the page shows ---------------------------------------------------------------------------
def test_the_allocation_page_comes_after_the_spor_and_before_review(client, link):
    intro = client.get(url("entry", link.token)).content.decode()
    assert f"Side 1 af {TOTAL_STEPS}" in intro
    assert f"Spørgeskemaet har {N_SECTIONS + 1} sider med spørgsmål" in intro
    last_section = client.post(url("page", link.token, N_SECTIONS), {"action": "next"})
    assert last_section.status_code == 303 and last_section["Location"] == url("page", link.token, PAGE)
    # «Næste» on the last section page now leads on to the allocation, not to review.
    page = client.get(url("page", link.token, N_SECTIONS)).content.decode()
    assert ">Næste</button>" in page and "Gennemse dine svar</button>" not in page


def test_the_allocation_page_has_five_labelled_number_inputs_and_a_running_total(client, link):
    response = client.get(url("page", link.token, PAGE))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<title>Side {PAGE + 1} af {TOTAL_STEPS}: Hvad er vigtigst? · " in page
    assert "<h1>Hvad er vigtigst?</h1>" in page
    assert POINT.allocation.question in page
    for spec in (POINT.column(name) for name in POINTS):
        assert f'<label class="form-label" for="{spec.name}">{spec.text}</label>' in page
        tag = re.search(rf'<input type="number" class="form-input" id="{spec.name}"[^>]*>', page).group(0)
        for attribute in (f'name="{spec.name}"', 'min="0"', 'max="100"', 'step="1"', 'inputmode="numeric"',
                          'value=""'):
            assert attribute in tag
    assert 'role="status"' in page and "Fordelt: 0 af 100 point" in page and "(mangler 100 point)" in page
    assert 'aria-describedby="points-total"' in page
    # Progressive enhancement: one external script (allowed by the CSP), no inline script or style.
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/survey/points.js" defer>']
    assert "style=" not in page and "onclick" not in page
    assert 'data-template="Fordelt: {points} af 100 point"' in page
    assert finders.find("survey/points.js") and finders.find("survey/points.css")


def test_a_valid_allocation_is_saved_in_the_draft_and_moves_on(client, link):
    response = post_points(client, link, [40, 30, 0, 20, 10])
    assert response.status_code == 303 and response["Location"] == url("review", link.token)
    assert draft_of(link) == {**dict(zip(POINTS, [40, 30, 0, 20, 10], strict=True)), STEP_KEY: PAGE + 1}
    # Back on the page the saved numbers and their total are shown.
    page = client.get(url("page", link.token, PAGE)).content.decode()
    assert 'id="regler_point" name="regler_point" value="40"' in page
    assert "Fordelt: 100 af 100 point" in page and "(det passer)" in page
    # «Forrige» saves too and goes back to the last spor.
    response = post_points(client, link, [20, 20, 20, 20, 20], action="prev")
    assert response["Location"] == url("page", link.token, N_SECTIONS)
    assert draft_of(link)["maal_point"] == 20


def test_leaving_every_field_blank_is_allowed(client, link):
    response = post_points(client, link, [None] * 5)
    assert response.status_code == 303
    assert draft_of(link) == {**dict.fromkeys(POINTS), STEP_KEY: PAGE + 1}


# -- what it refuses -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("values", "message", "total"),
    [
        ([50, 50, None, None, None], "Giv point til alle 5 spor (også 0), eller lad alle felterne stå tomme. "
                                     "Du har udfyldt 2 af 5.", "Fordelt: 100 af 100 point"),
        ([20, 20, 20, 20, 10], "Du har fordelt 90 point. Pointene skal tilsammen give præcis 100.",
         "Fordelt: 90 af 100 point"),
        ([60, 20, 20, 20, 0], "Du har fordelt 120 point. Pointene skal tilsammen give præcis 100.",
         "(20 point for mange)"),
        ([0, 0, 0, 0, 0], "Du har fordelt 0 point.", "(mangler 100 point)"),
    ],
)
def test_a_wrong_allocation_is_refused_with_a_linked_error_and_nothing_is_saved(client, link, values, message,
                                                                                total):
    save_draft(link.respondent, {"regler_kommentar": "Gemt før", STEP_KEY: PAGE}, token=link.token)
    response = post_points(client, link, values)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and total in page
    assert "<title>Fejl: " in page and 'role="alert"' in page and "Siden er ikke gemt" in page
    # The sum error is part of the fieldset's description, so a screen reader reads it with the group.
    assert 'aria-describedby="points-total points-error"' in page
    assert re.search(r'<p class="form-error-message" id="points-error"><strong>Fejl:</strong> ', page)
    assert draft_of(link) == {"regler_kommentar": "Gemt før", STEP_KEY: PAGE}
    # The numbers typed are kept so they can be corrected.
    assert f'name="regler_point" value="{values[0] if values[0] is not None else ""}"' in page


@pytest.mark.parametrize(
    ("cell", "message"),
    [("abc", "«abc» er ikke et gyldigt antal point. Skriv et helt tal fra 0 til 100."),
     ("101", "«101» er ikke et gyldigt antal point."),
     ("-5", "«-5» er ikke et gyldigt antal point."),
     ("12.5", "«12.5» er ikke et gyldigt antal point."),
     ("9" * 5000, "er ikke et gyldigt antal point."),
     ("٣", "er ikke et gyldigt antal point.")],  # an Arabic-Indic digit: str.isdigit() alone would take it
)
def test_a_bad_number_is_refused_on_its_field(client, link, cell, message):
    response = post_points(client, link, [cell, 25, 25, 25, 25])
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert 'aria-invalid="true" aria-describedby="regler_point-error"' in page
    assert '<a href="#regler_point">Arbejdet med regler: ' in page
    assert draft_of(link) is None


def test_forged_fields_and_repeated_values_are_refused(client, link):
    response = post_points(client, link, [20, 20, 20, 20, 20], regler_impl_a="5")
    assert response.status_code == 400 and "ikke hører til denne side" in response.content.decode()
    data = {name: "20" for name in POINTS}
    response = client.post(url("page", link.token, PAGE), {**data, "regler_point": ["20", "30"]})
    assert response.status_code == 400 and "Giv kun ét svar." in response.content.decode()
    assert draft_of(link) is None


# -- review, submit and the data --------------------------------------------------------------------
def test_review_shows_the_allocation_and_the_response_stores_it(client, link):
    post_points(client, link, [40, 30, 0, 20, 10])
    page = client.get(url("review", link.token)).content.decode()
    assert f"<title>Side {TOTAL_STEPS} af {TOTAL_STEPS}: Gennemse dine svar" in page
    assert '<h2 id="review-6">Hvad er vigtigst?</h2>' in page
    assert f'href="{url("page", link.token, PAGE)}"' in page
    assert "<strong>40 point</strong>" in page and "<strong>0 point</strong>" in page
    assert "Du har besvaret 5 af 50 spørgsmål" in page  # 40 items, 5 comments and 5 point fields
    response = client.post(url("review", link.token), {"action": "submit"})
    assert response.status_code == 303
    stored = responses().get()
    assert {k: stored.answers[k] for k in POINTS} == dict(zip(POINTS, [40, 30, 0, 20, 10], strict=True))
    frame = responses_frame([link.respondent.round], POINT)
    assert frame.loc[0, POINTS].tolist() == [40.0, 30.0, 0.0, 20.0, 10.0]
    assert str(frame["regler_point"].dtype) == "float64"


def test_responses_frame_leaves_points_blank_when_not_answered(link):
    save_draft(link.respondent, {"regler_impl_a": 4}, token=link.token)
    submit(link.respondent, token=link.token)
    pool.flush_pool(link.respondent.round, final=True)
    frame = responses_frame([link.respondent.round], POINT)
    assert np.isnan(frame.loc[0, POINTS].to_numpy(dtype=float)).all()


def test_an_instrument_without_allocation_has_no_allocation_page(client):
    link = make_link()
    response = client.get(url("page", link.token, PAGE))
    assert response.status_code == 302 and response["Location"] == url("entry", link.token)
    response = client.post(url("page", link.token, N_SECTIONS), {"action": "next"})
    assert response["Location"] == url("review", link.token)
