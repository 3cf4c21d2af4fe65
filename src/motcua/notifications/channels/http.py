"""POST to a provider over JSON-over-HTTP (core.json_http), sorting failures into retry or give up."""

from django.conf import settings

from motcua.core.json_http import HttpFailure, request_json
from motcua.notifications.channels.base import PermanentFailure, TemporaryFailure

# Answers worth retrying: the provider is busy, down or (401/403) waiting for its configuration to be fixed.
RETRYABLE_STATUSES = {401, 403, 408, 425, 429}


def post(url: str, *, json_body=None, form=None, headers=None) -> dict:
    """POST and return the decoded JSON answer; raise TemporaryFailure or PermanentFailure otherwise."""
    try:
        return request_json(
            "POST",
            url,
            body=json_body,
            form=(form or {}) if json_body is None else None,
            headers=headers,
            timeout=settings.NOTIFICATIONS_HTTP_TIMEOUT,
        )
    except HttpFailure as error:
        # No status: refused, timed out or not JSON — worth another try. A 4xx refusal is final.
        retry = error.status is None or error.status >= 500 or error.status in RETRYABLE_STATUSES
        raise (TemporaryFailure if retry else PermanentFailure)(str(error)) from error
