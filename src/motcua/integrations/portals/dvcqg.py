"""Cổng Dịch vụ công quốc gia: JSON over HTTPS, a bearer token out, an HMAC-signed body in.

The portal answers `{"error_code": 0, ...}` when it stored a push; any other code, an HTTP error or no answer
leaves the row unacknowledged for the next attempt.
"""

import hashlib
import hmac

from django.conf import settings

from motcua.core.json_http import HttpFailure, request_json
from motcua.integrations.portals import PortalError, register

SIGNATURE_HEADER = "X-DVCQG-Signature"


def sign(secret: str, body: bytes) -> str:
    """`sha256=<hex>`: HMAC-SHA256 of the raw body with the shared secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@register
class DvcqgPortal:
    name = "dvcqg"

    def is_configured(self) -> bool:
        return bool(settings.DVCQG_BASE_URL)

    def _post(self, path: str, payload: dict) -> str:
        if not self.is_configured():
            raise PortalError("DVCQG_BASE_URL chưa được cấu hình.")
        headers = {"Authorization": f"Bearer {settings.DVCQG_API_TOKEN}"} if settings.DVCQG_API_TOKEN else {}
        try:
            answer = request_json(
                "POST",
                settings.DVCQG_BASE_URL.rstrip("/") + path,
                body=payload,
                headers=headers,
                timeout=settings.DVCQG_TIMEOUT_SECONDS,
            )
        except HttpFailure as error:
            raise PortalError(str(error)) from error
        if not isinstance(answer, dict) or str(answer.get("error_code")) != "0":
            raise PortalError(f"Cổng DVCQG từ chối: {str(answer)[:300]}")
        return str(answer.get("id") or answer.get("message") or "")[:100]

    def push_dossier(self, payload: dict) -> str:
        return self._post("/dong-bo-ho-so", payload)

    def push_progress(self, payload: dict) -> str:
        return self._post("/cap-nhat-tien-do", payload)

    def verify_inbound(self, *, body: bytes, headers) -> bool:
        secret = settings.DVCQG_INBOUND_SECRET
        if not secret:
            return False
        return hmac.compare_digest(headers.get(SIGNATURE_HEADER, ""), sign(secret, body))
