"""The figure cache of the results pages: the last few drawn figure sets, kept in memory per
process, keyed by a hash of what they show (so a new answer or another language is a new key).

Drawing takes long and the figures are the same for the same data, so going back to a view does not
draw it again. Thread-safe; the drawing itself happens outside the lock (two requests for the same
new view may both draw it, and the second result is kept).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

FIGURE_CACHE_SIZE = 8
"""Views whose figures are kept per cache and process (about 1–2 MB each)."""


class FigureCache(Generic[V]):
    """At most ``size`` values; the least recently used goes first."""

    def __init__(self, size: int = FIGURE_CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_draw(self, key: Hashable, draw: Callable[[], V]) -> V:
        """The value kept for ``key``, else ``draw()`` (kept from now on)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = draw()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
