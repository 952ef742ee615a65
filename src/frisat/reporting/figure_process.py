"""The density figures of a big analysis (one per spor, a million points each) drawn by a helper process.

:func:`frisat.reporting.figures.spor_scatter` costs ≈ 0.5 CPU-s a figure at 1,000,000 respondents,
all of it matplotlib holding the GIL. For a big analysis :func:`frisat.reporting.outputs.write_outputs`
starts this process at the beginning (matplotlib is imported on the other core), hands it the
panels as soon as they are computed, and draws the other figures meanwhile. The figures are
:func:`~frisat.reporting.figures.spor_scatter`'s own, byte for byte (a fresh seed per figure).
Only Danish is drawn here; another language draws in the caller's process.
"""

from __future__ import annotations

import pickle
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from frisat.core.analysis import AnalysisConfig
from frisat.reporting._child import Child
from frisat.reporting.figures import FigureOutput
from frisat.reporting.panels import Panel

_JOBS = "scatter-jobs.pickle"
_DONE = "scatter-figures.pickle"
Job = tuple[str, Sequence[Panel], AnalysisConfig, str, str]
"""The arguments of one :func:`~frisat.reporting.figures.spor_scatter` call."""


class ScatterPainter:
    """A process waiting for one list of scatter jobs; use as a context manager (stops it on error)."""

    def __init__(self, out_dir: Path) -> None:
        self._scratch = tempfile.TemporaryDirectory(prefix=".frisat-fig-", dir=out_dir)
        self.spool = Path(self._scratch.name)
        self.sent = False
        try:
            self.child = Child("frisat.reporting.figure_process", [str(self.spool.resolve())],
                               self.spool / "stderr.txt", stdin=True)
        except BaseException:
            self._scratch.cleanup()
            raise

    def draw(self, jobs: list[Job]) -> None:
        """Hand the jobs over (call :meth:`figures` for the result)."""
        with open(self.spool / _JOBS, "wb") as handle:
            pickle.dump(jobs, handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.child.stdin.write(b"go\n")
        self.child.stdin.close()
        self.sent = True

    def figures(self) -> list[FigureOutput]:
        self.child.wait("Tegningen af tæthedsdiagrammerne")
        with open(self.spool / _DONE, "rb") as handle:
            return pickle.load(handle)

    def __enter__(self) -> ScatterPainter:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.child.stop()
        finally:
            self._scratch.cleanup()


def _main(spool: Path) -> None:
    from frisat.reporting.figures import spor_scatter  # matplotlib loads while the caller computes

    if sys.stdin.buffer.read().strip() != b"go":  # the caller stopped first
        return
    with open(spool / _JOBS, "rb") as handle:
        jobs: list[Job] = pickle.load(handle)
    figures = [spor_scatter(*job) for job in jobs]
    with open(spool / _DONE, "wb") as handle:
        pickle.dump(figures, handle, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    _main(Path(sys.argv[1]))
