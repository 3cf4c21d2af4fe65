"""Reads of the public postal service, shaped for the desk's "chờ bưu điện" queue and the dossier pages."""

from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404

from motcua.agencies.models import Role
from motcua.agencies.selectors import staff_agency_ids
from motcua.delivery.models import Shipment
from motcua.dossiers.models import Dossier, ResultDelivery
from motcua.dossiers.workflow import Status

_ON_ITS_WAY = [Shipment.Status.IN_TRANSIT, Shipment.Status.DELIVERED]


def desk_agency_ids(user) -> set[int]:
    return staff_agency_ids(user, roles=[Role.DESK_OFFICER])


def results_waiting_for_post(*, agency_ids):
    """Results ready for an applicant who asked for the post, not yet taken by the post (no order yet, an order
    waiting for pickup, or a failed delivery to send again); the latest shipment prefetched."""
    taken = Shipment.objects.filter(
        dossier=OuterRef("pk"), direction=Shipment.Direction.RESULT, status__in=_ON_ITS_WAY
    )
    return (
        Dossier.objects.filter(
            agency_id__in=agency_ids, status=Status.RESOLVED, result_delivery=ResultDelivery.POST
        )
        .exclude(Exists(taken))
        .select_related("procedure")
        .prefetch_related(
            Prefetch(
                "shipments",
                Shipment.objects.filter(direction=Shipment.Direction.RESULT).order_by("-created_at", "-id"),
                to_attr="result_shipments",
            )
        )
        .order_by("resolved_at", "id")
    )


def results_on_the_way(*, agency_ids):
    return (
        Shipment.objects.filter(
            agency_id__in=agency_ids, direction=Shipment.Direction.RESULT, status=Shipment.Status.IN_TRANSIT
        )
        .select_related("dossier__procedure")
        .order_by("status_changed_at", "id")
    )


def postal_submissions_incoming(*, agency_ids):
    """Paper dossiers the post is bringing to the desk (or has brought) that the desk has not received yet."""
    return (
        Shipment.objects.filter(
            agency_id__in=agency_ids, direction=Shipment.Direction.SUBMISSION, dossier=None
        )
        .exclude(status=Shipment.Status.FAILED)
        .select_related("case__procedure")
        .order_by("created_at", "id")
    )


def shipment_for_desk(*, user, public_id) -> Shipment:
    return get_object_or_404(
        Shipment.objects.select_related("case__procedure", "agency", "dossier"),
        agency_id__in=desk_agency_ids(user),
        public_id=public_id,
    )


def shipments_of_dossier(*, dossier: Dossier):
    return Shipment.objects.filter(dossier=dossier).prefetch_related("updates").order_by("created_at", "id")


def postal_submission_of_applicant(*, applicant, public_id) -> Shipment:
    """The applicant's own postal submission; anybody else's answers 404."""
    return get_object_or_404(
        Shipment.objects.select_related("case__procedure", "agency", "dossier").prefetch_related("updates"),
        applicant=applicant,
        direction=Shipment.Direction.SUBMISSION,
        public_id=public_id,
    )
