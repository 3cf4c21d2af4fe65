"""Writes on dossiers. Each service runs in one transaction, checks who may act, and appends history.

Naming: `<noun>_<verb>` with keyword-only arguments (style.md). Errors a user can fix raise
`DossierError` with a Vietnamese message; acting outside one's agency raises `PermissionDenied`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from motcua.agencies.models import Agency, Role
from motcua.agencies.selectors import staff_roles_in
from motcua.calendar.selectors import calendar_for
from motcua.catalog.models import ProcedureCase, RequiredPaper
from motcua.core.identifiers import format_dossier_code, is_valid_citizen_id, is_valid_phone, normalize_phone
from motcua.dossiers import deadlines
from motcua.dossiers.files import UploadRejected, check_upload
from motcua.dossiers.models import (
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
)
from motcua.dossiers.workflow import Action, Status, TransitionNotAllowed, next_status

# A supplement must arrive within this many working days, after which the desk may refuse (issue 3 acts on it).
SUPPLEMENT_WORKING_DAYS = 5
DESK_ROLES = {Role.DESK_OFFICER}


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
    dossier: Dossier, *, actor, action: str, from_status: int | None, note: str = "", data=None, at=None
):
    DossierEvent.objects.create(
        dossier=dossier,
        at=at or timezone.now(),
        actor=actor,
        actor_label=actor.get_full_name() if actor else "",
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        note=note,
        data=data or {},
    )


def _target_status(dossier: Dossier, action: str) -> int:
    try:
        return next_status(dossier.status, action, paused_from=dossier.status_before_pause)
    except TransitionNotAllowed:
        raise DossierError(
            f"Không thể “{Action(action).label}” khi hồ sơ đang ở trạng thái “{dossier.get_status_display()}”."
        ) from None


def _move(dossier: Dossier, action: str, *, actor, note: str = "", data=None, at=None, **changes) -> None:
    """Apply one allowed transition, save the changed fields and append the history row."""
    target = _target_status(dossier, action)
    previous = dossier.status
    dossier.status = target
    for name, value in changes.items():
        setattr(dossier, name, value)
    dossier.save(update_fields=["status", "updated_at", *changes])
    _record(dossier, actor=actor, action=action, from_status=previous, note=note, data=data, at=at)


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
    steps = [
        DossierStep(
            dossier=dossier,
            order=index,
            name=template.name,
            role=template.role,
            agency=dossier.agency,
            time_budget_hours=template.time_budget_hours,
        )
        for index, template in enumerate(templates, start=1)
    ]
    if steps:
        steps[0].started_at = start
        steps[0].due_at = calendar.add_working_hours(start, steps[0].time_budget_hours)
    DossierStep.objects.bulk_create(steps)


def _receive(dossier: Dossier, *, officer, at: datetime, appointment: datetime | None) -> dict:
    """Fields set when the desk receives a dossier: code, receipt time and the appointment date."""
    calendar = calendar_for(dossier.agency)
    received_at = calendar.start_of_work(at)
    limit = dossier.case.time_limit_for(online=dossier.is_online)
    due = appointment or deadlines.appointment_due(
        calendar, received_at=received_at, limit=limit, unit=dossier.case.time_limit_unit
    )
    if due is None:
        raise DossierError("Thủ tục chưa công bố thời hạn giải quyết: vui lòng nhập ngày hẹn trả kết quả.")
    code = dossier_code_issue(agency=dossier.agency, on=timezone.localdate(at))
    return {"code": code, "received_at": at, "received_by": officer, "due_at": due, "_calendar": calendar}


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
    return dossier


@transaction.atomic
def dossier_refuse(*, dossier: Dossier, officer, reason: str, now: datetime | None = None) -> Dossier:
    """Từ chối tiếp nhận (Mẫu 03): the reason is mandatory and shown to the applicant."""
    _require_role(officer, dossier.agency, DESK_ROLES)
    if not reason.strip():
        raise DossierError("Vui lòng nêu rõ lý do từ chối tiếp nhận hồ sơ.")
    dossier = _locked(dossier)
    _move(dossier, Action.REFUSE, actor=officer, note=reason, at=_now(now), closed_reason=reason)
    return dossier


@transaction.atomic
def dossier_request_supplement(
    *, dossier: Dossier, officer, items: list[str], reason: str, now: datetime | None = None
) -> SupplementRequest:
    """Yêu cầu bổ sung (Mẫu 02): once only, listing everything missing; the clock stops until supplemented."""
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
    request = SupplementRequest.objects.create(
        dossier=dossier,
        requested_by=officer,
        requested_at=at,
        items=items,
        reason=reason,
        deadline=calendar.add_working_days(at, SUPPLEMENT_WORKING_DAYS),
    )
    _move(
        dossier,
        Action.REQUEST_SUPPLEMENT,
        actor=officer,
        note=reason,
        at=at,
        data={"items": items},
        paused_at=at,
        status_before_pause=dossier.status,
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
    calendar = calendar_for(dossier.agency)
    paused = calendar.working_seconds_between(dossier.paused_at, at)
    changes = {
        "paused_at": None,
        "paused_seconds": dossier.paused_seconds + paused,
        "intake_due_at": deadlines.shift_by_pause(calendar, dossier.intake_due_at, paused)
        if dossier.status_before_pause == Status.NEW
        else dossier.intake_due_at,
        "due_at": deadlines.shift_by_pause(calendar, dossier.due_at, paused),
    }
    for step in dossier.steps.filter(finished_at=None).exclude(due_at=None):
        step.due_at = deadlines.shift_by_pause(calendar, step.due_at, paused)
        step.save(update_fields=["due_at"])
    dossier.supplement_requests.filter(fulfilled_at=None).update(fulfilled_at=at, applicant_note=note)
    _move(
        dossier,
        Action.SUPPLEMENT,
        actor=applicant,
        note=note,
        at=at,
        data={"paused_working_seconds": paused},
        status_before_pause=None,
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
    now: datetime | None = None,
) -> Dossier:
    """Tiếp nhận trực tiếp: the officer enters a walk-in dossier, uploads the scans and issues the receipt."""
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
        channel=Channel.IN_PERSON,
        status=None,
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
    if next_assignee is not None and (
        following is None or not staff_roles_in(next_assignee, following.agency) & {following.role}
    ):
        raise DossierError("Cán bộ được giao không có vai trò phù hợp với bước tiếp theo.")
    for uploaded_file in result_files:
        _store_document(
            uploaded_file=uploaded_file, kind=DossierDocument.Kind.RESULT, user=user, at=at, dossier=dossier
        )
    step.finished_at, step.finished_by, step.note = at, user, note
    step.save(update_fields=["finished_at", "finished_by", "note"])
    data = {"step": step.name, "step_order": step.order, "on_time": step.due_at is None or at <= step.due_at}
    if following is None:
        _move(dossier, Action.RESOLVE, actor=user, note=note, at=at, data=data, resolved_at=at)
        return dossier
    calendar = calendar_for(following.agency)
    following.started_at = at
    following.due_at = calendar.add_working_hours(at, following.time_budget_hours)
    following.assignee = next_assignee
    following.save(update_fields=["started_at", "due_at", "assignee"])
    if next_assignee is not None:
        data["assignee"] = next_assignee.get_full_name()
    action = Action.ASSIGN if next_assignee is not None else Action.COMPLETE_STEP
    _move(dossier, action, actor=user, note=note, at=at, data=data)
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
