"""What the gateways call, server to server: VNPay's IPN and the DVCQG platform's CONFIRM.

These are the authoritative news of a payment. Both verify the signature, then settle the payment through
`services.payment_settle` (the reconciliation uses the same path) and answer in the gateway's own words.
"""

import json
import logging

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from motcua.payments import services
from motcua.payments.gateways import dvcqg
from motcua.payments.gateways.base import BadSignature
from motcua.payments.gateways.registry import gateway_for
from motcua.payments.services import Settlement

logger = logging.getLogger(__name__)

# VNPay IPN answers (domain.md §9): RspCode and Message as VNPay's documentation spells them.
BAD_CHECKSUM = ("97", "Invalid Checksum")
UNKNOWN_ERROR = ("99", "Unknown error")
ANSWERS = {
    Settlement.CONFIRMED: ("00", "Confirm Success"),
    Settlement.NOT_FOUND: ("01", "Order not found"),
    Settlement.ALREADY_SETTLED: ("02", "Order already confirmed"),
    Settlement.WRONG_AMOUNT: ("04", "Invalid amount"),
    Settlement.STILL_PENDING: UNKNOWN_ERROR,
}


def _settle(gateway_code: str, message: dict, via: str) -> tuple[str, str, str]:
    """(code, message, our reference) for a notification; the same codes serve both gateways."""
    try:
        result = gateway_for(gateway_code).verify_notification(message)
    except BadSignature:
        logger.warning("%s notification with a bad signature: %s", gateway_code, message)
        return (*BAD_CHECKSUM, "")
    try:
        settlement = services.payment_settle(gateway_code=gateway_code, result=result, via=via)
    except Exception:
        # The gateway retries on anything but 00/02: a passing database error settles on a later call.
        logger.exception("%s notification for %s could not be settled", gateway_code, result.reference)
        return (*UNKNOWN_ERROR, result.reference)
    return (*ANSWERS[settlement], result.reference)


@csrf_exempt
@require_GET
def vnpay_ipn(request):
    code, message, _reference = _settle("vnpay", request.GET.dict(), "ipn")
    return JsonResponse({"RspCode": code, "Message": message})


@csrf_exempt
@require_POST
def dvcqg_confirm(request):
    try:
        message = json.loads(request.body)
        if not isinstance(message, dict):
            raise ValueError
    except ValueError:
        code, text, reference = (*UNKNOWN_ERROR, "")
    else:
        code, text, reference = _settle("dvcqg", message, "confirm")
    gateway = gateway_for("dvcqg")
    answer = dvcqg.signed(
        {"MaLoi": code, "MoTaLoi": text, "MaGiaoDich": reference}, dvcqg.CONFIRM_ANSWER_SIGNED, gateway.secret
    )
    return JsonResponse(answer)
