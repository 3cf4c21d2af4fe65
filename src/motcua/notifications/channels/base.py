"""What every delivery channel offers the dispatcher, and the two ways a delivery can fail."""

from typing import Protocol

from motcua.notifications.models import Notification


class DeliveryError(Exception):
    """A delivery that did not happen; `temporary` ones are retried with backoff, the others never."""

    temporary = True


class TemporaryFailure(DeliveryError):
    """The provider is down, slow or busy: try again later."""


class PermanentFailure(DeliveryError):
    """The provider refused this message (bad number, unknown template): retrying cannot help."""

    temporary = False


class Channel(Protocol):
    name: str

    def is_configured(self) -> bool:
        """Whether this deployment can deliver through the channel at all (endpoint and credentials set)."""
        ...

    def send(self, notification: Notification) -> str:
        """Deliver one message; return the provider's message id ("" if it gives none) or raise DeliveryError.

        Must pass `notification.idempotency_token` to the provider where its protocol allows.
        """
        ...
