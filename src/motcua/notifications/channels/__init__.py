"""Delivery channels behind one registry (Open Forms' plugin registries): `channel_get("sms").send(row)`."""

from motcua.notifications.channels.base import Channel, DeliveryError, PermanentFailure, TemporaryFailure

_registry: dict[str, type[Channel]] = {}


def register(channel_class: type[Channel]) -> type[Channel]:
    _registry[channel_class.name] = channel_class
    return channel_class


def channel_get(name: str) -> Channel:
    return _registry[name]()


def channels_configured() -> list[str]:
    return [name for name, channel_class in _registry.items() if channel_class().is_configured()]


# Importing the adapters registers them.
from motcua.notifications.channels import email, sms, zalo  # noqa: E402, F401

__all__ = [
    "Channel",
    "DeliveryError",
    "PermanentFailure",
    "TemporaryFailure",
    "channel_get",
    "channels_configured",
    "register",
]
