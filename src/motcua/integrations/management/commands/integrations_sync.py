"""`manage.py integrations_sync`: push what the national portal has not acknowledged, for cron without Celery."""

from django.core.management.base import BaseCommand

from motcua.integrations.services import sync_send_due


class Command(BaseCommand):
    help = "Send the due DVCQG sync rows (dossiers and progress steps), oldest first; failures wait with backoff."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="At most this many pushes in this run.")

    def handle(self, *args, limit=None, **options):
        report = sync_send_due(limit=limit)
        if not report.configured:
            self.stderr.write("DVCQG_BASE_URL is not set: nothing sent.")
            return
        self.stdout.write(f"{report.sent} pushes acknowledged; {report.failed} failed and will be retried.")
