"""Import and export of the canonical data format (CSV, Excel, SPSS, Stata), templates and codebooks.

Example::

    from frisat.io import read_responses, write_responses

    result = read_responses("svar.csv", "vive-frisaettelse")
    for warning in result.warnings:
        print(warning)
    write_responses(result.frame, "svar.sav", "vive-frisaettelse")

The names below are imported on first use, so that :mod:`frisat.io.safety` and
:mod:`frisat.io.isolation` load without pandas (the import child stays small and quick).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frisat.io.codebook import codebook
    from frisat.io.reading import ImportResult, read_responses
    from frisat.io.template import write_template
    from frisat.io.writing import write_responses

_LAZY = {"ImportResult": "frisat.io.reading", "codebook": "frisat.io.codebook", "read_responses": "frisat.io.reading",
         "write_responses": "frisat.io.writing", "write_template": "frisat.io.template"}

__all__ = ["ImportResult", "codebook", "read_responses", "write_responses", "write_template"]


class _Package(types.ModuleType):
    """Keeps ``frisat.io.codebook`` the function: importing the submodule of that name would rebind it."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "codebook" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'frisat.io' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
