"""A commune that hands dossiers to a provincial department (một cửa liên thông), for the transfer tests.

Office hours 07:00–11:30 and 13:30–17:00; Monday 7/12/2026 is a working Monday with no holiday that week.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from motcua.agencies.models import Agency, Role
from motcua.dossiers import services
from motcua.dossiers.services import ApplicantDetails
from tests.factories import AgencyFactory, CitizenFactory, procedure_with_steps, staff_with_role
from tests.uploads import pdf

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour, minute=0):
    return datetime(2026, 12, day, hour, minute, tzinfo=VN)


def make_liaison() -> dict:
    """A commune desk, a provincial department that decides, and an uninvolved department."""
    commune = AgencyFactory(electronic_id="H56.101", name="UBND xã Phú Lương")
    department = AgencyFactory(electronic_id="H56.22", name="Sở Y tế", level=Agency.Level.PROVINCE)
    uninvolved = AgencyFactory(electronic_id="H56.21", name="Sở Tài chính", level=Agency.Level.PROVINCE)
    return {
        "commune": commune,
        "department": department,
        # Commune proposes (12 h), the Sở decides (20 h), the commune's chairman signs off (4 h).
        "case": procedure_with_steps(
            agency=commune,
            time_limit_days=5,
            steps=[
                ("Phân công thụ lý", Role.DEPARTMENT_LEADER, 4, None),
                ("Thẩm định, lập văn bản đề nghị", Role.SPECIALIST, 8, None),
                ("Phân công thụ lý", Role.DEPARTMENT_LEADER, 4, department),
                ("Thẩm định hồ sơ", Role.SPECIALIST, 12, department),
                ("Phê duyệt kết quả", Role.AGENCY_LEADER, 4, department),
                ("Ký, vào sổ kết quả", Role.AGENCY_LEADER, 4, None),
            ],
        ),
        # Decided by the province alone; the commune desk only receives and returns (16 h of 3 days).
        "province_case": procedure_with_steps(
            agency=commune,
            time_limit_days=3,
            steps=[
                ("Phân công thụ lý", Role.DEPARTMENT_LEADER, 4, department),
                ("Thẩm định hồ sơ", Role.SPECIALIST, 8, department),
                ("Phê duyệt kết quả", Role.AGENCY_LEADER, 4, department),
            ],
        ),
        "desk": staff_with_role(commune, Role.DESK_OFFICER, full_name="Nguyễn Thị Một Cửa"),
        "leader": staff_with_role(commune, Role.DEPARTMENT_LEADER),
        "specialist": staff_with_role(commune, Role.SPECIALIST),
        "chairman": staff_with_role(commune, Role.AGENCY_LEADER),
        "dept_desk": staff_with_role(department, Role.DESK_OFFICER),
        "dept_leader": staff_with_role(department, Role.DEPARTMENT_LEADER, full_name="Lê Văn Trưởng Phòng"),
        "dept_specialist": staff_with_role(department, Role.SPECIALIST),
        "director": staff_with_role(department, Role.AGENCY_LEADER),
        "stranger": staff_with_role(uninvolved, Role.DEPARTMENT_LEADER),
        "citizen": CitizenFactory(),
    }


def walk_in(liaison, *, case=None, when=None):
    case = case or liaison["case"]
    return services.dossier_receive_at_counter(
        officer=liaison["desk"],
        agency=liaison["commune"],
        case=case,
        applicant=ApplicantDetails(name="Trần Thị Bình", id_number="019195000002", phone="0988000002"),
        scans={paper.id: [pdf()] for paper in case.papers.all()},
        summary="Đề nghị tiếp nhận vào cơ sở trợ giúp xã hội",
        now=when or at(7, 8),
    )


def to_department(liaison, dossier, *, day=7):
    """The commune assigns at 09:00, its specialist proposes and hands over at 14:00 (Monday by default)."""
    services.dossier_step_complete(
        dossier=dossier,
        user=liaison["leader"],
        note="Giao chuyên viên kiểm tra kỹ hộ khẩu",
        next_assignee=liaison["specialist"],
        now=at(day, 9),
    )
    services.dossier_step_complete(
        dossier=dossier,
        user=liaison["specialist"],
        note="Đủ điều kiện, đề nghị Sở thẩm định",
        result_files=[pdf("van-ban-de-nghi.pdf")],
        now=at(day, 14),
    )
    dossier.refresh_from_db()
    return dossier


def submit_online(liaison, *, case=None, when=None):
    """The citizen submits online on Monday 07:30; the commune desk accepts at 08:00."""
    case = case or liaison["case"]
    citizen = liaison["citizen"]
    draft = services.draft_start(applicant=citizen, case=case, agency=liaison["commune"])
    problems = services.draft_update(
        draft=draft,
        agency=liaison["commune"],
        user=citizen,
        files={paper.id: [pdf()] for paper in case.papers.all()},
        form_data={
            "applicant_name": citizen.full_name,
            "applicant_id_number": citizen.citizen_id,
            "applicant_phone": citizen.phone,
            "summary": "Đề nghị tiếp nhận vào cơ sở trợ giúp xã hội",
        },
    )
    assert problems == []
    dossier = services.dossier_submit(draft=draft, now=at(7, 7, 30))
    return services.dossier_accept(dossier=dossier, officer=liaison["desk"], now=when or at(7, 8))
