"""The instrument format: the built-in VIVE instrument and refusal of broken files."""

from pathlib import Path

import pytest

from frisat.core.errors import InstrumentError
from frisat.core.instrument import builtin_instrument_ids, get_instrument, load_instrument_file, parse_instrument

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "002_0d7ff3316e26c762.txt"


def test_builtin_vive_instrument_has_bilag1_structure():
    inst = get_instrument("vive-frisaettelse")
    assert "vive-frisaettelse" in builtin_instrument_ids()
    assert [s.id for s in inst.spor] == ["regler", "maal", "dok", "tillid", "innov"]
    assert [s.title for s in inst.sections] == [
        "Arbejdet med regler",
        "Arbejdet med målstyring",
        "Arbejdet med dokumentation",
        "Arbejdet med en tillidsbaseret kultur",
        "Arbejdet med en innovativ og eksperimentel tilgang",
    ]
    scaled = [c for c in inst.columns() if not c.is_text]
    assert len(scaled) == 5 * 4 * 2
    assert [c.name for c in inst.columns() if c.is_text] == [f"{s}_kommentar" for s in
                                                             ("regler", "maal", "dok", "tillid", "innov")]
    numbers = [q.number for s in inst.sections for q in s.questions]
    assert numbers == [str(i) for i in range(1, 16)]


@pytest.mark.parametrize(
    ("column", "text"),
    [
        ("maal_impl_c", "Jeres arbejde i kommunen med at sikre den nødvendige opfølgning på de overordnede "
                        "formål, så de reelt er styrende for jeres daglige arbejde"),
        ("maal_vigt_c", "Jeres arbejde i kommunen med at sikre den nødvendige opfølgning på om de i kommunen "
                        "opsatte overordnede formål reelt er styrende for jeres daglige arbejde"),
        ("dok_impl_c", "Jeres arbejde med at skabe en dokumentationspraksis, der direkte involverer borgeren, "
                       "så selve arbejdet med dokumentation kan løfte borgerens oplevelse af kvalitet"),
        ("dok_vigt_c", "Jeres arbejde med at skabe en dokumentationspraksis, der direkte involverer "
                       "borgeren/barnet, så selve arbejdet med dokumentation kan løfte borgerens/barnets "
                       "oplevelse af kvalitet"),
        ("tillid_impl_b", "Jeres arbejde med at inddrage medarbejderne og give dem medejerskab i forhold til de "
                          "nye værdier, der skal erstatte unødigt bureaukrati og central målstyring"),
        ("tillid_vigt_b", "Jeres arbejde med at inddrage medarbejderne og give dem medejerskab for de nye "
                          "værdier, der skal erstatte unødigt bureaukrati og central målstyring"),
    ],
)
def test_wording_differences_between_dimensions_are_kept(column, text):
    assert get_instrument().column(column).text == text


def _normalise_seed(text: str) -> str:
    """The seed is a PDF extraction: join lines, drop line-break hyphens and page breaks."""
    import re

    text = re.sub(r"-\s*\n\s*", "", text)
    return re.sub(r"\s+", " ", text)


@pytest.mark.skipif(not SEED.exists(), reason="seed documents not beside the repository")
def test_every_instrument_text_occurs_word_for_word_in_bilag1():
    bilag = _normalise_seed(SEED.read_text(encoding="utf-8").split("Bilag 1 Spørgeskema")[-1])
    inst = get_instrument()
    texts = [s.intro for s in inst.sections] + [s.title for s in inst.sections]
    for section in inst.sections:
        for q in section.questions:
            texts += [q.text, *(q.items or {}).values()] + ([q.intro] if q.intro else [])
    missing = [t for t in texts if _normalise_seed(t) not in bilag]
    assert missing == []


GOOD = """
id: mini
title: Mini
scales:
  s: {type: numeric, min: 1, max: 5}
dimensions:
  impl: {label: I, question: "Hvor langt?", scale: s}
  vigt: {label: V, question: "Hvor vigtigt?", scale: s}
sections:
  - id: a
    title: A
    questions:
      - {number: "1", type: matrix, dimension: impl, text: T, items: {x: X, y: Y}}
      - {number: "2", type: matrix, dimension: vigt, text: T, items: {x: X, y: Y}}
"""


def test_small_valid_instrument_parses():
    inst = parse_instrument(GOOD, "mini.yaml")
    assert inst.item_columns("a", "vigt") == ["a_vigt_x", "a_vigt_y"]
    assert [s.id for s in inst.spor] == ["a"]


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (GOOD.replace("dimension: vigt", "dimension: vigtig"),
         ["linje 14", "sections[1].questions[2].dimension", "«vigtig» findes ikke"]),
        (GOOD.replace("min: 1, max: 5", "min: 5, max: 1"), ["scales.s", "min (5) skal være mindre end max (1)"]),
        (GOOD.replace("title: Mini\n", ""), ["title", "feltet mangler"]),
        (GOOD.replace("type: numeric", "type: slider"), ["linje 5", "scales.s.type", "ikke en tilladt værdi"]),
        (GOOD.replace("id: a\n", "id: A\n"), ["sections[1].id", "små bogstaver"]),
        (GOOD.replace("{x: X, y: Y}}\n      - {number: \"2\"", "{x: X}}\n      - {number: \"2\""),
         ["samme items"]),
        (GOOD + "colour: red\n", ["colour", "ukendt felt"]),
        (GOOD.replace("items: {x: X, y: Y}}\n", "items: {x: X, y: Y}\n", 1), ["ikke gyldig YAML", "linje"]),
    ],
)
def test_broken_instrument_is_refused_naming_file_place_and_problem(broken, expected):
    with pytest.raises(InstrumentError) as info:
        parse_instrument(broken, "mini.yaml")
    message = str(info.value)
    assert "mini.yaml" in message
    for part in expected:
        assert part in message


def test_instrument_file_errors(tmp_path):
    with pytest.raises(InstrumentError, match="findes ikke"):
        load_instrument_file(tmp_path / "nope.yaml")
    bad = tmp_path / "latin.yaml"
    bad.write_bytes("title: Målstyring".encode("cp1252"))
    with pytest.raises(InstrumentError, match="UTF-8"):
        load_instrument_file(bad)
    with pytest.raises(InstrumentError, match="Ukendt instrument"):
        get_instrument("findes-ikke")
