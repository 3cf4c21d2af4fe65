"""Celery tasks of the dossiers app (scheduled in config/settings/tasks.py)."""

from celery import shared_task

from motcua.dossiers.alerts import dossiers_flag_at_risk


@shared_task(name="dossiers.flag_at_risk")
def flag_at_risk() -> int:
    """Same job as `manage.py dossiers_flag_at_risk`; returns how many alerts were new."""
    return dossiers_flag_at_risk().created
