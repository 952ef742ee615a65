"""The survey form's markup built in Python (survey.widgets), and how much work a request takes.

The markup is the accessible one the template wrote before (fieldset/legend, a label per radio
button, end labels and errors referenced by aria-describedby, «ved ikke» apart); everything from the
instrument or the respondent is escaped. The query counts guard the speed of the survey under load
(see docs/benchmarks.md, «Spørgeskemaet under belastning»).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from frisat.web.survey.widgets import Field, Option, ReviewItem
from tests.web.survey.helpers import make_link, page_answers


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def scale_field(**changes) -> Field:
    field = Field(name="regler_impl_a", number="1a", legend="Regler <&> \"citat\"", context="Implementering",
                  value="10", error=None, is_text=False, max_length=5000, numeric=True,
                  low_label="1 = Helt uenig", high_label="10 = Helt enig")
    field.options = [Option(value=str(code), label=str(code), id=f"regler_impl_a-{code}", checked=code == 10,
                            described_by={1: "regler_impl_a-low", 10: "regler_impl_a-high"}.get(code))
                     for code in range(1, 11)]
    field.dont_know = Option(value="ved_ikke", label="Ved ikke", id="regler_impl_a-ved_ikke")
    for key, value in changes.items():
        setattr(field, key, value)
    return field


def test_a_scale_question_is_a_fieldset_with_labelled_radio_buttons():
    html = scale_field().html()
    assert '<fieldset class="item" id="regler_impl_a">' in html
    assert ('<legend class="form-label"><span class="item-number">1a.</span> '
            '<span class="visually-hidden">(Implementering)</span> '
            'Regler &lt;&amp;&gt; &quot;citat&quot;</legend>') in html
    assert '<span class="scale-low" id="regler_impl_a-low">1 = Helt uenig</span>' in html
    assert '<span class="scale-high" id="regler_impl_a-high">10 = Helt enig</span>' in html
    assert html.count('type="radio"') == 11 and html.count("<label ") == 11
    assert ('<label class="scale-option" for="regler_impl_a-1"><span class="scale-number">1</span>'
            '<input type="radio" id="regler_impl_a-1" name="regler_impl_a" value="1" '
            'aria-describedby="regler_impl_a-low"></label>') in html
    assert 'value="10" checked aria-describedby="regler_impl_a-high">' in html
    assert ('<div class="dont-know"><label class="choice-option" for="regler_impl_a-ved_ikke"><input type="radio" '
            'id="regler_impl_a-ved_ikke" name="regler_impl_a" value="ved_ikke"> <span>Ved ikke</span></label></div>'
            ) in html
    assert "form-error" not in html


def test_an_error_is_referenced_from_the_fieldset():
    html = scale_field(error="Svaret er ikke gyldigt <x>.").html()
    assert '<div class="form-group item-card form-error">' in html
    assert '<fieldset class="item" id="regler_impl_a" aria-describedby="regler_impl_a-error">' in html
    assert ('<p class="form-error-message" id="regler_impl_a-error"><strong>Fejl:</strong> Svaret er ikke gyldigt '
            '&lt;x&gt;.</p>') in html


def test_a_choice_question_has_its_labels_after_the_radio_buttons():
    field = scale_field(numeric=False, low_label=None, high_label=None, dont_know=None, context=None,
                        options=[Option(value="1", label="Ja & nej", id="q-1", checked=True)])
    html = field.html()
    assert "scale-ends" not in html and "dont-know" not in html and "visually-hidden" not in html
    assert ('<div class="choice-options">\n    <label class="choice-option" for="q-1"><input type="radio" id="q-1" '
            'name="regler_impl_a" value="1" checked> <span>Ja &amp; nej</span></label>\n  </div>') in html


def test_a_comment_is_a_labelled_textarea_with_hint_and_error():
    field = Field(name="regler_kommentar", number="5", legend="Kommentér <gerne>", context=None,
                  value='</textarea><script>"', error="For lang.", is_text=True, max_length=5000)
    html = field.html()
    assert '<label class="form-label" for="regler_kommentar">Kommentér &lt;gerne&gt;</label>' in html
    assert '<p class="form-hint" id="regler_kommentar-hint">Valgfrit. Højst 5000 tegn.</p>' in html
    assert ('<textarea class="form-input" id="regler_kommentar" name="regler_kommentar" rows="6" maxlength="5000" '
            'aria-describedby="regler_kommentar-hint regler_kommentar-error" aria-invalid="true">'
            '&lt;/textarea&gt;&lt;script&gt;&quot;</textarea>') in html
    field.error = None
    assert 'aria-describedby="regler_kommentar-hint">' in field.html() and "aria-invalid" not in field.html()


def test_review_items():
    def item(answer, is_text=False):
        return ReviewItem(number="1a", text="Regler <&>", context="Vigtighed", answer=answer, dont_know=False,
                          is_text=is_text).html()

    assert ('<dt><span class="item-number">1a.</span> <span class="visually-hidden">(Vigtighed)</span> '
            'Regler &lt;&amp;&gt;</dt>') in item("7")
    assert "<dd><strong>7</strong></dd>" in item("7")
    assert '<dd><span class="not-answered">Ikke besvaret</span></dd>' in item(None)
    assert '<dd><span class="answer-text">a &lt;b&gt;<br>c</span></dd>' in item("a <b>\nc", is_text=True)


# -- work per request -------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_survey_takes_few_queries_per_request(django_assert_max_num_queries):
    """One query to show a page (respondent, round and draft together), a handful to save or submit
    (counted with the savepoints the test's transaction turns the view's transaction into). The kommune's
    header (name, logo) costs one more query at most once a minute per process
    (:data:`frisat.web.organisations.logo.HEADER_SECONDS`)."""
    from frisat.web.organisations.logo import forget_header

    link = make_link()
    client = Client()
    page = reverse("survey:page", args=[link.token, 1])
    client.post(page, {**page_answers(1), "action": "next"})
    forget_header(link.respondent.round.municipality_id)
    with django_assert_max_num_queries(2):  # the header, looked up once
        assert client.get(page).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(page).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(reverse("survey:review", args=[link.token])).status_code == 200
    with django_assert_max_num_queries(5):  # savepoint, find + lock, draft (locked), update, release
        assert client.post(page, {**page_answers(1), "action": "next"}).status_code == 303
    with django_assert_max_num_queries(7):  # find, savepoint, claim, draft, insert, delete, release
        assert client.post(reverse("survey:review", args=[link.token]), {"action": "submit"}).status_code == 303
