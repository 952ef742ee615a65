"""What core quotes from seed 002 (VIVE's note by Hjelmar and Pedersen) is in the seed, word for word,
and what Frisat added to Bilag 1 is declared as its own."""

from __future__ import annotations

import pytest

from frisat.core.instrument import get_instrument
from frisat.core.quadrants import QUADRANTS
from frisat.reporting.codes import QUADRANT_ADVICE
from tests.seeds import seed_text


@pytest.fixture(scope="module")
def bilag_1() -> str:
    text = seed_text("002")
    return text[text.index("Bilag 1 Spørgeskema"):]


def test_the_instrument_reproduces_bilag_1_word_for_word(bilag_1):
    inst = get_instrument("vive-frisaettelse")
    texts = [s.title for s in inst.sections] + [s.intro for s in inst.sections if s.intro]
    for section in inst.sections:
        for question in section.questions:
            texts += [question.text, *(question.items or {}).values()]
            if question.intro:
                texts.append(question.intro)
    missing = [t for t in texts if " ".join(t.split()) not in bilag_1]
    assert len(texts) > 60 and missing == []


@pytest.mark.parametrize("instrument_id", ["vive-frisaettelse", "vive-frisaettelse-point"])
def test_ved_ikke_is_declared_as_frisats_addition(bilag_1, instrument_id):
    assert "ved ikke" not in bilag_1.casefold()  # Bilag 1 offers no such answer
    inst = get_instrument(instrument_id)
    assert {s.dont_know for s in inst.scales.values() if s.type != "text"} == {"Ved ikke"}
    assert any("«Ved ikke»" in a and "Frisats tilføjelse" in a and "Bilag 1" in a for a in inst.additions)


@pytest.mark.parametrize("instrument_id", ["vive-frisaettelse", "vive-frisaettelse-point"])
def test_the_source_is_cited_as_the_seed_prints_it(instrument_id):
    text = seed_text("002")
    assert "Notatet er udarbejdet af professor MSO Ulf Hjelmar og senioranalytiker Lars Bo Pedersen" in text
    source = get_instrument(instrument_id).source or ""
    assert "Ulf Hjelmar og Lars Bo Pedersen, VIVE" in source and "Bilag 1 Spørgeskema" in source
    assert "Hvordan måler" not in source and "2024" not in source


def test_quadrant_advice_quotes_the_explanation_of_figur_3_1():
    text = seed_text("002")
    figure = text[text.index("Figur 3.1 Prioritering af indsats"):text.index("Figur 3.2 Gennemsnitslinjer")]
    for quadrant in QUADRANTS:
        assert QUADRANT_ADVICE[quadrant.id] in figure, quadrant.id
