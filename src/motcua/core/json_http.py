"""JSON over HTTP on the standard library, for the adapters of outside services (DVCQG, VNPost, SMS, Zalo)."""

import json
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit


class HttpFailure(Exception):
    """The call did not get a usable answer: refused, timed out, an HTTP error or a body that is not JSON."""

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status


def request_json(
    method: str, url: str, *, body=None, form=None, headers=None, timeout: float = 20
) -> dict | list:
    """Send `body` as JSON (or `form` form-encoded, as token endpoints want) and return the decoded JSON
    answer; anything else raises HttpFailure."""
    if urlsplit(url).scheme not in {"http", "https"}:
        raise HttpFailure(f"{url}: only http(s) addresses are allowed")
    if form is not None:
        data, content_type = urlencode(form).encode(), "application/x-www-form-urlencoded"
    else:
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        content_type = "application/json; charset=utf-8"
    request = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"Content-Type": content_type, "Accept": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as error:
        detail = error.read()[:300].decode(errors="replace")
        raise HttpFailure(f"HTTP {error.code} {url}: {detail}", status=error.code) from error
    except OSError as error:  # refused, reset, timed out, unknown host
        raise HttpFailure(f"{url}: {error!r}") from error
    try:
        return json.loads(raw or b"{}")
    except ValueError as error:
        raise HttpFailure(f"{url}: the answer is not JSON") from error
