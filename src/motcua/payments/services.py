"""Writes on fees and payments (domain.md §9). Each service runs in one transaction and logs a PaymentEvent.

An online payment becomes paid, failed or cancelled in one place, `payment_settle`, whichever way the news
comes: the gateway's notification (VNPay IPN, DVCQG CONFIRM) or the reconciliation's query. The payer's
return to the portal never changes anything. Once nothing is left to pay on a dossier waiting for its
financial obligation (status 6), processing resumes through `dossier_resume_after_payment`.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Role
from motcua.agencies.selectors import staff_roles_in
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import OPEN_STATUSES, Status
from motcua.payments.gateways.base import GatewayResult, GatewayUnavailable, Outcome
from motcua.payments.gateways.registry import GATEWAYS, gateway_for, is_enabled
from motcua.payments.lines import fee_lines_issue
from motcua.payments.models import FeeLine, Payment, PaymentEvent, Receipt, ReceiptCounter

DESK_ROLES = {Role.DESK_OFFICER}
# Refunds are decided by a leader of the agency that collected the money.
LEADER_ROLES = {Role.DEPARTMENT_LEADER, Role.AGENCY_LEADER}
# Fees are paid while the dossier is open, or with the result (paid after processing).
PAYABLE_STATUSES = OPEN_STATUSES | {Status.RESOLVED}
_WAITING = (FeeLine.State.UNPAID, FeeLine.State.PENDING)


class PaymentError(Exception):
    """A problem the user can fix; `messages` are shown as they are."""

    def __init__(self, *messages: str):
        super().__init__(" ".join(messages))
        self.messages = list(messages)


class Settlement(StrEnum):
    """How a gateway's news about a payment was taken (VNPay IPN RspCode in brackets)."""

    CONFIRMED = "confirmed"  # 00
    NOT_FOUND = "not_found"  # 01
    ALREADY_SETTLED = "already_settled"  # 02
    WRONG_AMOUNT = "wrong_amount"  # 04
    STILL_PENDING = "still_pending"  # nothing to do yet (a query answered "pending")


# ---------------------------------------------------------------------------------------------- helpers


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _require_role(user, agency: Agency, roles: set[str]) -> None:
    if not staff_roles_in(user, agency) & roles:
        raise PermissionDenied(_("Cán bộ không có quyền thực hiện việc này với hồ sơ của cơ quan khác."))


def _log(payment: Payment, kind: str, *, at: datetime, actor=None, data=None) -> None:
    PaymentEvent.objects.create(payment=payment, kind=kind, at=at, actor=actor, data=data or {})


def _new_reference(at: datetime) -> str:
    """Our order number: the date, then random hex (VNPay wants vnp_TxnRef unique; the constraint checks)."""
    return f"{timezone.localtime(at):%y%m%d}{secrets.token_hex(5).upper()}"


def _check_payable(dossier: Dossier) -> None:
    if dossier.status not in PAYABLE_STATUSES:
        raise PaymentError(
            _("Hồ sơ đang ở trạng thái “%(status)s”: không thu phí, lệ phí.")
            % {"status": dossier.get_status_display()}
        )


def _due_lines_locked(dossier: Dossier) -> list[FeeLine]:
    """Every line still to pay, locked; refused when there is none or one has no amount yet."""
    lines = FeeLine.objects.select_for_update().filter(dossier=dossier).order_by("pk")
    due = [line for line in lines if line.is_due]
    if not due:
        raise PaymentError(_("Hồ sơ không còn khoản phí, lệ phí nào phải nộp."))
    unpriced = [line.name for line in due if line.amount is None]
    if unpriced:
        raise PaymentError(
            *[
                _("Khoản thu “%(name)s” chưa có mức thu: bộ phận một cửa sẽ xác định số tiền.")
                % {"name": name}
                for name in unpriced
            ]
        )
    return due


def _refresh_waiting(line_ids) -> None:
    """A line not yet paid is 'pending' while an online payment for it is open, 'unpaid' otherwise."""
    waiting = FeeLine.objects.filter(pk__in=list(line_ids), state__in=_WAITING)
    in_flight = set(
        waiting.filter(payments__state=Payment.State.PENDING).values_list("pk", flat=True).distinct()
    )
    waiting.filter(pk__in=in_flight).update(state=FeeLine.State.PENDING)
    waiting.exclude(pk__in=in_flight).update(state=FeeLine.State.UNPAID)


def _receipt_issue(payment: Payment, at: datetime) -> Receipt:
    """Biên lai: the next number of the agency's year; the counter row is locked, so numbers never repeat."""
    agency, year = payment.dossier.agency, timezone.localtime(at).year
    ReceiptCounter.objects.bulk_create(
        [ReceiptCounter(agency=agency, year=year, last_value=0)], ignore_conflicts=True
    )
    counter = ReceiptCounter.objects.select_for_update().get(agency=agency, year=year)
    ReceiptCounter.objects.filter(pk=counter.pk).update(last_value=F("last_value") + 1)
    return Receipt.objects.create(
        payment=payment, agency=agency, year=year, sequence=counter.last_value + 1, issued_at=at
    )


def _paid(payment: Payment, *, at: datetime, actor) -> None:
    """Money received: the lines it was for are paid by it (unless another payment was first), a receipt is
    issued, and a dossier waiting for its financial obligation resumes when nothing is left to pay."""
    lines = list(payment.lines.select_for_update().order_by("pk"))
    fresh = [line.pk for line in lines if line.payment_id is None and line.is_due]
    FeeLine.objects.filter(pk__in=fresh).update(state=FeeLine.State.PAID, payment=payment)
    _refresh_waiting(line.pk for line in lines)
    _receipt_issue(payment, at)
    _resume_if_obligation_met(payment.dossier, actor=actor, payment=payment, at=at)


def _resume_if_obligation_met(dossier: Dossier, *, actor, payment: Payment | None, at: datetime) -> None:
    dossier = Dossier.objects.get(pk=dossier.pk)
    if dossier.status != Status.AWAITING_PAYMENT:
        return
    fee_lines_issue(dossier=dossier)  # an obligation requested since the payment started counts too
    still_due = FeeLine.objects.filter(dossier=dossier, state__in=_WAITING).exclude(
        timing=FeeLine.Timing.EXEMPT
    )
    if still_due.exists():
        return
    if payment is not None:
        note = _("Đã nộp đủ phí, lệ phí (giao dịch %(reference)s, %(method)s).") % {
            "reference": payment.reference,
            "method": payment.get_method_display(),
        }
    else:
        note = _("Các khoản phí, lệ phí còn lại được miễn.")
    label = ""
    if actor is None:  # a gateway confirmed it: the history names the gateway
        gateway = GATEWAYS.get(payment.gateway) if payment is not None else None
        label = (
            _("Thanh toán trực tuyến qua %(gateway)s") % {"gateway": gateway.label}
            if gateway
            else _("Thanh toán trực tuyến")
        )
    dossier_resume_after_payment(dossier=dossier, officer=actor, actor_label=label, note=note, now=at)


def dossier_resume_after_payment(
    *, dossier: Dossier, officer, note: str, now: datetime, actor_label: str = ""
) -> None:
    """SEAM between payments and the dossier's lifecycle: the financial obligation is met, status 6 ends.

    `officer` is None when a gateway confirmed the payment; `actor_label` then names it in the history.
    """
    dossier_services.dossier_record_payment(
        dossier=dossier, officer=officer, actor_label=actor_label, note=note, now=now
    )


# ---------------------------------------------------------------------------------------------- fee lines


@transaction.atomic
def fee_line_update(
    *, line: FeeLine, officer, amount: int | None = None, exempt: bool = False, reason: str = "", now=None
) -> FeeLine:
    """The desk sets the amount of a fee "theo quy định", or exempts the line (miễn) with the legal reason."""
    _require_role(officer, line.dossier.agency, DESK_ROLES)
    line = FeeLine.objects.select_for_update().select_related("dossier").get(pk=line.pk)
    if line.state != FeeLine.State.UNPAID:
        raise PaymentError(_("Chỉ sửa được khoản thu chưa nộp và không có giao dịch đang chờ thanh toán."))
    if exempt:
        if not reason.strip():
            raise PaymentError(_("Vui lòng ghi lý do, căn cứ miễn phí, lệ phí."))
        line.timing, line.exempt_reason = FeeLine.Timing.EXEMPT, reason.strip()
    else:
        if amount is None or amount <= 0:
            raise PaymentError(_("Số tiền phải lớn hơn 0 (khoản không thu thì chọn “miễn”)."))
        line.amount = amount
    line.save(update_fields=["timing", "exempt_reason", "amount"])
    if exempt:
        _resume_if_obligation_met(line.dossier, actor=officer, payment=None, at=_now(now))
    return line


# ---------------------------------------------------------------------------------------------- online


@transaction.atomic
def payment_start(
    *,
    dossier: Dossier,
    payer,
    gateway_code: str,
    return_url: str,
    client_ip: str = "",
    locale: str = "vn",
    now: datetime | None = None,
) -> Payment:
    """Thanh toán trực tuyến: one payment for every line still due, registered with the chosen gateway.

    The lines become 'pending' until the gateway says how it went; an earlier unfinished attempt stays open
    (whichever is paid first pays the lines; a later one is marked for refund).
    """
    if dossier.applicant_id is None or payer.pk != dossier.applicant_id:
        raise PermissionDenied
    if not is_enabled(gateway_code):
        raise PaymentError(_("Cổng thanh toán này chưa được sử dụng."))
    _check_payable(dossier)
    fee_lines_issue(dossier=dossier)
    due = _due_lines_locked(dossier)
    at = _now(now)
    payment = Payment.objects.create(
        reference=_new_reference(at),
        dossier=dossier,
        method=Payment.Method.ONLINE,
        gateway=gateway_code,
        amount=sum(line.amount for line in due),
        payer_name=dossier.applicant_name,
        started_by=payer,
        created_at=at,
    )
    payment.lines.set(due)
    try:
        checkout = gateway_for(gateway_code).start(
            payment=payment, return_url=return_url, client_ip=client_ip, locale=locale
        )
    except GatewayUnavailable:
        raise PaymentError(
            _("Cổng thanh toán tạm thời không phản hồi; vui lòng thử lại sau ít phút.")
        ) from None
    payment.redirect_url, payment.gateway_data = checkout.redirect_url, checkout.gateway_data
    payment.save(update_fields=["redirect_url", "gateway_data"])
    _refresh_waiting(line.pk for line in due)
    _log(payment, PaymentEvent.Kind.STARTED, at=at, actor=payer, data={"lines": [line.pk for line in due]})
    return payment


_FINAL_STATE = {
    Outcome.PAID: Payment.State.PAID,
    Outcome.FAILED: Payment.State.FAILED,
    Outcome.CANCELLED: Payment.State.CANCELLED,
}


@transaction.atomic
def payment_settle(
    *, gateway_code: str, result: GatewayResult, via: str, now: datetime | None = None
) -> Settlement:
    """Take what a gateway says about one of our payments, once (the result is already verified as signed).

    Order of checks as VNPay's IPN wants them: the order exists, the amount is ours, it is not settled yet.
    """
    payment = (
        Payment.objects.select_for_update()
        .select_related("dossier")
        .filter(reference=result.reference, gateway=gateway_code)
        .first()
    )
    if payment is None:
        return Settlement.NOT_FOUND
    at = _now(now)
    kind = PaymentEvent.Kind.QUERIED if via == "reconcile" else PaymentEvent.Kind.NOTIFIED
    _log(payment, kind, at=at, data={"outcome": result.outcome, "message": result.details})
    if result.amount != payment.amount:
        return Settlement.WRONG_AMOUNT
    if payment.state != Payment.State.PENDING:
        return Settlement.ALREADY_SETTLED
    if result.outcome not in _FINAL_STATE:
        return Settlement.STILL_PENDING
    payment.state = _FINAL_STATE[result.outcome]
    payment.settled_at, payment.settled_via = at, via
    payment.transaction_no = result.transaction_no[:64]
    payment.save(update_fields=["state", "settled_at", "settled_via", "transaction_no"])
    _log(payment, PaymentEvent.Kind.SETTLED, at=at, data={"state": payment.state, "via": via})
    if payment.state == Payment.State.PAID:
        _paid(payment, at=at, actor=None)
    else:
        _refresh_waiting(payment.lines.values_list("pk", flat=True))
    return Settlement.CONFIRMED


@transaction.atomic
def payment_expire(*, payment: Payment, now: datetime | None = None) -> bool:
    """A payment the gateway never saw, past its expiry: cancelled, its lines free to pay again."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.state != Payment.State.PENDING:
        return False
    at = _now(now)
    payment.state, payment.settled_at, payment.settled_via = Payment.State.CANCELLED, at, "reconcile"
    payment.save(update_fields=["state", "settled_at", "settled_via"])
    _log(payment, PaymentEvent.Kind.SETTLED, at=at, data={"state": payment.state, "expired": True})
    _refresh_waiting(payment.lines.values_list("pk", flat=True))
    return True


# ---------------------------------------------------------------------------------------------- desk


@transaction.atomic
def payment_record_at_desk(
    *,
    dossier: Dossier,
    officer,
    payer_name: str,
    method: str = Payment.Method.CASH,
    transfer_reference: str = "",
    now: datetime | None = None,
) -> Payment:
    """Thu tiền tại bộ phận một cửa (cash), or a bank transfer the desk has checked: paid at once, receipted."""
    _require_role(officer, dossier.agency, DESK_ROLES)
    if method not in (Payment.Method.CASH, Payment.Method.TRANSFER):
        raise PaymentError(_("Hình thức nộp tiền không hợp lệ."))
    if not payer_name.strip():
        raise PaymentError(_("Vui lòng ghi họ tên người nộp tiền."))
    if method == Payment.Method.TRANSFER and not transfer_reference.strip():
        raise PaymentError(_("Vui lòng ghi số chứng từ chuyển khoản."))
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    _check_payable(dossier)
    fee_lines_issue(dossier=dossier)
    due = _due_lines_locked(dossier)
    at = _now(now)
    payment = Payment.objects.create(
        reference=_new_reference(at),
        dossier=dossier,
        method=method,
        amount=sum(line.amount for line in due),
        state=Payment.State.PAID,
        payer_name=payer_name.strip(),
        started_by=officer,
        recorded_by=officer,
        transfer_reference=transfer_reference.strip(),
        created_at=at,
        settled_at=at,
        settled_via="desk",
    )
    payment.lines.set(due)
    _log(payment, PaymentEvent.Kind.RECORDED, at=at, actor=officer, data={"lines": [line.pk for line in due]})
    _paid(payment, at=at, actor=officer)
    return payment


@transaction.atomic
def payment_refund(*, payment: Payment, leader, reason: str, now: datetime | None = None) -> Payment:
    """Hoàn trả: a leader of the collecting agency records that the money went back, and why."""
    _require_role(leader, payment.dossier.agency, LEADER_ROLES)
    if not reason.strip():
        raise PaymentError(_("Vui lòng ghi lý do hoàn trả."))
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.state != Payment.State.PAID:
        raise PaymentError(_("Chỉ hoàn trả được giao dịch đã thanh toán."))
    at = _now(now)
    payment.state = Payment.State.REFUNDED
    payment.refunded_at, payment.refunded_by, payment.refund_reason = at, leader, reason.strip()
    payment.save(update_fields=["state", "refunded_at", "refunded_by", "refund_reason"])
    payment.settled_lines.update(state=FeeLine.State.REFUNDED)
    _log(payment, PaymentEvent.Kind.REFUNDED, at=at, actor=leader, data={"reason": payment.refund_reason})
    return payment
