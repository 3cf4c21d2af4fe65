"""Zalo ZNS template messages from the Official Account (tin ZNS).

    POST <ZALO_ZNS_BASE_URL>/message/template        header access_token: <OA access token>
    {"phone": "84912345678", "template_id": "...", "template_data": {...}, "tracking_id": "motcua-<outbox id>"}
    -> {"error": 0, "data": {"msg_id": "..."}}       or {"error": -124, "message": "..."} (token expired)

The access token lives about 25 hours; the refresh token is single-use and comes back renewed with each new
access token, so the pair is kept in the database (ZaloToken) and refreshed under a row lock:
    POST <ZALO_OAUTH_BASE_URL>/oa/access_token       header secret_key: <app secret>
    refresh_token=...&app_id=...&grant_type=refresh_token
    -> {"access_token": "...", "refresh_token": "...", "expires_in": "90000"}

ZNS keeps `tracking_id` for delivery reports but does not de-duplicate on it, so Zalo is at-least-once too.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.notifications.channels import register
from motcua.notifications.channels.base import PermanentFailure, TemporaryFailure
from motcua.notifications.channels.http import post
from motcua.notifications.models import ChannelKind, Notification, ZaloToken
from motcua.notifications.phones import international_phone

# Zalo answers these when the access token has expired or been revoked.
TOKEN_EXPIRED_ERRORS = {-124, -216}
# Refresh a little before the announced expiry rather than fail one message first.
EXPIRY_MARGIN = timedelta(minutes=5)


def zalo_access_token() -> str:
    token, _ = ZaloToken.objects.get_or_create(
        app_id=settings.ZALO_APP_ID,
        defaults={
            "access_token": settings.ZALO_OA_ACCESS_TOKEN,
            "refresh_token": settings.ZALO_OA_REFRESH_TOKEN,
        },
    )
    if token.expires_at is not None and token.expires_at <= timezone.now() + EXPIRY_MARGIN:
        return zalo_token_refresh(stale=token.access_token)
    return token.access_token


def zalo_token_refresh(*, stale: str) -> str:
    """Trade the refresh token for a new pair, once: a dispatcher that finds the token already renewed by
    another (the row no longer holds `stale`) uses that one and leaves the refresh token unspent."""
    with transaction.atomic():
        token = ZaloToken.objects.select_for_update().get(app_id=settings.ZALO_APP_ID)
        if token.access_token != stale:
            return token.access_token
        answer = post(
            f"{settings.ZALO_OAUTH_BASE_URL}/oa/access_token",
            form={
                "refresh_token": token.refresh_token,
                "app_id": settings.ZALO_APP_ID,
                "grant_type": "refresh_token",
            },
            headers={"secret_key": settings.ZALO_APP_SECRET},
        )
        if not answer.get("access_token"):
            raise TemporaryFailure(f"Zalo: không làm mới được access token: {answer}")
        now = timezone.now()
        token.access_token = answer["access_token"]
        token.refresh_token = answer.get("refresh_token") or token.refresh_token
        token.expires_at = now + timedelta(seconds=int(answer.get("expires_in") or 3600))
        token.refreshed_at = now
        token.save()
        return token.access_token


@register
class ZaloChannel:
    name = ChannelKind.ZALO

    def is_configured(self) -> bool:
        return bool(settings.ZALO_APP_ID and settings.ZALO_ZNS_TEMPLATE_ID)

    def send(self, notification: Notification) -> str:
        access_token = zalo_access_token()
        answer = self._post(notification, access_token)
        if answer.get("error") in TOKEN_EXPIRED_ERRORS:
            answer = self._post(notification, zalo_token_refresh(stale=access_token))
        error = answer.get("error")
        if error in TOKEN_EXPIRED_ERRORS:
            raise TemporaryFailure(f"Zalo: access token vẫn không hợp lệ sau khi làm mới: {answer}")
        if error != 0:
            raise PermanentFailure(f"Zalo từ chối tin ZNS ({error}): {answer.get('message', '')}")
        return str((answer.get("data") or {}).get("msg_id", ""))

    def _post(self, notification: Notification, access_token: str) -> dict:
        return post(
            f"{settings.ZALO_ZNS_BASE_URL}/message/template",
            json_body={
                "phone": international_phone(notification.recipient),
                "template_id": settings.ZALO_ZNS_TEMPLATE_ID,
                "template_data": notification.params,
                "tracking_id": notification.idempotency_token,
            },
            headers={"access_token": access_token},
        )
