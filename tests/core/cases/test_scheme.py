"""Schemes: the built-in one loads and holds no personal data; broken files name file, line and problem."""

import re

import pytest

from frisat.core.cases.scheme import SchemeError, builtin_scheme_ids, get_scheme, load_scheme_file, parse_scheme

GOOD = """\
id: test
title: Test
case_field: sag
period_field: periode
fields:
  - {id: sag, label: Sag, type: text}
  - id: periode
    label: Periode
    type: choice
    options: [{code: a, label: Før}, {code: b, label: Efter}]
  - {id: start, label: Start, type: date}
  - {id: slut, label: Slut, type: date}
rules:
  - {left: start, op: "<=", right: slut}
measures:
  - {id: dage, label: Dage, kind: calendar_days, from: start, to: slut}
"""


def test_builtin_scheme_follows_seed_000_and_has_no_personal_fields():
    assert "boernesager-frikommune" in builtin_scheme_ids()
    for scheme_id in builtin_scheme_ids():
        scheme = get_scheme(scheme_id)
        for field in scheme.fields:
            assert not re.search(r"cpr|navn|name|adresse", field.id + field.label, re.IGNORECASE), field
    scheme = get_scheme("boernesager-frikommune")
    assert [p.code for p in scheme.periods()] == ["foer", "aar1", "aar2"]
    assert {"henvendelse_dato", "beslutning_dato", "indsats_dato", "antal_aendringer"} <= set(scheme.field_map())
    kinds = {m.id: m.kind for m in scheme.measures}
    assert kinds["dage_beslutning_indsats"] == "calendar_days"
    assert kinds["arbejdsdage_beslutning_indsats"] == "working_days"
    assert kinds["kontakter_i_alt"] == "sum"
    assert "ud fra et fastlagt" in scheme.source.replace("\n", " ")


def test_good_scheme_parses():
    scheme = parse_scheme(GOOD, "god.yaml")
    assert scheme.measure("dage").from_ == "start"


@pytest.mark.parametrize(("text", "line", "words"), [
    (GOOD.replace("type: date}\n  - {id: slut", "type: dato}\n  - {id: slut"), 11, "er ikke en tilladt værdi"),
    (GOOD.replace("right: slut", "right: stop"), 14, "«stop» findes ikke"),
    (GOOD.replace("{id: sag, label: Sag", "{id: cpr_nummer, label: CPR"), 6, "personoplysninger"),
    (GOOD.replace("from: start", "from: sag"), 16, "datofelt"),
    (GOOD.replace("case_field: sag", "case_field: periode"), 3, "sagsnummeret"),
    (GOOD.replace("  - {id: sag, label: Sag, type: text}", "  - {id: sag, label: Sag, type: text, colour: red}"),
     6, "ukendt felt"),
])
def test_broken_scheme_names_file_line_and_problem(text, line, words):
    with pytest.raises(SchemeError) as info:
        parse_scheme(text, "skema.yaml")
    message = str(info.value)
    assert "skema.yaml" in message
    assert f"linje {line}," in message, message
    assert words in message


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    path = tmp_path / "brudt.yaml"
    path.write_text(GOOD.replace("title: Test", "title: [Test"), encoding="utf-8")
    with pytest.raises(SchemeError, match=r"brudt\.yaml er ikke gyldig YAML:\n  • linje \d+, kolonne \d+"):
        load_scheme_file(path)


def test_unknown_scheme_and_missing_file():
    with pytest.raises(SchemeError, match="Ukendt skema «findesikke»"):
        get_scheme("findesikke")
    with pytest.raises(SchemeError, match="findes ikke"):
        get_scheme("ingen.yaml")


def test_builtin_scheme_quotes_seed_000_word_for_word():
    from tests.seeds import seed_text

    text = seed_text("000")
    source = " ".join(get_scheme("boernesager-frikommune").source.split())
    quotes = re.findall(r"«([^»]+)»", source)
    assert quotes and all(q in text for q in quotes), quotes
