"""The result files of an instrument without the barometer's dimensions (an evaluation survey):
items.csv, item_changes.csv, resultater.xlsx, figurer/ and rapport.html/.pdf.

:func:`frisat.reporting.outputs.write_bundle` hands a bundle without a barometer analysis here.
A barometer with extra questions gets the same files and chapter from write_bundle itself
(:func:`item_figures_for` and :func:`frisat.reporting.item_report.build_items_context`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from frisat.core.results import ResultBundle
from frisat.reporting._files import atomic_path, write_bytes, write_text
from frisat.reporting.excel import _codebook_rows, write_workbook
from frisat.reporting.figures import FigureOutput
from frisat.reporting.item_figures import item_figures
from frisat.reporting.item_report import build_items_report, render_items_report
from frisat.reporting.item_tables import codebook_notes, item_sheets, write_item_files

FIGURE_FOLDER = "figurer"


def item_figures_for(bundle: ResultBundle, first_number: int = 1) -> list[FigureOutput]:
    """The item chapter's figures, numbered from ``first_number`` (slugs ``figur_NN_…``)."""
    if bundle.items is None or bundle.instrument is None:
        return []
    figures = item_figures(bundle.items, bundle.instrument, bundle.min_n)
    for number, figure in enumerate(figures, start=first_number):
        figure.number = number
        figure.slug = f"figur_{number:02d}_{figure.slug}"
    return figures


def write_items_bundle(bundle: ResultBundle, out_dir: Path, *, pdf: bool = True,
                       progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write the files of an items-only bundle; returns the paths written."""
    if not bundle.allowed or bundle.instrument is None:
        raise ValueError("the subset may not be shown")
    say = progress or (lambda _message: None)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    instrument = bundle.instrument
    say("Skriver items.csv, item_changes.csv og resultater.xlsx")
    written = write_item_files(bundle.items, bundle.item_changes, out_dir)
    if bundle.items is None:
        return written
    sheets = item_sheets(bundle.items, bundle.item_changes, instrument, bundle.min_n)
    codebook = [row for sheet in sheets for row in _codebook_rows(sheet)]
    written.append(write_workbook(out_dir / "resultater.xlsx", sheets, codebook, codebook_notes(bundle.min_n)))
    say("Tegner figurer")
    figures = item_figures_for(bundle)
    folder = out_dir / FIGURE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    keep = set()
    for figure in figures:
        written.append(write_bytes(folder / f"{figure.slug}.png", figure.png))
        keep.add(f"{figure.slug}.png")
    for stale in folder.glob("figur_*.png"):
        if stale.name not in keep:
            stale.unlink(missing_ok=True)
    frame = bundle.frame
    context = build_items_report(bundle.items, bundle.item_changes, instrument, bundle.min_n, figures,
                                 n_respondents=len(frame) if frame is not None else 0,
                                 demo_note=frame.attrs.get("demo") if frame is not None else None,
                                 source_file=frame.attrs.get("source") if frame is not None else None)
    html = render_items_report(context)
    say("Skriver rapport.html")
    written.append(write_text(out_dir / "rapport.html", html))
    if pdf:
        from frisat.reporting.report import write_pdf

        say("Skriver rapport.pdf")
        target = out_dir / "rapport.pdf"
        with contextlib.ExitStack() as stack:
            write_pdf(html, stack.enter_context(atomic_path(target)))
        written.append(target)
    return written
