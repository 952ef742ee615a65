"""The limited child process that parses staff tables (frisat.io.isolation)."""

from __future__ import annotations

import zlib

import pytest

from frisat.core.errors import ValidationFailed
from frisat.io.isolation import ProcessLimits, run_limited
from frisat.io.safety import UPLOAD_LIMITS

from . import bombs

ORG = [["kommune", "omraade", "enhed"], ["Rebild", "skole", "Skørping Skole"], ["Rebild", "dagtilbud", "Mælkebøtten"]]

def test_child_returns_the_result():
    result = run_limited("frisat.web.organisations.tabular:parse_for_child", bombs.workbook_bytes(ORG),
                         {"source": "org.xlsx", "limits": UPLOAD_LIMITS.__dict__}, "org.xlsx", ProcessLimits())
    assert result == {"header": ["kommune", "omraade", "enhed"], "rows": [ORG[1], ORG[2]], "row_numbers": [2, 3]}


def test_child_that_dies_is_a_danish_refusal():
    # zlib.decompress(b"") raises zlib.error, which the child does not expect: it exits with a traceback.
    with pytest.raises(ValidationFailed, match="læsningen stoppede"):
        run_limited("zlib:decompress", b"", {}, "x", ProcessLimits())


def test_child_out_of_memory_is_a_danish_refusal():
    bomb = bombs.zlib_bomb(512)  # 0.5 MB that unpacks to 512 MB
    assert zlib.decompress(bombs.zlib_bomb(2)) == b"\0" * (2 * 1024 * 1024)
    limits = ProcessLimits(memory_bytes=300 * 1024 * 1024)
    with pytest.raises(ValidationFailed) as info:
        run_limited("zlib:decompress", bomb, {}, "bombe.bin", limits)
    assert "grænsen på 300 MB hukommelse" in str(info.value)


def test_child_out_of_time_is_a_danish_refusal():
    with pytest.raises(ValidationFailed, match="tiden løb ud"):
        run_limited("zlib:decompress", b"", {}, "x", ProcessLimits(wall_seconds=0.01))


def test_refusal_in_the_child_comes_back_whole():
    from frisat.web.organisations.tabular import parse_for_child  # noqa: F401 — the target exists

    with pytest.raises(ValidationFailed) as info:
        run_limited("frisat.web.organisations.tabular:parse_for_child", bombs.billion_laughs(),
                    {"source": "laughs.xlsx", "limits": UPLOAD_LIMITS.__dict__}, "laughs.xlsx", ProcessLimits())
    assert info.value.source == "laughs.xlsx" and "DTD" in info.value.problems[0].message
