"""The applicant's side: the dossier's fees, paying online, the way back from the gateway, the receipt."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.decorators import applicant_required
from motcua.core import idempotency
from motcua.dossiers.selectors import dossier_of_applicant
from motcua.payments import selectors, services
from motcua.payments.gateways.base import BadSignature
from motcua.payments.gateways.registry import GATEWAYS, enabled_gateways, gateway_for
from motcua.payments.receipts import receipt_response


def _applicant_dossier(request, public_id):
    if not request.user.is_applicant:
        raise Http404
    return dossier_of_applicant(applicant=request.user, public_id=public_id)


@login_required
def dossier_fees(request, public_id):
    dossier = _applicant_dossier(request, public_id)
    return render(
        request,
        "payments/portal_fees.html",
        {
            "dossier": dossier,
            "fees": selectors.dossier_fees(dossier=dossier),
            "gateways": enabled_gateways(),
            "payable": dossier.status in services.PAYABLE_STATUSES,
            # A fresh key per page: a double click or a resubmitted form starts one payment, not two.
            "idempotency_key": uuid.uuid4(),
        },
    )


@login_required
@require_POST
def payment_start(request, public_id):
    dossier = _applicant_dossier(request, public_id)
    gateway = request.POST.get("gateway", "")
    key = request.POST.get("idempotency_key", "").strip()

    def start() -> idempotency.Answer:
        payment = services.payment_start(
            dossier=dossier,
            payer=request.user,
            gateway_code=gateway,
            return_url=request.build_absolute_uri(reverse("payments:return", args=[gateway])),
            client_ip=request.META.get("REMOTE_ADDR", ""),
            locale="en" if (get_language() or "").startswith("en") else "vn",
        )
        return idempotency.Answer(201, {"payment": str(payment.public_id)})

    try:
        if idempotency.is_valid_key(key):
            answer, _replayed = idempotency.run_once(
                scope="portal.payment_start",
                owner=f"user:{request.user.pk}",
                key=key,
                fingerprint=idempotency.request_fingerprint(
                    method="POST", path=request.path, data={"gateway": gateway}
                ),
                run=start,
            )
        else:
            answer = start()
    except services.PaymentError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("payments:dossier_fees", public_id=public_id)
    except idempotency.KeyInFlight:
        messages.info(request, _("Giao dịch đang được tạo, vui lòng chờ trong giây lát."))
        return redirect("payments:dossier_fees", public_id=public_id)
    except idempotency.KeyReused:
        messages.error(request, _("Vui lòng tải lại trang rồi chọn lại cổng thanh toán."))
        return redirect("payments:dossier_fees", public_id=public_id)
    payment = selectors.payment_of_applicant(applicant=request.user, public_id=answer.body["payment"])
    if payment.state != payment.State.PENDING:  # a replay after the payment was settled
        return redirect("payments:dossier_fees", public_id=public_id)
    return redirect(payment.redirect_url)


@login_required
def payment_return(request, gateway):
    """Where the gateway sends the payer back. It only shows: the payment changes on the gateway's own
    notification (IPN), never on what a browser brings back."""
    if gateway not in GATEWAYS:
        raise Http404
    try:
        result = gateway_for(gateway).verify_return(request.GET.dict())
    except BadSignature:
        return render(request, "payments/return.html", {"bad_signature": True}, status=400)
    payment = selectors.payment_of_applicant(applicant=request.user, reference=result.reference)
    return render(request, "payments/return.html", {"payment": payment, "result": result})


@applicant_required
def receipt(request, public_id, payment_id):
    payment = selectors.payment_of_applicant(applicant=request.user, public_id=payment_id)
    if payment.dossier.public_id != public_id or not hasattr(payment, "receipt"):
        raise Http404
    return receipt_response(payment)
