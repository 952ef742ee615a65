"""The background worker beside the web server (``frisat serve``): django-tasks' ``db_worker`` as a
child process with the same settings. In production it runs as its own service (docs/deployment.md)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def worker_argv() -> list[str]:
    """The worker's command line (the one docs/deployment.md gives for a service)."""
    return [sys.executable, "-m", "django", "db_worker", "--no-reload", "--interval", "1", "--verbosity", "0"]


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when ``frisat serve`` dies, even by ``kill -9`` (Linux), so
    no orphaned worker keeps sending (SIGTERM: it finishes the mail it is on)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def start_worker() -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "frisat.web.settings")}
    return subprocess.Popen(worker_argv(), env=env, preexec_fn=_die_with_parent)


def stop_worker(process: subprocess.Popen, timeout: float = 10) -> None:
    """Ask the worker to stop (it finishes the mail it is sending), then make it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
