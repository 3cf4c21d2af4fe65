"""National portal adapters behind one registry (Open Forms' plugin registries): `national_portal().push(...)`."""

from typing import Protocol

from django.conf import settings


class PortalError(Exception):
    """The portal did not acknowledge a push (down, busy, or answered with an error code); retried later."""


class NationalPortal(Protocol):
    name: str

    def is_configured(self) -> bool:
        """Whether this deployment can reach the portal at all (endpoint and credentials set)."""
        ...

    def push_dossier(self, payload: dict) -> str:
        """Send one dossier (đồng bộ hồ sơ); return the portal's acknowledgement or raise PortalError."""
        ...

    def push_progress(self, payload: dict) -> str:
        """Send one progress step (cập nhật tiến độ); return the acknowledgement or raise PortalError."""
        ...

    def verify_inbound(self, *, body: bytes, headers) -> bool:
        """Whether an inbound request (a dossier submitted on the portal) carries the shared-secret signature."""
        ...


_registry: dict[str, type[NationalPortal]] = {}


def register(portal_class: type[NationalPortal]) -> type[NationalPortal]:
    _registry[portal_class.name] = portal_class
    return portal_class


def national_portal(name: str | None = None) -> NationalPortal:
    return _registry[name or settings.DVCQG_PORTAL]()


# Importing the adapters registers them.
from motcua.integrations.portals import dvcqg  # noqa: E402, F401
