"""The results and audit URLs are imported on first use (frisat.web.deferred_urls): a fresh worker
shows the login page without importing SciPy and matplotlib, and the deferred
names still reverse and resolve."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
import django
django.setup()
from django.test import Client
from django.urls import resolve, reverse
heavy = ("frisat.web.results.views", "frisat.web.audits.views", "matplotlib", "scipy")
client = Client(HTTP_HOST="127.0.0.1")
assert client.get("/login/").status_code == 200
assert not [m for m in heavy if m in sys.modules], [m for m in heavy if m in sys.modules]
assert reverse("results:list") == "/resultater/"
assert reverse("audits:register_export", args=["csv"]) == "/eftersyn/register/eksport.csv"
assert resolve("/eftersyn/register/eksport.xlsx").view_name == "audits:register_export"
assert client.get("/resultater/").status_code == 302  # to the login
print("ok")
"""


def test_heavy_views_wait_for_their_first_use(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "frisat.web.settings_test", "FRISAT_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-3000:]
