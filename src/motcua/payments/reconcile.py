"""Đối soát: settle online payments whose gateway notification never came.

Asks the gateway (VNPay querydr, DVCQG QUERY) about every payment still pending some minutes after it started,
and applies the answer through the same `services.payment_settle` the IPN uses. A payment the gateway never saw
is cancelled once it has expired. Gateway calls run outside any database transaction. Run by
`manage.py payments_reconcile` and the Celery task `motcua.payments.reconcile` (config/settings/tasks.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from motcua.payments import selectors, services
from motcua.payments.gateways.base import GatewayUnavailable, Outcome
from motcua.payments.gateways.registry import GATEWAYS, gateway_for

logger = logging.getLogger(__name__)


@dataclass
class ReconcileResult:
    settled: int = 0
    pending: int = 0
    expired: int = 0
    errors: list[str] = field(default_factory=list)


def payments_reconcile(
    *, older_than_minutes: int | None = None, now: datetime | None = None
) -> ReconcileResult:
    """Query the gateway about each online payment still pending `older_than_minutes` after it started."""
    now = now or timezone.now()
    if older_than_minutes is None:
        older_than_minutes = settings.PAYMENT_RECONCILE_AFTER_MINUTES
    expired_before = now - timedelta(minutes=settings.PAYMENT_EXPIRE_MINUTES)
    result = ReconcileResult()
    for payment in selectors.payments_to_reconcile(
        started_before=now - timedelta(minutes=older_than_minutes)
    ):
        if payment.gateway not in GATEWAYS:
            continue
        try:
            answer = gateway_for(payment.gateway).query(payment=payment)
        except GatewayUnavailable as error:
            result.errors.append(f"{payment.reference}: {error}")
            continue
        if answer.outcome == Outcome.UNKNOWN:
            if payment.created_at < expired_before and services.payment_expire(payment=payment):
                result.expired += 1
            continue
        settlement = services.payment_settle(gateway_code=payment.gateway, result=answer, via="reconcile")
        if settlement == services.Settlement.CONFIRMED:
            result.settled += 1
        elif settlement == services.Settlement.STILL_PENDING:
            result.pending += 1
        else:
            result.errors.append(f"{payment.reference}: {settlement}")
    for error in result.errors:
        logger.warning("Payment reconciliation: %s", error)
    return result
