"""The background worker beside the web server (``frisat serve``): django-tasks' ``db_worker`` as a
child process with the same settings. In production it runs as its own service (docs/deployment.md)."""

from __future__ import annotations

import os
import subprocess
import sys


def worker_argv() -> list[str]:
    """The worker's command line (the one docs/deployment.md gives for a service)."""
    return [sys.executable, "-m", "django", "db_worker", "--no-reload", "--interval", "1", "--verbosity", "0"]


def start_worker() -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "frisat.web.settings")}
    return subprocess.Popen(worker_argv(), env=env)


def stop_worker(process: subprocess.Popen, timeout: float = 10) -> None:
    """Ask the worker to stop (it finishes the mail it is sending), then make it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
