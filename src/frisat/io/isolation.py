"""Parse a file from outside in a child process with a memory and a time limit.

The streaming checks in :mod:`frisat.io.safety` bound what a file may hold; this is the second wall:
the parser (openpyxl, the csv module) runs in a fresh Python process whose address space and CPU
time are capped with ``setrlimit`` (``RLIMIT_AS``, ``RLIMIT_CPU``) and which is killed after a
wall-clock timeout. Whatever a file does to the parser, the web worker stays small and answers.

Why a fresh process (``subprocess`` running ``sys.executable``) and not ``multiprocessing``: the web
worker is a threaded gunicorn worker started with ``--preload``; forking a process that has threads
is unsafe (a lock held by another thread stays locked in the child), the ``forkserver`` would be
started per worker and inherited oddly across ``--preload``, and ``spawn`` re-imports the Django
project. A plain ``python -I -c`` child imports only the parser (about 0.3 s), sets its own limits
before it reads a byte of the file, reads the file from stdin and writes JSON to stdout.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frisat.core.errors import Problem, ValidationFailed

logger = logging.getLogger(__name__)

_ROOT = str(Path(__file__).resolve().parents[2])
"""The folder that holds the ``frisat`` package (the child imports it from there)."""

_CHILD = ("import sys; sys.path.insert(0, sys.argv[1]); "
          "from frisat.io.isolation import child_main; child_main()")


@dataclass(frozen=True)
class ProcessLimits:
    """Memory (address space) and time for one parse."""

    memory_bytes: int = 1024 * 1024 * 1024
    cpu_seconds: int = 30
    wall_seconds: float = 30.0


def _too_much(source: str, limits: ProcessLimits, what: str) -> ValidationFailed:
    mb = limits.memory_bytes // (1024 * 1024)
    return ValidationFailed(source, [Problem(
        f"Filen kunne ikke læses inden for grænsen på {mb} MB hukommelse og {limits.wall_seconds:.0f} sekunder "
        f"({what}). Del den op, eller gem den som CSV.")], 1)


def run_limited(target: str, payload: bytes, argument: dict[str, Any], source: str,
                limits: ProcessLimits) -> Any:
    """Call ``module:function(payload, **argument)`` in a child process under ``limits``.

    Returns the function's (JSON-serialisable) result. A :class:`ValidationFailed` raised in the child
    is raised here again; a child that runs out of memory or time gives a ValidationFailed naming the limit.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", PYTHONIOENCODING="utf-8")
    command = [sys.executable, "-I", "-c", _CHILD, _ROOT, target, json.dumps(argument),
               str(limits.memory_bytes), str(limits.cpu_seconds)]
    try:
        done = subprocess.run(command, input=payload, capture_output=True, timeout=limits.wall_seconds,
                              env=env, check=False)
    except subprocess.TimeoutExpired:
        raise _too_much(source, limits, "tiden løb ud") from None
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise _too_much(source, limits, "tiden løb ud")
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or done.returncode != 0:
        logger.warning("import child stopped (exit %s): %s", done.returncode,
                       done.stderr[-2000:].decode("utf-8", "replace"))
        raise _too_much(source, limits, "læsningen stoppede")
    if "refused" in answer:
        refused = answer["refused"]
        problems = [Problem(p["message"], p.get("row"), p.get("column")) for p in refused["problems"]]
        raise ValidationFailed(refused["source"], problems, refused.get("total"))
    if "memory" in answer:
        raise _too_much(source, limits, "hukommelsen slap op")
    return answer["result"]


def child_main() -> None:
    """The child's side: limits first, then the file from stdin, the answer as JSON on stdout."""
    import resource

    _root, target, argument, memory, cpu = sys.argv[1:6]
    module_name, function_name = target.split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    resource.setrlimit(resource.RLIMIT_AS, (int(memory), int(memory)))
    resource.setrlimit(resource.RLIMIT_CPU, (int(cpu), int(cpu) + 1))
    payload = sys.stdin.buffer.read()
    try:
        answer: dict[str, Any] = {"result": function(payload, **json.loads(argument))}
    except ValidationFailed as exc:
        answer = {"refused": {"source": exc.source, "total": exc.total, "problems": [
            {"message": p.message, "row": p.row, "column": p.column} for p in exc.problems]}}
    except MemoryError:
        answer = {"memory": True}
    try:
        text = json.dumps(answer, ensure_ascii=False)
    except MemoryError:
        text = '{"memory": true}'
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()
