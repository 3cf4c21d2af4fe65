"""Reads of the national portal sync: a dossier's state, the staff list of what is not synced, the indicator."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, Max, Min, OuterRef, Q

from motcua.agencies.selectors import staff_agency_ids
from motcua.dossiers.models import Dossier
from motcua.integrations.models import SyncItem


@dataclass(frozen=True)
class DossierSyncState:
    total: int
    acknowledged: int
    last_acknowledged_at: datetime | None
    next_attempt_at: datetime | None
    last_error: str

    @property
    def pending(self) -> int:
        return self.total - self.acknowledged

    @property
    def is_synced(self) -> bool:
        return self.total > 0 and self.pending == 0


def sync_state_for_dossier(*, dossier: Dossier) -> DossierSyncState:
    """Trạng thái đồng bộ DVCQG of one dossier, in one query (counts, and the first waiting row's details)."""
    pending = Q(acknowledged_at=None)
    totals = SyncItem.objects.filter(dossier=dossier).aggregate(
        total=Count("id"),
        acknowledged=Count("id", filter=~pending),
        last_acknowledged_at=Max("acknowledged_at"),
        next_attempt_at=Min("next_attempt_at", filter=pending),
    )
    last_error = (
        SyncItem.objects.filter(dossier=dossier, acknowledged_at=None)
        .exclude(last_error="")
        .order_by("id")
        .values_list("last_error", flat=True)
        .first()
        if totals["total"] != totals["acknowledged"]
        else None
    )
    return DossierSyncState(**totals, last_error=last_error or "")


def sync_items_pending_for_staff(*, user):
    """Rows not yet acknowledged by the portal, for the dossiers of the staff member's agencies, oldest first."""
    return (
        SyncItem.objects.filter(acknowledged_at=None, dossier__agency_id__in=staff_agency_ids(user))
        .select_related("dossier__procedure", "dossier__agency")
        .order_by("id")
    )


@dataclass(frozen=True)
class SyncShare:
    """Tỷ lệ hồ sơ được đồng bộ lên Cổng DVCQG (an indicator of the service index)."""

    received: int
    synced: int

    @property
    def ratio(self) -> float | None:
        return self.synced / self.received if self.received else None


def sync_share(
    *, agency_ids=None, received_from: datetime | None = None, received_until: datetime | None = None
) -> SyncShare:
    """Of the dossiers received in the period (and agencies), how many the portal has acknowledged.

    A received dossier counts as synced once a dossier push about it was acknowledged; later pushes still waiting
    do not undo that.
    """
    received = Dossier.objects.exclude(received_at=None)
    if agency_ids is not None:
        received = received.filter(agency_id__in=agency_ids)
    if received_from is not None:
        received = received.filter(received_at__gte=received_from)
    if received_until is not None:
        received = received.filter(received_at__lt=received_until)
    acknowledged = SyncItem.objects.filter(
        dossier=OuterRef("pk"), kind=SyncItem.Kind.DOSSIER, acknowledged_at__isnull=False
    )
    totals = received.aggregate(received=Count("id"), synced=Count("id", filter=Q(Exists(acknowledged))))
    return SyncShare(**totals)
