"""Settings for the test suite: fast hashing, in-memory mail and cache.

The database is SQLite unless ``DATABASE_URL`` points elsewhere (the suite runs the web tests a
second time against a local PostgreSQL server; see scripts/test).
"""

import os
import tempfile

os.environ.setdefault("FRISAT_DATA_DIR", tempfile.mkdtemp(prefix="frisat-test-"))

from frisat.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
