"""Which fee lines a dossier owes: the catalogue's fees of its case, and each request for financial obligation
that named an amount. Reads only; `lines.fee_lines_issue` saves them."""

from django.utils.translation import gettext_noop

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.workflow import Action, Status
from motcua.payments.models import FeeLine

# Fees issued once processing has asked for them, or with the result, are paid after processing.
_AFTER_PROCESSING = {Status.AWAITING_PAYMENT, Status.RESOLVED}


def lines_to_issue(dossier: Dossier) -> list[FeeLine]:
    """Unsaved lines not issued yet (the catalogue's fees once each, each requested amount once)."""
    issued = list(dossier.fee_lines.all())
    issued_fees = {line.fee_id for line in issued}
    issued_requests = {line.request_event_id for line in issued}
    timing = FeeLine.Timing.AFTER if dossier.status in _AFTER_PROCESSING else FeeLine.Timing.BEFORE
    lines = [
        FeeLine(
            dossier=dossier,
            fee=fee,
            order=fee.order,
            name=fee.name,
            kind=fee.kind,
            amount=fee.amount,
            timing=timing,
        )
        for fee in dossier.case.fees.all()
        if fee.id not in issued_fees
    ]
    requests = DossierEvent.objects.filter(dossier=dossier, action=Action.REQUEST_PAYMENT).order_by(
        "at", "id"
    )
    for event in requests:
        amount = (event.data or {}).get("amount")
        if amount and event.id not in issued_requests:
            lines.append(
                FeeLine(
                    dossier=dossier,
                    request_event=event,
                    order=1000 + len(lines),
                    name=event.note or gettext_noop("Nghĩa vụ tài chính"),
                    amount=int(amount),
                    timing=FeeLine.Timing.AFTER,
                )
            )
    return lines
