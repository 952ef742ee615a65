"""frisat serve's gunicorn hook: every view imported before the first request, then frozen for the GC."""

from __future__ import annotations

import os
import subprocess
import sys

from frisat.cli.serve_command import gunicorn_argv


def test_serve_starts_gunicorn_with_the_hooks():
    argv = gunicorn_argv("127.0.0.1", 8000, 2, 4)
    assert argv[argv.index("--config") + 1] == "python:frisat.cli.gunicorn_config" and "--preload" in argv
    assert argv[argv.index("--worker-class") + 1] == "gthread"
    assert gunicorn_argv("127.0.0.1", 8000, 4, 1, worker_class="sync")[argv.index("--worker-class") + 1] == "sync"


def test_hooks_load_the_views_and_freeze_them(tmp_path):
    """In a fresh interpreter (gc.freeze is for the whole process): after the hooks the results views
    (and pandas/matplotlib) are imported, the collector no longer tracks them, and requests work."""
    script = """
import gc, sys
import django
django.setup()
assert "frisat.web.results.views" not in sys.modules  # Django loads the URLconf lazily
tracked = len(gc.get_objects())
from types import SimpleNamespace
from frisat.cli.gunicorn_config import post_worker_init, when_ready
when_ready(SimpleNamespace(cfg=SimpleNamespace(preload_app=False)))  # without --preload: the workers do it
assert "frisat.web.results.views" not in sys.modules
when_ready(SimpleNamespace(cfg=SimpleNamespace(preload_app=True)))  # the master, before forking
post_worker_init(None)  # a worker: loaded already; what it made since is frozen too
assert "frisat.web.results.views" in sys.modules and "matplotlib" in sys.modules
assert gc.get_freeze_count() > tracked, (gc.get_freeze_count(), tracked)
assert len(gc.get_objects()) < 1000, len(gc.get_objects())  # what is left for a full collection
from django.test import Client
assert Client(HTTP_HOST="127.0.0.1").get("/login/").status_code == 200
print("ok")
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "frisat.web.settings_test", "FRISAT_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-3000:]
