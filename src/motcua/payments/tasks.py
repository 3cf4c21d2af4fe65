"""Celery task: the payment reconciliation, run by the beat schedule (config/settings/tasks.py). Without a broker
(`make run`, the tests) Celery runs it eagerly, in-process."""

from motcua.config.celery import app
from motcua.payments.reconcile import payments_reconcile


@app.task(name="motcua.payments.reconcile", ignore_result=True)
def payments_reconcile_task() -> int:
    """Same job as `manage.py payments_reconcile`; returns how many payments got their outcome."""
    result = payments_reconcile()
    return result.settled + result.expired
