"""Postal carriers behind one registry (Open Forms' plugin registries): `carrier_get().order_create(order)`."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings


class CarrierError(Exception):
    """The carrier did not take the order or answer the tracking query (down, busy, refused); tried again."""


class WebhookRejected(Exception):
    """A status callback without a valid signature, or not in the carrier's format."""


@dataclass(frozen=True)
class PostalOrder:
    """What the post needs to pick up and deliver one item (domain.md §10)."""

    customer_code: str
    order_number: str
    sender_name: str
    sender_address: str
    sender_phone: str
    sender_province: str
    receiver_name: str
    receiver_address: str
    receiver_phone: str
    receiver_province: str
    description: str
    cod_amount: int = 0


@dataclass(frozen=True)
class TrackingUpdate:
    """One status report of the post, already mapped to `Shipment.Status` (None: a code we do not act on)."""

    tracking_number: str
    carrier_status: str
    status: str | None
    at: datetime
    note: str = ""


class Carrier(Protocol):
    name: str

    def is_configured(self) -> bool:
        """Whether this deployment can reach the carrier at all (endpoint and credentials set)."""
        ...

    def order_create(self, order: PostalOrder) -> str:
        """Register the item with the post; return its tracking number or raise CarrierError.

        The order number is the idempotency key: the same order sent twice must give the same tracking number.
        """
        ...

    def track(self, tracking_numbers: list[str]) -> list[TrackingUpdate]:
        """The statuses the post knows for these items (polling); raise CarrierError."""
        ...

    def webhook_updates(self, *, body: bytes, headers) -> list[TrackingUpdate]:
        """The statuses of a signed callback; raise WebhookRejected when unsigned or malformed."""
        ...


_registry: dict[str, type[Carrier]] = {}


def register(carrier_class: type[Carrier]) -> type[Carrier]:
    _registry[carrier_class.name] = carrier_class
    return carrier_class


def carrier_get(name: str | None = None) -> Carrier:
    return _registry[name or settings.DELIVERY_CARRIER]()


# Importing the adapters registers them.
from motcua.delivery.carriers import vnpost  # noqa: E402, F401
