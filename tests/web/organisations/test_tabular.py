"""The small CSV/XLSX reader for organisation and respondent files."""

import pytest

from frisat.core.errors import ValidationFailed
from frisat.web.organisations.tabular import check_size, read_table
from tests.web.helpers import csv_bytes, xlsx_bytes

ROWS = [{"kommune": "Rebild", "omraade": "skole", "enhed": "Skørping Skole"},
        {"kommune": "Rebild", "omraade": "dagtilbud", "enhed": "Børnehuset Mælkebøtten"}]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_csv_encodings_and_separators(encoding, sep):
    text = sep.join(["Kommune", " Område ", "enhed"]) + "\n" + "\n".join(
        sep.join(row.values()) for row in ROWS) + "\n"
    table = read_table(csv_bytes(text, encoding), "org.csv")
    assert table.header == ["kommune", "omraade", "enhed"]
    assert table.rows == ROWS
    assert table.row_numbers == [2, 3]


def test_csv_quotes_blank_rows_and_stripping():
    data = csv_bytes('email;enhed;gruppe\n\n" a@x.dk ";"Skole; nord";leder\n;;\nb@x.dk;X;medarbejder\n')
    table = read_table(data, "r.csv")
    assert table.rows[0] == {"email": "a@x.dk", "enhed": "Skole; nord", "gruppe": "leder"}
    assert table.row_numbers == [3, 5]  # blank rows are skipped but keep their numbers


def test_xlsx_first_sheet_numbers_as_text():
    data = xlsx_bytes([["kommune", "omraade", "enhed", None], ["Rebild", "skole", 12.0, None], [None, None, None]])
    table = read_table(data, "org.xlsx")
    assert table.header == ["kommune", "omraade", "enhed"]
    assert table.rows == [{"kommune": "Rebild", "omraade": "skole", "enhed": "12"}]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("tom.csv", b"", "tom"),
    ("tom.csv", b"\r\n;;\r\n", "tom"),
    ("binary.csv", b"\x00\x01\x02PNG", "ikke en tekstfil"),
    ("gammel.xls", b"\xd0\xcf\x11\xe0", ".xlsx eller .csv"),
    ("ødelagt.xlsx", b"PK\x03\x04 not really a zip", "gyldig Excel"),
    ("quote.csv", csv_bytes('a;b\n"x;y\n'), "gyldig CSV"),
    ("extra.csv", csv_bytes("a;b\n1;2;3\n"), "Række 2: Rækken har 3 felter"),
    ("dup.csv", csv_bytes("a;a\n1;2\n"), "står to gange"),
    ("nohead.csv", csv_bytes("a;;b\n1;2;3\n"), "Kolonne nr. 2 har ingen overskrift"),
])
def test_malformed_files_are_refused(name, data, message):
    with pytest.raises(ValidationFailed, match=message) as info:
        read_table(data, name)
    assert "intet er indlæst" in str(info.value)


def test_size_limit_message():
    with pytest.raises(ValidationFailed, match="største fil"):
        check_size("stor.csv", 3 * 1024 * 1024, 1024 * 1024)
    check_size("lille.csv", 10, 1024)


def test_require_columns():
    table = read_table(csv_bytes("email;enhed;afdeling\nx;y;z\n"), "r.csv")
    with pytest.raises(ValidationFailed) as info:
        table.require_columns({"email", "enhed", "gruppe"}, {"omraade"})
    text = str(info.value)
    assert "Kolonnen «gruppe» mangler" in text and "Ukendt kolonne «afdeling»" in text
