"""Writes on dossiers. Each service runs in one transaction, checks who may act, and appends history.

Naming: `<noun>_<verb>` with keyword-only arguments (style.md). Errors a user can fix raise
`DossierError` with a Vietnamese message; acting outside one's agency raises `PermissionDenied`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Role
from motcua.agencies.roles import LEADER_ROLES
from motcua.agencies.selectors import staff_roles_in
from motcua.calendar.selectors import calendar_for
from motcua.catalog.models import ProcedureCase, RequiredPaper
from motcua.core.identifiers import format_dossier_code, is_valid_citizen_id, is_valid_phone, normalize_phone
from motcua.dossiers import deadlines, transfers
from motcua.dossiers.files import UploadRejected, check_upload
from motcua.dossiers.models import (
    ApologyLetter,
    ApplicantKind,
    Channel,
    Dossier,
    DossierCodeCounter,
    DossierDocument,
    DossierEvent,
    DossierStep,
    ResultDelivery,
    SubmissionDraft,
    SupplementRequest,
    national_portal_key,
)
from motcua.dossiers.workflow import (
    RUNNING_STATUSES,
    Action,
    Status,
    TransitionNotAllowed,
    allowed_actions,
    next_status,
)
from motcua.integrations.services import sync_queue_for_event
from motcua.notifications.services import notifications_for_event
from motcua.payments.lines import fee_lines_cancel_unpaid, fee_lines_issue

# A supplement must arrive within this many working days, after which the desk may refuse.
SUPPLEMENT_WORKING_DAYS = 5
DESK_ROLES = {Role.DESK_OFFICER}
# Who drafts an apology letter: the specialist handling the dossier, or the department leader.
APOLOGY_DRAFT_ROLES = {Role.SPECIALIST, Role.DEPARTMENT_LEADER}


class DossierError(Exception):
    """A problem the user can fix; `messages` are shown as they are (Vietnamese)."""

    def __init__(self, *messages: str):
        super().__init__(" ".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class ApplicantDetails:
    """Người nộp hồ sơ, as typed on the form (online) or by the counter officer (walk-in)."""

    name: str
    id_number: str
    phone: str
    email: str = ""
    address: str = ""
    kind: int = ApplicantKind.CITIZEN

    def errors(self) -> list[str]:
        found = []
        if not self.name.strip():
            found.append("Vui lòng nhập họ và tên người nộp hồ sơ.")
        if self.kind == ApplicantKind.CITIZEN and not is_valid_citizen_id(self.id_number):
            found.append("Số CCCD phải gồm đúng 12 chữ số.")
        if not is_valid_phone(self.phone):
            found.append("Số điện thoại không hợp lệ (ví dụ: 0912345678).")
        return found


# ---------------------------------------------------------------------------------------------- helpers


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _require_role(user, agency: Agency, roles: set[str]) -> None:
    if not staff_roles_in(user, agency) & set(roles):
        raise PermissionDenied("Cán bộ không có quyền thực hiện việc này với hồ sơ của cơ quan khác.")


def _record(
    dossier: Dossier,
    *,
    actor,
    action: str,
    from_status: int | None,
    note: str = "",
    data=None,
    at=None,
    actor_label: str = "",
) -> DossierEvent:
    """Append one history row; `actor_label` names a system actor (a payment gateway, the national portal)."""
    event = DossierEvent.objects.create(
        dossier=dossier,
        at=at or timezone.now(),
        actor=actor,
        actor_label=actor.get_full_name() if actor else actor_label,
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        note=note,
        data=data or {},
    )
    # Every history row (status changes, receipts at the counter, hand-overs) is pushed to the national portal.
    sync_queue_for_event(dossier=dossier, event=event)
    # ... and the applicant hears about it (e-mail, SMS, Zalo): outbox rows written in this same transaction.
    notifications_for_event(dossier=dossier, event=event)
    return event


def _target_status(dossier: Dossier, action: str) -> int:
    try:
        return next_status(dossier.status, action, paused_from=dossier.status_before_pause)
    except TransitionNotAllowed:
        raise DossierError(
            f"Không thể “{Action(action).label}” khi hồ sơ đang ở trạng thái “{dossier.get_status_display()}”."
        ) from None


def _move(
    dossier: Dossier,
    action: str,
    *,
    actor,
    note: str = "",
    data=None,
    at=None,
    actor_label: str = "",
    **changes,
) -> None:
    """Apply one allowed transition, save the changed fields and append the history row."""
    target = _target_status(dossier, action)
    previous = dossier.status
    dossier.status = target
    for name, value in changes.items():
        setattr(dossier, name, value)
    dossier.save(update_fields=["status", "updated_at", *changes])
    _record(
        dossier,
        actor=actor,
        action=action,
        from_status=previous,
        note=note,
        data=data,
        at=at,
        actor_label=actor_label,
    )


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def _processing_agency(dossier: Dossier) -> Agency:
    """The agency handling the dossier now: the one of its open step, else the receiving agency."""
    step = dossier_current_step(dossier)
    return step.agency if step is not None else dossier.agency


def _pause_start(dossier: Dossier, at: datetime) -> dict:
    return {"paused_at": at, "status_before_pause": dossier.status}


def _pause_end(dossier: Dossier, at: datetime) -> tuple[int, dict]:
    """Close the running pause: count its working time and move the due dates it held back (domain.md §6).

    Returns the paused working seconds and the dossier fields to save; open steps are saved here.
    """
    if dossier.paused_at is None:
        return 0, {}
    calendar = calendar_for(dossier.agency)
    paused = calendar.working_seconds_between(dossier.paused_at, at)
    at_desk = dossier.status_before_pause == Status.NEW
    changes = {
        "paused_at": None,
        "status_before_pause": None,
        "paused_seconds": dossier.paused_seconds + paused,
        "processing_paused_seconds": dossier.processing_paused_seconds + (0 if at_desk else paused),
        "intake_due_at": deadlines.shift_by_pause(calendar, dossier.intake_due_at, paused)
        if at_desk
        else dossier.intake_due_at,
        "due_at": deadlines.shift_by_pause(calendar, dossier.due_at, paused),
    }
    for step in dossier.steps.filter(finished_at=None).exclude(due_at=None).select_related("agency"):
        step_calendar = calendar if step.agency_id == dossier.agency_id else calendar_for(step.agency)
        step.due_at = deadlines.shift_by_pause(step_calendar, step.due_at, paused)
        step.paused_seconds += paused
        step.save(update_fields=["due_at", "paused_seconds"])
    transfers.handovers_shift_by_pause(dossier=dossier, paused_seconds=paused)
    return paused, changes


def _locked(dossier: Dossier) -> Dossier:
    """Re-read the dossier under a row lock so two officers never act on a stale copy."""
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def _store_document(
    *, uploaded_file, kind, user, at, dossier=None, draft=None, paper=None
) -> DossierDocument:
    try:
        content_type, sha256 = check_upload(uploaded_file, max_bytes=settings.MOTCUA_MAX_UPLOAD_BYTES)
    except UploadRejected as error:
        raise DossierError(str(error)) from None
    document = DossierDocument(
        dossier=dossier,
        draft=draft,
        paper=paper,
        kind=kind,
        original_name=uploaded_file.name[:255],
        content_type=content_type,
        size=uploaded_file.size,
        sha256=sha256,
        uploaded_by=user,
        uploaded_at=at,
    )
    document.file.save(uploaded_file.name, uploaded_file, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def dossier_code_issue(*, agency: Agency, on) -> str:
    """Next code `<agency ID>-YYMMDD-XXXX`: the counter row is locked, so concurrent receipts never collide."""
    DossierCodeCounter.objects.bulk_create(
        [DossierCodeCounter(agency=agency, day=on, last_value=0)], ignore_conflicts=True
    )
    counter = DossierCodeCounter.objects.select_for_update().get(agency=agency, day=on)
    DossierCodeCounter.objects.filter(pk=counter.pk).update(last_value=F("last_value") + 1)
    return format_dossier_code(agency.electronic_id, on, counter.last_value + 1)


def _open_steps(dossier: Dossier, *, start: datetime, calendar) -> None:
    """Copy the case's workflow into the dossier and start its first step (desk steps are the desk actions)."""
    templates = [t for t in dossier.case.steps.all() if t.role != Role.DESK_OFFICER]
    # The steps share the time until the appointment: budgets that add up to more are scaled down together.
    available = calendar.working_seconds_between(start, dossier.due_at) if dossier.due_at else None
    budgets = deadlines.step_budgets_fitting(
        [template.time_budget_hours for template in templates], available_seconds=available
    )
    steps = [
        DossierStep(
            dossier=dossier,
            order=index,
            name=template.name,
            role=template.role,
            # Một cửa liên thông: a step may be another agency's part (transfers.py).
            agency_id=template.agency_id or dossier.agency_id,
            time_budget_hours=budget,
        )
        for index, (template, budget) in enumerate(zip(templates, budgets, strict=True), start=1)
    ]
    if steps:
        first_calendar = (
            calendar if steps[0].agency_id == dossier.agency_id else calendar_for(steps[0].agency)
        )
        steps[0].started_at = start
        steps[0].due_at = deadlines.step_due(
            first_calendar, started_at=start, budget_hours=steps[0].time_budget_hours
        )
    DossierStep.objects.bulk_create(steps)
    transfers.handover_at_receipt(dossier=dossier, giver=dossier.received_by, at=start)


def _receive(dossier: Dossier, *, officer, at: datetime, appointment: datetime | None) -> dict:
    """Fields set when the desk receives a dossier: code, receipt time and the appointment date."""
    calendar = calendar_for(dossier.agency)
    received_at = calendar.start_of_work(at)
    if appointment and dossier.case.has_time_limit:
        # The appointment follows the published limit; it is extended only by an apology letter.
        raise DossierError(
            _(
                "Thủ tục đã công bố thời hạn giải quyết: ngày hẹn trả được tính tự động, không nhập tay "
                "(chỉ được hẹn lại bằng phiếu xin lỗi)."
            )
        )
    # The limit is kept with the dossier so the appointment can be recounted if the calendar changes; a date
    # typed by the officer (only when no limit is published) has none behind it.
    limit = None if appointment else dossier.case.time_limit_for(online=dossier.is_online)
    unit = "" if appointment else dossier.case.time_limit_unit
    due = appointment or deadlines.appointment_due(calendar, received_at=received_at, limit=limit, unit=unit)
    if due is None:
        raise DossierError("Thủ tục chưa công bố thời hạn giải quyết: vui lòng nhập ngày hẹn trả kết quả.")
    code = dossier_code_issue(agency=dossier.agency, on=timezone.localdate(at))
    return {
        "code": code,
        "received_at": at,
        "received_by": officer,
        "due_at": due,
        "time_limit_value": limit,
        "time_limit_unit": unit,
        "_calendar": calendar,
    }


# ---------------------------------------------------------------------------------------------- online


def draft_start(*, applicant, case: ProcedureCase, agency: Agency | None = None) -> SubmissionDraft:
    return SubmissionDraft.objects.create(applicant=applicant, case=case, agency=agency)


@transaction.atomic
def draft_update(
    *, draft: SubmissionDraft, form_data: dict, agency: Agency | None, files: dict, user
) -> list[str]:
    """Keep what the applicant typed and every acceptable file; return the problems with the rejected files.

    `files` maps a RequiredPaper id (or None for "other papers") to a list of uploaded files. A new file for
    a paper replaces the previous one.
    """
    draft.form_data = form_data
    draft.agency = agency
    draft.save(update_fields=["form_data", "agency", "updated_at"])
    papers = {p.id: p for p in draft.case.papers.all()}
    problems = []
    now = timezone.now()
    for paper_id, uploads in files.items():
        paper = papers.get(paper_id) if paper_id is not None else None
        for uploaded_file in uploads:
            try:
                with transaction.atomic():
                    document = _store_document(
                        uploaded_file=uploaded_file,
                        kind=DossierDocument.Kind.SUBMITTED,
                        user=user,
                        at=now,
                        draft=draft,
                        paper=paper,
                    )
                    if paper is not None:
                        draft.documents.filter(paper=paper).exclude(pk=document.pk).update(draft=None)
            except DossierError as error:
                problems.extend(error.messages)
    return problems


def draft_missing_papers(draft: SubmissionDraft) -> list[RequiredPaper]:
    provided = set(draft.documents.exclude(paper=None).values_list("paper_id", flat=True))
    return [p for p in draft.case.papers.all() if p.is_mandatory and p.id not in provided]


def _applicant_from(form_data: dict, kind: int) -> ApplicantDetails:
    return ApplicantDetails(
        name=form_data.get("applicant_name", "").strip(),
        id_number=form_data.get("applicant_id_number", "").strip(),
        phone=normalize_phone(form_data.get("applicant_phone", "")),
        email=form_data.get("applicant_email", "").strip(),
        address=form_data.get("applicant_address", "").strip(),
        kind=kind,
    )


def dossier_submit(
    *, draft: SubmissionDraft, idempotency_key: str | None = None, now: datetime | None = None
) -> Dossier:
    """Nộp hồ sơ trực tuyến. Refuses an incomplete dossier; a retried submit returns the same dossier.

    The draft's token is the idempotency key unless the caller (the API) brings its own.
    """
    key = idempotency_key or f"draft:{draft.token}"
    existing = Dossier.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    applicant_user = draft.applicant
    kind = (
        ApplicantKind.BUSINESS
        if applicant_user.kind == applicant_user.Kind.BUSINESS
        else ApplicantKind.CITIZEN
    )
    applicant = _applicant_from(draft.form_data, kind)
    problems = applicant.errors()
    missing = draft_missing_papers(draft)
    problems += [f"Còn thiếu giấy tờ bắt buộc: {paper.name}." for paper in missing]
    procedure = draft.case.procedure
    if not procedure.accepts_online:
        problems.append("Thủ tục này chưa cung cấp dịch vụ nộp hồ sơ trực tuyến.")
    if draft.agency is None or not procedure.agencies.filter(pk=draft.agency.pk).exists():
        problems.append("Vui lòng chọn cơ quan tiếp nhận hồ sơ.")
    if problems:
        raise DossierError(*problems)
    at = _now(now)
    try:
        with transaction.atomic():
            calendar = calendar_for(draft.agency)
            dossier = Dossier(
                procedure=procedure,
                case=draft.case,
                agency=draft.agency,
                channel=Channel.ONLINE,
                status=None,
                applicant=applicant_user,
                applicant_kind=kind,
                applicant_name=applicant.name,
                applicant_id_number=applicant.id_number,
                applicant_phone=applicant.phone,
                applicant_email=applicant.email,
                applicant_address=applicant.address,
                summary=draft.form_data.get("summary", ""),
                form_data=draft.form_data,
                result_delivery=draft.form_data.get("result_delivery") or ResultDelivery.ONLINE,
                submitted_at=at,
                intake_due_at=deadlines.intake_due(calendar, submitted_at=at),
                idempotency_key=key,
            )
            dossier.status = next_status(None, Action.SUBMIT)
            dossier.save()
            draft.documents.update(dossier=dossier, draft=None)
            _record(dossier, actor=applicant_user, action=Action.SUBMIT, from_status=None, at=at)
            draft.delete()
    except IntegrityError:
        # Two identical requests raced: the other one created the dossier.
        return Dossier.objects.get(idempotency_key=key)
    return dossier


def dossier_receive_from_portal(
    *,
    national_code: str,
    agency: Agency,
    case: ProcedureCase,
    applicant: ApplicantDetails,
    submitted_at: datetime,
    summary: str = "",
    form_data: dict | None = None,
    result_delivery: str = ResultDelivery.COUNTER,
) -> tuple[Dossier, bool]:
    """Hồ sơ nộp trên Cổng Dịch vụ công quốc gia: a new online dossier (status 1) in the desk inbox of `agency`.

    The national code is the idempotency key: the same code twice gives the same dossier. Returns
    (dossier, created). The one working day to accept or refuse counts from `submitted_at`.
    """
    key = national_portal_key(national_code)
    existing = Dossier.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                procedure=case.procedure,
                case=case,
                agency=agency,
                channel=Channel.ONLINE,
                status=next_status(None, Action.SUBMIT),
                applicant_kind=applicant.kind,
                applicant_name=applicant.name,
                applicant_id_number=applicant.id_number,
                applicant_phone=applicant.phone,
                applicant_email=applicant.email,
                applicant_address=applicant.address,
                summary=summary,
                form_data=form_data or {},
                result_delivery=result_delivery,
                submitted_at=submitted_at,
                intake_due_at=deadlines.intake_due(calendar_for(agency), submitted_at=submitted_at),
                idempotency_key=key,
            )
            _record(
                dossier,
                actor=None,
                actor_label=_("Cổng Dịch vụ công quốc gia"),
                action=Action.SUBMIT,
                from_status=None,
                at=submitted_at,
                note=_("Hồ sơ nộp trên Cổng Dịch vụ công quốc gia, mã %(code)s.") % {"code": national_code},
                data={"national_code": national_code},
            )
    except IntegrityError:
        # The portal sent the same dossier twice at once: the other request created it.
        return Dossier.objects.get(idempotency_key=key), False
    return dossier, True


# ---------------------------------------------------------------------------------------------- desk


@transaction.atomic
def dossier_accept(
    *,
    dossier: Dossier,
    officer,
    appointment: datetime | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Dossier:
    """Tiếp nhận: issue the dossier code and the appointment date (Mẫu 01)."""
    _require_role(officer, dossier.agency, DESK_ROLES)
    dossier = _locked(dossier)
    at = _now(now)
    _target_status(dossier, Action.ACCEPT)
    fields = _receive(dossier, officer=officer, at=at, appointment=appointment)
    calendar = fields.pop("_calendar")
    _move(
        dossier,
        Action.ACCEPT,
        actor=officer,
        note=note,
        at=at,
        data={"due_at": fields["due_at"].isoformat()},
        **fields,
    )
    _open_steps(dossier, start=calendar.start_of_work(at), calendar=calendar)
    fee_lines_issue(dossier=dossier)
    return dossier


@transaction.atomic
def dossier_refuse(*, dossier: Dossier, officer, reason: str, now: datetime | None = None) -> Dossier:
    """Từ chối tiếp nhận, giải quyết (Mẫu 03): the reason is mandatory and shown to the applicant.

    A dossier waiting for a supplement may be refused only once the supplement deadline has passed, and the
    refusal then states that the papers did not arrive in time (domain.md §6).
    """
    _require_role(officer, dossier.agency, DESK_ROLES)
    dossier = _locked(dossier)
    at = _now(now)
    reason = reason.strip()
    changes = {}
    if dossier.status == Status.SUPPLEMENT_REQUESTED:
        request = dossier.supplement_requests.filter(fulfilled_at=None).order_by("requested_at").last()
        if request is None or request.deadline is None or at <= request.deadline:
            deadline = _when(request.deadline) if request and request.deadline else "—"
            raise DossierError(
                _(
                    "Chưa hết hạn bổ sung hồ sơ (hạn bổ sung: %(deadline)s): chưa thể từ chối vì người nộp "
                    "không bổ sung."
                )
                % {"deadline": deadline}
            )
        expired = _("Quá hạn bổ sung hồ sơ (hạn bổ sung: %(deadline)s) mà người nộp chưa bổ sung.") % {
            "deadline": _when(request.deadline)
        }
        reason = f"{expired} {reason}".strip()
        changes = _pause_end(dossier, at)[1]
    elif not reason:
        raise DossierError("Vui lòng nêu rõ lý do từ chối tiếp nhận hồ sơ.")
    _move(dossier, Action.REFUSE, actor=officer, note=reason, at=at, closed_reason=reason, **changes)
    fee_lines_cancel_unpaid(dossier=dossier)
    return dossier


def supplement_deadline_passed(dossier: Dossier, *, now: datetime | None = None) -> bool:
    """Whether the desk may now refuse a dossier because the supplement did not arrive in time."""
    if dossier.status != Status.SUPPLEMENT_REQUESTED:
        return False
    requests = [r for r in dossier.supplement_requests.all() if r.fulfilled_at is None and r.deadline]
    return bool(requests) and _now(now) > requests[-1].deadline


@transaction.atomic
def dossier_request_supplement(
    *,
    dossier: Dossier,
    officer,
    items: list[str],
    reason: str,
    deadline: date | None = None,
    now: datetime | None = None,
) -> SupplementRequest:
    """Yêu cầu bổ sung (Mẫu 02): once only, listing everything missing; the clock stops until supplemented.

    The supplement is due at the close of `deadline` (default: SUPPLEMENT_WORKING_DAYS working days).
    """
    allowed = DESK_ROLES if dossier.status == Status.NEW else {Role.SPECIALIST, Role.DEPARTMENT_LEADER}
    _require_role(officer, dossier.agency, allowed)
    items = [item.strip() for item in items if item.strip()]
    if not items or not reason.strip():
        raise DossierError("Vui lòng liệt kê đầy đủ giấy tờ cần bổ sung và nêu lý do.")
    dossier = _locked(dossier)
    if dossier.supplement_requests.exists():
        # Decree 118/2025: the desk asks once and lists everything; a second request is not allowed.
        raise DossierError("Hồ sơ đã được yêu cầu bổ sung một lần; không được yêu cầu bổ sung lần thứ hai.")
    at = _now(now)
    calendar = calendar_for(dossier.agency)
    if deadline is None:
        due = calendar.add_working_days(at, SUPPLEMENT_WORKING_DAYS)
    else:
        due = deadlines.new_appointment_on(calendar, deadline)
        if due is None or due <= at:
            raise DossierError(_("Hạn bổ sung phải là một ngày làm việc từ hôm nay trở đi."))
    request = SupplementRequest.objects.create(
        dossier=dossier,
        requested_by=officer,
        requested_at=at,
        items=items,
        reason=reason,
        deadline=due,
    )
    _move(
        dossier,
        Action.REQUEST_SUPPLEMENT,
        actor=officer,
        note=reason,
        at=at,
        data={"items": items, "deadline": due.isoformat()},
        **_pause_start(dossier, at),
    )
    return request


@transaction.atomic
def dossier_supplement(
    *, dossier: Dossier, applicant, files: dict, note: str = "", now: datetime | None = None
) -> Dossier:
    """Bổ sung hồ sơ: the applicant's new papers; the due dates move by the working time spent waiting."""
    dossier = _locked(dossier)
    if applicant != dossier.applicant and not staff_roles_in(applicant, dossier.agency) & DESK_ROLES:
        raise PermissionDenied
    if dossier.status != Status.SUPPLEMENT_REQUESTED:
        raise DossierError("Hồ sơ không ở trạng thái chờ bổ sung.")
    if not any(files.values()):
        raise DossierError("Vui lòng đính kèm ít nhất một giấy tờ bổ sung.")
    at = _now(now)
    papers = {p.id: p for p in dossier.case.papers.all()}
    for paper_id, uploads in files.items():
        for uploaded_file in uploads:
            _store_document(
                uploaded_file=uploaded_file,
                kind=DossierDocument.Kind.SUPPLEMENT,
                user=applicant,
                at=at,
                dossier=dossier,
                paper=papers.get(paper_id),
            )
    paused, changes = _pause_end(dossier, at)
    dossier.supplement_requests.filter(fulfilled_at=None).update(fulfilled_at=at, applicant_note=note)
    _move(
        dossier,
        Action.SUPPLEMENT,
        actor=applicant,
        note=note,
        at=at,
        data={"paused_working_seconds": paused},
        **changes,
    )
    return dossier


@transaction.atomic
def dossier_receive_at_counter(
    *,
    officer,
    agency: Agency,
    case: ProcedureCase,
    applicant: ApplicantDetails,
    scans: dict,
    summary: str = "",
    result_delivery: str = ResultDelivery.COUNTER,
    appointment: datetime | None = None,
    idempotency_key: str | None = None,
    channel: str = Channel.IN_PERSON,
    applicant_account=None,
    now: datetime | None = None,
) -> Dossier:
    """Tiếp nhận trực tiếp: the officer enters a walk-in dossier, uploads the scans and issues the receipt.

    Papers that came by post are received the same way with `channel` POST and the applicant's account.
    """
    _require_role(officer, agency, DESK_ROLES)
    if idempotency_key:
        existing = Dossier.objects.filter(idempotency_key=f"counter:{idempotency_key}").first()
        if existing is not None:
            return existing
    problems = applicant.errors()
    if not case.procedure.agencies.filter(pk=agency.pk).exists():
        problems.append("Cơ quan này không tiếp nhận thủ tục đã chọn.")
    provided = {paper_id for paper_id, uploads in scans.items() if uploads}
    problems += [
        f"Còn thiếu bản số hóa của giấy tờ bắt buộc: {paper.name}."
        for paper in case.papers.all()
        if paper.is_mandatory and paper.id not in provided
    ]
    if problems:
        raise DossierError(*problems)
    at = _now(now)
    dossier = Dossier(
        procedure=case.procedure,
        case=case,
        agency=agency,
        channel=channel,
        status=None,
        applicant=applicant_account,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        applicant_id_number=applicant.id_number,
        applicant_phone=normalize_phone(applicant.phone),
        applicant_email=applicant.email,
        applicant_address=applicant.address,
        summary=summary,
        result_delivery=result_delivery,
        idempotency_key=f"counter:{idempotency_key}" if idempotency_key else None,
    )
    fields = _receive(dossier, officer=officer, at=at, appointment=appointment)
    calendar = fields.pop("_calendar")
    for name, value in fields.items():
        setattr(dossier, name, value)
    dossier.status = next_status(None, Action.RECEIVE_AT_COUNTER)
    dossier.save()
    papers = {p.id: p for p in case.papers.all()}
    for paper_id, uploads in scans.items():
        for uploaded_file in uploads:
            _store_document(
                uploaded_file=uploaded_file,
                kind=DossierDocument.Kind.SCAN,
                user=officer,
                at=at,
                dossier=dossier,
                paper=papers.get(paper_id),
            )
    _record(
        dossier,
        actor=officer,
        action=Action.RECEIVE_AT_COUNTER,
        from_status=None,
        at=at,
        data={"due_at": dossier.due_at.isoformat()},
    )
    _open_steps(dossier, start=calendar.start_of_work(at), calendar=calendar)
    fee_lines_issue(dossier=dossier)
    return dossier


# ---------------------------------------------------------------------------------------------- processing


def dossier_current_step(dossier: Dossier) -> DossierStep | None:
    return dossier.steps.filter(finished_at=None).order_by("order").first()


@transaction.atomic
def dossier_step_complete(
    *,
    dossier: Dossier,
    user,
    note: str = "",
    next_assignee=None,
    result_files=(),
    now: datetime | None = None,
) -> Dossier:
    """Finish the current step and hand the dossier to the next one (or to the desk when it is the last).

    The step's role decides who may act: a leader assigns a specialist, the specialist records the result and
    forwards, the leader approves. Finishing the last step makes the result ready (status 9).
    """
    dossier = _locked(dossier)
    step = dossier_current_step(dossier)
    if step is None or dossier.status not in (Status.RECEIVED, Status.PROCESSING):
        raise DossierError("Hồ sơ không có bước xử lý nào đang chờ.")
    _require_role(user, step.agency, {step.role})
    if step.assignee_id is not None and step.assignee_id != user.pk:
        raise PermissionDenied("Bước này đã được giao cho cán bộ khác.")
    at = _now(now)
    following = dossier.steps.filter(order__gt=step.order).order_by("order").first()
    if next_assignee is not None and following is not None and following.agency_id != step.agency_id:
        # Một cửa liên thông: the agency the dossier is handed to assigns its own staff.
        raise DossierError("Bước tiếp theo do cơ quan khác thực hiện; cơ quan đó tự phân công cán bộ.")
    if next_assignee is not None and (
        following is None or not staff_roles_in(next_assignee, following.agency) & {following.role}
    ):
        raise DossierError("Cán bộ được giao không có vai trò phù hợp với bước tiếp theo.")
    transfers.handover_receive_pending(dossier=dossier, agency=step.agency, officer=user, at=at)
    for uploaded_file in result_files:
        _store_document(
            uploaded_file=uploaded_file, kind=DossierDocument.Kind.RESULT, user=user, at=at, dossier=dossier
        )
    step.finished_at, step.finished_by, step.note = at, user, note
    step.save(update_fields=["finished_at", "finished_by", "note"])
    data = {"step": step.name, "step_order": step.order, "on_time": step.due_at is None or at <= step.due_at}
    if following is None:
        _move(dossier, Action.RESOLVE, actor=user, note=note, at=at, data=data, resolved_at=at)
        transfers.handover_after_step(dossier=dossier, step=step, following=None, user=user, at=at, note=note)
        return dossier
    calendar = calendar_for(following.agency)
    following.started_at = at
    following.due_at = deadlines.step_due(calendar, started_at=at, budget_hours=following.time_budget_hours)
    following.assignee = next_assignee
    following.save(update_fields=["started_at", "due_at", "assignee"])
    if next_assignee is not None:
        data["assignee"] = next_assignee.get_full_name()
    action = Action.ASSIGN if next_assignee is not None else Action.COMPLETE_STEP
    _move(dossier, action, actor=user, note=note, at=at, data=data)
    transfers.handover_after_step(
        dossier=dossier, step=step, following=following, user=user, at=at, note=note
    )
    return dossier


@transaction.atomic
def dossier_return_result(
    *, dossier: Dossier, officer, received_by_name: str, note: str = "", now: datetime | None = None
) -> Dossier:
    """Trả kết quả: record who received the result and when."""
    _require_role(officer, dossier.agency, DESK_ROLES)
    if not received_by_name.strip():
        raise DossierError("Vui lòng ghi họ tên người nhận kết quả.")
    dossier = _locked(dossier)
    at = _now(now)
    transfers.handover_receive_pending(dossier=dossier, agency=dossier.agency, officer=officer, at=at)
    _move(
        dossier,
        Action.RETURN_RESULT,
        actor=officer,
        note=note,
        at=at,
        data={"received_by": received_by_name},
        returned_at=at,
        returned_to=received_by_name,
    )
    return dossier


# ---------------------------------------------------------------------------------------------- closing early


@transaction.atomic
def dossier_withdraw(
    *, dossier: Dossier, applicant, reason: str = "", now: datetime | None = None
) -> Dossier:
    """Rút hồ sơ (status 7): the applicant withdraws a dossier not yet resolved; the reason is optional.

    A desk officer may record the withdrawal for an applicant who asks at the desk.
    """
    dossier = _locked(dossier)
    if applicant != dossier.applicant and not staff_roles_in(applicant, dossier.agency) & DESK_ROLES:
        raise PermissionDenied
    at = _now(now)
    _target_status(dossier, Action.WITHDRAW)
    changes = _pause_end(dossier, at)[1]
    reason = reason.strip()
    _move(dossier, Action.WITHDRAW, actor=applicant, note=reason, at=at, closed_reason=reason, **changes)
    transfers.handovers_close(dossier=dossier, actor=applicant, at=at)
    fee_lines_cancel_unpaid(dossier=dossier)
    return dossier


@transaction.atomic
def dossier_stop(*, dossier: Dossier, leader, reason: str, now: datetime | None = None) -> Dossier:
    """Dừng xử lý (status 8): a leader of the processing agency stops the dossier with a notice giving why."""
    dossier = _locked(dossier)
    _require_role(leader, _processing_agency(dossier), LEADER_ROLES)
    reason = reason.strip()
    if not reason:
        raise DossierError(_("Vui lòng nêu rõ lý do dừng xử lý hồ sơ (ghi trong thông báo gửi người nộp)."))
    at = _now(now)
    _target_status(dossier, Action.STOP)
    changes = _pause_end(dossier, at)[1]
    _move(dossier, Action.STOP, actor=leader, note=reason, at=at, closed_reason=reason, **changes)
    transfers.handovers_close(dossier=dossier, actor=leader, at=at)
    fee_lines_cancel_unpaid(dossier=dossier)
    return dossier


# ---------------------------------------------------------------------------------------------- fees, taxes


@transaction.atomic
def dossier_request_payment(
    *, dossier: Dossier, officer, description: str, amount: int | None = None, now: datetime | None = None
) -> Dossier:
    """Yêu cầu thực hiện nghĩa vụ tài chính (status 6): the officer on the current step asks the applicant to
    pay fees or taxes; the clock stops, as for a supplement, until the desk records the payment."""
    dossier = _locked(dossier)
    step = dossier_current_step(dossier)
    if step is None:
        raise DossierError("Hồ sơ không có bước xử lý nào đang chờ.")
    _require_role(officer, step.agency, {step.role})
    if step.assignee_id is not None and step.assignee_id != officer.pk:
        raise PermissionDenied("Bước này đã được giao cho cán bộ khác.")
    description = description.strip()
    if not description:
        raise DossierError(_("Vui lòng ghi rõ nghĩa vụ tài chính người nộp cần thực hiện."))
    if amount is not None and amount <= 0:
        raise DossierError(_("Số tiền phải lớn hơn 0."))
    at = _now(now)
    _move(
        dossier,
        Action.REQUEST_PAYMENT,
        actor=officer,
        note=description,
        at=at,
        data={"amount": amount, "step_order": step.order},
        **_pause_start(dossier, at),
    )
    fee_lines_issue(dossier=dossier)
    return dossier


@transaction.atomic
def dossier_record_payment(
    *,
    dossier: Dossier,
    officer=None,
    actor_label: str = "",
    note: str = "",
    now: datetime | None = None,
) -> Dossier:
    """The desk records that the applicant paid; processing resumes and the due dates move by the pause.

    With `officer` None the system records it (a payment gateway confirmed the money, or the remaining fees
    were exempted); `actor_label` then names it in the history.
    """
    if officer is not None:
        _require_role(officer, dossier.agency, DESK_ROLES)
    elif not actor_label.strip():
        raise ValueError("A payment recorded without an officer needs an actor_label.")
    dossier = _locked(dossier)
    at = _now(now)
    _target_status(dossier, Action.RECORD_PAYMENT)
    paused, changes = _pause_end(dossier, at)
    _move(
        dossier,
        Action.RECORD_PAYMENT,
        actor=officer,
        actor_label=actor_label,
        note=note.strip(),
        at=at,
        data={"paused_working_seconds": paused},
        **changes,
    )
    return dossier


# ---------------------------------------------------------------------------------------------- apology


def _apology_too_late(calendar, *, at: datetime, due: datetime) -> DossierError | None:
    if deadlines.apology_in_time(calendar, at=at, due=due):
        return None
    return DossierError(
        _(
            "Phiếu xin lỗi phải được ban hành chậm nhất 01 ngày làm việc trước ngày hẹn trả kết quả "
            "(%(due)s). Nay còn chưa đến 01 ngày làm việc nên không thể hẹn lại ngày trả kết quả."
        )
        % {"due": _when(due)}
    )


@transaction.atomic
def apology_draft(
    *, dossier: Dossier, officer, reason: str, new_date: date, now: datetime | None = None
) -> ApologyLetter:
    """Lập phiếu xin lỗi và hẹn lại ngày trả kết quả: the specialist proposes a reason and a new date.

    The letter is a draft until a leader of the processing agency approves it; the draft row itself records
    who proposed what and when, and the applicant sees nothing before it is issued.
    """
    dossier = _locked(dossier)
    agency = _processing_agency(dossier)
    _require_role(officer, agency, APOLOGY_DRAFT_ROLES)
    if dossier.status not in (Status.RECEIVED, Status.PROCESSING) or dossier.due_at is None:
        raise DossierError(_("Chỉ lập phiếu xin lỗi cho hồ sơ đang trong thời hạn xử lý."))
    letters = list(dossier.apologies.all())
    if any(letter.status == ApologyLetter.State.APPROVED for letter in letters):
        # A new date may be set once (domain.md §6).
        raise DossierError(
            _("Hồ sơ đã được hẹn lại ngày trả kết quả một lần; không được hẹn lại lần thứ hai.")
        )
    if any(letter.status == ApologyLetter.State.DRAFT for letter in letters):
        raise DossierError(_("Hồ sơ đã có phiếu xin lỗi đang chờ lãnh đạo phê duyệt."))
    reason = reason.strip()
    problems = [] if reason else [_("Vui lòng nêu lý do chậm trả kết quả.")]
    calendar = calendar_for(agency)
    new_appointment = deadlines.new_appointment_on(calendar, new_date)
    if new_appointment is None:
        problems.append(_("Ngày hẹn trả mới phải là ngày làm việc."))
    elif new_appointment <= dossier.due_at:
        problems.append(
            _("Ngày hẹn trả mới phải sau ngày hẹn hiện tại (%(due)s).") % {"due": _when(dossier.due_at)}
        )
    at = _now(now)
    too_late = _apology_too_late(calendar, at=at, due=dossier.due_at)
    if too_late is not None:
        problems = too_late.messages + problems
    if problems:
        raise DossierError(*problems)
    return ApologyLetter.objects.create(
        dossier=dossier,
        agency=agency,
        reason=reason,
        old_appointment=dossier.due_at,
        new_appointment=new_appointment,
        drafted_by=officer,
        drafted_at=at,
    )


def _apology_number(letter: ApologyLetter, at: datetime) -> str:
    """`NN/YYYY/PXL`, counted per agency and year; the agency row is locked while counting."""
    list(Agency.objects.select_for_update().filter(pk=letter.agency_id).values_list("pk", flat=True))
    suffix = f"/{timezone.localdate(at).year}/PXL"
    issued = ApologyLetter.objects.filter(agency_id=letter.agency_id, number__endswith=suffix).count()
    return f"{issued + 1:02d}{suffix}"


@transaction.atomic
def apology_approve(*, apology: ApologyLetter, leader, now: datetime | None = None) -> ApologyLetter:
    """Ban hành phiếu xin lỗi: the dossier's appointment moves to the new date, once, and the applicant is told.

    Refused when less than one working day remains before the current due date (domain.md §6).
    """
    _require_role(leader, apology.agency, LEADER_ROLES)
    dossier = _locked(apology.dossier)
    apology = ApologyLetter.objects.select_for_update().get(pk=apology.pk)
    if apology.status != ApologyLetter.State.DRAFT:
        raise DossierError(_("Phiếu xin lỗi này đã được xử lý."))
    if dossier.status not in (Status.RECEIVED, Status.PROCESSING) or dossier.due_at is None:
        raise DossierError(_("Hồ sơ không còn trong thời hạn xử lý: không thể hẹn lại ngày trả kết quả."))
    if dossier.apologies.filter(status=ApologyLetter.State.APPROVED).exists():
        raise DossierError(
            _("Hồ sơ đã được hẹn lại ngày trả kết quả một lần; không được hẹn lại lần thứ hai.")
        )
    at = _now(now)
    too_late = _apology_too_late(calendar_for(apology.agency), at=at, due=dossier.due_at)
    if too_late is not None:
        raise too_late
    if apology.new_appointment <= dossier.due_at:
        raise DossierError(
            _("Ngày hẹn trả mới phải sau ngày hẹn hiện tại (%(due)s).") % {"due": _when(dossier.due_at)}
        )
    apology.number = _apology_number(apology, at)
    # The due date may have moved by a pause since the draft: the letter states the one it replaces.
    apology.old_appointment = dossier.due_at
    apology.status = ApologyLetter.State.APPROVED
    apology.approved_by, apology.approved_at = leader, at
    apology.paused_seconds_at_approval = dossier.processing_paused_seconds
    apology.save()
    dossier.due_at = apology.new_appointment
    dossier.save(update_fields=["due_at", "updated_at"])
    _record(
        dossier,
        actor=leader,
        action=Action.APOLOGY,
        from_status=dossier.status,
        note=_("%(reason)s Ngày hẹn trả mới: %(new)s (thay cho %(old)s).")
        % {
            "reason": apology.reason,
            "new": _when(apology.new_appointment),
            "old": _when(apology.old_appointment),
        },
        at=at,
        data={
            "number": apology.number,
            "old_due_at": timezone.localtime(apology.old_appointment).isoformat(),
            "due_at": timezone.localtime(apology.new_appointment).isoformat(),
        },
    )
    # The applicant is told through this history row (portal and tracking pages); the notification outbox
    # will send the letters whose applicant_notified_at is still empty.
    return apology


@transaction.atomic
def apology_refuse(
    *, apology: ApologyLetter, leader, note: str = "", now: datetime | None = None
) -> ApologyLetter:
    """The leader sends a draft back; the specialist may draft another while there is still time."""
    _require_role(leader, apology.agency, LEADER_ROLES)
    apology = ApologyLetter.objects.select_for_update().get(pk=apology.pk)
    if apology.status != ApologyLetter.State.DRAFT:
        raise DossierError(_("Phiếu xin lỗi này đã được xử lý."))
    apology.status = ApologyLetter.State.REFUSED
    apology.refused_by, apology.refused_at, apology.refusal_note = leader, _now(now), note.strip()
    apology.save(update_fields=["status", "refused_by", "refused_at", "refusal_note"])
    return apology


# ---------------------------------------------------------------------------------------------- pages


APOLOGY_DECIDE = "apology_decide"


def dossier_actions_for(*, dossier: Dossier, user, now: datetime | None = None) -> set[str]:
    """Which of the lifecycle actions `user` may take on `dossier` now, to show only those buttons.

    Built from the transition table and the same role rules the services enforce (they check again on POST).
    Uses the dossier's prefetched steps, supplement requests and apology letters. Besides `Action` values it
    may hold APOLOGY_DECIDE: a draft apology waits for this leader.
    """
    allowed = allowed_actions(dossier.status)
    step = next((s for s in dossier.steps.all() if s.finished_at is None), None)
    processing = step.agency if step is not None else dossier.agency
    desk = bool(staff_roles_in(user, dossier.agency) & DESK_ROLES)
    processing_roles = staff_roles_in(user, processing)
    actions = set()
    if Action.STOP in allowed and processing_roles & LEADER_ROLES:
        actions.add(Action.STOP)
    if desk:
        actions |= allowed & {Action.WITHDRAW, Action.RECORD_PAYMENT}
        if Action.REFUSE in allowed and (
            dossier.status == Status.NEW or supplement_deadline_passed(dossier, now=now)
        ):
            actions.add(Action.REFUSE)
    if (
        Action.REQUEST_PAYMENT in allowed
        and step is not None
        and step.role in staff_roles_in(user, step.agency)
        and step.assignee_id in (None, user.pk)
    ):
        actions.add(Action.REQUEST_PAYMENT)
    letters = list(dossier.apologies.all())
    if (
        dossier.status in RUNNING_STATUSES
        and dossier.due_at is not None
        and processing_roles & APOLOGY_DRAFT_ROLES
        and not any(letter.status != ApologyLetter.State.REFUSED for letter in letters)
    ):
        actions.add(Action.APOLOGY)
    if any(
        letter.status == ApologyLetter.State.DRAFT and staff_roles_in(user, letter.agency) & LEADER_ROLES
        for letter in letters
    ):
        actions.add(APOLOGY_DECIDE)
    return actions
