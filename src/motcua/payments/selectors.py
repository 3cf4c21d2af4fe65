"""Reads on fees and payments, filtered by who may see them (anything else is a 404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from motcua.agencies.selectors import staff_agency_ids
from motcua.dossiers.models import Dossier
from motcua.payments.fees import lines_to_issue
from motcua.payments.models import FeeLine, Payment

_PAYMENT_RELATED = ("dossier__agency", "dossier__procedure", "receipt", "recorded_by", "refunded_by")


@dataclass(frozen=True)
class Fees:
    """What a dossier's fee page shows. Lines not issued yet (unsaved) are shown as they will be."""

    lines: list[FeeLine]
    payments: list[Payment]

    @property
    def not_issued(self) -> list[FeeLine]:
        return [line for line in self.lines if line.pk is None]

    @property
    def due(self) -> list[FeeLine]:
        return [line for line in self.lines if line.is_due]

    @property
    def due_total(self) -> int:
        return sum(line.amount or 0 for line in self.due)

    @property
    def unpriced(self) -> list[FeeLine]:
        return [line for line in self.due if line.amount is None]

    @property
    def paid_total(self) -> int:
        return sum(p.amount for p in self.payments if p.state == Payment.State.PAID)

    @property
    def can_pay(self) -> bool:
        return bool(self.due) and not self.unpriced


def dossier_fees(*, dossier: Dossier) -> Fees:
    """The dossier's fee lines and payments; call with a dossier already fetched through a who-may-see check."""
    issued = list(FeeLine.objects.filter(dossier=dossier).select_related("payment").order_by("order", "pk"))
    payments = list(
        Payment.objects.filter(dossier=dossier)
        .select_related(*_PAYMENT_RELATED)
        .prefetch_related(Prefetch("lines", FeeLine.objects.order_by("order", "pk")), "settled_lines")
        .order_by("-created_at", "-id")
    )
    return Fees(lines=issued + lines_to_issue(dossier), payments=payments)


def payment_of_applicant(*, applicant, public_id=None, reference=None) -> Payment:
    """A payment of one of the applicant's own dossiers; anybody else's answers 404."""
    lookup = {"public_id": public_id} if public_id is not None else {"reference": reference}
    return get_object_or_404(
        Payment.objects.select_related(*_PAYMENT_RELATED).prefetch_related("lines"),
        dossier__applicant=applicant,
        **lookup,
    )


def payment_for_staff(*, user, public_id) -> Payment:
    """A payment of a dossier of the officer's agencies (and the units below them); otherwise 404."""
    return get_object_or_404(
        Payment.objects.select_related(*_PAYMENT_RELATED).prefetch_related("lines"),
        dossier__agency_id__in=staff_agency_ids(user),
        public_id=public_id,
    )


def payments_to_reconcile(*, started_before: datetime):
    """Online payments still pending long after they started: their notification may never have come."""
    return (
        Payment.objects.filter(
            state=Payment.State.PENDING, method=Payment.Method.ONLINE, created_at__lt=started_before
        )
        .exclude(gateway="")
        .select_related("dossier")
        .order_by("created_at")
    )
