"""Một cửa liên thông: a dossier handed to another agency for its part, and back (Nghị định 118/2025).

A case's workflow may name another agency for a run of steps (`catalog.StepTemplate.agency`): commune →
Sở for the decision, Sở → tax office for the financial obligation. When the dossier reaches such a run it
is handed over (`DossierHandover`); the receiving agency has its share of the time limit (the working hours
of its run of steps), acts on its own steps only, and when its run is done the dossier moves on to the
next agency or back to the agency that received it. When no step is left, the result goes back to the
receiving desk, which returns it to the applicant.

The dossier services call in where a dossier can change hands: `handover_at_receipt` (the first step may
be another agency's), `handover_after_step` and `handovers_shift_by_pause`. `handover_receive` is the
receiving agency's acknowledgement; when nobody gave it, acting on the dossier counts as receipt
(`handover_receive_pending`: finishing the agency's first step, or the desk returning the result). Every
hand-over and receipt is also a history row (DossierEvent) that changes no status.

Plain rules, no database: `handover_outcome` (domain.md §7) and `agency_runs`.

`services` calls back into this module, so it is imported whole and its names are looked up when used.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, Role
from motcua.calendar.selectors import calendar_for
from motcua.dossiers import deadlines, services
from motcua.dossiers.models import Dossier, DossierHandover, DossierStep
from motcua.dossiers.workflow import CLOSED_STATUSES, Action, Status

# Besides whoever does its first step, these may acknowledge a dossier arriving at their agency.
RECEIVING_ROLES = {Role.DESK_OFFICER, Role.DEPARTMENT_LEADER, Role.AGENCY_LEADER}


# ---------------------------------------------------------------------------------------------- plain rules


class Outcome(models.TextChoices):
    """How an agency did on its part (the last column of the control sheet, and the reports' wording)."""

    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")
    NOT_DUE = "not_due", _("Chưa đến hạn")
    OVERDUE = "overdue", _("Đã quá hạn")


def handover_outcome(
    *, finished_at: datetime | None, due_at: datetime, now: datetime | None = None
) -> Outcome:
    """Early, on time or late for a finished part; not yet due or overdue for one still open (domain.md §7).

    On time means finished no later than the due time (pauses are already in `due_at`). Finished on a day
    before the due day is early (trước hạn); on the due day, not after the due time, on time (đúng hạn).
    """
    if finished_at is None:
        return Outcome.NOT_DUE if (now or timezone.now()) <= due_at else Outcome.OVERDUE
    if finished_at > due_at:
        return Outcome.LATE
    if timezone.localdate(finished_at) < timezone.localdate(due_at):
        return Outcome.EARLY
    return Outcome.ON_TIME


def agency_runs(steps: Sequence[DossierStep]) -> list[list[DossierStep]]:
    """The steps (in order) cut where the agency changes: every run after the first is a hand-over."""
    runs: list[list[DossierStep]] = []
    for step in steps:
        if runs and runs[-1][0].agency_id == step.agency_id:
            runs[-1].append(step)
        else:
            runs.append([step])
    return runs


def _share_hours(first: DossierStep, steps: Sequence[DossierStep]) -> Decimal:
    """The agency's share: the working hours of its run of steps that starts with `first`."""
    run = next(run for run in agency_runs(steps) if run[0].pk == first.pk)
    return sum((step.time_budget_hours for step in run), Decimal(0))


# ---------------------------------------------------------------------------------------------- services


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _give(
    dossier: Dossier, *, to_agency: Agency, from_agency: Agency, step: DossierStep | None, giver, at, note=""
) -> DossierHandover:
    """Write the hand-over and its history row. The caller holds the dossier's row lock."""
    if step is None:
        due = dossier.due_at
        # History is a legal record kept in Vietnamese, whatever language the officer reads the pages in.
        public_note = (
            f"{from_agency.name} chuyển kết quả giải quyết về {to_agency.name} để trả cho người nộp."
        )
    else:
        steps = list(dossier.steps.order_by("order"))
        due = deadlines.step_due(
            calendar_for(to_agency), started_at=at, budget_hours=_share_hours(step, steps)
        )
        public_note = (
            f"{from_agency.name} chuyển hồ sơ đến {to_agency.name} để giải quyết phần việc liên thông "
            f"(hạn hoàn thành: {_when(due)})."
        )
    handover = DossierHandover.objects.create(
        dossier=dossier,
        order=dossier.handovers.count() + 1,
        from_agency=from_agency,
        to_agency=to_agency,
        step=step,
        given_by=giver,
        given_at=at,
        due_at=due,
        note=note,
    )
    services._record(
        dossier,
        actor=giver,
        action=Action.HANDOVER,
        from_status=dossier.status,
        note=public_note,
        at=at,
        data={
            "handover": handover.pk,
            "from_agency": from_agency.electronic_id,
            "to_agency": to_agency.electronic_id,
            "due_at": due.isoformat(),
        },
    )
    return handover


def _mark_received(dossier: Dossier, handover: DossierHandover, *, officer, at: datetime) -> None:
    handover.received_by, handover.received_at = officer, at
    fields = ["received_by", "received_at"]
    if handover.returns_result:
        # Taking the result back is the whole of the receiving desk's part: the result is at the desk.
        handover.finished_at = at
        fields.append("finished_at")
    handover.save(update_fields=fields)
    what = "kết quả giải quyết" if handover.returns_result else "hồ sơ liên thông"
    services._record(
        dossier,
        actor=officer,
        action=Action.RECEIVE_HANDOVER,
        from_status=dossier.status,
        note=f"{handover.to_agency.name} đã nhận {what}.",
        at=at,
        data={"handover": handover.pk},
    )


def _open_part(dossier: Dossier, agency_id: int) -> DossierHandover | None:
    """The hand-over to `agency_id` whose part is still running, if the dossier came to it by one."""
    return (
        dossier.handovers.filter(to_agency_id=agency_id, finished_at=None)
        .select_related("to_agency")
        .order_by("-order")
        .first()
    )


def handover_at_receipt(*, dossier: Dossier, giver, at: datetime) -> DossierHandover | None:
    """At receipt: when the first step is another agency's (the desk only receives), hand the dossier over now.

    Called by the dossier services right after the steps are copied, inside their transaction.
    """
    first = dossier.steps.order_by("order").select_related("agency").first()
    if first is None or first.agency_id == dossier.agency_id:
        return None
    return _give(dossier, from_agency=dossier.agency, to_agency=first.agency, step=first, giver=giver, at=at)


def handover_after_step(
    *, dossier: Dossier, step: DossierStep, following: DossierStep | None, user, at: datetime, note: str = ""
) -> DossierHandover | None:
    """After `step` is finished: when the next step is another agency's, or none is left while the dossier
    is away from the agency that received it, hand it over. Called by `dossier_step_complete`.
    """
    if following is not None and following.agency_id == step.agency_id:
        return None
    part = _open_part(dossier, step.agency_id)
    if part is not None:
        part.finished_at = at
        part.save(update_fields=["finished_at"])
    if following is not None:
        return _give(
            dossier,
            from_agency=step.agency,
            to_agency=following.agency,
            step=following,
            giver=user,
            at=at,
            note=note,
        )
    if step.agency_id == dossier.agency_id:
        return None
    return _give(
        dossier, from_agency=step.agency, to_agency=dossier.agency, step=None, giver=user, at=at, note=note
    )


@transaction.atomic
def handover_receive(*, handover: DossierHandover, officer, now: datetime | None = None) -> DossierHandover:
    """Nhận hồ sơ liên thông: the receiving agency acknowledges the dossier (or the result sent back).

    Its desk or leaders may, or whoever holds the role of its first step; anybody else is refused.
    """
    dossier = services._locked(handover.dossier)
    handover = DossierHandover.objects.select_for_update().get(pk=handover.pk)
    roles = RECEIVING_ROLES | ({handover.step.role} if handover.step else set())
    services._require_role(officer, handover.to_agency, roles)
    if dossier.status in CLOSED_STATUSES:
        raise services.DossierError(f"Hồ sơ đã kết thúc ({dossier.get_status_display()}).")
    if handover.received_at is not None:
        raise services.DossierError(
            f"{handover.to_agency.name} đã nhận hồ sơ này lúc {_when(handover.received_at)}."
        )
    if handover.finished_at is not None:
        raise services.DossierError("Phần việc liên thông này đã kết thúc.")
    _mark_received(dossier, handover, officer=officer, at=services._now(now))
    return handover


def handover_receive_pending(*, dossier: Dossier, agency: Agency, officer, at: datetime) -> None:
    """`officer` acts for `agency` on a dossier handed to it that nobody acknowledged: acting is the receipt.

    Acting shows the dossier arrived, and the control sheet still needs a receiver and a time.
    """
    part = _open_part(dossier, agency.pk)
    if part is not None and part.received_at is None:
        _mark_received(dossier, part, officer=officer, at=at)


def handovers_close(*, dossier: Dossier, actor, at: datetime) -> None:
    """The dossier was withdrawn or stopped while handed over: the running parts end with it.

    Called by `dossier_withdraw` and `dossier_stop` after the status change, inside their transaction; each
    part closed gets a history row, so the agency's list and the control sheet show why it ended.
    """
    for part in dossier.handovers.filter(finished_at=None).select_related("to_agency").order_by("order"):
        part.finished_at = at
        part.save(update_fields=["finished_at"])
        why = "người nộp rút hồ sơ" if dossier.status == Status.WITHDRAWN else "hồ sơ bị dừng xử lý"
        services._record(
            dossier,
            actor=actor,
            action=Action.CLOSE_HANDOVER,
            from_status=dossier.status,
            note=f"Phần việc liên thông tại {part.to_agency.name} kết thúc do {why}.",
            at=at,
            data={"handover": part.pk},
        )


def handovers_shift_by_pause(*, dossier: Dossier, paused_seconds: int) -> None:
    """A pause (supplement, payment) stops every running part's clock too: its due time moves later."""
    for part in dossier.handovers.filter(finished_at=None).select_related("to_agency"):
        part.due_at = deadlines.shift_by_pause(calendar_for(part.to_agency), part.due_at, paused_seconds)
        part.save(update_fields=["due_at"])
