"""Shared fixtures for the web tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _response_ids_from_one(request: pytest.FixtureRequest) -> None:
    """On PostgreSQL, number each test's responses from 1, as on SQLite.

    SQLite's id counter is rolled back with the test's transaction, a PostgreSQL sequence is not. The
    response id is the analysed frame's ``respondent_id``, and the results pages keep the figures of
    the last few frames in memory (per process): with the same ids, a test that shows the same
    responses as an earlier test reuses their figures on PostgreSQL too instead of drawing them again
    (seconds per page). Only tests that run in a transaction rolled back afterwards: the table is
    empty again after each test, so the ids cannot collide.
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    transaction = marker.kwargs.get("transaction", marker.args[0] if marker.args else False)
    if transaction or {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("db")
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    from frisat.web.rounds.models import Response

    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), 1, false)", [Response._meta.db_table])
