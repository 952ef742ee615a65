"""The results pages' figure cache: drawn once per key, the least recently used goes first."""

from __future__ import annotations

from frisat.web.common.figure_cache import FigureCache


def test_a_kept_figure_set_is_not_drawn_again_and_the_oldest_goes_first():
    drawn: list[str] = []

    def draw(key: str):
        return lambda: drawn.append(key) or f"figurer {key}"

    cache: FigureCache[str] = FigureCache(size=2)
    assert cache.get_or_draw("a", draw("a")) == "figurer a"
    assert cache.get_or_draw("b", draw("b")) == "figurer b"
    assert cache.get_or_draw("a", draw("a")) == "figurer a"  # kept; now the most recently used
    cache.get_or_draw("c", draw("c"))  # b is the least recently used and goes
    assert len(cache) == 2
    cache.get_or_draw("a", draw("a"))
    cache.get_or_draw("b", draw("b"))
    assert drawn == ["a", "b", "c", "b"]
    cache.clear()
    assert len(cache) == 0
