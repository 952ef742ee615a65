"""rapport.pdf printed by a helper process that is started before the report is ready.

WeasyPrint is pure Python: its import (≈ 1 s: Pango, fontTools) and the print itself hold the GIL.
For a big analysis :func:`frisat.reporting.outputs.write_outputs` starts this process at the
beginning, so the import happens on the other core while the figures are drawn; when the print
HTML is ready it goes to the process as a file, and the report's HTML file and the figure files
are written while it prints. The PDF is the same as :func:`frisat.reporting.report.write_pdf` in
the caller's process (it is that function).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from frisat.reporting._child import Child


class PdfPrinter:
    """A process waiting for one ``print(html, target)``; use as a context manager (stops it on error)."""

    def __init__(self, out_dir: Path) -> None:
        self._scratch = tempfile.TemporaryDirectory(prefix=".frisat-pdf-", dir=out_dir)
        self.spool = Path(self._scratch.name)
        try:
            self.child = Child("frisat.reporting.pdf_process", [], self.spool / "stderr.txt", stdin=True)
        except BaseException:
            self._scratch.cleanup()
            raise

    def print(self, html: str, target: Path) -> None:
        """Hand the print HTML over; the process writes ``target`` (call :meth:`wait`)."""
        source = self.spool / "print.html"
        source.write_text(html, encoding="utf-8")
        self.child.stdin.write(f"{source.resolve()}\n{Path(target).resolve()}\n".encode())
        self.child.stdin.close()

    def wait(self) -> None:
        self.child.wait("Udskriften af rapport.pdf")

    def __enter__(self) -> PdfPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.child.stop()
        finally:
            self._scratch.cleanup()


def _main() -> None:
    import weasyprint.pdf.fonts  # noqa: F401 - loaded while the caller still draws the figures

    from frisat.reporting.report import write_pdf

    lines = sys.stdin.buffer.read().decode().splitlines()
    if len(lines) < 2:  # the caller stopped before the report was ready
        return
    write_pdf(Path(lines[0]).read_text(encoding="utf-8"), Path(lines[1]))


if __name__ == "__main__":
    _main()
