"""Celery tasks: the dispatcher, run by the beat schedule (config/settings/tasks.py) and right after a commit
that queued notifications. Without a broker (`make run`, the tests) Celery runs it eagerly, in-process."""

import logging

from django.conf import settings

from motcua.config.celery import app
from motcua.notifications.services import notifications_dispatch

logger = logging.getLogger(__name__)

# One task run delivers at most this many batches, then leaves the rest to the next run.
MAX_BATCHES_PER_RUN = 20


@app.task(name="motcua.notifications.dispatch", ignore_result=True)
def notifications_dispatch_task() -> int:
    delivered = 0
    for _ in range(MAX_BATCHES_PER_RUN):
        result = notifications_dispatch()
        handled = len(result.sent) + len(result.failed) + len(result.dead)
        delivered += len(result.sent)
        if handled < settings.NOTIFICATIONS_BATCH_SIZE:
            break
    return delivered


def notifications_dispatch_soon() -> None:
    """Ask for a dispatch now (on commit). The action already happened, so a broker that cannot be reached must
    not fail the request: the periodic run delivers the rows instead."""
    try:
        notifications_dispatch_task.delay()
    except Exception:
        logger.warning(
            "Could not queue the notification dispatch; the periodic run will deliver.", exc_info=True
        )
