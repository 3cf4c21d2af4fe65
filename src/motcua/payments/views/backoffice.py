"""The desk's side: the dossier's fees, cash or transfer received at the desk, exemptions, refunds, receipts."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.agencies.selectors import staff_roles_in
from motcua.backoffice.views import staff_required
from motcua.core.money import format_vnd
from motcua.dossiers.selectors import dossier_for_staff
from motcua.payments import forms, selectors, services
from motcua.payments.models import FeeLine
from motcua.payments.receipts import receipt_response


@staff_required
def dossier_fees(request, public_id):
    dossier = dossier_for_staff(user=request.user, public_id=public_id)
    roles = staff_roles_in(request.user, dossier.agency)
    is_desk, is_leader = bool(roles & services.DESK_ROLES), bool(roles & services.LEADER_ROLES)
    payable = dossier.status in services.PAYABLE_STATUSES
    return render(
        request,
        "payments/backoffice_fees.html",
        {
            "dossier": dossier,
            "fees": selectors.dossier_fees(dossier=dossier),
            "is_desk": is_desk,
            "payable": payable,
            "payment_form": forms.DeskPaymentForm(initial={"payer_name": dossier.applicant_name}),
            # Only those who may act get the forms (the lines and payments tables show them when given).
            "line_form": forms.FeeLineForm() if is_desk and payable else None,
            "refund_form": forms.RefundForm() if is_leader else None,
        },
    )


def _fees_action(handler):
    """POST-only action on a dossier's fees: 404 outside the officer's agencies, errors shown as messages."""

    @wraps(handler)
    @staff_required
    @require_POST
    def wrapper(request, public_id, **kwargs):
        dossier = dossier_for_staff(user=request.user, public_id=public_id)
        try:
            success = handler(request, dossier, **kwargs)
        except services.PaymentError as error:
            for message in error.messages:
                messages.error(request, message)
        except PermissionDenied:
            messages.error(request, _("Anh/chị không có quyền thực hiện thao tác này với hồ sơ."))
        else:
            messages.success(request, success)
        return redirect("payments:desk_fees", public_id=public_id)

    return wrapper


def _cleaned(form):
    if not form.is_valid():
        raise services.PaymentError(
            *[
                f"{form.fields[name].label}: {error}"
                for name, errors in form.errors.items()
                for error in errors
            ]
        )
    return form.cleaned_data


@_fees_action
def record_payment(request, dossier):
    data = _cleaned(forms.DeskPaymentForm(request.POST))
    payment = services.payment_record_at_desk(
        dossier=dossier,
        officer=request.user,
        payer_name=data["payer_name"],
        method=data["method"],
        transfer_reference=data["transfer_reference"],
    )
    return _("Đã thu %(amount)s, biên lai số %(number)s.") % {
        "amount": format_vnd(payment.amount),
        "number": payment.receipt.number,
    }


@_fees_action
def issue_lines(request, dossier):
    """Lines are otherwise issued when money first moves; the desk issues them to set amounts or exempt."""
    if not staff_roles_in(request.user, dossier.agency) & services.DESK_ROLES:
        raise PermissionDenied
    services.fee_lines_issue(dossier=dossier)
    return _("Đã lập các khoản phí, lệ phí của hồ sơ theo danh mục thủ tục.")


@_fees_action
def update_line(request, dossier, line_id):
    line = get_object_or_404(FeeLine, pk=line_id, dossier=dossier)
    data = _cleaned(forms.FeeLineForm(request.POST))
    services.fee_line_update(
        line=line, officer=request.user, amount=data["amount"], exempt=data["exempt"], reason=data["reason"]
    )
    return _("Đã cập nhật khoản thu “%(name)s”.") % {"name": line.name}


@_fees_action
def refund(request, dossier, payment_id):
    payment = selectors.payment_for_staff(user=request.user, public_id=payment_id)
    if payment.dossier_id != dossier.pk:
        raise services.PaymentError(_("Giao dịch không thuộc hồ sơ này."))
    data = _cleaned(forms.RefundForm(request.POST))
    services.payment_refund(payment=payment, leader=request.user, reason=data["reason"])
    return _("Đã ghi nhận hoàn trả giao dịch %(reference)s.") % {"reference": payment.reference}


@staff_required
def receipt(request, payment_id):
    payment = selectors.payment_for_staff(user=request.user, public_id=payment_id)
    if not hasattr(payment, "receipt"):
        raise Http404
    return receipt_response(payment)
