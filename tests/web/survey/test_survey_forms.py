"""SectionForm with instruments other than the built-in one: single questions, likert and yes/no
scales, a matrix without dimension, scales without «ved ikke», and a 0–4 numeric scale."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import translation

from frisat.core.instrument import parse_instrument
from frisat.web.survey.forms import SectionForm, review_sections
from tests.web.survey.helpers import draft_of, make_link, make_round, responses

CUSTOM = """
id: trivsel
title: Trivselsmåling
intro: Et lille skema.
scales:
  enighed:
    type: likert
    options:
      - {code: 1, label: Meget enig}
      - {code: 2, label: Enig}
      - {code: 3, label: Uenig}
  jaNej: {type: yesno}
  lille: {type: numeric, min: 0, max: 4, low_label: Aldrig, high_label: Altid}
  kommentar: {type: text}
sections:
  - id: arbejde
    title: Dit arbejde
    questions:
      - {number: "1", type: single, id: tilfreds, scale: enighed, text: "Jeg er tilfreds med arbejdet."}
      - {number: "2", type: single, id: hjemme, scale: jaNej, text: "Arbejder du hjemme?"}
      - number: "3"
        type: matrix
        scale: lille
        text: Hvor ofte …
        items: {a: har du travlt, b: får du hjælp}
      - {number: "4", type: text, id: kommentar, text: "Kommentér gerne."}
"""


def post(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


@pytest.fixture
def instrument():
    return parse_instrument(CUSTOM)


@pytest.fixture(autouse=True)
def danish():
    """The view model's headings and messages are in the active language; a request in an earlier
    test (LocaleMiddleware) may have left another one active in this thread."""
    with translation.override("da"):
        yield


def test_valid_answers_are_typed_and_blanks_stored_as_none(instrument):
    form = SectionForm(instrument, instrument.sections[0],
                       data=post({"arbejde_tilfreds": "2", "arbejde_hjemme": "0", "arbejde_a": "0",
                                  "arbejde_kommentar": " ok ", "action": "next"}))
    assert form.is_valid(), (form.errors, form.form_errors)
    assert form.cleaned_data == {"arbejde_tilfreds": 2, "arbejde_hjemme": 0, "arbejde_a": 0, "arbejde_b": None,
                                 "arbejde_kommentar": "ok"}


@pytest.mark.parametrize("bad", [
    {"arbejde_tilfreds": "4"},  # not a code of the likert scale
    {"arbejde_hjemme": "2"},  # yes/no is 1 or 0
    {"arbejde_a": "5"},  # above max
    {"arbejde_a": "ved_ikke"},  # this scale offers no «ved ikke»
    {"arbejde_c": "1"},  # no such item
])
def test_invalid_answers_are_refused(instrument, bad):
    form = SectionForm(instrument, instrument.sections[0], data=post(bad))
    assert not form.is_valid() and form.error_list()


def test_view_model_for_other_question_types(instrument):
    form = SectionForm(instrument, instrument.sections[0], initial={"arbejde_hjemme": 1, "arbejde_a": 4})
    blocks = form.blocks()
    assert [b.kind for b in blocks] == ["single", "single", "matrix", "text"]
    single = blocks[0].fields[0]
    assert single.legend == "Jeg er tilfreds med arbejdet." and not single.numeric and single.dont_know is None
    assert [(o.value, o.label) for o in single.options] == [("1", "Meget enig"), ("2", "Enig"), ("3", "Uenig")]
    yes_no = blocks[1].fields[0]
    assert [(o.value, o.label, o.checked) for o in yes_no.options] == [("1", "Ja", True), ("0", "Nej", False)]
    matrix = blocks[2]
    assert matrix.heading == "Spørgsmål 3" and matrix.stem == "Hvor ofte …"
    item = matrix.fields[0]
    assert item.numeric and item.low_label == "0 = Aldrig" and item.high_label == "4 = Altid"
    assert [o.described_by for o in item.options] == ["arbejde_a-low", None, None, None, "arbejde_a-high"]
    assert item.options[-1].checked


def test_review_of_other_question_types(instrument):
    sections = review_sections(instrument, {"arbejde_tilfreds": 1, "arbejde_hjemme": 0, "arbejde_a": 4})
    answers = [item.answer for _heading, items in sections[0].questions for item in items]
    assert answers == ["Meget enig", "Nej", "4 (Altid)", None, None]


@pytest.mark.django_db
def test_a_custom_instrument_file_works_end_to_end(instrument, tmp_path):
    path = tmp_path / "trivsel.yaml"
    path.write_text(CUSTOM, encoding="utf-8")
    link = make_link(make_round(instrument_id=str(path)))
    client = Client()
    page = client.get(reverse("survey:page", args=[link.token, 1])).content.decode()
    assert "<title>Side 2 af 3: Dit arbejde · Trivselsmåling · Frisat</title>" in page
    assert ('<legend class="form-label"><span class="item-number">1.</span> '
            'Jeg er tilfreds med arbejdet.</legend>') in page
    assert "Ved ikke" not in page
    response = client.post(reverse("survey:page", args=[link.token, 1]),
                           {"arbejde_tilfreds": "3", "arbejde_hjemme": "1", "action": "next"})
    assert response["Location"] == reverse("survey:review", args=[link.token])
    assert draft_of(link)["arbejde_tilfreds"] == 3
    client.post(reverse("survey:review", args=[link.token]))
    assert responses().get().answers["arbejde_hjemme"] == 1
