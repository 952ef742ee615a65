"""``frisat setup`` and ``frisat serve`` as a person runs them (real processes on a free loopback port):
serve refuses before setup, answers without a server banner, loads the heavy views after its first
answer, and its workers die with a master killed by ``kill -9`` (the port is free again)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

FRISAT = str(Path(sys.executable).with_name("frisat"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def frisat_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRISAT_", "DJANGO_", "DATABASE_URL"))}
    return {**env, "FRISAT_DATA_DIR": str(data_dir), "COLUMNS": "120"}


@pytest.fixture(scope="module")
def ready_data(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("serve") / "data"
    result = subprocess.run([FRISAT, "setup"], env=frisat_env(data), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "frisat serve" in result.stdout and (data / "static").is_dir()
    return data


def get(url: str) -> tuple[int, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, dict(response.headers)


def wait_for_200(url: str, proc: subprocess.Popen, seconds: float = 60) -> tuple[int, dict[str, str]]:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return get(url)
        except OSError:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else proc.returncode
            assert time.monotonic() < deadline, f"{url} did not answer"
            time.sleep(0.1)


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def test_serve_refuses_to_start_before_setup(tmp_path):
    result = subprocess.run([FRISAT, "serve", "--port", str(free_port())], env=frisat_env(tmp_path / "data"),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "Kør først: frisat setup" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_serve_demo_refuses_without_the_demo_built(ready_data):
    result = subprocess.run([FRISAT, "serve", "--demo", "--port", str(free_port())], env=frisat_env(ready_data),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "frisat setup --demo" in result.stdout + result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux")
def test_serve_answers_without_banner_and_its_workers_die_with_the_master(ready_data):
    port = free_port()
    # --no-worker: this test counts the web workers; the db_worker child (mails) is tested in tests/web/mailings.
    proc = subprocess.Popen([FRISAT, "serve", "--port", str(port), "--workers", "2", "--no-worker"],
                            env=frisat_env(ready_data),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        status, headers = wait_for_200(f"http://127.0.0.1:{port}/login/", proc)
        assert status == 200
        assert "Server" not in headers and "gunicorn" not in str(headers).lower()
        # Once the master has loaded every view (pandas, SciPy, matplotlib), a second set of workers
        # forked from it replaces the first: they share those modules instead of importing them each.
        deadline = time.monotonic() + 60
        while not (len(workers := children(proc.pid)) == 2 and all(_maps_matplotlib(pid) for pid in workers)):
            assert time.monotonic() < deadline, "the workers were not replaced by ones sharing the views"
            time.sleep(0.2)
        assert get(f"http://127.0.0.1:{port}/resultater/")[0] == 200  # the lazy URLs resolve (→ the login)

        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        # The kernel kills the workers with the master (PR_SET_PDEATHSIG): well under a second. Without
        # it an idle gthread worker noticed its new parent after ~1.2 s, a busy one only after its request.
        killed = time.monotonic()
        deadline = killed + 0.75
        while not port_is_free(port) or any(Path(f"/proc/{pid}").exists() and _alive(pid) for pid in workers):
            assert time.monotonic() < deadline, "orphaned workers still hold the port"
            time.sleep(0.05)
        print(f"port free {time.monotonic() - killed:.2f} s after kill -9 of the master")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _maps_matplotlib(pid: int) -> bool:
    try:
        return "matplotlib" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False
