"""Reads on dossiers, each shaped for its page and filtered by who may see what (404 otherwise)."""

import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from motcua.accounts.models import User
from motcua.agencies.models import Agency, StaffAssignment
from motcua.agencies.roles import LEADER_ROLES
from motcua.agencies.selectors import agency_descendant_ids, staff_agency_ids
from motcua.calendar.selectors import calendar_for
from motcua.core.identifiers import normalize_phone
from motcua.dossiers import deadlines, transfers
from motcua.dossiers.models import (
    ApologyLetter,
    Dossier,
    DossierAlert,
    DossierDocument,
    DossierEvent,
    DossierHandover,
    DossierStep,
)
from motcua.dossiers.workflow import RUNNING_STATUSES, Action, Status

DUE_SOON = DossierAlert.Kind.DUE_SOON
OVERDUE = DossierAlert.Kind.OVERDUE

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
            Prefetch(
                "apologies",
                ApologyLetter.objects.filter(status=ApologyLetter.State.APPROVED).select_related("agency"),
                to_attr="issued_apologies",
            ),
        ),
        applicant=applicant,
        public_id=public_id,
    )


def dossiers_for_staff(*, user):
    """Every dossier of the agencies the staff member works in (and the units below them)."""
    return Dossier.objects.filter(agency_id__in=staff_agency_ids(user)).select_related(*_LIST_RELATED)


def dossier_by_code_for_staff(*, user, code: str) -> Dossier | None:
    """The search by code: a dossier of the staff member's agencies, or one handed to them (whose page then
    shows their part only, `dossier_part_for_staff`)."""
    agency_ids = staff_agency_ids(user)
    return (
        Dossier.objects.filter(Q(agency_id__in=agency_ids) | Q(handovers__to_agency_id__in=agency_ids))
        .filter(code__iexact=code)
        .distinct()
        .first()
    )


def dossier_for_staff(*, user, public_id) -> Dossier:
    return get_object_or_404(
        dossiers_for_staff(user=user).prefetch_related(
            "documents__paper",
            "supplement_requests",
            Prefetch("steps", DossierStep.objects.select_related("assignee", "finished_by", "agency")),
            Prefetch("events", DossierEvent.objects.select_related("actor")),
            Prefetch(
                "apologies", ApologyLetter.objects.select_related("drafted_by", "approved_by", "refused_by")
            ),
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


def _own_steps_scope(user) -> Q | None:
    """Steps a staff member can act on: assigned to them, or unassigned in a role they hold there."""
    roles = set(StaffAssignment.objects.filter(user=user).values_list("role", flat=True))
    if not roles:
        return None
    scope = Q()
    for role in roles:
        scope |= Q(role=role, agency_id__in=staff_agency_ids(user, roles=[role]))
    return scope & (Q(assignee=None) | Q(assignee=user))


def steps_running():
    """Started, unfinished steps of dossiers whose clock runs (a paused dossier's steps wait with it)."""
    return DossierStep.objects.filter(
        finished_at=None, started_at__isnull=False, dossier__status__in=RUNNING_STATUSES
    )


def steps_waiting_for(*, user):
    """Open steps this staff member can act on: assigned to them, or unassigned in a role they hold."""
    scope = _own_steps_scope(user)
    if scope is None:
        return DossierStep.objects.none()
    return (
        steps_running()
        .filter(scope)
        .select_related("dossier__procedure", "dossier__agency", "assignee")
        .order_by("due_at")
    )


# ---------------------------------------------------------------------------------------------- deadlines


def due_by_agency_calendar(agency_ids, *, now: datetime) -> Q:
    """A filter on `due_at` for "due up to one working day from now", counted on the office hours of each
    row's `agency` (a dossier's or a step's).

    Agencies sharing office hours share one threshold, so the filter stays a handful of OR-ed ranges.
    """
    groups: dict[str, list[int]] = {}
    for agency_id, hours in Agency.objects.filter(id__in=agency_ids).values_list("id", "office_hours"):
        groups.setdefault(json.dumps(hours, sort_keys=True), []).append(agency_id)
    condition = Q(pk__in=[])
    for hours, ids in groups.items():
        until = deadlines.due_soon_until(calendar_for(Agency(office_hours=json.loads(hours))), now)
        condition |= Q(agency_id__in=ids, due_at__lte=until)
    return condition


@dataclass(frozen=True)
class StepScope:
    """What a staff member sees in the deadline lists: leaders every step of their agencies and the units
    below; other officers their own steps."""

    condition: Q
    agency_ids: frozenset[int]
    is_leader: bool


def step_scope(*, user) -> StepScope | None:
    leader_agency_ids = staff_agency_ids(user, roles=LEADER_ROLES)
    own = _own_steps_scope(user)
    if own is None:
        return None
    condition = own | Q(agency_id__in=leader_agency_ids) if leader_agency_ids else own
    return StepScope(condition, frozenset(staff_agency_ids(user)), bool(leader_agency_ids))


def steps_by_deadline(
    *,
    user,
    kind: str,
    now: datetime,
    officer_id: int | None = None,
    step_name: str = "",
    agency_id: int | None = None,
):
    """Hồ sơ sắp đến hạn / quá hạn by step, for the deadline lists, oldest due first.

    `kind` is "due_soon" (due within one working day on the step agency's calendar) or "overdue".
    Filters narrow inside what the user may see; a filter outside it finds nothing.
    """
    scope = step_scope(user=user)
    if scope is None:
        return DossierStep.objects.none()
    steps = steps_running().filter(scope.condition).exclude(due_at=None)
    if kind == OVERDUE:
        steps = steps.filter(due_at__lt=now)
    else:
        steps = steps.filter(due_by_agency_calendar(scope.agency_ids, now=now), due_at__gte=now)
    if officer_id:
        steps = steps.filter(assignee_id=officer_id)
    if step_name:
        steps = steps.filter(name=step_name)
    if agency_id:
        steps = steps.filter(agency_id=agency_id)
    return steps.select_related("dossier__procedure", "dossier__agency", "agency", "assignee").order_by(
        "due_at", "pk"
    )


def deadline_counts(*, user, now: datetime) -> dict[str, int]:
    """How many steps `steps_by_deadline` lists of each kind, in one query (for the dashboard)."""
    scope = step_scope(user=user)
    if scope is None:
        return {DUE_SOON: 0, OVERDUE: 0}
    due_soon = due_by_agency_calendar(scope.agency_ids, now=now) & Q(due_at__gte=now)
    return (
        steps_running()
        .filter(scope.condition)
        .aggregate(**{DUE_SOON: Count("pk", filter=due_soon), OVERDUE: Count("pk", filter=Q(due_at__lt=now))})
    )


def deadline_filter_choices(*, user) -> dict:
    """The officers, step names and agencies a user may filter the deadline lists by."""
    scope = step_scope(user=user)
    if scope is None:
        return {"officers": [], "steps": [], "agencies": []}
    officers = (
        User.objects.filter(assignments__agency_id__in=scope.agency_ids, is_active=True)
        .distinct()
        .order_by("full_name")
        if scope.is_leader
        else User.objects.filter(pk=user.pk)
    )
    return {
        "officers": list(officers.values_list("pk", "full_name")),
        "steps": list(
            steps_running().filter(scope.condition).order_by("name").values_list("name", flat=True).distinct()
        ),
        "agencies": list(Agency.objects.filter(id__in=scope.agency_ids).values_list("pk", "name")),
    }


def alerts_for(*, user, now: datetime, limit: int = 20):
    """Cảnh báo for a leader's dashboard: still relevant ones only (the dossier or step is still open and
    still due when flagged), newest first."""
    still_due = Q(step=None, due_at=F("dossier__due_at")) | Q(
        step__finished_at=None, due_at=F("step__due_at")
    )
    return (
        DossierAlert.objects.filter(still_due, recipient=user, dossier__status__in=RUNNING_STATUSES)
        .exclude(kind=DUE_SOON, due_at__lt=now)
        .select_related("dossier__procedure", "step")
        .order_by("-created_at", "-id")[:limit]
    )


def alerts_awaiting_notification():
    """Alerts not yet handed to the notification outbox (`notifications.services.leader_alerts_queue`)."""
    return DossierAlert.objects.filter(notified_at=None).select_related("dossier", "step", "recipient")


def apologies_awaiting_notification():
    """Seam for the notification outbox: issued apology letters the applicant has not been sent yet."""
    return ApologyLetter.objects.filter(
        status=ApologyLetter.State.APPROVED, applicant_notified_at=None
    ).select_related("dossier")


def apologies_waiting_for(*, user):
    """Draft apology letters a leader may approve."""
    agency_ids = staff_agency_ids(user, roles=LEADER_ROLES)
    return (
        ApologyLetter.objects.filter(status=ApologyLetter.State.DRAFT, agency_id__in=agency_ids)
        .select_related("dossier__procedure", "drafted_by")
        .order_by("old_appointment")
    )


@dataclass(frozen=True)
class LateDossierCounts:
    """Hồ sơ trễ hạn có / không có phiếu xin lỗi (domain.md §12: "late with apology")."""

    with_apology: int
    without_apology: int

    @property
    def total(self) -> int:
        return self.with_apology + self.without_apology


def late_dossiers_count(*, agency: Agency, start: datetime, end: datetime) -> LateDossierCounts:
    """Dossiers of `agency` and the units below it that were late in [start, end): resolved after their
    appointment in the period, or still in processing past it at the end.

    Lateness is measured against the first appointment: an apology's new date does not make a late dossier
    on time, it only shows the applicant was told.
    """
    approved = ApologyLetter.objects.filter(dossier=OuterRef("pk"), status=ApologyLetter.State.APPROVED)
    dossiers = Dossier.objects.filter(agency_id__in=agency_descendant_ids([agency.pk])).annotate(
        first_due=Coalesce(Subquery(approved.values("old_appointment")[:1]), F("due_at")),
        has_apology=Exists(approved),
    )
    late_resolved = Q(resolved_at__gte=start, resolved_at__lt=end, resolved_at__gt=F("first_due"))
    late_open = Q(status__in=RUNNING_STATUSES, received_at__lt=end, first_due__lt=end)
    counts = dossiers.filter(late_resolved | late_open).aggregate(
        with_apology=Count("pk", filter=Q(has_apology=True)),
        without_apology=Count("pk", filter=Q(has_apology=False)),
    )
    return LateDossierCounts(**counts)


def payment_request_of(dossier: Dossier) -> DossierEvent | None:
    """The request a dossier in status 6 waits on, from its prefetched history; None otherwise."""
    if dossier.status != Status.AWAITING_PAYMENT:
        return None
    return next((e for e in reversed(dossier.events.all()) if e.action == Action.REQUEST_PAYMENT), None)


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


# ---------------------------------------------------------------------------------------------- một cửa liên thông


@dataclass(frozen=True)
class HandoverRow:
    """One line of the processing control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ, Mẫu 06).

    `agency` received the dossier from `from_agency`; `outcome` says how it did on its part: early, on time
    or late once finished (`finished_at` against `due_at`), not yet due or overdue while it is still working.
    """

    id: int
    order: int
    from_agency: Agency
    agency: Agency
    given_at: datetime
    giver: User
    received_at: datetime | None
    receiver: User | None
    due_at: datetime
    finished_at: datetime | None
    outcome: str
    outcome_label: str
    returns_result: bool
    note: str


def _handover_rows(handovers, *, now: datetime | None) -> list[HandoverRow]:
    rows = []
    for handover in handovers:
        outcome = transfers.handover_outcome(
            finished_at=handover.finished_at, due_at=handover.due_at, now=now
        )
        rows.append(
            HandoverRow(
                id=handover.pk,
                order=handover.order,
                from_agency=handover.from_agency,
                agency=handover.to_agency,
                given_at=handover.given_at,
                giver=handover.given_by,
                received_at=handover.received_at,
                receiver=handover.received_by,
                due_at=handover.due_at,
                finished_at=handover.finished_at,
                outcome=outcome.value,
                outcome_label=str(outcome.label),
                returns_result=handover.returns_result,
                note=handover.note,
            )
        )
    return rows


_HANDOVER_RELATED = ("from_agency", "to_agency", "given_by", "received_by")


def dossier_handovers(*, dossier: Dossier, now: datetime | None = None) -> list[HandoverRow]:
    """Every hand-over of the dossier between agencies, in order, for the control sheet and the dossier page.

    `now` decides "not yet due" / "overdue" for parts still running (default: the current time).
    """
    handovers = DossierHandover.objects.filter(dossier=dossier).select_related(*_HANDOVER_RELATED)
    return _handover_rows(handovers.order_by("order"), now=now)


def handovers_for_staff(*, user):
    """Hand-overs to or from the staff member's agencies (and the units below them), newest first."""
    agency_ids = staff_agency_ids(user)
    return (
        DossierHandover.objects.filter(Q(to_agency_id__in=agency_ids) | Q(from_agency_id__in=agency_ids))
        .select_related("dossier__procedure", *_HANDOVER_RELATED)
        .order_by("-given_at", "-pk")
    )


@dataclass(frozen=True)
class DossierPart:
    """What an agency the dossier was handed to sees of it: its part, not the whole dossier.

    The basic facts of the dossier (`dossier`; the page leaves out the applicant's phone and e-mail, as the
    receiving desk stays the applicant's contact), the hand-overs to and from its agencies, its own steps
    with their notes, and the papers as they were when its part ended. Not the history, the other agencies'
    steps and notes, the supplement requests, nor papers added after it handed the dossier on.
    """

    dossier: Dossier
    agency_ids: frozenset[int]
    steps: list[DossierStep]
    documents: list[DossierDocument]
    handovers: list[HandoverRow]
    current_step: DossierStep | None


def dossier_part_for_staff(*, user, public_id, now: datetime | None = None) -> DossierPart:
    """A dossier handed to one of the staff member's agencies, seen from there; 404 for anybody else.

    The agency that received the dossier sees all of it through `dossier_for_staff` instead.
    """
    staff_ids = staff_agency_ids(user)
    dossier = get_object_or_404(
        Dossier.objects.filter(handovers__to_agency_id__in=staff_ids)
        .distinct()
        .select_related(*_LIST_RELATED)
        .prefetch_related(
            Prefetch("steps", DossierStep.objects.select_related("assignee", "finished_by", "agency")),
            Prefetch("handovers", DossierHandover.objects.select_related(*_HANDOVER_RELATED)),
            "documents__paper",
            # Its own apology letters and what it may do with them (the part page's actions).
            Prefetch(
                "apologies", ApologyLetter.objects.select_related("drafted_by", "approved_by", "refused_by")
            ),
        ),
        public_id=public_id,
    )
    handovers = list(dossier.handovers.all())
    part_ids = frozenset(h.to_agency_id for h in handovers if h.to_agency_id in staff_ids)
    mine = [h for h in handovers if part_ids & {h.to_agency_id, h.from_agency_id}]
    # The papers travel with the dossier: those there when its last part here ended (all while it is here).
    parts = [h for h in handovers if h.to_agency_id in part_ids]
    cutoff = None if any(h.finished_at is None for h in parts) else max(h.finished_at for h in parts)
    steps = list(dossier.steps.all())
    return DossierPart(
        dossier=dossier,
        agency_ids=part_ids,
        steps=[step for step in steps if step.agency_id in part_ids],
        documents=[d for d in dossier.documents.all() if cutoff is None or d.uploaded_at <= cutoff],
        handovers=_handover_rows(mine, now=now),
        current_step=next((step for step in steps if step.finished_at is None), None),
    )
