"""The respondent's survey form, through the Django test client.

Covers every page, saving and resuming, review and exactly-once submission, strict validation
(refused posts change nothing), link states (unknown, used, closed, not yet open), anonymity and
CSRF.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from frisat.web.rounds.models import Draft, Respondent
from tests.web.survey.helpers import (
    INSTRUMENT,
    draft_of,
    make_link,
    make_round,
    page_answers,
    responses,
    section_columns,
    stored,
)

pytestmark = pytest.mark.django_db

N_PAGES = len(INSTRUMENT.sections)
TOTAL_STEPS = N_PAGES + 2


def url(name: str, token: str, *args) -> str:
    return reverse(f"survey:{name}", args=[token, *args])


def html(response) -> str:
    return response.content.decode()


def draft_state(respondent: Respondent):
    draft = Draft.objects.filter(respondent=respondent).first()
    return (draft.answers, draft.updated_at) if draft else None


def answer_all_pages(client: Client, token: str) -> dict[str, object]:
    expected: dict[str, object] = {}
    for number in range(1, N_PAGES + 1):
        data = page_answers(number)
        response = client.post(url("page", token, number), {**data, "action": "next"})
        assert response.status_code == 303
        expected.update(stored(data))
    return expected


@pytest.fixture
def link():
    return make_link()


@pytest.fixture
def client():
    return Client()


# -- pages render -----------------------------------------------------------------------------------
def test_intro_shows_instrument_round_and_anonymity(client, link):
    response = client.get(url("entry", link.token))
    page = html(response)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in page
    assert '<html lang="da">' in page
    assert f"<title>Side 1 af {TOTAL_STEPS}: Velkommen · Frisættelsesbarometeret · Frisat</title>" in page
    assert escape(INSTRUMENT.title) in page and escape(INSTRUMENT.intro) in page
    assert "Barometer 2026" in page
    assert "Dine svar kan ikke kobles til dig" in page
    assert link.respondent.email not in page
    assert f'href="{url("page", link.token, 1)}"' in page
    # The intro URL renders the same page (it is where «Forrige» on page 1 leads).
    assert "Dine svar kan ikke kobles til dig" in html(client.get(url("intro", link.token)))


def test_named_round_says_it_is_not_anonymous(client):
    link = make_link(make_round(anonymous=False))
    page = html(client.get(url("entry", link.token)))
    assert "Denne måling er ikke anonym" in page and "kan ikke kobles til dig" not in page


@pytest.mark.parametrize("number", range(1, N_PAGES + 1))
def test_every_section_page_renders_the_instrument_word_for_word(client, link, number):
    section = INSTRUMENT.sections[number - 1]
    response = client.get(url("page", link.token, number))
    page = html(response)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert f"<title>Side {number + 1} af {TOTAL_STEPS}: {escape(section.label)} · " in page
    assert f'<label for="survey-progress">Side {number + 1} af {TOTAL_STEPS}</label>' in page
    assert f'<progress id="survey-progress" max="{TOTAL_STEPS}" value="{number + 1}">' in page
    assert f"<h1>{escape(section.title)}</h1>" in page and escape(section.intro) in page
    for question in section.questions:
        assert escape(question.text) in page
        if question.intro:
            assert escape(question.intro) in page
    for column in section_columns(number):
        assert escape(column.text) in page
        if column.is_text:
            assert (f'<textarea class="form-input" id="{column.name}" name="{column.name}" rows="6" '
                    'maxlength="5000"') in page
            assert f'<label class="form-label" for="{column.name}">' in page
            continue
        scale = column.scale
        assert f'<fieldset class="item" id="{column.name}">' in page
        assert f'id="{column.name}-low">1 = {escape(scale.low_label)}</span>' in page
        assert f'id="{column.name}-high">10 = {escape(scale.high_label)}</span>' in page
        assert f'name="{column.name}" value="1" aria-describedby="{column.name}-low"' in page
        assert f'name="{column.name}" value="10" aria-describedby="{column.name}-high"' in page
        for code in range(1, 11):
            assert f'id="{column.name}-{code}" name="{column.name}" value="{code}"' in page
        assert f'id="{column.name}-ved_ikke" name="{column.name}" value="ved_ikke"' in page
    assert ">Forrige</button>" in page
    assert (">Gennemse dine svar</button>" if number == N_PAGES else ">Næste</button>") in page
    assert link.respondent.email not in page
    assert "required" not in page  # every answer is optional


def test_out_of_range_page_goes_back_to_the_link(client, link):
    for number in (0, N_PAGES + 1, 99):
        response = client.get(url("page", link.token, number))
        assert response.status_code == 302 and response["Location"] == url("entry", link.token)


# -- saving and resuming ---------------------------------------------------------------------------
def test_next_saves_the_page_and_the_link_resumes_there(client, link):
    data = page_answers(1)
    response = client.post(url("page", link.token, 1), {**data, "action": "next"})
    assert response.status_code == 303 and response["Location"] == url("page", link.token, 2)
    assert draft_of(link) == {**stored(data), "_side": 2}

    # A new browser (no cookies) opening the same link lands on page 2 …
    fresh = Client()
    response = fresh.get(url("entry", link.token))
    assert response.status_code == 302 and response["Location"] == url("page", link.token, 2)
    # … and page 1 shows the saved answers.
    page = html(fresh.get(url("page", link.token, 1)))
    for name, value in data.items():
        if name.endswith("kommentar"):
            assert f">{value}</textarea>" in page
        else:
            assert f'name="{name}" value="{value}" checked' in page or \
                f'name="{name}" value="{value}" aria-describedby="{name}-{"low" if value == "1" else "high"}" checked' \
                in page


def test_previous_saves_and_goes_back_to_the_intro(client, link):
    client.post(url("page", link.token, 1), {**page_answers(1), "action": "next"})
    response = client.post(url("page", link.token, 2), {"maal_impl_a": "4", "action": "prev"})
    assert response.status_code == 303 and response["Location"] == url("page", link.token, 1)
    draft = draft_of(link)
    assert draft["maal_impl_a"] == 4 and draft["_side"] == 1
    response = client.post(url("page", link.token, 1), {"action": "prev"})
    assert response["Location"] == url("intro", link.token)
    assert client.get(url("entry", link.token)).status_code == 200  # back at the intro


def test_clearing_a_comment_and_unanswered_items_are_stored_as_blank(client, link):
    client.post(url("page", link.token, 1), {**page_answers(1), "action": "next"})
    client.post(url("page", link.token, 1), {"regler_kommentar": "   ", "action": "next"})
    answers = draft_of(link)
    assert answers["regler_kommentar"] is None and answers["regler_impl_a"] is None


def test_comment_line_breaks_count_once_and_text_is_trimmed(client, link):
    text = "a\r\n" * 2500  # 7500 characters as posted, 5000 once line breaks are counted as one
    response = client.post(url("page", link.token, 1), {"regler_kommentar": text, "action": "next"})
    assert response.status_code == 303
    assert draft_of(link)["regler_kommentar"] == ("a\n" * 2500).strip()


# -- review and submit -----------------------------------------------------------------------------
def test_last_page_leads_to_the_review_which_lists_every_answer(client, link):
    expected = answer_all_pages(client, link.token)
    response = client.get(url("entry", link.token))
    assert response["Location"] == url("review", link.token)
    # Unanswer one item to see «Ikke besvaret».
    client.post(url("page", link.token, 2), {**page_answers(2), "maal_vigt_d": "", "action": "next"})
    page = html(client.get(url("review", link.token)))
    assert f"<title>Side {TOTAL_STEPS} af {TOTAL_STEPS}: Gennemse dine svar · " in page
    assert "Ikke besvaret" in page and "Ved ikke" in page
    assert f"Du har besvaret {len(expected) - 1} af {len(expected)} spørgsmål" in page
    for number, section in enumerate(INSTRUMENT.sections, start=1):
        assert f'href="{url("page", link.token, number)}"' in page
        assert escape(section.title) in page
        assert f"Kommentar til side {number}." in page
    for column in INSTRUMENT.columns():
        assert escape(column.text) in page
    assert ">Send besvarelse</button>" in page
    assert "_side" not in page and link.respondent.email not in page


def test_submit_stores_one_unlinked_response_and_thanks(client, link):
    expected = answer_all_pages(client, link.token)
    response = client.post(url("review", link.token), {"action": "submit"})
    assert response.status_code == 303 and response["Location"] == url("thanks", link.token)
    stored_response = responses().get()
    assert stored_response.answers == expected  # no "_side" bookkeeping
    assert stored_response.respondent is None  # anonymous round: no link to the person
    assert stored_response.group == "leder"
    assert not Draft.objects.exists()
    assert Respondent.objects.get(pk=link.respondent.pk).answered_at is not None
    page = html(client.get(url("thanks", link.token)))
    assert "Tak for din besvarelse" in page and "Kommentar til side" not in page


def test_named_round_links_the_response(client):
    link = make_link(make_round(anonymous=False))
    client.post(url("page", link.token, 1), {**page_answers(1), "action": "next"})
    client.post(url("review", link.token), {"action": "submit"})
    assert responses().get().respondent_id == link.respondent.pk


def test_submitting_twice_and_reposting_never_makes_two_responses(client, link):
    answer_all_pages(client, link.token)
    first = client.post(url("review", link.token), {"action": "submit"})
    second = client.post(url("review", link.token), {"action": "submit"})  # double click / second tab
    assert first["Location"] == url("thanks", link.token)
    assert second.status_code == 303 and second["Location"] == url("answered", link.token)
    # A page re-posted from the back button or a stale tab saves nothing and creates no draft.
    repost = client.post(url("page", link.token, 3), {**page_answers(3), "action": "next"})
    assert repost["Location"] == url("answered", link.token)
    assert responses().count() == 1 and not Draft.objects.exists()
    # The back button to any form page now shows the «already answered» page.
    for target in (url("review", link.token), url("page", link.token, 2), url("entry", link.token),
                   url("intro", link.token)):
        response = Client().get(target, follow=True)
        page = html(response)
        assert response.status_code == 200 and "Du har allerede svaret — tak" in page
        assert "Kommentar til side" not in page and "<form method=\"post\" action=\"/s/" not in page


def test_submit_with_no_answers_is_allowed_once(client, link):
    assert client.post(url("review", link.token))["Location"] == url("thanks", link.token)
    assert responses().get().answers == {}


# -- strict validation: refused posts change nothing ---------------------------------------------------
BAD_POSTS = {
    "too high": {"regler_impl_a": "11"},
    "zero": {"regler_vigt_b": "0"},
    "negative": {"regler_impl_a": "-1"},
    "letters": {"regler_impl_a": "abc"},
    "decimal": {"regler_impl_a": "7.0"},
    "padded": {"regler_impl_a": " 7"},
    "dont know misspelt": {"regler_impl_a": "ved ikke"},
    "unknown field": {"evil": "1"},
    "field of another page": {"maal_impl_a": "5"},
    "bookkeeping key": {"_side": "6"},
    "two values": {"regler_impl_a": ["3", "4"]},
    "comment too long": {"regler_kommentar": "x" * 5001},
    "nul character": {"regler_kommentar": "hej\x00"},
}


@pytest.mark.parametrize("bad", BAD_POSTS.values(), ids=BAD_POSTS.keys())
def test_invalid_posts_are_refused_and_change_nothing(client, link, bad):
    client.post(url("page", link.token, 1), {**page_answers(1), "action": "next"})
    before = draft_state(link.respondent)
    response = client.post(url("page", link.token, 1),
                           {"regler_impl_b": "9", "regler_vigt_c": "ved_ikke", **bad, "action": "next"})
    page = html(response)
    assert response.status_code == 400
    assert draft_state(link.respondent) == before
    assert 'role="alert"' in page and "Siden er ikke gemt" in page
    assert "<title>Fejl: Side 2 af" in page
    if set(bad) <= {c.name for c in section_columns(1)}:
        (name,) = bad
        assert f'<p class="form-error-message" id="{name}-error"><strong>Fejl:</strong>' in page
        described = f"{name}-hint {name}-error" if name.endswith("kommentar") else f"{name}-error"
        assert f'aria-describedby="{described}"' in page
        anchor = name if name.endswith("kommentar") else f"{name}-1"
        assert f'<a href="#{anchor}">Spørgsmål' in page
    else:
        assert "ukendt" in page or "ikke hører til denne side" in page
    # The valid answers posted with the error are shown again, not lost.
    assert 'name="regler_vigt_c" value="ved_ikke" checked' in page


def test_invalid_post_on_a_fresh_link_creates_no_draft(client, link):
    response = client.post(url("page", link.token, 1), {"regler_impl_a": "11", "action": "next"})
    assert response.status_code == 400 and not Draft.objects.exists()
    assert "Vælg et tal fra 1 til 10 eller «Ved ikke»" in html(response)


# -- link states -----------------------------------------------------------------------------------
@pytest.mark.parametrize("forged", ["nope", "A" * 43, "x" * 2000, "%C3%A6", "..", "0"])
def test_unknown_or_forged_links_get_a_404_that_leaks_nothing(client, link, forged):
    for target in (f"/s/{forged}/", f"/s/{forged}/side/1/", f"/s/{forged}/gennemse/", f"/s/{forged}/tak/",
                   f"/s/{forged}/besvaret/"):
        response = client.get(target)
        page = html(response)
        assert response.status_code == 404, target
        assert "Linket findes ikke" in page and "no-store" in response["Cache-Control"]
        assert "Barometer" not in page and "Rebild" not in page and "Traceback" not in page
    response = client.post(f"/s/{forged}/gennemse/", {"action": "submit"})
    assert response.status_code == 404 and not responses().exists()


def test_the_stored_hash_and_a_near_miss_are_not_links(client, link):
    near = link.token[:-1] + ("A" if link.token[-1] != "A" else "B")
    for token in (link.respondent.token_hash, near, link.token.upper()):
        if token != link.token:
            assert client.get(url("entry", token)).status_code == 404


def test_a_used_link_says_so_and_shows_no_answers(client, link):
    client.post(url("page", link.token, 1), {**page_answers(1), "action": "next"})
    client.post(url("review", link.token))
    response = client.get(url("entry", link.token))
    assert response.status_code == 303 and response["Location"] == url("answered", link.token)
    response = client.get(url("answered", link.token))
    page = html(response)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Du har allerede svaret — tak" in page and "Kommentar til side" not in page
    assert link.respondent.email not in page


def test_thanks_and_answered_pages_need_an_answered_link(client, link):
    for name in ("thanks", "answered"):
        response = client.get(url(name, link.token))
        assert response.status_code == 302 and response["Location"] == url("entry", link.token)


def test_closed_round_gets_a_clear_page_and_accepts_nothing(client):
    now = timezone.now()
    round = make_round(opens_in_days=-20, closes_in_days=-2)
    link = make_link(round)
    Draft.objects.create(respondent=link.respondent, answers={"regler_impl_a": 3, "_side": 2})
    before = draft_state(link.respondent)
    for target in (url("entry", link.token), url("page", link.token, 1), url("review", link.token)):
        response = client.get(target)
        page = html(response)
        assert response.status_code == 410 and "Målingen er lukket" in page
        assert "lukkede" in page and str((now - dt.timedelta(days=2)).year) in page
        assert "<form method=\"post\" action=\"/s/" not in page
    assert client.post(url("page", link.token, 1), {"regler_impl_a": "9"}).status_code == 410
    assert client.post(url("review", link.token)).status_code == 410
    assert draft_state(link.respondent) == before and not responses().exists()


def test_round_closed_early_by_staff(client, link):
    link.respondent.round.closed_manually = True
    link.respondent.round.save()
    response = client.get(url("entry", link.token))
    assert response.status_code == 410 and "Målingen er lukket" in html(response)


def test_round_not_yet_open_shows_the_dates(client):
    round = make_round(opens_in_days=3, closes_in_days=20)
    link = make_link(round)
    response = client.get(url("entry", link.token))
    page = html(response)
    assert response.status_code == 200 and "Målingen er ikke åbnet endnu" in page
    local_open = timezone.localtime(round.opens_at)
    assert f"åbner {local_open.day}. " in page and str(local_open.year) in page
    from frisat.web.common.wording import closing_text

    assert f"Du kan svare {closing_text(round.closes_at, 'da')}." in page  # the mails' wording
    assert client.post(url("page", link.token, 1), {"regler_impl_a": "9"}).status_code == 200
    assert not Draft.objects.exists()
    assert client.post(url("review", link.token)).status_code == 200 and not responses().exists()


def test_anonymous_round_pages_show_no_personal_data(client, link):
    pages = [client.get(url("entry", link.token))]
    pages += [client.get(url("page", link.token, n)) for n in range(1, N_PAGES + 1)]
    pages.append(client.get(url("review", link.token)))
    client.post(url("review", link.token))
    pages.append(client.get(url("thanks", link.token)))
    for response in pages:
        page = html(response)
        assert "anna@rebild.dk" not in page and "anna" not in page.lower()
        assert "Skørping" not in page  # the unit is not shown either


# -- CSRF and methods -------------------------------------------------------------------------------
def test_csrf_is_enforced(link):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url("page", link.token, 1), {"regler_impl_a": "5", "action": "next"})
    assert response.status_code == 403 and not Draft.objects.exists()
    assert client.post(url("review", link.token)).status_code == 403 and not responses().exists()
    # With the token from the form it works.
    client.get(url("page", link.token, 1))
    token = client.cookies["csrftoken"].value
    response = client.post(url("page", link.token, 1),
                           {"regler_impl_a": "5", "action": "next", "csrfmiddlewaretoken": token})
    assert response.status_code == 303 and draft_of(link)["regler_impl_a"] == 5


def test_other_methods_are_refused(client, link):
    assert client.put(url("page", link.token, 1)).status_code == 405
    assert client.post(url("entry", link.token)).status_code == 405
    assert client.post(url("thanks", link.token)).status_code == 405


def test_pages_are_in_the_language_of_the_questions_whatever_the_browser_asks(link):
    """A Danish page must not be marked lang="en" (screen readers would mispronounce it)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    for target in (url("entry", link.token), url("page", link.token, 1), url("review", link.token),
                   "/s/not-a-link/"):
        response = client.get(target)
        page = html(response)
        assert '<html lang="da">' in page and response["Content-Language"] == "da", target
        assert 'name="language"' not in page  # no language switch that cannot work yet
