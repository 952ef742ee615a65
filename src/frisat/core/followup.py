"""Qualitative follow-up (issue 4, item 7): units that stand out, and comments by quadrant.

The barometer is "et indledende pejlemærke, der kan suppleres af opfølgende metoder" (seed 002,
sections 3.8.2 and 4.2); section 4.2 names "interviews og observationsstudier" and the selection of
"særligt interessante cases". :func:`followup` lists the units worth a closer look and why;
:func:`shown_comments` places the open comments in a quadrant and :func:`comments_by_quadrant` orders
them so that they can be read beside the figures.

>>> from frisat.core.analysis import analyze
>>> from frisat.core.instrument import get_instrument
>>> from frisat.demo import generate_responses
>>> inst = get_instrument()
>>> frame = generate_responses(inst, seed=1)
>>> table = followup(analyze(frame, inst, by=["omraade", "enhed"]), frame, inst)
>>> list(table.columns)
['omraade', 'enhed', 'spor', 'reason', 'value', 'dimension', 'impl_mean', 'vigt_mean', 'reference']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from frisat.core.analysis import DIMENSIONS, AnalysisResult, _group_keys
from frisat.core.errors import FrisatError
from frisat.core.instrument import Instrument
from frisat.core.quadrants import LINE_TOLERANCE, QUADRANT_IDS
from frisat.core.scoring import index_column, indices_for

REASONS = ("priority", "deviation", "largest_gap", "largest_change")
"""The follow-up reasons, in the order of the list (stable codes; :mod:`frisat.reporting.codes` words them)."""
DEFAULT_TOP = 10
DEFAULT_DEVIATION = 1.5
"""Scale points between a unit's mean and its area's mean before the unit counts as deviating."""
PLACEMENT_BASES = ("respondent", "gruppe")
"""Where a comment's quadrant comes from: the respondent's own two indices, or his group's placement."""
FOLLOWUP_COLUMNS = ("spor", "reason", "value", "dimension", "impl_mean", "vigt_mean", "reference")
"""The columns of :func:`followup` after the ``by`` columns."""


def followup(
    result: AnalysisResult,
    frame: pd.DataFrame,
    instrument: Instrument,
    previous: AnalysisResult | None = None,
    top: int = DEFAULT_TOP,
    deviation: float = DEFAULT_DEVIATION,
    *,
    priority_top: int | None = None,
    indices: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Units that stand out, one row per unit × spor × reason: the basis for picking interview cases.

    ``result`` must be an analysis of ``frame`` grouped by a unit-like column, e.g.
    ``by=["omraade", "enhed"]`` (units within areas) or ``by=["enhed"]``; the last ``by`` column is
    the unit. Reasons (``reason``; ``value`` in scale points):

    - ``priority``: the unit's mean point is in the quadrant ``fokus`` ("Vigtigste fokusområde",
      ``quadrant_absolute`` = fokus); value = gap. With ``priority_top`` only that many of them, the largest gaps first
      (a municipality-wide analysis can have tens of thousands of units in fokus).
    - ``deviation``: the unit's impl or vigt mean lies more than ``deviation`` (default 1.5) from
      the mean of its area — all respondents of the first ``by`` column's group when there are two
      or more, else of all respondents (the same index definition as analyze); value = unit − area,
      one row per deviating dimension (``dimension``; ``reference`` = the area's mean). A distance
      equal to ``deviation`` up to floating-point rounding (:data:`frisat.core.quadrants.LINE_TOLERANCE`)
      does not count.
    - ``largest_gap``: the ``top`` largest positive gaps (vigt_mean − impl_mean) over all units ×
      spor; value = gap (a gap that is zero up to rounding is not positive).
    - ``largest_change``: with ``previous`` (an analysis of an earlier wave with the same ``by``),
      the ``top`` largest absolute changes of impl_mean for the same unit and spor; value = change
      (``dimension`` = impl, ``reference`` = the earlier wave's mean).

    Columns ``*by, spor, reason, value, dimension, impl_mean, vigt_mean, reference``: the codes and
    every number a sentence about the row needs (``impl_mean``/``vigt_mean`` the unit's means;
    :func:`frisat.reporting.codes.followup_detail` writes the sentence); sorted by reason, then by
    |value| (largest first). Suppressed groups — in either result — are never listed,
    and nothing is computed from them. ``indices``: the respondents' indices of ``frame`` when the
    caller has them (:func:`frisat.core.scoring.indices_for`).
    """
    by = list(result.by)
    if not by:
        raise FrisatError("Opfølgningslisten kræver en analyse pr. enhed, fx grupperet efter område og enhed "
                          "(--by omraade --by enhed).")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise FrisatError("Antallet af enheder på listerne over største gab og ændring skal være et heltal på "
                          "mindst 1.")
    if priority_top is not None and (isinstance(priority_top, bool) or not isinstance(priority_top, int)
                                     or priority_top < 1):
        raise FrisatError("Antallet af enheder på listen over prioriteter skal være et heltal på mindst 1.")
    if isinstance(deviation, bool) or not isinstance(deviation, int | float) or not deviation > 0:
        raise FrisatError("Grænsen for en afvigelse fra områdets gennemsnit skal være et positivt tal.")
    if len(frame) != result.n_respondents:
        raise FrisatError("Data passer ikke til analysen: antallet af besvarelser er forskelligt.")
    if previous is not None and list(previous.by) != by:
        raise FrisatError(f"Den tidligere analyse er grupperet efter {', '.join(previous.by) or 'intet'}, men "
                          f"den nye efter {', '.join(by)}; de kan kun sammenlignes med samme gruppering.")

    summary = result.summary[~result.summary["suppressed"].astype(bool)].reset_index(drop=True)
    for column in [*by, "spor"]:
        summary[column] = summary[column].astype("string")
    # Rows are chosen with vectorised masks (no iterrows): a municipality-wide analysis per unit has
    # tens of thousands of rows.
    focus = summary[summary["quadrant_absolute"] == "fokus"]
    if priority_top is not None:
        focus = focus.sort_values("gap", ascending=False, kind="stable").head(priority_top)
    blocks = [_block(focus, by, "priority", focus["gap"])]
    blocks += _deviations(summary, result, frame, instrument, by, deviation, indices)
    gaps = summary[summary["gap"] > LINE_TOLERANCE].sort_values("gap", ascending=False, kind="stable").head(top)
    blocks.append(_block(gaps, by, "largest_gap", gaps["gap"]))
    if previous is not None:
        blocks.append(_changes(summary, previous, by, top))

    out = pd.concat(blocks, ignore_index=True)
    out["__reason"] = out["reason"].map({r: i for i, r in enumerate(REASONS)})
    out["__size"] = -out["value"].abs()
    out = out.sort_values(["__reason", "__size", *by, "spor"], kind="stable").drop(columns=["__reason", "__size"])
    for column in [*by, "spor", "reason", "dimension"]:
        out[column] = out[column].astype("string")
    return out[[*by, *FOLLOWUP_COLUMNS]].reset_index(drop=True)


def _block(rows: pd.DataFrame, by: list[str], reason: str, value: pd.Series | np.ndarray,
           dimension: str | None = None, reference: pd.Series | np.ndarray | None = None) -> pd.DataFrame:
    """One reason's rows: the unit, the spor, the codes and the numbers a sentence about it needs."""
    block = rows[[*by, "spor"]].reset_index(drop=True)
    block["reason"] = pd.Series([reason] * len(block), dtype="string")
    block["value"] = np.asarray(value, dtype=float)
    block["dimension"] = pd.Series([dimension] * len(block), dtype="string")
    block["impl_mean"] = rows["impl_mean"].to_numpy(dtype=float, na_value=np.nan)
    block["vigt_mean"] = rows["vigt_mean"].to_numpy(dtype=float, na_value=np.nan)
    block["reference"] = (np.full(len(block), np.nan) if reference is None
                          else np.asarray(reference, dtype=float))
    return block


def _area_means(result: AnalysisResult, frame: pd.DataFrame, instrument: Instrument, area: str | None,
                indices: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mean impl and vigt index per area (all its respondents), or of everybody when ``area`` is None."""
    indices = indices_for(frame, instrument, result.config.min_answered, indices)
    if area is None:
        return indices.mean().to_frame().T
    key = _group_keys(frame, [area])[0]  # categorical: grouped by code, only the index becomes text
    means = indices.groupby(key, observed=True, sort=True).mean()
    means.index = means.index.astype("string")
    return means


def _deviations(summary: pd.DataFrame, result: AnalysisResult, frame: pd.DataFrame, instrument: Instrument,
                by: list[str], limit: float, indices: pd.DataFrame | None = None) -> list[pd.DataFrame]:
    area = by[0] if len(by) > 1 else None
    means = _area_means(result, frame, instrument, area, indices)
    blocks = []
    area_position = means.index.get_indexer(summary[area]) if area else np.zeros(len(summary), dtype=np.intp)
    for dim in DIMENSIONS:
        # The area mean of each summary row's own spor: look the (area, spor) pair up in the means table.
        position = {s: means.columns.get_loc(index_column(s, dim)) for s in result.spor}
        spor_position = summary["spor"].map(position).to_numpy(dtype=np.intp)
        reference = means.to_numpy()[area_position, spor_position]
        value = summary[f"{dim}_mean"].to_numpy(dtype=float, na_value=np.nan) - reference
        with np.errstate(invalid="ignore"):
            chosen = np.flatnonzero(np.abs(value) > limit + LINE_TOLERANCE)
        blocks.append(_block(summary.iloc[chosen], by, "deviation", value[chosen], dim, reference[chosen]))
    return blocks


def _changes(summary: pd.DataFrame, previous: AnalysisResult, by: list[str], top: int) -> pd.DataFrame:
    before = previous.summary[~previous.summary["suppressed"].astype(bool)][[*by, "spor", "impl_mean"]].copy()
    before = before.rename(columns={"impl_mean": "__before"})
    for column in [*by, "spor"]:
        before[column] = before[column].astype("string")
    both = summary.merge(before, on=[*by, "spor"], how="inner")
    both["__change"] = both["impl_mean"] - both["__before"]
    both = both[both["__change"].abs() > LINE_TOLERANCE]
    both = both.loc[both["__change"].abs().sort_values(ascending=False, kind="stable").index].head(top)
    return _block(both, by, "largest_change", both["__change"], "impl", both["__before"])


def shown_comments(result: AnalysisResult) -> pd.DataFrame:
    """``result.comments`` that may be shown, each placed in a quadrant.

    Leaves out the comments of a group × spor whose summary row is suppressed (fewer than min_n
    respondents with an index for the spor; ``result.comments`` already leaves out groups below the
    threshold by their number of respondents). Adds three columns after ``quadrant_absolute`` (the
    respondent's own quadrant, from his two indices):

    - ``group_quadrant``: the quadrant of the comment's group × spor in the summary (NA when the
      group has no placement for the spor);
    - ``placement``: the respondent's own quadrant, else his group's, else NA;
    - ``placement_basis``: ``respondent``, ``gruppe`` or NA — which of the two ``placement`` is.

    A respondent who has not answered both dimensions of the spor has no quadrant of his own: in a
    split design that is every respondent, and his comment is read beside the group he belongs to.
    The row order of ``result.comments`` is kept.
    """
    by = list(result.by)
    keys = [*by, "spor"]
    comments = result.comments
    summary = result.summary[[*keys, "quadrant_absolute", "suppressed"]].astype({c: "string" for c in keys})
    summary = summary.rename(columns={"quadrant_absolute": "group_quadrant"})
    looked_up = comments[keys].astype("string").merge(summary, on=keys, how="left", validate="many_to_one")
    shown = ~looked_up["suppressed"].fillna(True).to_numpy(dtype=bool)
    out = comments[shown].reset_index(drop=True)
    group = looked_up.loc[shown, "group_quadrant"].astype(object).reset_index(drop=True)
    group = group.where(group.isin(QUADRANT_IDS), None)
    own = out["quadrant_absolute"].astype(object)
    has_own = own.isin(QUADRANT_IDS).to_numpy()
    has_group = group.notna().to_numpy()
    position = out.columns.get_loc("quadrant_absolute") + 1
    out.insert(position, "group_quadrant", group.to_numpy(dtype=object))
    out.insert(position + 1, "placement", np.where(has_own, own.to_numpy(dtype=object), group.to_numpy(dtype=object)))
    basis = np.where(has_own, PLACEMENT_BASES[0], np.where(has_group, PLACEMENT_BASES[1], None))
    out.insert(position + 2, "placement_basis", pd.array(basis, dtype="string"))
    return out


def comments_by_quadrant(result: AnalysisResult) -> pd.DataFrame:
    """The shown comments (:func:`shown_comments`) grouped by spor and quadrant, with their number.

    Columns ``spor, quadrant_absolute, quadrant_basis, n_comments, *by, comment``;
    sorted by spor (questionnaire order), quadrant (fokus, fortsaet, overimplementering,
    lav_prioritet, then comments without a placement), the ``by`` columns and the text. The
    quadrant is the comment's ``placement``: the respondent's own (from his two indices, lines at
    the midpoint), or his group's when he has not answered both dimensions (``quadrant_basis`` =
    ``gruppe``; in a split design every comment). ``n_comments`` counts the comments of that spor ×
    quadrant. Comments of suppressed groups and group × spor are never included.
    """
    by = list(result.by)
    comments = shown_comments(result)
    columns = ["spor", "quadrant_absolute", "quadrant_basis", "n_comments", *by, "comment"]
    if comments.empty:
        return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "n_comments" else "string") for c in columns})
    comments = comments.copy()
    for column in [*by, "spor"]:
        comments[column] = comments[column].astype("string")
    spor_code = pd.Categorical(comments["spor"], categories=result.spor).codes
    quadrant_code = pd.Categorical(comments["placement"].astype(object), categories=QUADRANT_IDS).codes
    quadrant_code = np.where(quadrant_code < 0, len(QUADRANT_IDS), quadrant_code)  # no placement: last
    quadrant_ids = np.array([*QUADRANT_IDS, None], dtype=object)
    comments["quadrant_absolute"] = pd.Series(quadrant_ids[quadrant_code], index=comments.index, dtype=object)
    comments["quadrant_basis"] = comments["placement_basis"]
    comments["__spor"], comments["__quadrant"] = spor_code, quadrant_code
    comments["n_comments"] = comments.groupby(["__spor", "__quadrant"])["comment"].transform("size").astype("Int64")
    comments = comments.sort_values(["__spor", "__quadrant", *by, "comment"], kind="stable")
    return comments[columns].reset_index(drop=True)
