"""Nền tảng thanh toán của Cổng DVCQG: INIT, CONFIRM callback and QUERY (domain.md §9).

No official specification has been seen; the message names follow two production integrations. MaXacThuc is
the SHA-256 hex of the fields below joined with '|', the secret appended as the last field. The field orders
are ours and are written down in docs/architecture.md; the sandbox implements the same ones.
"""

from __future__ import annotations

import hashlib
import hmac

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

INIT_SIGNED = ("MaDoiTac", "MaGiaoDich", "MaHoSo", "SoTien", "NoiDung", "UrlTraVe", "ThoiGianTao")
INIT_ANSWER_SIGNED = ("MaLoi", "MaGiaoDich", "UrlThanhToan")
CONFIRM_SIGNED = ("MaDoiTac", "MaGiaoDich", "MaGiaoDichCong", "SoTien", "TrangThai", "ThoiGianThanhToan")
CONFIRM_ANSWER_SIGNED = ("MaLoi", "MaGiaoDich")
RETURN_SIGNED = ("MaGiaoDich", "TrangThai", "SoTien")
QUERY_SIGNED = ("MaDoiTac", "MaGiaoDich", "ThoiGianTruyVan")
QUERY_ANSWER_SIGNED = ("MaLoi", "MaGiaoDich", "TrangThai", "SoTien", "MaGiaoDichCong", "ThoiGianThanhToan")

# TrangThai: 1 paid, 3 pending, 4 failed.
STATES = {"1": Outcome.PAID, "3": Outcome.PENDING, "4": Outcome.FAILED}
NOT_FOUND = "01"


def mac(message: dict, fields, secret: str) -> str:
    """MaXacThuc of `message` over `fields`."""
    data = "|".join(
        [str(message.get(name) if message.get(name) is not None else "") for name in fields] + [secret]
    )
    return hashlib.sha256(data.encode()).hexdigest()


def signed(message: dict, fields, secret: str) -> dict:
    return message | {"MaXacThuc": mac(message, fields, secret)}


def _checked(message: dict, fields, secret: str) -> None:
    received = str(message.get("MaXacThuc") or "").lower()
    if not hmac.compare_digest(received, mac(message, fields, secret)):
        raise BadSignature


def _amount(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


class DVCQGGateway(Gateway):
    code = "dvcqg"
    label = "Cổng Dịch vụ công quốc gia"

    def __init__(self):
        self.partner = settings.DVCQG_PARTNER_CODE
        self.secret = settings.DVCQG_PAYMENT_SECRET
        self.api = settings.DVCQG_PAYMENT_API_URL.rstrip("/")

    def start(self, *, payment, return_url: str, client_ip: str, locale: str) -> Checkout:
        dossier = payment.dossier
        message = {
            "MaDoiTac": self.partner,
            "MaGiaoDich": payment.reference,
            "MaHoSo": dossier.code or "",
            "SoTien": payment.amount,
            "NoiDung": f"Nộp phí, lệ phí hồ sơ {dossier.code or ''} — {dossier.procedure.name}"[:250],
            "UrlTraVe": return_url,
            "ThoiGianTao": gmt7_stamp(payment.created_at),
        }
        answer = post_json(f"{self.api}/khoitao", signed(message, INIT_SIGNED, self.secret))
        try:
            _checked(answer, INIT_ANSWER_SIGNED, self.secret)
        except BadSignature:
            raise GatewayUnavailable("INIT answer is not signed with our secret") from None
        if answer.get("MaLoi") != "00" or not answer.get("UrlThanhToan"):
            raise GatewayUnavailable(f"INIT answered {answer.get('MaLoi')} {answer.get('MoTaLoi', '')}")
        return Checkout(
            redirect_url=answer["UrlThanhToan"], gateway_data={"ThoiGianTao": message["ThoiGianTao"]}
        )

    def verify_notification(self, message: dict) -> GatewayResult:
        _checked(message, CONFIRM_SIGNED, self.secret)
        if message.get("MaDoiTac") != self.partner:
            raise BadSignature
        return GatewayResult(
            reference=str(message.get("MaGiaoDich") or ""),
            outcome=STATES.get(str(message.get("TrangThai")), Outcome.FAILED),
            amount=_amount(message.get("SoTien")),
            transaction_no=str(message.get("MaGiaoDichCong") or ""),
            details={k: v for k, v in message.items() if k != "MaXacThuc"},
        )

    def verify_return(self, params: dict) -> GatewayResult:
        _checked(params, RETURN_SIGNED, self.secret)
        return GatewayResult(
            reference=params.get("MaGiaoDich", ""),
            outcome=STATES.get(params.get("TrangThai", ""), Outcome.FAILED),
            amount=_amount(params.get("SoTien")),
        )

    def query(self, *, payment) -> GatewayResult:
        message = {
            "MaDoiTac": self.partner,
            "MaGiaoDich": payment.reference,
            "ThoiGianTruyVan": gmt7_stamp(timezone.now()),
        }
        answer = post_json(f"{self.api}/truyvan", signed(message, QUERY_SIGNED, self.secret))
        try:
            _checked(answer, QUERY_ANSWER_SIGNED, self.secret)
        except BadSignature:
            raise GatewayUnavailable("QUERY answer is not signed with our secret") from None
        details = {k: v for k, v in answer.items() if k != "MaXacThuc"}
        if answer.get("MaLoi") == NOT_FOUND:
            return GatewayResult(payment.reference, Outcome.UNKNOWN, None, details=details)
        if answer.get("MaLoi") != "00":
            raise GatewayUnavailable(f"QUERY answered {answer.get('MaLoi')}")
        return GatewayResult(
            reference=str(answer.get("MaGiaoDich") or payment.reference),
            outcome=STATES.get(str(answer.get("TrangThai")), Outcome.FAILED),
            amount=_amount(answer.get("SoTien")),
            transaction_no=str(answer.get("MaGiaoDichCong") or ""),
            details=details,
        )
