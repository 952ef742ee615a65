"""Sentences from the core tables' fields: Danish word for word as the core, English from the catalogue."""

from __future__ import annotations

from types import SimpleNamespace

from frisat.core.derived_importance import describe_disagreement
from frisat.reporting.language import for_code, use
from frisat.reporting.views.model import Sentence
from frisat.reporting.views.sentences import (
    SMALL_THRESHOLD_NOTE,
    disagreement_sentence,
    followup_sentence,
    inline,
    known,
)

RECORD = {"agreement": "overset", "beta": 0.61, "spor": "tillid", "indicator": "b"}


def test_disagreement_sentence_is_the_cores_in_danish_and_quotes_the_question():
    sentence = disagreement_sentence(RECORD, "Tillid", "Jeres arbejde giver mening.")
    assert sentence.text == describe_disagreement(RECORD, "Tillid", "Jeres arbejde giver mening.")
    assert sentence.quoted == {"text"} and sentence.values["text"] == "jeres arbejde giver mening"
    with use(for_code("en")):
        english = disagreement_sentence(RECORD, "Tillid", "Jeres arbejde giver mening.")
    assert english.text.startswith("Respondents say that «jeres arbejde giver mening» is the least important")
    assert "0.61" in english.text


def test_a_row_without_beta_gets_the_cores_sentence():
    record = {**RECORD, "beta": None}
    sentence = disagreement_sentence(record, "Tillid", "X")
    assert sentence == Sentence(describe_disagreement(record, "Tillid", "X"))


def test_followup_sentence_uses_the_means_or_the_cores_detail():
    record = {"enhed": "Skole A", "spor": "tillid", "reason": "største ændring", "value": 1.25, "detail": "kerne"}
    assert followup_sentence(record, ["enhed"], "Tillid", None, 10) == "kerne"
    means = SimpleNamespace(now={("Skole A", "tillid"): {"impl": 6.0, "vigt": 8.0}},
                            before={("Skole A", "tillid"): 4.75})
    assert followup_sentence(record, ["enhed"], "Tillid", means, 10) == (
        "Enhed «Skole A»: implementeringen i sporet «Tillid» er steget fra 4,8 til 6,0 (+1,2) siden den "
        "forrige måling.")
    with use(for_code("en")):
        assert "has risen from 4.8 to 6.0" in followup_sentence(record, ["enhed"], "Tillid", means, 10)


def test_known_translates_only_what_it_knows():
    note = SMALL_THRESHOLD_NOTE % {"k": 3, "default": 5}
    assert known(note, SMALL_THRESHOLD_NOTE, k=3, default=5) == note
    with use(for_code("en")):
        assert known(note, SMALL_THRESHOLD_NOTE, k=3, default=5).startswith("The anonymity threshold is set to 3")
        assert known("Noget andet.", SMALL_THRESHOLD_NOTE, k=3, default=5) == "Noget andet."


def test_inline_lowercases_only_a_sentence_start():
    assert inline("Jeres arbejde.") == "jeres arbejde"
    assert inline("KL's rolle") == "KL's rolle"
