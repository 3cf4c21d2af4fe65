"""Writes of the national portal sync (DVCQG, domain.md §10): the queue the dossier flow fills, the sender that
empties it, and dossiers submitted on the national portal received into the desk inbox.

Naming: `<noun>_<verb>` with keyword-only arguments (style.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, StaffAssignment
from motcua.catalog.models import Procedure
from motcua.core.identifiers import normalize_phone
from motcua.dossiers.models import Dossier, DossierEvent, ResultDelivery, national_portal_key
from motcua.dossiers.workflow import Status
from motcua.integrations import payloads
from motcua.integrations.models import InboundDossier, SyncItem
from motcua.integrations.portals import NationalPortal, PortalError, national_portal
from motcua.payments.models import Payment

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------- queue


def sync_queue_for_event(*, dossier: Dossier, event: DossierEvent) -> list[SyncItem]:
    """Queue what one history row tells the national portal: the dossier as it now stands, then the step.

    Called by the dossier services for every history row, inside their transaction: a push is queued exactly
    when the change commits. A dossier without a code (online, not yet received) is not the portal's business
    yet, unless it came from the portal.
    """
    if not dossier.code and not InboundDossier.objects.filter(dossier_id=dossier.pk).exists():
        return []
    due = timezone.now()
    return SyncItem.objects.bulk_create(
        [
            SyncItem(dossier=dossier, event=event, kind=kind, status=event.to_status, next_attempt_at=due)
            for kind in (SyncItem.Kind.DOSSIER, SyncItem.Kind.PROGRESS)
        ]
    )


# ---------------------------------------------------------------------------------------------- sender


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the n-th failed attempt: base, 2×base, 4×base … capped."""
    seconds = settings.DVCQG_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.DVCQG_RETRY_CAP_SECONDS))


@dataclass
class SyncReport:
    sent: int = 0
    failed: int = 0
    configured: bool = True


def _due_heads(now: datetime):
    """Unacknowledged rows due now that are first in line for their dossier (order of pushes preserved)."""
    earlier = SyncItem.objects.filter(
        dossier_id=OuterRef("dossier_id"), acknowledged_at=None, id__lt=OuterRef("id")
    )
    return (
        SyncItem.objects.filter(acknowledged_at=None, next_attempt_at__lte=now)
        .filter(~Exists(earlier))
        .order_by("id")
    )


def _claim(item: SyncItem, now: datetime) -> bool:
    """Take the row for one attempt; a second sender running at the same time finds it leased and skips it."""
    claimed = SyncItem.objects.filter(pk=item.pk, acknowledged_at=None, next_attempt_at__lte=now).update(
        next_attempt_at=now + timedelta(seconds=settings.DVCQG_LEASE_SECONDS),
        attempts=F("attempts") + 1,
        last_attempt_at=now,
    )
    item.attempts += 1
    return claimed == 1


def _national_code(dossier: Dossier) -> str:
    inbound = (
        InboundDossier.objects.filter(dossier_id=dossier.pk).values_list("national_code", flat=True).first()
    )
    return inbound or dossier.code


def _actor_title(actor, agency: Agency) -> str:
    if actor is None:
        return ""
    if actor.is_applicant:
        return _("Người nộp hồ sơ")
    lineage = [agency.id, *(a.id for a in agency.ancestors())]
    assignment = StaffAssignment.objects.filter(user=actor, agency_id__in=lineage).order_by("id").first()
    if assignment is None:
        return ""
    return assignment.title or str(assignment.get_role_display())


def _step_of(event: DossierEvent, steps):
    """The step a history row belongs to: the one it finished, else the one open at that moment."""
    order = (event.data or {}).get("step_order")
    if order is not None:
        return next((s for s in steps if s.order == order), None)
    for step in steps:
        if (
            step.started_at
            and step.started_at <= event.at
            and (step.finished_at is None or step.finished_at > event.at)
        ):
            return step
    return None


def _paid_online(dossier: Dossier) -> bool:
    """DuocThanhToanTrucTuyen: a fee of the dossier was paid through an online gateway."""
    return Payment.objects.filter(
        dossier_id=dossier.pk, method=Payment.Method.ONLINE, state=Payment.State.PAID
    ).exists()


def sync_payload_build(*, item: SyncItem) -> dict:
    """The payload of one row, from the dossier as it stands now and the history row it reports."""
    dossier = Dossier.objects.select_related("procedure__field", "agency", "case").get(pk=item.dossier_id)
    event = DossierEvent.objects.select_related("actor").get(pk=item.event_id)
    national_code = _national_code(dossier)
    with translation.override("vi"):
        if item.kind == SyncItem.Kind.DOSSIER:
            return payloads.dossier_payload(
                dossier,
                national_code=national_code,
                status=item.status,
                event_at=event.at,
                documents=list(dossier.documents.select_related("paper")),
                fees=list(dossier.case.fees.all()),
                supplement_requests=list(dossier.supplement_requests.all()),
                paid_online=_paid_online(dossier),
            )
        step = _step_of(event, list(dossier.steps.select_related("agency").order_by("order")))
        return payloads.progress_payload(
            national_code=national_code,
            event=event,
            step=step,
            due_at=dossier.intake_due_at if event.to_status == Status.NEW else dossier.due_at,
            actor_title=_actor_title(event.actor, dossier.agency),
            department=step.agency.name if step is not None else dossier.agency.name,
        )


def _send_one(portal: NationalPortal, item: SyncItem) -> str:
    if item.payload is None:
        # Built once, at the first attempt: every retry resends exactly what the first one tried.
        item.payload = sync_payload_build(item=item)
        SyncItem.objects.filter(pk=item.pk).update(payload=item.payload)
    push = portal.push_dossier if item.kind == SyncItem.Kind.DOSSIER else portal.push_progress
    return push(item.payload)


def sync_send_due(
    *, now: datetime | None = None, limit: int | None = None, portal: NationalPortal | None = None
) -> SyncReport:
    """Send every due row, oldest first, each dossier's rows in order; a failure waits with backoff and holds
    back that dossier's later rows until it is acknowledged. Safe to run from several workers at once."""
    portal = portal or national_portal()
    if not portal.is_configured():
        return SyncReport(configured=False)
    now = now or timezone.now()
    limit = limit or settings.DVCQG_BATCH_SIZE
    report = SyncReport()
    while report.sent + report.failed < limit:
        batch = list(_due_heads(now)[: limit - report.sent - report.failed])
        if not batch:
            break
        for item in batch:
            if not _claim(item, now):
                continue
            try:
                acknowledgement = _send_one(portal, item)
            except Exception as error:  # one bad row must not stop the others
                if not isinstance(error, PortalError):
                    logger.exception("DVCQG sync row %s could not be sent", item.pk)
                SyncItem.objects.filter(pk=item.pk).update(
                    last_error=str(error)[:2000], next_attempt_at=now + retry_delay(item.attempts)
                )
                report.failed += 1
            else:
                SyncItem.objects.filter(pk=item.pk).update(
                    acknowledged_at=now, acknowledgement=acknowledgement, last_error=""
                )
                report.sent += 1
    return report


# ---------------------------------------------------------------------------------------------- inbound


class InboundRejected(Exception):
    """A dossier from the national portal that cannot be received; `messages` say why (Vietnamese)."""

    def __init__(self, *messages: str):
        super().__init__(" ".join(messages))
        self.messages = list(messages)


def _inbound_case(payload: dict):
    agency = Agency.objects.filter(
        electronic_id=payload["MaDonVi"].strip(), receives_dossiers=True, is_active=True
    ).first()
    if agency is None:
        raise InboundRejected(_("Không có cơ quan tiếp nhận mã %(code)s.") % {"code": payload["MaDonVi"]})
    procedure = Procedure.objects.filter(
        code=payload["MaTTHC"].strip(), agencies=agency, is_published=True
    ).first()
    case = procedure.cases.order_by("order", "id").first() if procedure is not None else None
    if case is None:
        raise InboundRejected(
            _("Cơ quan %(agency)s không tiếp nhận thủ tục %(code)s.")
            % {"agency": agency.electronic_id, "code": payload["MaTTHC"]}
        )
    return agency, case


@transaction.atomic
def inbound_dossier_receive(*, payload, now: datetime | None = None) -> tuple[Dossier, bool]:
    """Nhận hồ sơ nộp trên Cổng DVCQG: a new online dossier (status 1) in the desk inbox of the agency named by
    MaDonVi, for the procedure MaTTHC. The same MaHoSo twice gives the same dossier; returns (dossier, created).
    """
    problems = payloads.inbound_problems(payload)
    if problems:
        raise InboundRejected(*problems)
    national_code = payload["MaHoSo"].strip()
    existing = Dossier.objects.filter(idempotency_key=national_portal_key(national_code)).first()
    if existing is not None:
        return existing, False
    agency, case = _inbound_case(payload)
    at = now or timezone.now()
    # The dossiers services import this module (the sync queue), hence the import here.
    from motcua.dossiers.services import ApplicantDetails, dossier_receive_from_portal

    dossier, created = dossier_receive_from_portal(
        national_code=national_code,
        agency=agency,
        case=case,
        applicant=ApplicantDetails(
            name=payload["ChuHoSo"].strip()[:255],
            id_number=payload["SoGiayToChuHoSo"].strip()[:20],
            phone=normalize_phone(payload["SoDienThoai"]),
            email=payload.get("Email", "").strip()[:254],
            address=payload.get("DiaChi", "").strip()[:255],
            kind=payload.get("LoaiDoiTuong", 1),
        ),
        # The one working day to accept or refuse counts from the submission on the portal (never the future).
        submitted_at=min(payloads.parse_national_timestamp(payload["NgayNopHoSo"]), at),
        summary=payload.get("TrichYeuHoSo", "").strip(),
        form_data={"dvcqg": {"MaHoSo": national_code, "TaiLieuNop": payload.get("TaiLieuNop", [])}},
        result_delivery=ResultDelivery.POST if payload.get("HinhThuc") == 1 else ResultDelivery.COUNTER,
    )
    if created:
        # Written after the SUBMIT row, so that row is not pushed back to the portal that sent it.
        InboundDossier.objects.create(
            national_code=national_code, dossier=dossier, payload=payload, received_at=at
        )
    return dossier, created
