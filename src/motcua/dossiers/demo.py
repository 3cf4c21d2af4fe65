"""Demo dossiers (hồ sơ mẫu) in every stage, so the desk, the work lists and tracking have something to show.

They are made through the real services, back-dated with `now=`, so codes, appointment dates, steps and
history are exactly what production would produce. Loading twice adds nothing: each dossier has an
idempotency key and the services return the existing dossier for a key they have seen.
"""

from datetime import datetime, timedelta
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.agencies.models import Agency, StaffAssignment
from motcua.calendar.selectors import calendar_for
from motcua.catalog.models import ProcedureCase
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, ResultDelivery
from motcua.dossiers.workflow import Status

DEMO_AGENCY_ID = "H56.101"  # UBND phường Phan Đình Phùng
DEMO_KEY_PREFIX = "demo-"


APPLICANTS = [
    ("Nguyễn Văn An", "019090000001", "0912345001"),
    ("Trần Thị Bích Ngọc", "019195000002", "0912345002"),
    ("Lê Minh Quân", "019088001234", "0987654321"),
    ("Phạm Thị Hồng", "019192004567", "0978123456"),
    ("Hoàng Văn Tài", "019085007890", "0965432187"),
]

# (stage, working days ago). Online stages: "new" waits for the desk, "refused", "supplement" waits for the
# applicant. Counter stages: "received" waits at the first step, "assigned" sits with the specialist (12 days
# ago: overdue), "resolved" waits at the desk, "returned" is finished.
ONLINE_STAGES = {"new", "refused", "supplement"}
PLAN = [
    ("new", 0),
    ("new", 0),
    ("received", 1),
    ("received", 2),
    ("assigned", 3),
    ("assigned", 12),
    ("resolved", 4),
    ("returned", 8),
    ("returned", 10),
    ("refused", 2),
    ("supplement", 3),
]


@cache
def _scan_pdf() -> bytes:
    """A one-page PDF standing in for a scanned paper (WeasyPrint renders it once per process)."""
    from weasyprint import HTML

    html = (
        "<p style='font-family: DejaVu Sans'>Bản số hóa mẫu — dữ liệu dùng thử, không có giá trị pháp lý.</p>"
    )
    return HTML(string=html).write_pdf()


def _scan(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _scan_pdf(), content_type="application/pdf")


def _staff(agency: Agency, role: str) -> User:
    assignment = StaffAssignment.objects.filter(agency=agency, role=role).select_related("user").first()
    if assignment is None:
        raise LookupError(f"Demo agency {agency.electronic_id} has no staff with role {role}.")
    return assignment.user


def _cases(agency: Agency) -> list[ProcedureCase]:
    cases = (
        ProcedureCase.objects.filter(procedure__agencies=agency, procedure__is_published=True)
        .exclude(time_limit_value=None)
        .select_related("procedure")
        .prefetch_related("papers", "steps")
        .order_by("procedure__name", "order")
    )
    return [case for case in cases if any(step.role != "desk_officer" for step in case.steps.all())]


def _mandatory_scans(case: ProcedureCase) -> dict:
    return {
        paper.id: [_scan(f"giay-to-{paper.order}.pdf")] for paper in case.papers.all() if paper.is_mandatory
    }


def _walk_steps(dossier: Dossier, *, until: str, at: datetime) -> None:
    """Move the dossier through its steps: a leader assigns, the specialist forwards, the leader approves."""
    if until == "received":
        return
    moment = at
    while True:
        dossier.refresh_from_db()
        step = services.dossier_current_step(dossier)
        if step is None or dossier.status not in (Status.RECEIVED, Status.PROCESSING):
            return
        following = dossier.steps.filter(order__gt=step.order).order_by("order").first()
        if until == "assigned" and step.assignee_id is not None:
            return
        actor = step.assignee or _staff(step.agency, step.role)
        # Naming an officer is only allowed inside one's own agency; another agency assigns its own staff.
        next_assignee = (
            _staff(following.agency, following.role)
            if following is not None and following.agency_id == step.agency_id
            else None
        )
        moment += timedelta(hours=3)
        result = [_scan("ket-qua.pdf")] if following is None else []
        services.dossier_step_complete(
            dossier=dossier,
            user=actor,
            note="Đã thẩm định, đủ điều kiện.",
            next_assignee=next_assignee,
            result_files=result,
            now=min(moment, timezone.now()),
        )
        if until == "assigned":
            return


def _working_morning(calendar, *, now: datetime, working_days_ago: int) -> datetime:
    """08:15 on the working day `working_days_ago` working days before today."""
    day = timezone.localdate(now)
    for _ in range(working_days_ago):
        day -= timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
    return calendar.start_of_work(timezone.make_aware(datetime(day.year, day.month, day.day, 8, 15)))


def _online_dossier(*, case, agency, citizen, desk, stage: str, key: str, now: datetime) -> None:
    """Submitted online by the demo citizen today; then refused or sent back for a supplement if asked."""
    form_data = {
        "applicant_name": citizen.full_name,
        "applicant_id_number": citizen.id_number or citizen.username,
        "applicant_phone": citizen.phone or APPLICANTS[0][2],
        "applicant_email": citizen.email,
        "applicant_address": citizen.address,
        "summary": f"Đề nghị giải quyết: {case.procedure.name}",
        "result_delivery": ResultDelivery.ONLINE,
    }
    draft = services.draft_start(applicant=citizen, case=case, agency=agency)
    services.draft_update(
        draft=draft, form_data=form_data, agency=agency, files=_mandatory_scans(case), user=citizen
    )
    submitted = now - timedelta(hours=2)
    dossier = services.dossier_submit(draft=draft, idempotency_key=key, now=submitted)
    if stage == "refused":
        services.dossier_refuse(
            dossier=dossier,
            officer=desk,
            reason="Thủ tục thuộc thẩm quyền của cơ quan khác; đề nghị nộp tại Sở Tư pháp.",
            now=submitted + timedelta(minutes=30),
        )
    elif stage == "supplement":
        papers = [paper.name for paper in case.papers.all() if paper.is_mandatory][:1]
        services.dossier_request_supplement(
            dossier=dossier,
            officer=desk,
            items=papers or ["Giấy tờ chứng minh nơi cư trú"],
            reason="Bản chụp mờ, không đọc được số giấy tờ.",
            now=submitted + timedelta(minutes=30),
        )


@transaction.atomic
def load_demo_dossiers() -> int:
    """Create the demo dossiers once; return how many exist."""
    agency = Agency.objects.filter(electronic_id=DEMO_AGENCY_ID).first()
    if agency is None:
        return 0
    if Dossier.objects.filter(idempotency_key__contains=DEMO_KEY_PREFIX).exists():
        return Dossier.objects.filter(idempotency_key__contains=DEMO_KEY_PREFIX).count()
    cases = _cases(agency)
    if not cases:
        return 0
    calendar = calendar_for(agency)
    desk = _staff(agency, "desk_officer")
    citizen = User.objects.filter(username=APPLICANTS[0][1]).first()
    now = timezone.now()
    for index, (stage, days_ago) in enumerate(PLAN):
        case = cases[index % len(cases)]
        key = f"{DEMO_KEY_PREFIX}{index + 1:02d}"
        if stage in ONLINE_STAGES:
            case = next((c for c in cases[index:] + cases if c.procedure.accepts_online), None)
            if citizen is not None and case is not None:
                _online_dossier(
                    case=case, agency=agency, citizen=citizen, desk=desk, stage=stage, key=key, now=now
                )
            continue
        received = min(_working_morning(calendar, now=now, working_days_ago=days_ago), now)
        name, id_number, phone = APPLICANTS[index % len(APPLICANTS)]
        dossier = services.dossier_receive_at_counter(
            officer=desk,
            agency=agency,
            case=case,
            applicant=services.ApplicantDetails(name=name, id_number=id_number, phone=phone),
            scans=_mandatory_scans(case),
            summary=f"Đề nghị giải quyết: {case.procedure.name}",
            idempotency_key=key,
            now=received,
        )
        _walk_steps(dossier, until=stage, at=received)
        dossier.refresh_from_db()
        if stage == "returned" and dossier.status == Status.RESOLVED:
            services.dossier_return_result(
                dossier=dossier,
                officer=desk,
                received_by_name=name,
                note="Đã nhận bản chính kết quả.",
                now=min(received + timedelta(days=5), now),
            )
    return Dossier.objects.filter(idempotency_key__contains=DEMO_KEY_PREFIX).count()
