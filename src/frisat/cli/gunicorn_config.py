"""gunicorn settings of ``frisat serve`` (``-c python:frisat.cli.gunicorn_config``): server hooks only;
the command-line flags are in :func:`frisat.cli.serve_command.gunicorn_argv`."""

from __future__ import annotations

import gc


def when_ready(server) -> None:
    """With ``--preload`` (the app loaded once, in the master): load the views there too, before the
    workers are forked, so they share one copy of them (and of pandas, SciPy, matplotlib)."""
    if server.cfg.preload_app:
        _load_views_and_freeze()
        from django.db import connections

        connections.close_all()  # none should be open; a forked worker must never share one


def post_worker_init(worker) -> None:
    """Import every view before the first request, then keep what is loaded out of the garbage collector.

    The views import pandas, SciPy and matplotlib (the results pages): some 200,000 objects that
    live as long as the process. Each full collection went through all of them, 60–340 ms during
    which no thread of the worker answered. Frozen (``gc.freeze``), they are never scanned again,
    the pages of a forked worker stay shared with the master, and the first respondent no longer
    waits for the imports.
    """
    _load_views_and_freeze()


def _load_views_and_freeze() -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - loads the URLconf and everything it imports
    gc.collect()
    gc.freeze()
