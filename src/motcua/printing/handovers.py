"""Hand-overs for the processing control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ).

Inside one agency each processing step is a hand-over from whoever finished the step before it (the desk for
the first). Between agencies (một cửa liên thông) the rows come from `dossiers.selectors.dossier_handovers`.
Early / on time / late is the one rule of `dossiers.transfers.handover_outcome`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.transfers import Outcome, handover_outcome


@dataclass(frozen=True)
class Handover:
    agency: str
    given_at: datetime | None
    received_at: datetime | None
    giver: str
    receiver: str
    timing: str = ""
    timing_label: str = ""
    note: str = ""


def timing_of(finished_at: datetime | None, due_at: datetime | None) -> str:
    """Early, on time or late (`handover_outcome`) for a finished hand-over with a due time; else empty."""
    if finished_at is None or due_at is None:
        return ""
    return handover_outcome(finished_at=finished_at, due_at=due_at)


def _timing_label(code: str) -> str:
    return str(Outcome(code).label) if code in Outcome.values else ""


def _row(*, timing: str, **fields) -> Handover:
    return Handover(timing=timing, timing_label=_timing_label(timing), **fields)


def _name(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if hasattr(value, "get_full_name"):
        return value.get_full_name()
    return getattr(value, "name", None) or str(value)


DESK = _("Bộ phận Một cửa")


def dossier_handovers(*, dossier: Dossier) -> list[Handover]:
    """Every hand-over of the dossier in time order: the steps inside an agency and the transfers between."""
    transfers = [_from_transfer(row) for row in dossier_selectors.dossier_handovers(dossier=dossier)]
    given = {row.given_at for row in transfers}
    # A step that starts at the moment of a transfer is that transfer, already listed with its receipt.
    rows = [row for row in handovers_from_steps(dossier) if row.given_at not in given] + transfers
    return sorted(rows, key=lambda row: (row.given_at is None, row.given_at or timezone.now()))


def _from_transfer(row: dossier_selectors.HandoverRow) -> Handover:
    """A row of the transfers' `dossier_handovers` (agency, given_at, giver, received_at, receiver, outcome)."""
    return Handover(
        agency=_name(row.agency),
        given_at=row.given_at,
        received_at=row.received_at,
        giver=_name(row.giver),
        receiver=_name(row.receiver),
        timing=row.outcome,
        timing_label=row.outcome_label,
        note=row.note
        or str(
            _("Chuyển kết quả về cơ quan tiếp nhận") if row.returns_result else _("Chuyển hồ sơ liên thông")
        ),
    )


def handovers_from_steps(dossier: Dossier) -> list[Handover]:
    """Desk → each step in turn → back to the desk → to the applicant, as far as the dossier has come."""
    steps = DossierStep.objects.filter(dossier=dossier).select_related("agency", "assignee", "finished_by")
    giver = _name(dossier.received_by) or str(DESK)
    rows: list[Handover] = []
    for step in steps.order_by("order"):
        if step.started_at is None:
            break
        person = step.finished_by or step.assignee
        rows.append(
            _row(
                agency=step.agency.name,
                given_at=step.started_at,
                received_at=step.started_at,
                giver=giver,
                receiver=_name(person) or step.get_role_display(),
                timing=timing_of(step.finished_at, step.due_at),
                note=step.name,
            )
        )
        if step.finished_at is None:
            return rows
        giver = _name(step.finished_by) or rows[-1].receiver
    if dossier.resolved_at is not None:
        rows.append(
            _row(
                agency=dossier.agency.name,
                given_at=dossier.resolved_at,
                received_at=dossier.resolved_at,
                giver=giver,
                receiver=str(DESK),
                timing=timing_of(dossier.resolved_at, dossier.due_at),
                note=str(_("Trả kết quả về Bộ phận Một cửa")),
            )
        )
    if dossier.returned_at is not None:
        rows.append(
            _row(
                agency=dossier.agency.name,
                given_at=dossier.returned_at,
                received_at=dossier.returned_at,
                giver=str(DESK),
                receiver=dossier.returned_to,
                timing=timing_of(dossier.returned_at, dossier.due_at),
                note=str(_("Trả kết quả cho người nộp")),
            )
        )
    return rows
