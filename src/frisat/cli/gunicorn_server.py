"""gunicorn run inside the ``frisat serve`` process: ready in about a second, memory still shared.

Started with ``gunicorn --preload``, the master imported the whole app (pandas, SciPy, matplotlib for
the results pages) before the first worker was forked: workers shared those pages (4 workers:
280 MiB instead of 710 MiB) but the first answer came after several seconds. Here:

1. gunicorn runs in the process that checked the database (no second interpreter, Django set up
   once), and the results URLs are imported lazily (``frisat.web.urls``), so the first workers fork
   at once and answer the login page, the survey and the staff pages straight away;
2. then the master imports every view (:func:`frisat.cli.gunicorn_config.load_views_in_master`)
   and forks a new set of workers that share it; the first set stops gracefully (as on ``HUP``).
   A results page asked for in the first seconds imports its modules in that worker.
"""

from __future__ import annotations

import sys
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

from frisat.cli import gunicorn_config


class _Arbiter(Arbiter):
    def maybe_promote_master(self) -> None:  # called once per turn of the master's loop
        super().maybe_promote_master()
        if getattr(self.app, "late_preload", False) and self.WORKERS:
            self.app.late_preload = False
            try:
                gunicorn_config.load_views_in_master()
            except Exception:  # the first workers go on; the broken views fail when they are used
                self.log.exception("Frisat: siderne kunne ikke indlæses i hovedprocessen")
                return
            for _ in range(self.num_workers):
                self.spawn_worker()
            self.manage_workers()  # retires the oldest: the first, light workers (SIGTERM, graceful)


class FrisatServer(BaseApplication):
    """gunicorn with ``options`` (gunicorn setting names) serving the already loaded WSGI ``application``."""

    def __init__(self, application: Any, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        self.late_preload = True
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        for hook in ("when_ready", "post_fork", "post_worker_init"):
            self.cfg.set(hook, getattr(gunicorn_config, hook))

    def load(self) -> Any:
        return self.application

    def run(self) -> None:
        try:
            _Arbiter(self).run()
        except RuntimeError as exc:
            print(f"\nFejl: {exc}\n", file=sys.stderr)
            sys.stderr.flush()
            sys.exit(1)
