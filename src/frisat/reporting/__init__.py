"""Figures and reports of an analysis: CSV, JSON, XLSX, HTML and PDF (all text Danish).

>>> from frisat.reporting import write_outputs  # doctest: +SKIP
>>> write_outputs(result, frame, Path("resultater"))  # doctest: +SKIP

``write_outputs`` is imported on first use (PEP 562): importing a light submodule such as
``frisat.reporting.audit_summary`` or ``labels`` does not pull in SciPy and matplotlib, so the web
server's first workers start in about a second (see frisat.cli.gunicorn_server).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frisat.reporting.outputs import write_bundle, write_outputs

__all__ = ["write_bundle", "write_outputs"]


def __getattr__(name: str) -> Any:
    if name in ("write_outputs", "write_bundle"):
        from frisat.reporting import outputs

        return getattr(outputs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
