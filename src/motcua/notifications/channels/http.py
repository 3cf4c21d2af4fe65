"""A small JSON-over-HTTP client on the standard library, shared by the SMS and Zalo adapters."""

import json
import urllib.error
import urllib.request
from urllib.parse import urlencode

from django.conf import settings

from motcua.notifications.channels.base import PermanentFailure, TemporaryFailure

# Answers worth retrying: the provider is busy, down or (401/403) waiting for its configuration to be fixed.
RETRYABLE_STATUSES = {401, 403, 408, 425, 429}


def post(url: str, *, json_body=None, form=None, headers=None) -> dict:
    """POST and return the decoded JSON answer; raise TemporaryFailure or PermanentFailure otherwise."""
    if json_body is not None:
        data, content_type = json.dumps(json_body).encode(), "application/json"
    else:
        data, content_type = urlencode(form or {}).encode(), "application/x-www-form-urlencoded"
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": content_type, **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.NOTIFICATIONS_HTTP_TIMEOUT) as response:
            payload = response.read()
    except urllib.error.HTTPError as error:
        detail = error.read()[:300].decode(errors="replace")
        failure = (
            TemporaryFailure if error.code >= 500 or error.code in RETRYABLE_STATUSES else PermanentFailure
        )
        raise failure(f"HTTP {error.code} {url}: {detail}") from error
    except OSError as error:  # refused, reset, timed out, unknown host
        raise TemporaryFailure(f"{url}: {error!r}") from error
    try:
        return json.loads(payload or b"{}")
    except ValueError as error:
        raise TemporaryFailure(f"{url}: câu trả lời không phải JSON") from error
