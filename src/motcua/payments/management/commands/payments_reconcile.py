"""manage.py payments_reconcile: settle online payments whose gateway notification never came.

Asks the gateway (VNPay querydr, DVCQG QUERY) about every payment still pending N minutes after it started,
and applies the answer through the same `payment_settle` the IPN uses. A payment the gateway never saw is
cancelled once it has expired. Run it every few minutes (cron, Celery beat).
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.payments import selectors, services
from motcua.payments.gateways.base import GatewayUnavailable, Outcome
from motcua.payments.gateways.registry import GATEWAYS, gateway_for


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
        now = timezone.now()
        expired_before = now - timedelta(minutes=settings.PAYMENT_EXPIRE_MINUTES)
        counts = {"settled": 0, "pending": 0, "expired": 0, "errors": 0}
        for payment in selectors.payments_to_reconcile(
            started_before=now - timedelta(minutes=options["older_than"])
        ):
            if payment.gateway not in GATEWAYS:
                continue
            try:
                result = gateway_for(payment.gateway).query(payment=payment)
            except GatewayUnavailable as error:
                counts["errors"] += 1
                self.stderr.write(f"{payment.reference}: {error}")
                continue
            if result.outcome == Outcome.UNKNOWN:
                if payment.created_at < expired_before and services.payment_expire(payment=payment):
                    counts["expired"] += 1
                continue
            settlement = services.payment_settle(gateway_code=payment.gateway, result=result, via="reconcile")
            if settlement == services.Settlement.CONFIRMED:
                counts["settled"] += 1
            elif settlement == services.Settlement.STILL_PENDING:
                counts["pending"] += 1
            else:
                counts["errors"] += 1
                self.stderr.write(f"{payment.reference}: {settlement}")
        if options["verbosity"] > 0:
            self.stdout.write(
                "Đối soát: {settled} giao dịch đã có kết quả, {pending} còn chờ, {expired} hết hạn, "
                "{errors} lỗi.".format(**counts)
            )
