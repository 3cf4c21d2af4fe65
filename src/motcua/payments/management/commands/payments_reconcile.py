"""manage.py payments_reconcile: settle online payments whose gateway notification never came
(`payments.reconcile.payments_reconcile`; the Celery beat runs the same job every few minutes)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.payments.reconcile import payments_reconcile


class Command(BaseCommand):
    help = "Đối soát giao dịch thanh toán trực tuyến còn chờ kết quả với cổng thanh toán."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=settings.PAYMENT_RECONCILE_AFTER_MINUTES,
            metavar="MINUTES",
            help="only payments started at least this many minutes ago (default: %(default)s)",
        )

    def handle(self, *args, **options):
        result = payments_reconcile(older_than_minutes=options["older_than"])
        for error in result.errors:
            self.stderr.write(error)
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Đối soát: {result.settled} giao dịch đã có kết quả, {result.pending} còn chờ, "
                f"{result.expired} hết hạn, {len(result.errors)} lỗi."
            )
