"""Deployment checks, strict response headers, the secret key file and ``frisat serve``'s binding."""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from frisat.cli.serve_command import check_host, is_loopback
from frisat.core.errors import FrisatError


def run_python(code: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def clean_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRISAT_", "DJANGO_"))}
    env.update(FRISAT_DATA_DIR=str(data_dir), **extra)
    return env


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = clean_env(tmp_path, DJANGO_SETTINGS_MODULE="frisat.web.settings_production",
                    FRISAT_SECRET_KEY=secrets.token_urlsafe(50), FRISAT_ALLOWED_HOSTS="frisat.example.dk")
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output.upper().replace("--FAIL-LEVEL WARNING", "")


def test_production_settings_refuse_debug(tmp_path):
    env = clean_env(tmp_path, DJANGO_SETTINGS_MODULE="frisat.web.settings_production", FRISAT_DEBUG="1",
                    FRISAT_SECRET_KEY=secrets.token_urlsafe(50))
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0 and "FRISAT_DEBUG" in result.stderr


@pytest.mark.django_db
def test_login_page_has_strict_headers(client):
    response = client.get("/login/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'",
                      "base-uri 'none'", "form-action 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    cookie = response.cookies["csrftoken"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_secret_key_file_is_created_private_and_reused(tmp_path):
    code = "import frisat.web.settings as s; print(s.SECRET_KEY)"
    env = clean_env(tmp_path)
    first = run_python(code, env)
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert first.stdout.strip() == key and len(key) >= 50
    second = run_python(code, env)
    assert second.stdout.strip() == key  # the same key next time, so sessions survive a restart
    assert run_python(code, clean_env(tmp_path / "other")).stdout.strip() != key
    # FRISAT_SECRET_KEY wins and no file is written
    env_key = secrets.token_urlsafe(50)
    third = run_python(code, clean_env(tmp_path / "env", FRISAT_SECRET_KEY=env_key))
    assert third.stdout.strip() == env_key and not (tmp_path / "env" / "secret_key").exists()


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_serve_accepts_loopback(host):
    assert is_loopback(host)
    check_host(host, public=False)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.dk"])
def test_serve_refuses_other_addresses_without_public(host, capsys):
    assert not is_loopback(host)
    with pytest.raises(FrisatError, match="--public"):
        check_host(host, public=False)
    check_host(host, public=True)  # allowed, with a Danish warning
    assert "Advarsel" in capsys.readouterr().err
