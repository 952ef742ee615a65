"""URLconfs imported on first use instead of at start.

The results and audit views import pandas, SciPy and matplotlib (several seconds). Included the
usual way (``include()``), they are imported with the root URLconf, and Django's ``reverse()``
imports every included URLconf the first time it builds its tables, so a freshly started worker
could not even show the login page before all of it was loaded. :func:`deferred_include` makes a
namespaced include that is imported when a URL under it is requested or one of its names is
reversed — and not before. ``frisat serve`` loads them in the master right after its first workers
answer (see :mod:`frisat.cli.gunicorn_server`), so later workers share them.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLResolver
from django.urls.resolvers import RoutePattern


class DeferredResolver(URLResolver):
    """A namespaced include whose module is imported on first use, not by the first ``reverse()``."""

    def _loaded(self) -> bool:
        return "urlconf_module" in self.__dict__  # the cached_property has run

    def _populate(self) -> None:
        # The root resolver populates every include when it builds its reverse tables; for a
        # namespaced include it only needs the namespace itself, so this one may wait.
        if self._loaded():
            super()._populate()

    def _load(self) -> None:
        self.url_patterns  # noqa: B018 - imports the module
        if not self._populated:
            super()._populate()

    @property
    def reverse_dict(self) -> Any:
        self._load()
        return super().reverse_dict

    @property
    def namespace_dict(self) -> Any:
        self._load()
        return super().namespace_dict

    @property
    def app_dict(self) -> Any:
        self._load()
        return super().app_dict


def deferred_include(route: str, module: str, namespace: str) -> DeferredResolver:
    """``path(route, include(module))`` for a module whose ``app_name`` is ``namespace``, imported lazily."""
    return DeferredResolver(RoutePattern(route, is_endpoint=False), module, app_name=namespace, namespace=namespace)
