"""A reproducible random sample of case numbers, recorded so it can be audited.

The sample is ``numpy.random.default_rng(seed).choice(N, size=n, replace=False)`` over the
candidate list in the order given (N candidates, positions 0…N−1); the drawn positions, in drawing
order, pick the case numbers. The same list (same SHA-256 checksum of the file) and the same seed and
n give the same sample; anyone can redo the draw with those three facts and NumPy.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

import numpy as np

from frisat.core.cases.registrations import looks_like_cpr
from frisat.core.errors import FrisatError

METHOD = "numpy.random.default_rng(seed).choice(N, size=n, replace=False)"


class SampleError(FrisatError):
    """The sample cannot be drawn (the message is Danish)."""


@dataclass(frozen=True)
class SampleRecord:
    """What an auditor needs to redo the draw."""

    seed: int
    n: int
    population: int
    sha256: str
    method: str
    numpy_version: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def sha256_of(data: bytes) -> str:
    """The SHA-256 checksum (hex) of a file's bytes, as ``sha256sum`` prints it."""
    return hashlib.sha256(data).hexdigest()


def check_candidates(candidates: list[str]) -> None:
    """Refuse an empty list, duplicates and anything shaped like a CPR number."""
    if not candidates:
        raise SampleError("Listen over sager er tom.")
    seen: dict[str, int] = {}
    for i, case in enumerate(candidates, start=1):
        if looks_like_cpr(case):
            raise SampleError(f"Sag nr. {i} i listen ligner et CPR-nummer. Brug kommunens løbenummer for "
                              "sagen — en stikprøve må ikke indeholde personoplysninger.")
        if case in seen:
            raise SampleError(f"Sagen «{case}» står to gange i listen (nr. {seen[case]} og nr. {i}).")
        seen[case] = i


def draw_sample(candidates: list[str], n: int, seed: int, sha256: str) -> tuple[list[str], SampleRecord]:
    """Draw ``n`` of ``candidates`` without replacement (see the module doc); the sample and its record."""
    check_candidates(candidates)
    if n < 1:
        raise SampleError("Stikprøven skal have mindst én sag (--n).")
    if n > len(candidates):
        raise SampleError(f"Stikprøven kan ikke have {n} sager: listen har kun {len(candidates)}.")
    if seed < 0:
        raise SampleError("Frøet (--seed) skal være et ikke-negativt heltal.")
    positions = np.random.default_rng(seed).choice(len(candidates), size=n, replace=False)
    record = SampleRecord(seed, n, len(candidates), sha256, METHOD, np.__version__)
    return [candidates[int(p)] for p in positions], record
