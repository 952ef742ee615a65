"""The XLSX/zip safety check and the limited child process (issue 11, item 4), with the probe files."""

from __future__ import annotations

import pytest

from frisat.core.errors import ValidationFailed
from frisat.io import read_responses
from frisat.io.safety import ANALYSIS_LIMITS, UPLOAD_LIMITS, check_xlsx

from . import bombs

ORG = [["kommune", "omraade", "enhed"], ["Rebild", "skole", "Skørping Skole"], ["Rebild", "dagtilbud", "Mælkebøtten"]]


def refusal(data: bytes, limits=UPLOAD_LIMITS) -> str:
    with pytest.raises(ValidationFailed) as info:
        check_xlsx(data, "probe.xlsx", limits)
    assert len(info.value.problems) == 1
    return info.value.problems[0].message


def test_a_real_workbook_passes_both_limits():
    data = bombs.workbook_bytes(ORG)
    check_xlsx(data, "org.xlsx", UPLOAD_LIMITS)
    check_xlsx(data, "org.xlsx", ANALYSIS_LIMITS)


def test_declared_dimension_is_not_trusted():
    check_xlsx(bombs.declared_dimension(ORG), "org.xlsx", UPLOAD_LIMITS)


@pytest.mark.parametrize("limits", [UPLOAD_LIMITS, ANALYSIS_LIMITS], ids=["upload", "analysis"])
def test_one_400_mb_cell_is_refused(limits):
    data = bombs.big_cell(400)
    assert len(data) < 1024 * 1024
    message = refusal(data, limits)
    assert "for stor udpakket" in message or "over 32.767 tegn" in message


def test_a_cell_over_excels_limit_is_refused_while_streaming():
    # 2 MB of text in one cell: under the size limits, so the cell length is what stops it.
    message = refusal(bombs.big_cell(2), UPLOAD_LIMITS.with_overrides(max_ratio=10**6))
    assert message.startswith("En celle i filen har over 32.767 tegn")


def test_363_mb_of_sheet_xml_is_refused_by_the_uncompressed_limit():
    data = bombs.huge_sheet(363)
    assert len(data) < 4 * 1024 * 1024
    assert refusal(data) == "Filen er for stor udpakket: over 100 MB. Del den op, eller gem den som CSV."


def test_a_sheet_that_lies_about_its_size_is_refused_while_streaming():
    # Declared as 50 MB (under the limit); the ratio is measured on the bytes that actually come out.
    assert "pakket over 100 gange" in refusal(bombs.huge_sheet(363, declared=50 * 1024 * 1024))


def test_a_member_that_unpacks_to_more_than_it_declares_is_refused():
    # Without the ratio limit: reading stops at the declared 4 MB, and the checksum then fails.
    limits = UPLOAD_LIMITS.with_overrides(max_ratio=10**6, max_uncompressed_bytes=8 * 1024 * 1024)
    assert "zip-arkivet er beskadiget" in refusal(bombs.huge_sheet(20, declared=4 * 1024 * 1024), limits)


def test_the_uncompressed_limit_is_a_setting():
    limits = UPLOAD_LIMITS.with_overrides(max_ratio=10**6, max_uncompressed_bytes=3 * 1024 * 1024)
    assert refusal(bombs.huge_sheet(4), limits).startswith("Filen er for stor udpakket: over 3,0 MB")


def test_too_many_cells_rows_and_columns():
    few = UPLOAD_LIMITS.with_overrides(max_cells=1000)
    assert refusal(bombs.huge_sheet(1), few).startswith("Filen har over 1.000 celler")
    assert refusal(bombs.huge_sheet(1), UPLOAD_LIMITS.with_overrides(max_rows=500)).startswith(
        "Arket har over 500 rækker")
    assert "over 1.000 kolonner" in refusal(bombs.wide_cell("XFD"))
    check_xlsx(bombs.wide_cell("XFD"), "wide.xlsx", ANALYSIS_LIMITS)


@pytest.mark.parametrize("make", [bombs.billion_laughs, bombs.external_entity], ids=["laughs", "external"])
def test_xml_with_a_dtd_is_refused(make):
    assert "DTD" in refusal(make())


def test_thousands_of_members_are_refused_before_zipfile_reads_them():
    assert refusal(bombs.many_members(5000)).startswith("Zip-arkivet har for mange dele (over 1.000)")


def test_not_a_zip():
    assert "ikke et zip-arkiv" in refusal(bombs.NOT_A_ZIP)


def test_a_member_with_a_wrong_checksum_is_a_danish_error():
    packed, crc, size = bombs.plain_sheet(f'<worksheet {bombs.NS}><sheetData/></worksheet>')
    assert "zip-arkivet er beskadiget" in refusal(bombs.with_sheet((packed, crc ^ 1, size)))


def test_a_sheet_that_is_not_xml_is_a_danish_error():
    assert "er ikke gyldig XML" in refusal(bombs.with_sheet(bombs.plain_sheet("<worksheet><row></worksheet>")))


# -- frisat analyze reads XLSX through the check -------------------------------------------------------

@pytest.mark.parametrize("make", [bombs.big_cell, bombs.billion_laughs, bombs.external_entity, bombs.many_members],
                         ids=["cell", "laughs", "external", "members"])
def test_analysis_reader_refuses_the_probes(tmp_path, make):
    path = tmp_path / "svar.xlsx"
    path.write_bytes(make())
    with pytest.raises(ValidationFailed) as info:
        read_responses(path, "vive-frisaettelse")
    assert info.value.problems[0].row is None and "intet er indlæst" in str(info.value)


def test_analysis_reader_refuses_a_csv_line_of_50_mb(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_bytes(bombs.long_line_csv(50))
    with pytest.raises(ValidationFailed, match="En række i filen er over 8 MB lang"):
        read_responses(path, "vive-frisaettelse")


def test_analysis_reader_refuses_a_header_without_end(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_bytes(b"a" + b";a" * 100_000 + b"\n1\n")
    with pytest.raises(ValidationFailed, match="Overskriftsrækken"):
        read_responses(path, "vive-frisaettelse")


def test_prefixed_element_names_are_counted_too():
    xml = ('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
           '<x:row r="1"><x:c r="XFD1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    assert "over 1.000 kolonner" in refusal(bombs.with_sheet(bombs.plain_sheet(xml)))


def test_a_long_shared_string_is_refused():
    def with_strings(text: str) -> bytes:
        sheet = bombs.plain_sheet(f'<worksheet {bombs.NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
                                  "</sheetData></worksheet>")
        strings = bombs.plain_sheet(f'<sst {bombs.NS} count="1"><si><r><t>{text}</t></r><r><t>!</t></r></si></sst>')
        return bombs.with_sheet(sheet, extra=[("xl/sharedStrings.xml", *strings)])

    assert refusal(with_strings("x" * 32_767)).startswith("En celle i filen har over 32.767 tegn")
    check_xlsx(with_strings("x" * 32_766), "ok.xlsx")
