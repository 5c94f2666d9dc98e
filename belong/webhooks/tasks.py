"""Background delivery of webhooks. Arguments are ids; the service decides everything."""

from __future__ import annotations

from django_tasks import task

from belong.webhooks import services


@task()
def delivery_send(delivery_id: int) -> str:
    """One attempt at one delivery; a failure schedules the next attempt itself."""
    delivery = services.delivery_attempt(delivery_id)
    return delivery.status if delivery is not None else "skipped"
