"""Figures and reports of an analysis: CSV, JSON, XLSX, HTML and PDF (all text Danish).

>>> from frisat.reporting import write_outputs  # doctest: +SKIP
>>> write_outputs(result, frame, Path("resultater"))  # doctest: +SKIP
"""

from frisat.reporting.outputs import write_outputs

__all__ = ["write_outputs"]
