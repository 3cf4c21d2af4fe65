"""Bưu điện Việt Nam (VNPost), public postal service for administrative dossiers: JSON over HTTPS.

Orders go to `POST {VNPOST_BASE_URL}/orders` and come back with an `ItemCode` (the tracking number); statuses
come back by a callback signed with the shared secret (HMAC-SHA256 of the raw body) or by polling
`POST {VNPOST_BASE_URL}/tracking`. Field names and status codes follow the province's service contract; check
them against the contract's API sheet when it changes.
"""

import hashlib
import hmac
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from motcua.core.json_http import HttpFailure, request_json
from motcua.delivery.carriers import CarrierError, PostalOrder, TrackingUpdate, WebhookRejected, register
from motcua.delivery.models import Shipment

SIGNATURE_HEADER = "X-VNPost-Signature"
_VN = ZoneInfo("Asia/Ho_Chi_Minh")

# The post's status codes -> ours. Unknown codes are kept in the shipment's history without acting on them.
STATUSES = {
    "ACCEPTED": Shipment.Status.IN_TRANSIT,  # the post office took the item
    "IN_TRANSIT": Shipment.Status.IN_TRANSIT,
    "OUT_FOR_DELIVERY": Shipment.Status.IN_TRANSIT,
    "DELIVERY_ATTEMPT_FAILED": Shipment.Status.IN_TRANSIT,  # the postman comes back another day
    "DELIVERED": Shipment.Status.DELIVERED,
    "RETURNED": Shipment.Status.FAILED,
    "CANCELLED": Shipment.Status.FAILED,
}


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _event_time(value) -> datetime:
    """ISO 8601; a time without offset is Vietnam's."""
    if not isinstance(value, str):
        raise ValueError(value)
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=_VN)


def _update(entry) -> TrackingUpdate:
    if not isinstance(entry, dict) or not entry.get("ItemCode") or not entry.get("Status"):
        raise ValueError(entry)
    code = str(entry["Status"])
    return TrackingUpdate(
        tracking_number=str(entry["ItemCode"]),
        carrier_status=code,
        status=STATUSES.get(code),
        at=_event_time(entry.get("EventTime")),
        note=str(entry.get("StatusName", ""))[:500],
    )


@register
class VNPost:
    name = "vnpost"

    def is_configured(self) -> bool:
        return bool(settings.VNPOST_BASE_URL)

    def _post(self, path: str, body: dict):
        if not self.is_configured():
            raise CarrierError("VNPOST_BASE_URL chưa được cấu hình.")
        headers = (
            {"Authorization": f"Bearer {settings.VNPOST_API_TOKEN}"} if settings.VNPOST_API_TOKEN else {}
        )
        try:
            return request_json(
                "POST",
                settings.VNPOST_BASE_URL.rstrip("/") + path,
                body=body,
                headers=headers,
                timeout=settings.VNPOST_TIMEOUT_SECONDS,
            )
        except HttpFailure as error:
            raise CarrierError(str(error)) from error

    def order_create(self, order: PostalOrder) -> str:
        answer = self._post(
            "/orders",
            {
                "CustomerCode": order.customer_code,
                "OrderCode": order.order_number,
                "SenderFullname": order.sender_name,
                "SenderAddress": order.sender_address,
                "SenderTel": order.sender_phone,
                "SenderProvince": order.sender_province,
                "ReceiverFullname": order.receiver_name,
                "ReceiverAddress": order.receiver_address,
                "ReceiverTel": order.receiver_phone,
                "ReceiverProvince": order.receiver_province,
                "PackageContent": order.description,
                "CodAmount": order.cod_amount,
            },
        )
        tracking = answer.get("ItemCode") if isinstance(answer, dict) else None
        if not tracking:
            raise CarrierError(f"VNPost không trả số hiệu bưu gửi: {str(answer)[:300]}")
        return str(tracking)

    def track(self, tracking_numbers: list[str]) -> list[TrackingUpdate]:
        answer = self._post("/tracking", {"ItemCodes": list(tracking_numbers)})
        try:
            return [_update(entry) for entry in answer.get("Items", [])]
        except (AttributeError, ValueError) as error:
            raise CarrierError(f"VNPost trả dữ liệu tra cứu không hợp lệ: {str(answer)[:300]}") from error

    def webhook_updates(self, *, body: bytes, headers) -> list[TrackingUpdate]:
        secret = settings.VNPOST_WEBHOOK_SECRET
        if not secret or not hmac.compare_digest(headers.get(SIGNATURE_HEADER, ""), sign(secret, body)):
            raise WebhookRejected("chữ ký không hợp lệ")
        try:
            data = json.loads(body)
            entries = data if isinstance(data, list) else [data]
            return [_update(entry) for entry in entries]
        except ValueError as error:
            raise WebhookRejected("dữ liệu không hợp lệ") from error
