"""The report cites seed 002 only as the seed prints itself, quotes it word for word, and says what
Frisat added (issue 12, item 8). Made through the CLI, as a user makes the report."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frisat.cli.main import app
from tests.seeds import seed_text

runner = CliRunner()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder: Path = tmp_path_factory.mktemp("kilder")
    data, out = folder / "demo.csv", folder / "ud"
    for args in (["demo-data", "--out", str(data), "--respondents", "400", "--waves", "2"],
                 ["analyze", str(data), "--by", "omraade", "--out", str(out), "--no-pdf"]):
        result = runner.invoke(app, args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
    return html_lib.unescape((out / "rapport.html").read_text(encoding="utf-8"))


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_no_invented_title_or_year(report):
    assert "Hvordan måler man frisættelse" not in report
    assert "VIVE (2024)" not in report and "VIVE 2024" not in report and "Hjelmar m.fl." not in report
    assert "Metoden bygger på et notat fra VIVE af Ulf Hjelmar og Lars Bo Pedersen" in _text(report)


def test_interviews_are_cited_from_section_4_2_not_3_8_2(report):
    text = _text(report)
    chapter = text[text.index("Kvalitativ opfølgning"):]
    assert "interview og casestudier (VIVE 2024, afsnit 3.8.2)" not in text
    assert "(notatets afsnit 3.8.2 og 4.2) og skriver i afsnit 4.2: «Metoden vil kunne suppleres af mere " \
           "kvalitative metoder, herunder interviews og observationsstudier.»" in chapter


def test_every_quotation_from_the_note_is_in_the_note(report):
    """Each «…» the report attributes to VIVE or the note is a verbatim passage of seed 002."""
    seed = seed_text("002")
    text = _text(report)
    quoted = [m.group(1) for m in re.finditer(r"(?:VIVE|notatets afsnit|afsnit 4\.2)[^«»]{0,80}«([^«»]{25,})»",
                                              text)]
    quoted += re.findall(r"«(et indledende pejlemærke[^»]*)»", text)
    quoted += re.findall(r"«(guide en udvælgelse[^»]*)»", text)
    assert len(quoted) >= 4, quoted
    for passage in quoted:
        assert passage.rstrip(".") in seed, passage


def test_the_method_section_says_ved_ikke_is_frisats_addition(report):
    method = _text(report[report.index('id="om-maalingen"'):report.index('id="antal"')])
    assert "Bemærk: Svarmuligheden «Ved ikke» på de to skalaer er Frisats tilføjelse; den står ikke " \
           "i Bilag 1's spørgeskema." in method
