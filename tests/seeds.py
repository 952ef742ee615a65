"""The source documents (seeds) as plain text, for tests that check what the product quotes from them.

The seeds live outside the repository (``/work/shared/seeds`` on the team's machines, ``shared/seeds``
beside the checkout in CI); a test that needs one skips when it is not there.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

_FOLDERS = (Path("/work/shared/seeds"), Path(__file__).resolve().parents[2] / "shared" / "seeds")


def normalise(text: str) -> str:
    """Words joined across the PDF's line-break hyphens («bor-\\ngere» → «borgere»), whitespace collapsed."""
    text = re.sub(r"(\w)-\s*\n\s*(?=[a-zæøå])", r"\1", text)
    return " ".join(text.split())


@cache
def _find(number: str) -> Path | None:
    for folder in _FOLDERS:
        found = sorted(folder.glob(f"{number}_*.txt")) if folder.is_dir() else []
        if found:
            return found[0]
    return None


def seed_text(number: str) -> str:
    """Seed ``number`` (e.g. ``"002"``), normalised; skips the calling test when it is not available."""
    path = _find(number)
    if path is None:
        pytest.skip(f"seed {number} is not available here")
    return normalise(path.read_text(encoding="utf-8"))
