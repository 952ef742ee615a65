"""Background tasks (django-tasks; its database backend and ``db_worker`` in production)."""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from frisat.web.mailings.delivery import deliver


@task()
def send_mails(sending_id: int) -> dict[str, int]:
    """Deliver a sending's pending mails (several of these may run at once for one sending)."""
    return asdict(deliver(sending_id))
