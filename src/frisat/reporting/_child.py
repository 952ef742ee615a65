"""A helper process of the output phase: a fresh ``python -m MODULE ARGS…`` (nothing of the caller —
threads, locks, its main module — is copied or run again), given the caller's import path."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path
from typing import IO


class Child:
    """``python -m module *args`` with its stderr kept in ``log``; :meth:`wait` raises when it fails."""

    def __init__(self, module: str, args: list[str], log: Path, *, stdin: bool = False) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)  # the caller's import path
        self.log_path = log
        self._log = open(log, "wb")  # noqa: SIM115 - closed in wait()/stop()
        self.process = subprocess.Popen([sys.executable, "-m", module, *args],
                                        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=self._log, env=env)

    @property
    def stdin(self) -> IO[bytes]:
        assert self.process.stdin is not None
        return self.process.stdin

    def wait(self, what: str) -> None:
        """Wait for the process; RuntimeError with the end of its stderr when it failed."""
        code = self.process.wait()
        self._log.close()
        if code != 0:
            detail = self.log_path.read_text(encoding="utf-8", errors="replace").strip()
            raise RuntimeError(f"{what} fejlede (kode {code}):\n{detail[-4000:]}")

    def stop(self) -> None:
        """Kill the process if it still runs (after an error in the caller)."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._log.close()
