"""Build offices and dossiers at a chosen moment through the real services (deadline, apology, lifecycle tests).

Week used throughout: Monday 7/12/2026 to Friday 11/12/2026, no holidays, office hours 07:00–11:30, 13:30–17:00.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from motcua.accounts.models import User
from motcua.agencies.models import Agency, Role
from motcua.catalog.models import ProcedureCase
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.factories import AgencyFactory, CitizenFactory, procedure_with_workflow, staff_with_role
from tests.uploads import pdf

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


@dataclass
class Office:
    agency: Agency
    case: ProcedureCase
    desk: User
    leader: User
    specialist: User
    citizen: User


def make_office(*, electronic_id: str = "H56.201", time_limit_days: int = 3, parent=None) -> Office:
    """An agency with the usual three-step workflow (leader assigns 4 h, specialist, leader approves 8 h)."""
    agency = AgencyFactory(electronic_id=electronic_id, parent=parent)
    return Office(
        agency=agency,
        case=procedure_with_workflow(
            agency=agency, mandatory_papers=1, optional_papers=0, time_limit_days=time_limit_days
        ),
        desk=staff_with_role(agency, Role.DESK_OFFICER),
        leader=staff_with_role(agency, Role.DEPARTMENT_LEADER),
        specialist=staff_with_role(agency, Role.SPECIALIST),
        citizen=CitizenFactory(),
    )


def submit_online(office: Office, *, when: datetime, citizen=None) -> Dossier:
    citizen = citizen or office.citizen
    draft = services.draft_start(applicant=citizen, case=office.case, agency=office.agency)
    problems = services.draft_update(
        draft=draft,
        agency=office.agency,
        user=citizen,
        files={paper.id: [pdf()] for paper in office.case.papers.filter(is_mandatory=True)},
        form_data={
            "applicant_name": citizen.full_name,
            "applicant_id_number": citizen.citizen_id,
            "applicant_phone": citizen.phone,
            "summary": "Đề nghị cấp giấy xác nhận",
            "result_delivery": "online",
        },
    )
    assert problems == []
    return services.dossier_submit(draft=draft, now=when)


def received(office: Office, *, when: datetime, citizen=None) -> Dossier:
    """An online dossier accepted by the desk at `when` (first step, the leader's assignment, started)."""
    dossier = submit_online(office, when=when, citizen=citizen)
    services.dossier_accept(dossier=dossier, officer=office.desk, now=when)
    dossier.refresh_from_db()
    return dossier


def processing(office: Office, *, when: datetime, assigned_at: datetime, citizen=None) -> Dossier:
    """Received at `when`, then assigned by the leader to the specialist at `assigned_at` (status 4)."""
    dossier = received(office, when=when, citizen=citizen)
    services.dossier_step_complete(
        dossier=dossier, user=office.leader, next_assignee=office.specialist, now=assigned_at
    )
    dossier.refresh_from_db()
    return dossier
