"""The helper processes of the output phase: the data files and the PDF written by separate processes
give the same files as the single process, and a failing helper is reported, not hidden."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from frisat.core.analysis import AnalysisConfig, analyze
from frisat.core.extended import extended_analysis
from frisat.core.instrument import Instrument
from frisat.reporting import data_files, outputs, write_outputs
from frisat.reporting._child import Child
from tests.reporting.conftest import make_frame, pdf_page_count

GROUPS = [("Aby", "dagtilbud", 14), ("Aby", "skole", 12), ("Bby", "dagtilbud", 15), ("Bby", "aeldre", 3)]


def _files(folder: Path) -> dict[str, Path]:
    return {str(p.relative_to(folder)): p for p in sorted(folder.rglob("*")) if p.is_file()}


def _zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None  # every member's CRC matches
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def test_helper_processes_write_the_same_files(instrument: Instrument, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    frame = make_frame(instrument, GROUPS, seed=3)
    result = analyze(frame, instrument, by=["kommune", "omraade"], config=AnalysisConfig(min_n=5))
    extended = extended_analysis(frame, instrument, result)
    together = write_outputs(result, frame, tmp_path / "en", extended=extended)
    monkeypatch.setattr(outputs, "PROCESS_ROWS", 1)
    monkeypatch.setattr(data_files, "PROCESS_ROWS", 1)
    apart = write_outputs(result, frame, tmp_path / "to", extended=extended)

    assert [p.relative_to(tmp_path / "to") for p in apart] == [p.relative_to(tmp_path / "en") for p in together]
    one, two = _files(tmp_path / "en"), _files(tmp_path / "to")
    assert list(one) == list(two)  # no scratch folder or stray file left behind
    for name, path in one.items():
        if name.endswith(".xlsx"):
            assert _zip_members(path) == _zip_members(two[name]), name
        elif name.endswith(".pdf"):
            assert pdf_page_count(path.read_bytes()) == pdf_page_count(two[name].read_bytes()) > 1
        else:
            assert path.read_bytes() == two[name].read_bytes(), name


def test_a_failing_helper_raises_with_its_error(tmp_path: Path) -> None:
    child = Child("frisat.reporting.no_such_module", [], tmp_path / "stderr.txt")
    with pytest.raises(RuntimeError, match="no_such_module"):
        child.wait("Prøven")


def test_the_respondent_sheet_reads_back(instrument: Instrument, tmp_path: Path) -> None:
    frame = make_frame(instrument, GROUPS, seed=5)
    result = analyze(frame, instrument, by=["kommune"], config=AnalysisConfig(min_n=5))
    write_outputs(result, frame, tmp_path, pdf=False)
    fast = tmp_path / "resultater.xlsx"
    rows = list(load_workbook(fast, read_only=True)["Respondenter"].iter_rows(values_only=True))
    expected = result.respondents
    assert len(rows) == len(expected) + 1
    assert [r[0] for r in rows[1:]] == expected["respondent_id"].tolist()
    impl = rows[0].index("Implementeringsindeks")
    written = [float("nan") if r[impl] is None else r[impl] for r in rows[1:]]  # a missing index is an empty cell
    assert written == pytest.approx(expected["impl_index"].tolist(), nan_ok=True)
