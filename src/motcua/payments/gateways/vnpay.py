"""VNPay, merchant protocol 2.1.0 (domain.md §9): signed redirect, IPN, return URL and querydr."""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone

from .base import (
    BadSignature,
    Checkout,
    Gateway,
    GatewayResult,
    GatewayUnavailable,
    Outcome,
    gmt7_stamp,
    post_json,
)

VERSION = "2.1.0"
_UNSIGNED = {"vnp_SecureHash", "vnp_SecureHashType"}
# querydr signs these fields joined with '|', in this order (request, then answer).
QUERYDR_SIGNED = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)  # fmt: skip
QUERYDR_ANSWER_SIGNED = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
    "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount",
)  # fmt: skip
QUERYDR_NOT_FOUND = "91"


def signing_string(params: dict) -> str:
    """Parameters sorted by name, empty ones dropped, form-encoded (space → '+'), joined as a query string."""
    return urlencode(
        sorted(
            (name, str(value))
            for name, value in params.items()
            if name not in _UNSIGNED and value not in (None, "")
        )
    )


def sign(params: dict, secret: str) -> str:
    """vnp_SecureHash: HMAC-SHA512 of the signing string, hex."""
    return hmac.new(secret.encode(), signing_string(params).encode(), hashlib.sha512).hexdigest()


def _pipe_sign(message: dict, fields, secret: str) -> str:
    data = "|".join(str(message.get(name) or "") for name in fields)
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def _same(received, expected: str) -> bool:
    return hmac.compare_digest(str(received or "").lower(), expected)


def _amount(raw) -> int | None:
    """vnp_Amount is đồng × 100; anything else than a whole number of đồng is not our amount."""
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value // 100 if value % 100 == 0 else None


def order_info(payment) -> str:
    # VNPay asks for Vietnamese without diacritics and without special characters in vnp_OrderInfo.
    code = re.sub(r"[^A-Za-z0-9]+", " ", payment.dossier.code or payment.reference).strip()
    return f"Thanh toan phi le phi ho so {code}"


class VNPayGateway(Gateway):
    code = "vnpay"
    label = "VNPAY"

    def __init__(self):
        self.tmn_code = settings.VNPAY_TMN_CODE
        self.secret = settings.VNPAY_HASH_SECRET

    def start(self, *, payment, return_url: str, client_ip: str, locale: str) -> Checkout:
        created = payment.created_at
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": payment.amount * 100,
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": payment.reference,
            "vnp_OrderInfo": order_info(payment),
            "vnp_OrderType": "other",
            "vnp_Locale": "en" if locale == "en" else "vn",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": client_ip or "127.0.0.1",
            "vnp_CreateDate": gmt7_stamp(created),
            "vnp_ExpireDate": gmt7_stamp(created + timedelta(minutes=settings.PAYMENT_EXPIRE_MINUTES)),
        }
        url = f"{settings.VNPAY_PAYMENT_URL}?{signing_string(params)}&vnp_SecureHash={sign(params, self.secret)}"
        return Checkout(redirect_url=url, gateway_data={"vnp_CreateDate": params["vnp_CreateDate"]})

    def verify_notification(self, message: dict) -> GatewayResult:
        if not _same(message.get("vnp_SecureHash"), sign(message, self.secret)):
            raise BadSignature
        response_code = message.get("vnp_ResponseCode")
        if response_code == "00" and message.get("vnp_TransactionStatus", "00") == "00":
            outcome = Outcome.PAID
        elif response_code == "24":
            outcome = Outcome.CANCELLED
        else:
            outcome = Outcome.FAILED
        return GatewayResult(
            reference=message.get("vnp_TxnRef", ""),
            outcome=outcome,
            amount=_amount(message.get("vnp_Amount")),
            transaction_no=message.get("vnp_TransactionNo", ""),
            details={k: v for k, v in message.items() if k != "vnp_SecureHash"},
        )

    verify_return = verify_notification  # the same signed parameters, shown rather than applied

    def query(self, *, payment) -> GatewayResult:
        message = {
            "vnp_RequestId": uuid.uuid4().hex,
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": payment.reference,
            "vnp_OrderInfo": f"Truy van giao dich {payment.reference}",
            "vnp_TransactionDate": payment.gateway_data.get("vnp_CreateDate")
            or gmt7_stamp(payment.created_at),
            "vnp_CreateDate": gmt7_stamp(timezone.now()),
            "vnp_IpAddr": "127.0.0.1",
        }
        message["vnp_SecureHash"] = _pipe_sign(message, QUERYDR_SIGNED, self.secret)
        answer = post_json(settings.VNPAY_API_URL, message)
        if not _same(answer.get("vnp_SecureHash"), _pipe_sign(answer, QUERYDR_ANSWER_SIGNED, self.secret)):
            raise GatewayUnavailable("querydr answer is not signed with our secret")
        details = {k: v for k, v in answer.items() if k != "vnp_SecureHash"}
        code = answer.get("vnp_ResponseCode")
        if code == QUERYDR_NOT_FOUND:
            return GatewayResult(payment.reference, Outcome.UNKNOWN, None, details=details)
        if code != "00":
            raise GatewayUnavailable(f"querydr answered {code} {answer.get('vnp_Message', '')}")
        status = answer.get("vnp_TransactionStatus")
        outcome = {"00": Outcome.PAID, "01": Outcome.PENDING}.get(status, Outcome.FAILED)
        return GatewayResult(
            reference=answer.get("vnp_TxnRef", payment.reference),
            outcome=outcome,
            amount=_amount(answer.get("vnp_Amount")),
            transaction_no=answer.get("vnp_TransactionNo") or "",
            details=details,
        )
