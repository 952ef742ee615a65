"""The main analysis and the extended analysis side by side, on the two cores a laptop has.

:func:`analyze_with_extended` returns exactly what ``analyze`` followed by ``extended_analysis``
return, in about the time of the longer of the two instead of their sum: the extended tables only
need to know which group × spor the main analysis suppresses, and that follows from the group
sizes alone (:func:`frisat.core.grouping.spor_counts` is analyze's ``n``), so they start at once
instead of waiting for analyze's tables. The respondents' indices are computed once for both.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from concurrent.futures import ThreadPoolExecutor

import pandas as pd

from frisat.core import analysis
from frisat.core.analysis import AnalysisConfig, AnalysisResult, hidden_rows
from frisat.core.extended import ExtendedConfig, ExtendedResult, blank_hidden, extended_analysis, extended_tables
from frisat.core.grouping import check_barometer, group_cells, spor_counts
from frisat.core.instrument import Instrument
from frisat.core.schema import ID_COLUMN
from frisat.core.scoring import respondent_indices


def analyze_with_extended(
    frame: pd.DataFrame,
    instrument: Instrument,
    by: Sequence[str] = (),
    config: AnalysisConfig | None = None,
    extended: ExtendedConfig | None = None,
    *,
    only: Collection[str] | None = None,
    extended_frame: pd.DataFrame | None = None,
) -> tuple[AnalysisResult, ExtendedResult]:
    """``analyze(frame, instrument, by, config)`` and ``extended_analysis`` of it, computed concurrently.

    The same results (and the same errors, analyze's first) as the two calls one after the other;
    with ``extended.enabled`` false the extended result is empty. ``only`` as in ``extended_analysis``.
    ``extended_frame``: the extended tables are ``extended_analysis(extended_frame, …)`` of the main
    analysis instead — the same rows in the same order with other background values (the disclosure
    rules' merges and blanked units); rows that differ make it run after the main analysis.
    """
    config = config or AnalysisConfig()
    extended = extended or ExtendedConfig()
    if not extended.enabled:
        result = analysis.analyze(frame, instrument, by, config)
        return result, ExtendedResult(config=extended, by=result.by)
    cells = group_cells(frame, instrument, by)  # analyze's checks of the grouping and the rows, in its order
    check_barometer(instrument)
    indices = respondent_indices(frame, instrument, config.min_answered)
    hidden = hidden_rows(frame, cells.by, config)
    suppressed = {spor: (n < config.min_n)[cells.codes] | hidden
                  for spor, n in spor_counts(frame, instrument, cells, config.min_answered, indices).items()}
    source = frame if extended_frame is None else extended_frame
    if source is not frame and not _same_rows(frame, source):
        result = analysis.analyze(frame, instrument, by, config, indices=indices)
        return result, extended_analysis(source, instrument, result, extended, only=only)
    visible = blank_hidden(source, instrument, suppressed)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="frisat-udvidet-start") as pool:
        # the indices of ``frame`` serve only its own visible rows (another frame's are computed anew)
        tables = pool.submit(extended_tables, visible, instrument, config, cells.by, extended,
                             indices=indices if visible is frame else None, only=only)
        result = analysis.analyze(frame, instrument, by, config, indices=indices)
        return result, tables.result()


def _same_rows(frame: pd.DataFrame, other: pd.DataFrame) -> bool:
    """Whether ``other`` has the rows of ``frame`` in the same order (index and respondent ids)."""
    if len(frame) != len(other) or not frame.index.equals(other.index):
        return False
    if ID_COLUMN in frame.columns and ID_COLUMN in other.columns:
        return bool(frame[ID_COLUMN].reset_index(drop=True).equals(other[ID_COLUMN].reset_index(drop=True)))
    return True
