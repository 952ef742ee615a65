"""The examples in ``frisat.core``'s docstrings run, and give what they say (issue 12 item 7)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import frisat.core

MODULES = sorted(info.name for info in pkgutil.walk_packages(frisat.core.__path__, "frisat.core."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) in {name} fail"


def test_core_has_examples() -> None:
    """Guards the test above against finding nothing (e.g. after a move of the package)."""
    finder = doctest.DocTestFinder()
    examples = sum(len(test.examples) for name in MODULES
                   for test in finder.find(importlib.import_module(name)))
    assert examples >= 10
