"""Fee lines (khoản phí, lệ phí) as the dossier's lifecycle issues and cancels them.

Kept apart from `payments.services` (which calls the dossiers services when an obligation is met) so the
dossiers services can call these in their own transaction without an import cycle.
"""

from __future__ import annotations

from django.db import transaction

from motcua.dossiers.models import Dossier
from motcua.payments.fees import lines_to_issue
from motcua.payments.models import FeeLine


@transaction.atomic
def fee_lines_issue(*, dossier: Dossier) -> list[FeeLine]:
    """Copy the catalogue's fees of the dossier's case, and every requested obligation with an amount, once.

    Called when the desk receives a dossier, when processing requests the financial obligation, and before
    any money moves. Safe to call any number of times, also concurrently (unique constraints).
    """
    FeeLine.objects.bulk_create(lines_to_issue(dossier), ignore_conflicts=True)
    return list(FeeLine.objects.filter(dossier=dossier).order_by("order", "pk"))


@transaction.atomic
def fee_lines_cancel_unpaid(*, dossier: Dossier) -> int:
    """The dossier was refused, withdrawn or stopped: nothing still unpaid is owed any more.

    Lines already paid stay paid (a refund is a leader's decision); exempt lines keep their exemption.
    Returns how many lines were cancelled.
    """
    return (
        FeeLine.objects.filter(dossier=dossier, state__in=(FeeLine.State.UNPAID, FeeLine.State.PENDING))
        .exclude(timing=FeeLine.Timing.EXEMPT)
        .update(state=FeeLine.State.CANCELLED)
    )
