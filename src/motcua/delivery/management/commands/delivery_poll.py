"""`manage.py delivery_poll`: order what the post has not taken yet and fetch the statuses of items on the way."""

from django.core.management.base import BaseCommand

from motcua.delivery.services import shipments_poll


class Command(BaseCommand):
    help = "Retry postal orders without a tracking number, then poll the post for the status of open items."

    def handle(self, *args, **options):
        report = shipments_poll()
        if not report.configured:
            self.stderr.write("VNPOST_BASE_URL is not set: nothing done.")
            return
        self.stdout.write(
            f"{report.ordered} orders placed; {report.updates} new status updates; {report.errors} errors."
        )
