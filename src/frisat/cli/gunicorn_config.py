"""gunicorn settings of ``frisat serve`` (``-c python:frisat.cli.gunicorn_config``): server hooks only;
the command-line flags are in :func:`frisat.cli.serve_command.gunicorn_argv`."""

from __future__ import annotations

import gc


def post_worker_init(worker) -> None:
    """Import every view before the first request, then keep what is loaded out of the garbage collector.

    The views import pandas, SciPy and matplotlib (the results pages): some 200,000 objects that
    live as long as the process. Each full collection went through all of them, 60–340 ms during
    which no thread of the worker answered. Frozen (``gc.freeze``), they are never scanned again,
    and the first respondent no longer waits for the imports.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - loads the URLconf and everything it imports
    gc.collect()
    gc.freeze()
