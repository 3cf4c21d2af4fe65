"""SMS through a brand-name gateway (tin nhắn thương hiệu). Gateways differ; this adapter speaks one small
protocol, and a deployment whose gateway speaks another gets its own adapter beside this one.

    POST <SMS_GATEWAY_URL>
    X-Api-Key: <SMS_GATEWAY_API_KEY>
    Idempotency-Key: motcua-<outbox id>
    {"brandname": "MOTCUA", "phone": "84912345678", "text": "...", "unicode": false,
     "client_ref": "motcua-<outbox id>"}

    200 {"message_id": "..."}     accepted (a repeated Idempotency-Key answers the first message's id)
    4xx                            refused for good (except 401/403/408/429: retried)
    5xx, timeout                   retried
"""

from django.conf import settings

from motcua.notifications.channels import register
from motcua.notifications.channels.http import post
from motcua.notifications.models import ChannelKind, Notification
from motcua.notifications.phones import international_phone


@register
class SmsChannel:
    name = ChannelKind.SMS

    def is_configured(self) -> bool:
        return bool(settings.NOTIFICATIONS_SMS_GATEWAY_URL)

    def send(self, notification: Notification) -> str:
        token = notification.idempotency_token
        answer = post(
            settings.NOTIFICATIONS_SMS_GATEWAY_URL,
            json_body={
                "brandname": settings.NOTIFICATIONS_SMS_BRANDNAME,
                "phone": international_phone(notification.recipient),
                "text": notification.body,
                "unicode": settings.NOTIFICATIONS_SMS_UNICODE,
                "client_ref": token,
            },
            headers={"X-Api-Key": settings.NOTIFICATIONS_SMS_API_KEY, "Idempotency-Key": token},
        )
        return str(answer.get("message_id", ""))
