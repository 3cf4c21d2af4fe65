"""`manage.py dossiers_flag_at_risk`: the periodic deadline alerts, for cron where Celery beat is not used."""

from django.core.management.base import BaseCommand

from motcua.dossiers.alerts import dossiers_flag_at_risk


class Command(BaseCommand):
    help = "Flag dossiers and steps due within one working day or overdue, and alert their leaders."

    def handle(self, *args, **options):
        result = dossiers_flag_at_risk()
        self.stdout.write(
            f"{result.at_risk} dossiers or steps due soon or overdue; {result.created} new alerts; "
            f"{result.queued} e-mails to leaders queued."
        )
