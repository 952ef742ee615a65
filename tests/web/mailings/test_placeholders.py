"""Placeholders: validation names the bad ones; filling in is one pass."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from frisat.web.mailings import placeholders
from frisat.web.mailings.placeholders import PLACEHOLDERS, body_problems, fill, subject_problems


def test_the_link_must_be_in_the_body():
    assert body_problems("Hej {enhed}\n{link}") == []
    [problem] = body_problems("Hej {enhed}, svar venligst.")
    assert "{link}" in problem


def test_unknown_placeholders_are_refused_by_name():
    [problem] = body_problems("{link} {navn} {frist} {Municipality}")
    assert "{Municipality}" in problem and "{navn}" in problem and "{frist}" not in problem.split(".")[0]
    [problem] = subject_problems("Svar inden {deadline}")
    assert "{deadline}" in problem


def test_the_link_never_in_the_subject_and_the_subject_is_one_line():
    assert any("{link}" in p for p in subject_problems("Dit link: {link}"))
    assert any("én linje" in p for p in subject_problems("a\nBcc: x@y.dk"))
    assert subject_problems("Påmindelse: {maaling} – {kommune}") == []


def test_contact_line_left_out_without_a_contact():
    text = "Hej\n\n{link}\n\nSpørgsmål: {kontakt}\n"
    assert fill(text, {"link": "L", "kontakt": ""}) == "Hej\n\nL\n"
    assert fill(text, {"link": "L", "kontakt": "Anna"}) == "Hej\n\nL\n\nSpørgsmål: Anna\n"


def _reference_fill(text: str, values: dict[str, str]) -> str:
    """A plain scan, character by character (independent of the module's regular expression)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "{":
            end = text.find("}", i + 1)
            inner = text[i + 1:end] if end != -1 else None
            if inner is not None and "{" not in inner and "\n" not in inner and len(inner) <= 40 \
                    and inner.strip() in values:
                out.append(values[inner.strip()])
                i = end + 1
                continue
        out.append(text[i])
        i += 1
    return "".join(out)


names = st.sampled_from([*PLACEHOLDERS, "ukendt"])
pieces = st.one_of(st.text(alphabet="ab {}\næ", max_size=5), names.map(lambda n: "{" + n + "}"))


@given(st.lists(pieces, max_size=12).map("".join),
       st.dictionaries(st.sampled_from(list(PLACEHOLDERS)), st.text(alphabet="{}link xæ", max_size=8), min_size=7))
def test_fill_is_a_single_pass(text, values):
    values = {**values, "kontakt": values.get("kontakt") or "K"}  # keep every line (tested above)
    assert fill(text, values) == _reference_fill(text, values)


def test_names_in_finds_each_occurrence():
    assert placeholders.names_in("{link}{link} {frist}") == ["link", "link", "frist"]
    assert re.search("ukendt", body_problems("{ukendt}{link}")[0])
