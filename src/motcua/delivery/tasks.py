"""Celery task: the postal poll, run by the beat schedule (config/settings/tasks.py)."""

from motcua.config.celery import app
from motcua.delivery.services import shipments_poll


@app.task(name="motcua.delivery.poll", ignore_result=True)
def delivery_poll_task() -> int:
    """Same job as `manage.py delivery_poll`; returns how many status updates were new."""
    return shipments_poll().updates
