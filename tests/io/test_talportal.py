"""Import of talportal exports and snapshots: formats, Danish row/column errors, all or nothing."""

from __future__ import annotations

import json

import openpyxl
import pytest

from frisat.core.errors import FrisatError, ValidationFailed
from frisat.demo.names import KOMMUNER
from frisat.io.talportal import (
    load,
    match_kommune,
    read_snapshot,
    read_talportal,
    write_snapshot,
)

HEADER = ("Instans;Sagsemne;Aar;Kvartal;Antal_sager_ialt;Afvisning.Henvisning;Stadfæstelse;Ændring.Ophævelse;"
          "Hjemvisning;Sagsbehandlingstid")
GOOD = [
    "Københavns Kommune;Serviceloven;2023;1;10;1;5;2;2;12,5",
    "Københavns Kommune;Serviceloven § 41;2023;1;4;0;2;1;1;",
    "Ærø;Beskæftigelse;2023;2;3;0;3;0;0;8",
    "Høje-Taastrup;Beskæftigelse;2023;Q3;0;0;0;0;0;",
]


def _csv(tmp_path, lines, encoding="utf-8", name="talportal.csv"):
    path = tmp_path / name
    path.write_bytes(("\n".join([HEADER, *lines]) + "\n").encode(encoding))
    return path


def _problems(exc: pytest.ExceptionInfo) -> list[str]:
    return [str(p) for p in exc.value.problems]


def test_cp1252_semicolon_export_is_read_into_the_canonical_table(tmp_path):
    snapshot = read_talportal(_csv(tmp_path, GOOD, "cp1252"), "Ankestyrelsens talportal 2025-03-01")
    frame = snapshot.frame
    assert list(frame["kommune"]) == ["København", "København", "Ærø", "Høje-Taastrup"]
    assert list(frame["lovomraade"]) == ["Serviceloven"] * 2 + ["Beskæftigelse"] * 2
    assert list(frame["paragraf"]) == ["", "§ 41", "", ""]
    assert list(frame["kvartal"]) == [1, 1, 2, 3]
    assert frame["sagsbehandlingstid"].iloc[0] == 12.5
    assert len(snapshot.sha256) == 64 and snapshot.source.startswith("Ankestyrelsens")
    assert any("Windows-1252" in w for w in snapshot.warnings)


def test_xlsx_and_comma_csv_give_the_same_table(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER.split(";"))
    for line in GOOD:
        cells = line.split(";")
        ws.append([c if i < 2 or c.startswith("Q") else (float(c.replace(",", ".")) if c else None)
                   for i, c in enumerate(cells)])
    wb.save(tmp_path / "t.xlsx")
    comma = tmp_path / "comma.csv"
    comma.write_text("\n".join([HEADER.replace(";", ","), *[line.replace("12,5", "12.5").replace(";", ",")
                                                            for line in GOOD]]), encoding="utf-8")
    a = read_talportal(tmp_path / "t.xlsx").frame
    b = read_talportal(comma).frame
    c = read_talportal(_csv(tmp_path, GOOD)).frame
    assert a.equals(b) and b.equals(c)


@pytest.mark.parametrize(("line", "expected"), [
    ("Aarhus;Serviceloven;2023;1;10;1;5;2;2,5;", "Række 2, kolonne I («Hjemvisning»): Antallet «2,5» er ikke et helt"),
    ("Aarhus;Serviceloven;2023;1;10;-1;5;2;2;", "Række 2, kolonne F («Afvisning.Henvisning»): Antallet «-1»"),
    ("Aarhus;Serviceloven;2023;1;11;1;5;2;2;", "Række 2, kolonne E («Antal_sager_ialt»): Delene"),
    ("Københaven;Serviceloven;2023;1;10;1;5;2;2;", "Mente du «København»?"),
    ("Christiansø;Serviceloven;2023;1;10;1;5;2;2;", "«Christiansø» er ikke en dansk kommune"),
    ("Aarhus;Serviceloven;2023;5;10;1;5;2;2;", "Kvartalet «5» skal være 1, 2, 3 eller 4"),
    ("Aarhus;Serviceloven;23;1;10;1;5;2;2;", "Året «23» er ikke et årstal"),
    ("Aarhus;Serviceloven;2023;1;10;1;5;2;2;-3", "Sagsbehandlingstiden «-3»"),
])
def test_bad_rows_are_named_by_row_and_column(tmp_path, line, expected):
    path = _csv(tmp_path, [line])
    with pytest.raises(ValidationFailed) as exc:
        read_talportal(path)
    assert any(expected in p for p in _problems(exc)), _problems(exc)
    assert "intet er indlæst" in str(exc.value)


def test_every_problem_is_listed_and_nothing_is_written(tmp_path):
    lines = [*GOOD, "Aarhus;Serviceloven;2023;1;x;1;5;2;2;", "Aarhus;Serviceloven;2023;1;10;1;5;2;1;",
             "Københavns Kommune;Serviceloven;2023;1;10;1;5;2;2;"]
    target = tmp_path / "snap.json"
    with pytest.raises(ValidationFailed) as exc:
        write_snapshot(read_talportal(_csv(tmp_path, lines)), target)
    rows = sorted(p.row for p in exc.value.problems)
    assert rows == [6, 7, 8]
    assert any("også i række 2" in p for p in _problems(exc))
    assert not target.exists()


def test_unknown_and_missing_columns(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Instans;Sagsemne;Aar;Kvartal;Antal_sager_ialt;Afvisning.Henvisning;Stadfæstelse;Hjemvisnig\n"
                    "Aarhus;A;2023;1;1;0;1;0\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        read_talportal(path)
    text = "\n".join(_problems(exc))
    assert "Ukendt kolonne «Hjemvisnig». Mente du «hjemvisning»?" in text
    assert "«Ændring.Ophævelse» mangler" in text


def test_national_total_rows_are_skipped_with_a_warning(tmp_path):
    snapshot = read_talportal(_csv(tmp_path, [*GOOD, "Hele landet;Serviceloven;2023;1;10;1;5;2;2;"]))
    assert len(snapshot.frame) == 4 and any("Hele landet" in w for w in snapshot.warnings)


def test_canonical_format_and_snapshot_round_trip(tmp_path):
    path = tmp_path / "kanonisk.csv"
    path.write_text("kommune,lovomraade,aar,kvartal,antal_sager,afvist_henvist,stadfaestet,aendret_ophaevet,hjemvist\n"
                    "Lyngby-Taarbæk,Serviceloven,2024,4,7,0,4,2,1\n", encoding="utf-8")
    snapshot = read_talportal(path, "egen opgørelse")
    target = write_snapshot(snapshot, tmp_path / "s.json")
    again = read_snapshot(target)
    assert again.frame.equals(snapshot.frame) and again.sha256 == snapshot.sha256
    assert again.source == "egen opgørelse" and load(target).frame.equals(snapshot.frame)
    before = target.read_bytes()
    with pytest.raises(FrisatError, match="findes allerede"):
        write_snapshot(snapshot, target)
    assert target.read_bytes() == before
    write_snapshot(snapshot, target, force=True)


def test_a_tampered_snapshot_is_validated_again(tmp_path):
    snapshot = read_talportal(_csv(tmp_path, GOOD))
    target = write_snapshot(snapshot, tmp_path / "s.json")
    body = json.loads(target.read_text(encoding="utf-8"))
    body["rows"][0][5] = 999
    target.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(ValidationFailed, match="Delene"):
        read_snapshot(target)


def test_the_98_municipalities():
    assert len(KOMMUNER) == 98 and len(set(KOMMUNER)) == 98
    for name in ("Høje-Taastrup", "Lyngby-Taarbæk", "Ærø", "Fanø", "Læsø", "Samsø", "Bornholm"):
        assert name in KOMMUNER
    assert "Christiansø" not in KOMMUNER
    assert match_kommune("Bornholms Regionskommune") == "Bornholm"
    assert match_kommune("Nordfyns Kommune") == "Nordfyns"
    assert match_kommune("aarhus") == "Aarhus"


def test_demo_data_round_trips_through_csv_and_xlsx(tmp_path):
    from frisat.demo.legal import generate_talportal
    from frisat.io.talportal import write_talportal

    frame = generate_talportal(2020, 2020, seed=5)
    frame = frame[frame["Instans"].isin(["Ærø", "Høje-Taastrup", "Aarhus"])].reset_index(drop=True)
    a = read_talportal(write_talportal(frame, tmp_path / "d.csv")).frame
    b = read_talportal(write_talportal(frame, tmp_path / "d.xlsx", "syntetisk")).frame
    assert a.equals(b) and len(a) == len(frame)
    assert a["antal_sager"].tolist() == frame["Antal_sager_ialt"].tolist()
    paragraphs = a[a["paragraf"] != ""]
    assert set(paragraphs["paragraf"]) == {"§ 41", "§ 42"} and set(paragraphs["lovomraade"]) == {"Børnehandicap"}
