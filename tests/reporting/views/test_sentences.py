"""Sentences as view models: the wording of :mod:`frisat.reporting.codes`, the question's text quoted,
English from reporting's catalogue."""

from __future__ import annotations

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.core.instrument import get_instrument
from frisat.demo.synthetic import generate_responses
from frisat.reporting import codes
from frisat.reporting.language import for_code, use
from frisat.reporting.views.sentences import analysis_notes, disagreement_sentence, followup_sentence, inline

RECORD = {"agreement": "overlooked", "beta": 0.61, "spor": "tillid", "indicator": "b"}


def test_disagreement_sentence_is_the_files_sentence_and_quotes_the_question():
    sentence = disagreement_sentence(RECORD, "Tillid", "Jeres arbejde giver mening.")
    assert sentence.text == codes.disagreement_sentence(RECORD, "Tillid", "Jeres arbejde giver mening.")
    assert sentence.text.startswith("Respondenterne siger, at jeres arbejde giver mening er det mindst vigtige")
    assert sentence.quoted == {"text"} and sentence.values["text"] == "jeres arbejde giver mening"
    with use(for_code("en")):
        english = disagreement_sentence(RECORD, "Tillid", "Jeres arbejde giver mening.")
    assert english.text.startswith("Respondents say that «jeres arbejde giver mening» is the least important")
    assert "0.61" in english.text


def test_a_row_without_an_agreement_says_why():
    sentence = disagreement_sentence({**RECORD, "agreement": None, "beta": None}, "Tillid", "X")
    assert "kan ikke beregnes" in sentence.text


def test_followup_sentence_quotes_the_rows_own_numbers():
    record = {"enhed": "Skole A", "spor": "tillid", "reason": "largest_change", "value": 1.25,
              "impl_mean": 6.0, "vigt_mean": 8.0, "reference": 4.75, "dimension": "impl"}
    assert followup_sentence(record, ["enhed"], "Tillid", 10) == (
        "Enhed «Skole A»: implementeringen i sporet «Tillid» er steget fra 4,8 til 6,0 (+1,2) siden den "
        "forrige måling.")
    with use(for_code("en")):
        assert "has risen from 4.8 to 6.0" in followup_sentence(record, ["enhed"], "Tillid", 10)


def test_analysis_notes_in_both_languages():
    instrument = get_instrument()
    result = analyze(generate_responses(instrument, respondents=40, seed=1), instrument,
                     config=AnalysisConfig(min_n=3))
    assert analysis_notes(result) == ["Anonymitetsgrænsen er sat til 3 (standard er 5): små grupper kan genkendes."]
    with use(for_code("en")):
        assert analysis_notes(result)[0].startswith("The anonymity threshold is set to 3")


def test_inline_lowercases_only_a_sentence_start():
    assert inline("Jeres arbejde.") == "jeres arbejde"
    assert inline("KL's rolle") == "KL's rolle"
