"""Every figure's texts come from its data, not from its drawing (issue 12 item 1): with
:data:`~frisat.reporting.figures.RASTER` off no matplotlib figure is made, and the title, alt text,
notes, cautions and size are exactly those of the drawn figure."""

from __future__ import annotations

import struct

import pytest
from matplotlib.figure import Figure

from frisat.core.analysis import AnalysisConfig
from frisat.core.extended import ExtendedConfig
from frisat.core.instrument import get_instrument
from frisat.core.results import compute
from frisat.demo import generate_responses
from frisat.demo.evaluation_survey import generate_evaluation_survey
from frisat.reporting import figures as figures_module
from frisat.reporting.figures import RASTER, FigureOutput, dot_chart, size_stub
from frisat.reporting.item_outputs import item_figures_for
from frisat.reporting.outputs import draw_figures
from frisat.reporting.panels import PanelSet

POINTS = get_instrument("vive-frisaettelse-point")


@pytest.fixture(scope="module")
def bundle():
    frame = generate_responses(POINTS, respondents=400, kommuner=2, seed=5, waves=2)
    return compute(frame, POINTS, by=["kommune"], config=AnalysisConfig(min_n=5),
                   extended=ExtendedConfig())


@pytest.fixture
def figures_made(monkeypatch):
    made = []
    original = Figure.__init__

    def counted(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "__init__", counted)
    return made


def _texts(figure: FigureOutput) -> tuple:
    return figure.slug, figure.number, figure.title, figure.alt, figure.notes, figure.cautions


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def _without_pixels(draw):
    token = RASTER.set(False)
    try:
        return draw()
    finally:
        RASTER.reset(token)


def _all_figures(bundle) -> list[FigureOutput]:
    groups = draw_figures(bundle.analysis, PanelSet.of(bundle.panels), bundle.overview)
    return groups.all()


def test_the_texts_need_no_drawing_and_equal_the_drawn_figures(bundle, figures_made):
    texts_only = _without_pixels(lambda: _all_figures(bundle))
    assert figures_made == []  # not one matplotlib figure for the texts
    drawn = _all_figures(bundle)
    assert len(figures_made) == len(drawn)  # one figure drawn per image
    slugs = [f.slug for f in drawn]
    for part in ("laesevejledning", "gennemsnit_", "spor_", "afledt_vigtighed", "relativ_vigtighed", "point",
                 "gruppeforskelle", "pile", "udvikling"):
        assert any(part in slug for slug in slugs), part  # every kind of figure is checked
    assert [_texts(f) for f in texts_only] == [_texts(f) for f in drawn]
    for stub, figure in zip(texts_only, drawn, strict=True):
        assert size_stub(stub.png) == _png_size(figure.png)
        assert size_stub(figure.png) is None


def test_the_arrows_figure_says_it_is_zoomed_without_drawing(bundle):
    arrows = [f for f in _without_pixels(lambda: _all_figures(bundle)) if f.slug.endswith("pile")]
    assert arrows and any("udsnit af skalaen" in note for note in arrows[0].notes)


def test_dot_chart_and_item_figures_too(figures_made):
    rows = [{"name": f"Område {i}", "n": 20 + i, "impl_mean": 5.0 + i / 10, "vigt_mean": 8.0, "suppressed": i == 3,
             "impl_ci_low": 4.5 + i / 10, "impl_ci_high": 5.5 + i / 10, "vigt_ci_low": None, "vigt_ci_high": None,
             "quadrant_certain": i != 1} for i in range(5)]
    config = AnalysisConfig()
    texts_only = _without_pixels(lambda: dot_chart("Færre regler", rows, config, "prikker", "Område", (1, 2)))
    evaluation = get_instrument("evaluering-medarbejdere")
    items_bundle = compute(generate_evaluation_survey(), evaluation)
    items_only = _without_pixels(lambda: item_figures_for(items_bundle))
    assert figures_made == [] and items_only
    drawn = dot_chart("Færre regler", rows, config, "prikker", "Område", (1, 2))
    assert "Stregerne er 95 %-konfidensintervaller" in " ".join(drawn.notes)  # intervals known without drawing
    assert _texts(texts_only) == _texts(drawn)
    assert size_stub(texts_only.png) == _png_size(drawn.png)
    drawn_items = item_figures_for(items_bundle)
    assert [_texts(f) for f in items_only] == [_texts(f) for f in drawn_items]
    assert [size_stub(f.png) for f in items_only] == [_png_size(f.png) for f in drawn_items]


def test_the_drawing_is_the_only_matplotlib_call(monkeypatch):
    """The texts never reach the module's drawing helpers (a guard for future figure functions)."""
    def refuse(*args, **kwargs):
        raise AssertionError("drawn while RASTER is off")

    monkeypatch.setattr(figures_module, "_new_figure", refuse)
    guide = _without_pixels(lambda: figures_module.reading_guide(POINTS, AnalysisConfig()))
    assert guide.alt.startswith("Læsevejledning") and size_stub(guide.png) == (1050, 960)
