"""What every payment gateway adapter offers (style.md: outside services behind a small interface)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import StrEnum

from django.conf import settings

# Both gateways write times as yyyyMMddHHmmss in Vietnam's time (GMT+7, no daylight saving).
GMT7 = timezone(timedelta(hours=7))


def gmt7_stamp(moment: datetime) -> str:
    return moment.astimezone(GMT7).strftime("%Y%m%d%H%M%S")


class Outcome(StrEnum):
    PAID = "paid"
    FAILED = "failed"
    CANCELLED = "cancelled"
    PENDING = "pending"
    UNKNOWN = "unknown"  # the gateway has never seen this payment


@dataclass(frozen=True)
class GatewayResult:
    """What a gateway says about one of our payments: a notification, a return redirect or a query answer."""

    reference: str
    outcome: Outcome
    amount: int | None  # đồng; None when the gateway sent something that is not a whole amount
    transaction_no: str = ""
    details: dict = field(default_factory=dict)  # the message as received, for the payment's log


@dataclass(frozen=True)
class Checkout:
    """Where to send the payer, and what to keep for later messages about this payment."""

    redirect_url: str
    gateway_data: dict


class BadSignature(Exception):
    """The message is not signed with our secret (VNPay answers 97)."""


class GatewayUnavailable(Exception):
    """The gateway did not answer, or answered with an error."""


class Gateway(ABC):
    code: str
    label: str

    @abstractmethod
    def start(self, *, payment, return_url: str, client_ip: str, locale: str) -> Checkout:
        """Register the payment with the gateway (if it needs that) and give the payer's page."""

    @abstractmethod
    def verify_notification(self, message: dict) -> GatewayResult:
        """The server-to-server notification (IPN, CONFIRM); raises BadSignature."""

    @abstractmethod
    def verify_return(self, params: dict) -> GatewayResult:
        """The parameters on the payer's way back, shown to them only; raises BadSignature."""

    @abstractmethod
    def query(self, *, payment) -> GatewayResult:
        """Ask the gateway how the payment stands (reconciliation); raises GatewayUnavailable."""


def post_json(url: str, message: dict) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps(message, ensure_ascii=False).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.PAYMENT_HTTP_TIMEOUT_SECONDS) as response:
            return json.loads(response.read())
    except (OSError, ValueError) as error:  # URLError, HTTPError and timeouts are OSErrors
        raise GatewayUnavailable(f"{url}: {error}") from error
