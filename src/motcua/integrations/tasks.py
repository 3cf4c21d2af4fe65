"""Celery task: the sync sender, run by the beat schedule (config/settings/tasks.py). Without a broker
(`make run`, the tests) Celery runs it eagerly, in-process."""

from motcua.config.celery import app
from motcua.integrations.services import sync_send_due


@app.task(name="motcua.integrations.sync", ignore_result=True)
def integrations_sync_task() -> int:
    """Same job as `manage.py integrations_sync`; returns how many pushes the portal acknowledged."""
    return sync_send_due().sent
