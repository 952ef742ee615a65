"""The data files of one analysis — summary.csv/.json, analysis.json, the extended tables' CSV files,
respondents.csv and resultater.xlsx — written beside the report, in a thread or in a second process.

The report (figures, HTML, PDF) is pure Python and holds the GIL nearly all the time; the data
files are mostly Arrow kernels and zlib, which release it, but each of their thousands of calls
has to take it back. In one process the two slow each other down: at 1,000,000 respondents the
tables needed ≈ 10 CPU-seconds alone but more than 30 s wall-clock beside the report. From
:data:`PROCESS_ROWS` respondent rows the data files are therefore written by a separate process
(a fresh ``python -m frisat.reporting.data_files``, so no thread, lock or main module of the
caller is copied or run again). The two big tables go to it as Arrow IPC files in a scratch folder
inside the output folder — written in a fraction of a second and memory-mapped by the child
without a copy; the small tables (summary, counts, extended) are pickled beside them. Smaller
runs use a thread, where starting an interpreter would cost more than it saves.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa

from frisat.core.analysis import AnalysisResult
from frisat.core.extended import TABLES as EXTENDED_TABLES
from frisat.core.extended import ExtendedResult
from frisat.core.instrument import Instrument
from frisat.reporting._child import Child
from frisat.reporting.codes import written_tables
from frisat.reporting.excel import XSheet, write_xlsx
from frisat.reporting.tables import write_analysis_json, write_csv, write_summary_json

PROCESS_ROWS = 200_000
"""From this many rows in result.respondents (one per respondent × spor) a second process writes
the data files; below it a thread does."""
_RESPONDENTS = "respondents.arrow"
_COMMENTS = "comments.arrow"
_SMALL = "inputs.pickle"
_WRITTEN = "written.json"


def _write_extended_tables(extended: ExtendedResult | None, out_dir: Path, instrument: Instrument) -> list[Path]:
    """``{table}.csv`` for each extended table that applies; a stale file of one that does not is removed."""
    tables = written_tables(extended, instrument) if extended is not None else {}
    written = []
    for name in EXTENDED_TABLES:
        target = out_dir / f"{name}.csv"
        if name in tables:
            written.append(write_csv(tables[name], target))
        elif extended is not None:
            target.unlink(missing_ok=True)
    return written


def write_data_files(result: AnalysisResult, extended: ExtendedResult | None, respondents: pa.Table,
                     comments: pd.DataFrame, out_dir: Path, extra_sheets: Sequence[XSheet] = ()) -> list[Path]:
    """Write the data files (in the order above) and return their paths.

    ``respondents`` is result.respondents as Arrow; ``comments`` the comments to show
    (:func:`frisat.core.followup.shown_comments`). Only result.summary, .counts and the settings
    are read from ``result``. ``extra_sheets`` go last in resultater.xlsx (the extra questions' item tables).
    """
    return [write_csv(result.summary, out_dir / "summary.csv"),
            write_summary_json(result, out_dir / "summary.json"),
            write_analysis_json(result, extended, out_dir / "analysis.json"),
            *_write_extended_tables(extended, out_dir, result.instrument),
            write_csv(respondents, out_dir / "respondents.csv"),
            write_xlsx(result, respondents, comments, out_dir / "resultater.xlsx", extended,
                       extra_sheets=extra_sheets)]


def _write_ipc(table: pa.Table, target: Path) -> None:
    with pa.OSFile(str(target), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _read_ipc(source: Path) -> pa.Table:
    return pa.ipc.open_file(pa.memory_map(str(source))).read_all()


def _write_from_spool(spool: Path) -> None:
    """The child process: read the inputs from ``spool`` (the big tables without a copy), write every
    data file and leave their paths in ``spool/written.json``."""
    with open(spool / _SMALL, "rb") as handle:
        result, extended, out_dir, extra_sheets = pickle.load(handle)
    respondents = _read_ipc(spool / _RESPONDENTS)
    comments = _read_ipc(spool / _COMMENTS).to_pandas()
    written = write_data_files(result, extended, respondents, comments, out_dir, extra_sheets)
    (spool / _WRITTEN).write_text(json.dumps([str(path) for path in written]), encoding="utf-8")


class DataFileWriter:
    """Writes the data files in the background; :meth:`result` waits and returns their paths.

    Use as a context manager: leaving the block stops an unfinished writer process (a thread is
    waited for) and removes the scratch folder.
    """

    def __init__(self, result: AnalysisResult, extended: ExtendedResult | None, respondents: pa.Table,
                 comments: pd.DataFrame, out_dir: Path, extra_sheets: Sequence[XSheet] = ()) -> None:
        self._spool: tempfile.TemporaryDirectory | None = None
        self._child: Child | None = None
        self._pool: ThreadPoolExecutor | None = None
        # The writer gets its own copies of the small tables; the big ones are immutable Arrow
        # (thread) or files (process). result.respondents/.comments are not needed any more.
        view = dataclasses.replace(result, summary=result.summary.copy(), counts=result.counts.copy(),
                                   respondents=result.respondents.iloc[:0], comments=result.comments.iloc[:0])
        if len(result.respondents) >= PROCESS_ROWS:
            self._spool = tempfile.TemporaryDirectory(prefix=".frisat-", dir=out_dir)
            try:
                spool = Path(self._spool.name)
                with open(spool / _SMALL, "wb") as handle:
                    pickle.dump((view, extended, Path(out_dir), tuple(extra_sheets)), handle,
                                protocol=pickle.HIGHEST_PROTOCOL)
                _write_ipc(respondents, spool / _RESPONDENTS)
                _write_ipc(pa.Table.from_pandas(comments, preserve_index=False), spool / _COMMENTS)
                self._child = Child("frisat.reporting.data_files", [str(spool)], spool / "stderr.txt")
            except BaseException:
                self._spool.cleanup()
                raise
        else:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="frisat-tabeller")
            self._future: Future[list[Path]] = self._pool.submit(write_data_files, view, extended, respondents,
                                                                 comments.copy(), out_dir, tuple(extra_sheets))

    @property
    def in_process(self) -> bool:
        return self._child is not None

    def result(self) -> list[Path]:
        if self._child is None:
            return self._future.result()
        self._child.wait("Skrivningen af datafilerne")
        assert self._spool is not None
        return [Path(p) for p in json.loads((Path(self._spool.name) / _WRITTEN).read_text(encoding="utf-8"))]

    def __enter__(self) -> DataFileWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._child is not None:
                self._child.stop()
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
        finally:
            if self._spool is not None:
                self._spool.cleanup()


if __name__ == "__main__":
    _write_from_spool(Path(sys.argv[1]))
