"""Reading registrations and candidate lists: all or nothing, row/column errors, bounded input."""

import datetime as dt

import pytest
from openpyxl import Workbook

from frisat.core.cases.scheme import get_scheme
from frisat.core.errors import ValidationFailed
from frisat.io import cases as case_io
from frisat.io.cases import read_candidates, read_registrations
from tests.io.bombs import billion_laughs

SCHEME = get_scheme("boernesager-frikommune")
HEADER = ("sagsnummer;periode;henvendelse_dato;beslutning_dato;indsats_dato;antal_aendringer;kontakter_moede;"
          "kontakter_hjemmebesoeg;kontakter_telefon;kontakter_skriftlig")


def test_csv_with_semicolons_bom_and_blank_line(tmp_path):
    path = tmp_path / "sager.csv"
    path.write_bytes(("\ufeff" + HEADER + "\nS-1;foer;01-02-2020;03-02-2020;10-02-2020;1;1;0;2;1\n\n"
                      "S-2;aar2;2020-03-01;2020-03-02;;0;1;1;1;1\n").encode())
    frame = read_registrations(path, SCHEME)
    assert frame["sagsnummer"].tolist() == ["S-1", "S-2"]
    assert frame["indsats_dato"].isna().tolist() == [False, True]


def test_csv_errors_give_spreadsheet_rows(tmp_path):
    path = tmp_path / "sager.csv"
    path.write_text(HEADER + "\nS-1;foer;01-02-2020;03-02-2020;10-02-2020;1;1;0;2;1\n\n"
                    "S-2;aar2;2020-13-01;2020-03-02;;0;1;1;1;1\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        read_registrations(path, SCHEME)
    assert str(info.value.problems[0]) == "Række 4, kolonne henvendelse_dato: «2020-13-01» findes ikke i kalenderen"
    assert "intet er indlæst" in str(info.value)


def test_xlsx_with_real_dates_and_errors(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.split(";"))
    ws.append(["S-1", "Før forsøget", dt.datetime(2020, 2, 1), dt.datetime(2020, 2, 3), "10-02-2020", 1, 1, 0, 2, 1])
    ws.append(["0102031234", "aar1", dt.datetime(2020, 2, 1), dt.datetime(2020, 2, 3), None, 1, 1, 0, 2, 1])
    path = tmp_path / "sager.xlsx"
    wb.save(path)
    with pytest.raises(ValidationFailed) as info:
        read_registrations(path, SCHEME)
    assert [(p.row, p.column) for p in info.value.problems] == [(3, "sagsnummer")]
    ws.delete_rows(3)
    wb.save(path)
    frame = read_registrations(path, SCHEME)
    assert frame["periode"].tolist() == ["foer"] and frame["henvendelse_dato"].iloc[0].day == 1


def test_oversized_and_hostile_files_are_refused(tmp_path, monkeypatch):
    path = tmp_path / "sager.csv"
    path.write_text(HEADER + "\n" + "S-1;foer;01-02-2020;03-02-2020;10-02-2020;1;1;0;2;1\n" * 50, encoding="utf-8")
    monkeypatch.setattr(case_io, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ValidationFailed, match="større end"):
        read_registrations(path, SCHEME)
    monkeypatch.undo()
    bomb = tmp_path / "bombe.xlsx"
    bomb.write_bytes(billion_laughs())
    with pytest.raises(ValidationFailed):
        read_registrations(bomb, SCHEME)
    with pytest.raises(ValidationFailed, match="Filtypen"):
        read_registrations(tmp_path / "sager.ods", SCHEME)


def test_candidates_from_txt_csv_and_xlsx(tmp_path):
    txt = tmp_path / "liste.txt"
    txt.write_text("S-1\nS-2\n\nS-3\n", encoding="utf-8")
    cases, checksum = read_candidates(txt)
    assert cases == ["S-1", "S-2", "S-3"] and len(checksum) == 64
    csv = tmp_path / "liste.csv"
    csv.write_text("afdeling;sagsnummer\nA;S-1\nB;S-2\n", encoding="utf-8")
    assert read_candidates(csv)[0] == ["S-1", "S-2"]
    wb = Workbook()
    wb.active.append(["nr"])
    for number in (101, 102):
        wb.active.append([number])
    xlsx = tmp_path / "liste.xlsx"
    wb.save(xlsx)
    assert read_candidates(xlsx)[0] == ["101", "102"]
