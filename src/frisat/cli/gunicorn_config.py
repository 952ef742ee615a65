"""gunicorn settings of ``frisat serve`` (``-c python:frisat.cli.gunicorn_config``): server hooks only;
the command-line flags are in :func:`frisat.cli.serve_command.gunicorn_argv`.

Also, for every process of the server: no ``Server:`` banner (gunicorn has no setting for it, see
:func:`_drop_server_header`), and workers that die with their master (:func:`post_fork`).
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _drop_server_header() -> None:
    """Leave out gunicorn's ``Server: gunicorn`` response header (which names the software to an attacker).

    gunicorn writes it in ``gunicorn.http.wsgi.Response.default_headers`` and has no setting for it
    (27.0); the patch runs in the master when it reads this file, before any worker is forked."""
    from gunicorn.http import wsgi

    original = wsgi.Response.default_headers
    if getattr(original, "frisat_no_banner", False):
        return

    def default_headers(self) -> list[str]:
        return [line for line in original(self) if not line.lower().startswith("server:")]

    default_headers.frisat_no_banner = True  # type: ignore[attr-defined]
    wsgi.Response.default_headers = default_headers


_drop_server_header()


def post_fork(server, worker) -> None:
    """Let the kernel kill this worker when the master dies (Linux ``PR_SET_PDEATHSIG``).

    Without it a worker of a master killed with ``kill -9`` keeps the listening socket until it
    notices its new parent (gthread checks about once a second, but not while busy), so a restarted
    server may find the port taken. SIGKILL: the master is gone, nobody would stop a hanging worker."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != server.pid:  # the master died before prctl: nobody will send the signal
        os._exit(0)


def when_ready(server) -> None:
    """With ``--preload`` (the app loaded once, in the master): load the views there too, before the
    workers are forked, so they share one copy of them (and of pandas, SciPy, matplotlib).

    ``frisat serve`` (:mod:`frisat.cli.gunicorn_server`) does this later, after its first workers
    answer; here it only makes sure no database connection is inherited."""
    if server.cfg.preload_app and not getattr(getattr(server, "app", None), "late_preload", False):
        load_views_in_master()
    from django.db import connections

    connections.close_all()  # a forked worker must never share a connection


def load_views_in_master() -> None:
    """Import every view (also the lazily included URLconfs) and freeze them for the GC."""
    _load_views_and_freeze()
    from django.db import connections

    connections.close_all()


def post_worker_init(worker) -> None:
    """Import every view before the first request, then keep what is loaded out of the garbage collector.

    The views import pandas, SciPy and matplotlib (the results pages): some 200,000 objects that
    live as long as the process. Each full collection went through all of them, 60–340 ms during
    which no thread of the worker answered. Frozen (``gc.freeze``), they are never scanned again,
    the pages of a forked worker stay shared with the master, and the first respondent no longer
    waits for the imports. (The first workers of ``frisat serve`` leave the lazily included
    URLconfs for the master to load, see :mod:`frisat.cli.gunicorn_server`.)
    """
    first_light_workers = getattr(getattr(worker, "app", None), "late_preload", False)
    _load_views_and_freeze(everything=not first_light_workers)


def _load_views_and_freeze(*, everything: bool = True) -> None:
    from django.urls import URLResolver, get_resolver

    def load(resolver: URLResolver) -> None:
        for pattern in resolver.url_patterns:  # imports the URLconf and everything it imports
            if everything and isinstance(pattern, URLResolver):
                load(pattern)

    load(get_resolver())
    gc.collect()
    gc.freeze()
