"""Recount the due dates of open dossiers and steps after the holiday calendar changed.

The calendar app calls `open_deadlines_recompute(years=...)` after an administrator's change is committed.
Everything is rebuilt from facts stored when they happened, never by nudging the old dates:

- appointment: received_at + the time limit kept at receipt, later by the processing pauses; an approved
  apology's new date wins, later only by the pauses after it (deadlines.appointment_recomputed);
- intake deadline of a dossier still at the desk: submitted_at + 8 working hours, later by its pause;
- step: started_at + its time budget, later by the pauses while it was open.

Pauses are kept as the working seconds counted when they ended; an appointment typed by hand (no published
limit) stays as typed. A dossier gets one history row when any of its dates moved, none otherwise; the row is
written by `services._record` like every other, so it is pushed to the national portal and, when the
appointment moved, the applicant is told the new date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendar.selectors import calendar_for
from motcua.calendar.working_time import VIETNAM_TZ
from motcua.dossiers import deadlines, services
from motcua.dossiers.models import ApologyLetter, Dossier, DossierStep
from motcua.dossiers.workflow import OPEN_STATUSES, Action, Status

BATCH_SIZE = 500


@dataclass(frozen=True)
class RecomputeResult:
    dossiers_checked: int
    dossiers_moved: int
    steps_moved: int


def _years_bounds(years: Iterable[int]) -> tuple[datetime, datetime] | None:
    years = sorted(set(years))
    if not years:
        return None
    return (
        datetime(years[0], 1, 1, tzinfo=VIETNAM_TZ),
        datetime(years[-1] + 1, 1, 1, tzinfo=VIETNAM_TZ),
    )


def _candidates(first: datetime, after: datetime):
    """Open dossiers with a date whose counting ran through the changed years; others cannot move."""
    open_step = DossierStep.objects.filter(
        dossier=OuterRef("pk"),
        finished_at=None,
        started_at__lt=after,
        due_at__gte=first,
    )
    return (
        Dossier.objects.filter(status__in=OPEN_STATUSES)
        .filter(
            Q(received_at__lt=after, due_at__gte=first)
            | Q(submitted_at__lt=after, intake_due_at__gte=first)
            | Exists(open_step)
        )
        .order_by("pk")
    )


def open_deadlines_recompute(
    *, years: Iterable[int], now: datetime | None = None, batch_size: int = BATCH_SIZE
) -> RecomputeResult:
    """Recount the due dates of open dossiers and steps touching `years`, in batches; see the module doc."""
    bounds = _years_bounds(years)
    if bounds is None:
        return RecomputeResult(0, 0, 0)
    first, after = bounds
    this_year = timezone.localdate().year
    calendar_years = range(min(this_year - 1, first.year), max(this_year + 3, after.year + 1))
    calendars: dict[int, object] = {}

    def calendar_of(agency):
        if agency.pk not in calendars:
            calendars[agency.pk] = calendar_for(agency, years=calendar_years)
        return calendars[agency.pk]

    at = now or timezone.now()
    ids = list(_candidates(first, after).values_list("pk", flat=True))
    moved_dossiers = moved_steps = 0
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            batch = list(
                Dossier.objects.select_for_update(of=("self",))
                .filter(pk__in=ids[start : start + batch_size], status__in=OPEN_STATUSES)
                .select_related("agency")
                .prefetch_related(
                    Prefetch(
                        "steps",
                        DossierStep.objects.filter(finished_at=None, started_at__isnull=False)
                        .exclude(due_at=None)
                        .select_related("agency"),
                        to_attr="open_steps",
                    ),
                    Prefetch(
                        "apologies",
                        ApologyLetter.objects.filter(status=ApologyLetter.State.APPROVED),
                        to_attr="issued_apologies",
                    ),
                )
                .order_by("pk")
            )
            changed_dossiers, changed_steps, histories = [], [], []
            for dossier in batch:
                moves = _dossier_moves(dossier, calendar_of(dossier.agency))
                step_moves = _step_moves(dossier, calendar_of)
                if moves:
                    changed_dossiers.append(dossier)
                changed_steps += [step for step, _ in step_moves]
                if moves or step_moves:
                    histories.append((dossier, *_history(dossier, moves, step_moves)))
            Dossier.objects.bulk_update(
                changed_dossiers, ["due_at", "intake_due_at", "updated_at"], batch_size=BATCH_SIZE
            )
            DossierStep.objects.bulk_update(changed_steps, ["due_at"], batch_size=BATCH_SIZE)
            # Only moved dossiers get a row, so one write per row is affordable; it goes the common way.
            for dossier, note, data in histories:
                services._record(
                    dossier,
                    actor=None,
                    action=Action.DEADLINES_RECOMPUTED,
                    from_status=dossier.status,
                    note=note,
                    data=data,
                    at=at,
                )
            moved_dossiers += len(histories)
            moved_steps += len(changed_steps)
    return RecomputeResult(len(ids), moved_dossiers, moved_steps)


def _dossier_moves(dossier: Dossier, calendar) -> dict[str, tuple[datetime, datetime]]:
    """Set the recounted dates on `dossier`; return {field: (old, new)} for those that moved."""
    moves = {}
    apology = dossier.issued_apologies[0] if dossier.issued_apologies else None
    if dossier.received_at is not None and dossier.due_at is not None:
        due = deadlines.appointment_recomputed(
            calendar,
            received_at=dossier.received_at,
            limit=dossier.time_limit_value,
            unit=dossier.time_limit_unit,
            paused_seconds=dossier.processing_paused_seconds,
            new_appointment=apology.new_appointment if apology else None,
            paused_seconds_at_new_appointment=apology.paused_seconds_at_approval if apology else 0,
        )
        if due is not None and due != dossier.due_at:
            moves["due_at"] = (dossier.due_at, due)
            dossier.due_at = due
    at_desk = dossier.status == Status.NEW or dossier.status_before_pause == Status.NEW
    if at_desk and dossier.submitted_at is not None and dossier.intake_due_at is not None:
        # Every pause of a dossier still at the desk was an intake pause.
        intake = deadlines.shift_by_pause(
            calendar,
            deadlines.intake_due(calendar, submitted_at=dossier.submitted_at),
            dossier.paused_seconds,
        )
        if intake != dossier.intake_due_at:
            moves["intake_due_at"] = (dossier.intake_due_at, intake)
            dossier.intake_due_at = intake
    if moves:
        dossier.updated_at = timezone.now()
    return moves


def _step_moves(dossier: Dossier, calendar_of) -> list[tuple[DossierStep, datetime]]:
    """Set the recounted due time on each open step; return the moved steps with their old due time."""
    moved = []
    for step in dossier.open_steps:
        due = deadlines.step_due(
            calendar_of(step.agency),
            started_at=step.started_at,
            budget_hours=step.time_budget_hours,
            paused_seconds=step.paused_seconds,
        )
        if due != step.due_at:
            moved.append((step, step.due_at))
            step.due_at = due
    return moved


def _history(dossier: Dossier, moves: dict, step_moves: list) -> tuple[str, dict]:
    """The note and data of the dossier's `deadlines_recomputed` history row."""

    def iso(moment):
        return timezone.localtime(moment).isoformat()

    data: dict = {field: [iso(old), iso(new)] for field, (old, new) in moves.items()}
    if step_moves:
        data["steps"] = [
            {"order": step.order, "due_at": [iso(old), iso(step.due_at)]} for step, old in step_moves
        ]
    if "due_at" in moves:
        note = _("Lịch làm việc thay đổi: ngày hẹn trả kết quả tính lại là %(due)s.") % {
            "due": timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")
        }
    elif "intake_due_at" in moves:
        note = _("Lịch làm việc thay đổi: hạn tiếp nhận tính lại là %(due)s.") % {
            "due": timezone.localtime(dossier.intake_due_at).strftime("%H:%M %d/%m/%Y")
        }
    else:
        note = _("Lịch làm việc thay đổi: hạn các bước xử lý được tính lại.")
    return note, data
