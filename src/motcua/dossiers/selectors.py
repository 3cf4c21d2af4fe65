"""Reads on dossiers, each shaped for its page and filtered by who may see what (404 otherwise)."""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from motcua.agencies.selectors import staff_agency_ids
from motcua.core.identifiers import normalize_phone
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep
from motcua.dossiers.workflow import Status

_LIST_RELATED = ("procedure", "agency", "case")


def dossiers_of_applicant(*, applicant):
    return Dossier.objects.filter(applicant=applicant).select_related(*_LIST_RELATED).order_by("-created_at")


def dossier_of_applicant(*, applicant, public_id) -> Dossier:
    """The applicant's own dossier; anybody else's answers 404, not 403, so codes can't be probed."""
    return get_object_or_404(
        Dossier.objects.select_related(*_LIST_RELATED).prefetch_related(
            "documents",
            "supplement_requests",
            Prefetch("events", DossierEvent.objects.select_related("actor")),
        ),
        applicant=applicant,
        public_id=public_id,
    )


def dossiers_for_staff(*, user):
    """Every dossier of the agencies the staff member works in (and the units below them)."""
    return Dossier.objects.filter(agency_id__in=staff_agency_ids(user)).select_related(*_LIST_RELATED)


def dossier_for_staff(*, user, public_id) -> Dossier:
    return get_object_or_404(
        dossiers_for_staff(user=user).prefetch_related(
            "documents__paper",
            "supplement_requests",
            Prefetch("steps", DossierStep.objects.select_related("assignee", "finished_by", "agency")),
            Prefetch("events", DossierEvent.objects.select_related("actor")),
        ),
        public_id=public_id,
    )


def desk_inbox(*, user):
    """Online dossiers waiting for the desk, oldest deadline first."""
    agency_ids = staff_agency_ids(user, roles=["desk_officer"])
    return (
        Dossier.objects.filter(agency_id__in=agency_ids, status__in=[Status.NEW])
        .select_related(*_LIST_RELATED)
        .order_by("intake_due_at", "submitted_at")
    )


def results_to_return(*, user):
    agency_ids = staff_agency_ids(user, roles=["desk_officer"])
    return (
        Dossier.objects.filter(agency_id__in=agency_ids, status=Status.RESOLVED)
        .select_related(*_LIST_RELATED)
        .order_by("due_at")
    )


def steps_waiting_for(*, user):
    """Open steps this staff member can act on: assigned to them, or unassigned in a role they hold."""
    from motcua.agencies.models import StaffAssignment

    assignments = list(StaffAssignment.objects.filter(user=user).values_list("agency_id", "role"))
    if not assignments:
        return DossierStep.objects.none()
    scope = Q()
    for role in {role for _, role in assignments}:
        agency_ids = staff_agency_ids(user, roles=[role])
        scope |= Q(role=role, agency_id__in=agency_ids)
    return (
        DossierStep.objects.filter(scope, finished_at=None, started_at__isnull=False)
        .filter(Q(assignee=None) | Q(assignee=user))
        .filter(dossier__status__in=[Status.RECEIVED, Status.PROCESSING])
        .select_related("dossier__procedure", "dossier__agency", "assignee")
        .order_by("due_at")
    )


def dossier_by_code_and_phone(*, code: str, phone: str) -> Dossier | None:
    """Public tracking: both the code and the applicant's phone must match."""
    phone = normalize_phone(phone)
    if not code or not phone:
        return None
    return (
        Dossier.objects.select_related(*_LIST_RELATED)
        .prefetch_related(Prefetch("events", DossierEvent.objects.order_by("at", "id")))
        .filter(code=code.strip().upper(), applicant_phone=phone)
        .first()
    )
