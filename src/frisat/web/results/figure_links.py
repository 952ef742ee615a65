"""The results page's figures as their own image URLs (issue 12 item 9), and the bundle kept per view.

The page is built with :data:`frisat.reporting.figures.RASTER` off: every figure's title, alt text,
notes and size come from its data alone — matplotlib is not called for the page
(:func:`frisat.reporting.figures.figure_output`) — and its ``<img>`` points to ``results:figure``
(:func:`link_figures`). The image view builds the same page content with drawing on, once per view
(:func:`figure_pngs`: each figure drawn once), and serves one PNG by its slug; so the page's numbers,
slugs and alt texts and the images always come from the same builders.

Both use :func:`prepared_for`: the :class:`~frisat.web.results.pipeline.Prepared` subset of a view is
computed once and kept per process, keyed by :func:`view_key` — the choices, the language and the
*data version* of the selected waves (responses counted and their highest id, after the anonymous
rounds' pools are flushed), so a new or deleted answer is a new key. A lock per key makes N parallel
image requests of one new view compute one bundle and draw one set of figures, not N.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import get_language

from frisat.reporting.figures import RASTER, size_stub
from frisat.reporting.views.model import FigureSpec
from frisat.web.common.figure_cache import FigureCache
from frisat.web.results.pipeline import Choices, Prepared, prepare
from frisat.web.rounds import pool
from frisat.web.rounds.models import Response

_prepared: FigureCache[Prepared] = FigureCache(size=4)
_pngs: FigureCache[dict[str, bytes]] = FigureCache()
_STRIPES = [threading.RLock() for _ in range(16)]


def _lock(key: str) -> threading.RLock:
    return _STRIPES[int(key[:8], 16) % len(_STRIPES)]


@dataclass(frozen=True)
class PageFigure(FigureSpec):
    """A figure of the page: ``src`` is its image URL; ``width``/``height`` its size in pixels."""

    width: int = 0
    height: int = 0


def data_version(choices: Choices, flush: bool = True) -> list[tuple[int, int, int, int]]:
    """(round, threshold, responses, highest response id) of each selected wave, after flushing the
    anonymous rounds' pools (``flush``; the image requests do not write: the page has just flushed)."""
    if flush:
        pool.flush_rounds(choices.rounds)
    counted = {row["round"]: (row["n"], row["last"] or 0) for row in
               Response.objects.filter(round__in=choices.rounds).order_by().values("round")
               .annotate(n=Count("id"), last=Max("id"))}
    return sorted((m.pk, m.min_n, *counted.get(m.pk, (0, 0))) for m in choices.rounds)


def view_key(choices: Choices, flush: bool = True) -> str:
    """What the page and its figures depend on: the choices, the language and the data version."""
    parts = (data_version(choices, flush), [m.pk for m in choices.waves_offered], choices.area,
             choices.unit.pk if choices.unit is not None else None, choices.group, choices.group_by,
             choices.rounds[0].instrument_id, get_language())
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def prepared_for(choices: Choices, key: str | None = None) -> Prepared:
    """:func:`~frisat.web.results.pipeline.prepare` once per view and process."""
    key = key or view_key(choices)
    with _lock(key):
        return _prepared.get_or_draw(key, lambda: prepare(choices))


@contextmanager
def texts_only() -> Iterator[None]:
    """Figures give their texts and size without being drawn (the page's request)."""
    token = RASTER.set(False)
    try:
        yield
    finally:
        RASTER.reset(token)


def _specs(context: dict[str, Any]) -> Iterator[FigureSpec]:
    figures = context.get("figures")
    if figures is not None:
        yield from (figures.guide, *figures.means, *figures.scatters)
    for section in [*context.get("sections", []), *context.get("end_sections", [])]:
        yield from section.data.get("figures", [])


def _png_of(spec: FigureSpec) -> bytes:
    return base64.b64decode(spec.src.split(",", 1)[1])


def link_figures(context: dict[str, Any], pk: int, query: str, key: str) -> None:
    """Point every figure of the page's ``context`` to its image URL (in place)."""
    base = reverse("results:figure", args=[pk, "SLUG"])
    suffix = "?" + "&".join(p for p in (query, f"v={key[:16]}") if p)

    def linked(spec: FigureSpec) -> PageFigure:
        width, height = size_stub(_png_of(spec)) or (0, 0)
        values = {f.name: getattr(spec, f.name) for f in dataclasses.fields(FigureSpec)}
        values["src"] = base.replace("SLUG", spec.slug) + suffix
        return PageFigure(**values, width=width, height=height)

    figures = context.get("figures")
    if figures is not None:
        context["figures"] = dataclasses.replace(figures, guide=linked(figures.guide),
                                                 means=[linked(f) for f in figures.means],
                                                 scatters=[linked(f) for f in figures.scatters])
    for section in [*context.get("sections", []), *context.get("end_sections", [])]:
        if "figures" in section.data:
            section.data["figures"] = [linked(f) for f in section.data["figures"]]


def figure_pngs(key: str, build: Callable[[], dict[str, Any]]) -> dict[str, bytes]:
    """Slug → PNG of every figure of the view ``key``; ``build`` makes the page's context (rasterised)."""
    def draw() -> dict[str, bytes]:
        return {spec.slug: _png_of(spec) for spec in _specs(build())}

    with _lock(key):
        return _pngs.get_or_draw(key, draw)


def clear() -> None:
    """Forget every kept bundle and image (tests, benchmarks)."""
    _prepared.clear()
    _pngs.clear()
