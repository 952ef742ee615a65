"""Import of talportal files into snapshots, the rates of a snapshot, a kommune's settings and decisions.

The web never computes a rate itself: :func:`rates` calls :func:`frisat.core.legal.rates.compute_rates`
on the snapshot's table, and the pages render :mod:`frisat.reporting.legal`'s view models.
"""

from __future__ import annotations

import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from frisat.core.errors import FrisatError, Problem, ValidationFailed
from frisat.core.legal import schema as s
from frisat.core.legal.rates import RatesResult, YearConvention, compute_rates
from frisat.io import talportal
from frisat.io.safety import ANALYSIS_LIMITS, check_xlsx
from frisat.web.legal.models import AppealSnapshot, CouncilDecision, LegalSettings
from frisat.web.organisations.models import Municipality

SYNTHETIC_MARK = "syntetisk"
"""A source text containing this word marks the snapshot's figures as synthetic (the demo's)."""


def _safe_name(name: str) -> str:
    base = Path(name or "upload").name
    base = re.sub(r"[^\w.\- æøåÆØÅ]", "_", base)[:120].strip() or "upload"
    return base


def import_upload(upload: UploadedFile, source: str, user: Any) -> tuple[AppealSnapshot, bool, list[str]]:
    """Validate an uploaded talportal file and store it as a new snapshot (all or nothing).

    Returns (snapshot, created, warnings); the same file imported again returns the existing snapshot.
    Raises :class:`ValidationFailed` with the problems in Danish (row and column named).
    """
    name = _safe_name(upload.name or "")
    limit = min(settings.FRISAT_MAX_UPLOAD_BYTES, talportal.MAX_FILE_BYTES)
    if upload.size is not None and upload.size > limit:
        raise ValidationFailed(name, [Problem(f"Filen er over {limit // (1024 * 1024)} MB. Del den op.")], 1)
    with tempfile.TemporaryDirectory(prefix="frisat-legal-") as tmp:
        path = Path(tmp) / name
        with open(path, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        if path.suffix.lower() == ".xlsx":
            # the web upload's limit on unpacked XML (zip and XML bombs), before the reader's own,
            # larger analysis limits: the file is read in the web process
            check_xlsx(path, name, ANALYSIS_LIMITS.with_overrides(
                max_file_bytes=limit, max_uncompressed_bytes=settings.FRISAT_IMPORT_MAX_UNCOMPRESSED_MB * 1024 * 1024))
        snapshot = talportal.read_talportal(path, source.strip())
    return store(snapshot, name, user)


def store(snapshot: talportal.Snapshot, file_name: str, user: Any = None,
          synthetic: bool = False) -> tuple[AppealSnapshot, bool, list[str]]:
    """Save a validated :class:`frisat.io.talportal.Snapshot`; never overwrite an existing one."""
    existing = AppealSnapshot.objects.filter(sha256=snapshot.sha256).first()
    if existing is not None:
        return existing, False, snapshot.warnings
    frame = snapshot.frame[list(s.CANONICAL_COLUMNS)]
    rows = [[None if isinstance(v, float) and np.isnan(v) else (v.item() if hasattr(v, "item") else v)
             for v in row] for row in frame.itertuples(index=False, name=None)]
    try:
        with transaction.atomic():
            created = AppealSnapshot.objects.create(
                source=snapshot.source[:300], file_name=file_name[:255], sha256=snapshot.sha256,
                row_count=len(rows), imported_by=user if getattr(user, "is_authenticated", False) else None,
                synthetic=synthetic or SYNTHETIC_MARK in snapshot.source.casefold(),
                columns=list(s.CANONICAL_COLUMNS), rows=rows)
    except IntegrityError:  # the same file, imported at the same moment by someone else
        return AppealSnapshot.objects.get(sha256=snapshot.sha256), False, snapshot.warnings
    return created, True, snapshot.warnings


def meta(snapshot: AppealSnapshot) -> dict[str, str]:
    """The snapshot line's fields, as :meth:`frisat.io.talportal.Snapshot.meta`."""
    return {"source": snapshot.source, "file_name": snapshot.file_name, "sha256": snapshot.sha256,
            "imported_at": snapshot.imported_at.strftime("%Y-%m-%d %H:%M UTC"), "rows": str(snapshot.row_count)}


@lru_cache(maxsize=4)
def _frame(pk: int, sha256: str) -> pd.DataFrame:
    snapshot = AppealSnapshot.objects.get(pk=pk)
    frame = pd.DataFrame(snapshot.rows, columns=snapshot.columns)
    frame[s.PARAGRAF] = frame[s.PARAGRAF].fillna("").astype(str)
    return frame.astype({s.AAR: "int64", s.KVARTAL: "int64", **{c: "int64" for c in s.COUNTS},
                         s.TIME: "float64"})


def frame(snapshot: AppealSnapshot) -> pd.DataFrame:
    """The snapshot's canonical table (kept in memory per process; snapshots never change)."""
    return _frame(snapshot.pk, snapshot.sha256)


@lru_cache(maxsize=8)
def _rates(pk: int, sha256: str, convention: str, min_cases: int, exclude_few: bool) -> RatesResult:
    return compute_rates(_frame(pk, sha256), convention, min_cases, exclude_few)  # type: ignore[arg-type]


def rates(snapshot: AppealSnapshot, convention: YearConvention = "calendar", min_cases: int = s.DEFAULT_MIN_CASES,
          exclude_few: bool = False) -> RatesResult:
    """:func:`frisat.core.legal.rates.compute_rates` of the snapshot (cached; treat as read-only)."""
    return _rates(snapshot.pk, snapshot.sha256, convention, min_cases, exclude_few)


def latest_snapshot() -> AppealSnapshot | None:
    return AppealSnapshot.objects.order_by("-imported_at", "-id").first()


def settings_for(municipality: Municipality) -> LegalSettings:
    """The kommune's legal settings (its talportal name guessed from its own name the first time)."""
    found = LegalSettings.objects.filter(municipality=municipality).first()
    if found is not None:
        return found
    guess = talportal.match_kommune(municipality.name) or ""
    found, _ = LegalSettings.objects.get_or_create(municipality=municipality, defaults={"talportal_name": guess})
    return found


def parse_kommuner(text: str) -> list[str]:
    """Municipality names (one a line or comma-separated) → official names; «mente du …?» otherwise."""
    names: list[str] = []
    problems: list[str] = []
    for part in re.split(r"[,;\n]", text or ""):
        part = part.strip()
        if not part:
            continue
        found = talportal.match_kommune(part)
        if found is None:
            hint = talportal.suggest_kommune(part)
            problems.append(f"«{part}» er ikke en dansk kommune." + (f" Mente du «{hint}»?" if hint else ""))
        elif found not in names:
            names.append(found)
    if problems:
        raise FrisatError(" ".join(problems))
    return names


def save_settings(municipality: Municipality, talportal_name: str, group_text: str) -> LegalSettings:
    """Set the kommune's talportal name and comparison group (validated; «mente du …?» on a typo)."""
    found = settings_for(municipality)
    names = parse_kommuner(talportal_name)
    if len(names) != 1:
        raise FrisatError("Skriv præcis én kommune som navn i talportalen.")
    group = [k for k in parse_kommuner(group_text) if k != names[0]]
    found.talportal_name = names[0]
    found.comparison_group = group
    found.save()
    return found


def record_decision(municipality: Municipality, snapshot: AppealSnapshot, user: Any, **values: Any) -> CouncilDecision:
    """Add the council's decision to the kommune's history (never changes an earlier one)."""
    if values.get("outcome") == CouncilDecision.Outcome.PLAN and not (values.get("action_plan") or "").strip():
        raise FrisatError("Beskriv handleplanen, når kommunalbestyrelsen har besluttet en.")
    return CouncilDecision.objects.create(municipality=municipality, snapshot=snapshot, recorded_by=user, **values)
