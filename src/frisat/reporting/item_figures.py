"""Stacked bar figures of the item tables: one bar per item × group × wave, one segment per answer.

Agreement scales (``diverging: true`` in the instrument) are drawn diverging: the answers below
the middle to the left of zero, those above to the right, the middle answer split in two around
zero — so «more» and «less» can be compared at a glance. Other labelled scales are stacked from
0 to 100 %. The shares are those of items.csv (substantive answers; «ved ikke» and blank are left
out and said in the note). A suppressed cell gets its bar's place with «for få besvarelser».
Drawn with matplotlib like the other figures (:mod:`frisat.reporting.figures`).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from frisat.core.instrument import ColumnSpec, Instrument, Scale
from frisat.core.items import MAX_VALUE_ROWS, item_specs
from frisat.reporting import labels
from frisat.reporting.figures import (
    BASE_RC,
    GRID,
    INK,
    MIDLINE,
    FigureOutput,
    _new_figure,
    _png,
    figure_output,
    n_equals,
)
from frisat.reporting.item_tables import group_columns, item_number
from frisat.reporting.language import current, tr

BARS_PER_FIGURE = 24
LABEL_WIDTH = 46
"""Characters per line of a bar's label."""
MIN_LABELLED_SHARE = 0.09
"""Segments narrower than this get no percentage written inside."""
NEUTRAL = "#c8c8c8"
CATEGORY_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
"""Okabe–Ito, for choice items (no order)."""


def fmt_pct(share: float) -> str:
    """A share as a whole percentage in the current language, e.g. ``67 %``."""
    return labels.fmt_num(share * 100, 0) + current().percent


def _colours(scale: Scale, count: int) -> list[str]:
    if scale.type == "choice":
        return [CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)] for i in range(count)]
    cmap = matplotlib.colormaps["BrBG" if scale.diverging else "Blues"]
    stops = np.linspace(0.1, 0.9, count) if scale.diverging else np.linspace(0.25, 0.95, count)
    colours = [matplotlib.colors.to_hex(cmap(x)) for x in stops]
    if scale.diverging and count % 2:
        colours[count // 2] = NEUTRAL  # the middle answer: grey, visible on white
    return colours


@dataclass(frozen=True)
class Bar:
    label: str
    n: float
    shares: list[float]
    suppressed: bool


def _groups(spec_list: Sequence[ColumnSpec]) -> list[tuple[str, Scale, list[ColumnSpec]]]:
    """Consecutive items of one section on one scale, drawn together."""
    out: list[tuple[str, Scale, list[ColumnSpec]]] = []
    for spec in spec_list:
        if spec.is_allocation or (spec.scale.type == "numeric" and len(spec.scale.codes) > MAX_VALUE_ROWS):
            continue
        if out and out[-1][0] == spec.section and out[-1][1] == spec.scale:
            out[-1][2].append(spec)
        else:
            out.append((spec.section, spec.scale, [spec]))
    return out


def _cell_label(record: dict, by: Sequence[str]) -> str:
    parts = [labels.value_label(record[c]) for c in by]
    wave = str(record.get("maaling") or "")
    return " / ".join([*parts, *([wave] if wave else [])])


def _bars(table: pd.DataFrame, spec: ColumnSpec, by: Sequence[str], with_item: bool = True) -> list[Bar]:
    codes = [str(c) for c in spec.scale.codes]
    part = table[(table["item"] == spec.name) & table["answer"].isin(codes)]
    bars = []
    keys = [*by, "maaling"]
    for _, cell in part.groupby(keys, sort=False):
        first = cell.iloc[0].to_dict()
        shares = cell.set_index("answer")["share"].reindex(codes).astype(float).tolist()
        text = textwrap.shorten(" ".join(spec.text.split()), 90, placeholder=" …")
        where = _cell_label(first, by)
        label = f"{item_number(spec)} {text}" + (f" – {where}" if where else "") if with_item else (
            where or tr(labels.ALL))
        n = float(first["n"]) if not labels.is_missing(first["n"]) else math.nan
        bars.append(Bar(label, n, shares, bool(cell["suppressed"].all())))
    return bars


def _draw(title: str, scale: Scale, bars: list[Bar], min_n: int, slug: str) -> FigureOutput:
    options = list(scale.value_labels.items()) if scale.type != "numeric" else [(c, str(c)) for c in scale.codes]
    count = len(options)
    diverging = scale.diverging and count >= 2
    size = (8.2, 1.3 + 0.42 * len(bars) + 0.25 * math.ceil(count / 3))
    parts = []
    for bar in bars:
        if bar.suppressed:
            parts.append(f"{bar.label}: {labels.suppressed_text(min_n)}")
            continue
        shares = ", ".join(f"{label} {fmt_pct(s)}" for (_, label), s in zip(options, bar.shares, strict=True)
                           if not math.isnan(s))
        parts.append(f"{bar.label} ({n_equals(None if math.isnan(bar.n) else int(bar.n))}): {shares}")
    kind = tr("divergerende søjler") if diverging else tr("stablede søjler")
    alt = tr("%(title)s, %(kind)s med andelen af hvert svar. %(parts)s.") % {
        "title": title, "kind": kind, "parts": "; ".join(parts)}
    notes = [tr("Andele af de indholdsmæssige svar: «ved ikke» og ubesvaret indgår ikke (de står i tabellen). "
                "N = antal indholdsmæssige svar.")]
    if diverging:
        notes.append(tr("Svarene under midten står til venstre for nul, svarene over til højre; midterkategorien "
                        "er delt ligeligt om nul."))

    def draw() -> bytes:
        colours = _colours(scale, count)
        with matplotlib.rc_context(BASE_RC):
            fig = _new_figure(*size)
            ax = fig.add_subplot()
            y = np.arange(len(bars))[::-1]
            for row, bar in zip(y, bars, strict=True):
                if bar.suppressed or all(math.isnan(s) for s in bar.shares):
                    ax.text(0 if diverging else 0.5, row, labels.suppressed_text(min_n), ha="center", va="center",
                            fontsize=8, color=MIDLINE)
                    continue
                shares = [0.0 if math.isnan(s) else s for s in bar.shares]
                if diverging:
                    low = count // 2
                    middle = shares[low] if count % 2 else 0.0
                    start = -(sum(shares[:low]) + middle / 2)
                else:
                    start = 0.0
                for share, colour in zip(shares, colours, strict=True):
                    if share > 0:
                        ax.barh(row, share, left=start, color=colour, edgecolor="white", linewidth=0.6, height=0.7)
                        if share >= MIN_LABELLED_SHARE:
                            dark = matplotlib.colors.rgb_to_hsv(matplotlib.colors.to_rgb(colour))[2] < 0.6
                            ax.text(start + share / 2, row, fmt_pct(share), ha="center", va="center", fontsize=7.5,
                                    color="white" if dark else INK)
                    start += share
            ax.set_yticks(y, [textwrap.fill(f"{b.label} ({n_equals(None if math.isnan(b.n) else int(b.n))})",
                                            LABEL_WIDTH) for b in bars], fontsize=7.5)
            if diverging:
                ax.set_xlim(-1, 1)
                ax.axvline(0, color=MIDLINE, linewidth=0.9)
                ticks = np.linspace(-1, 1, 9)
                ax.set_xticks(ticks, [fmt_pct(abs(t)) for t in ticks])
            else:
                ax.set_xlim(0, 1)
                ticks = np.linspace(0, 1, 6)
                ax.set_xticks(ticks, [fmt_pct(t) for t in ticks])
            ax.grid(True, axis="x", color=GRID, linewidth=0.5)
            ax.set_axisbelow(True)
            ax.set_ylim(-0.6, len(bars) - 0.4)
            for side in ("top", "right", "left"):
                ax.spines[side].set_visible(False)
            handles = [Patch(facecolor=c, edgecolor="white", label=label) for (_, label), c in
                       zip(options, colours, strict=True)]
            fig.legend(handles=handles, loc="outside lower center", ncol=min(count, 3), frameon=False, fontsize=8)
            return _png(fig)

    return figure_output(slug, title, size, draw, alt, notes=notes)


def item_figures(items: pd.DataFrame, instrument: Instrument, min_n: int) -> list[FigureOutput]:
    """The figures of the item chapter, one per section × scale (split when it has many bars)."""

    by = group_columns(items)
    titles = {s.id: s.title for s in instrument.sections}
    shown = set(items["item"])
    figures = []
    for section, scale, specs in _groups([s for s in item_specs(instrument) if s.name in shown]):
        single = len(specs) == 1
        bars = [bar for spec in specs for bar in _bars(items, spec, by, with_item=not single)]
        if not bars:
            continue
        chunks = max(1, math.ceil(len(bars) / BARS_PER_FIGURE))
        size = math.ceil(len(bars) / chunks)
        for i in range(chunks):
            title = titles.get(section, section)
            if single:  # one question: it is named in the title, the bars are its groups and waves
                title = f"{title}: {item_number(specs[0])} {' '.join(specs[0].text.split())}"
            if chunks > 1:
                title = tr("%(title)s (del %(part)d af %(parts)d)") % {"title": title, "part": i + 1, "parts": chunks}
            figures.append(_draw(title, scale, bars[i * size:(i + 1) * size], min_n,
                                 f"spoergsmaal_{section}_{specs[0].name}_{i + 1}"))
    return figures
