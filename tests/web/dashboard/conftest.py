"""The same two municipalities and users as the access tests (tests/web/access/conftest.py)."""

from tests.web.access.conftest import _clear_cache, aarhus, admin_a, admin_b, analyst_a, reader_a, rebild  # noqa: F401
