"""The whole path of one dossier, driven through the services on the real database."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from motcua.agencies.models import Role
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import DossierError
from motcua.dossiers.workflow import Action, Status
from tests.factories import AgencyFactory, CitizenFactory, procedure_with_workflow, staff_with_role
from tests.uploads import pdf

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(day, hour, minute=0):
    return datetime(2026, 12, day, hour, minute, tzinfo=VN)


@pytest.fixture
def office():
    agency = AgencyFactory(electronic_id="H56.101")
    return {
        "agency": agency,
        "case": procedure_with_workflow(
            agency=agency, mandatory_papers=2, optional_papers=1, time_limit_days=3
        ),
        "desk": staff_with_role(agency, Role.DESK_OFFICER),
        "leader": staff_with_role(agency, Role.DEPARTMENT_LEADER),
        "specialist": staff_with_role(agency, Role.SPECIALIST),
        "citizen": CitizenFactory(),
    }


def submit_online(office, *, when, with_papers=None):
    case, citizen = office["case"], office["citizen"]
    papers = list(case.papers.filter(is_mandatory=True))
    draft = services.draft_start(applicant=citizen, case=case, agency=office["agency"])
    files = {
        paper.id: [pdf(f"giay-{paper.id}.pdf")] for paper in (papers if with_papers is None else with_papers)
    }
    form = {
        "applicant_name": citizen.full_name,
        "applicant_id_number": citizen.citizen_id,
        "applicant_phone": citizen.phone,
        "summary": "Đề nghị cấp giấy",
        "result_delivery": "online",
    }
    problems = services.draft_update(
        draft=draft, form_data=form, agency=office["agency"], files=files, user=citizen
    )
    assert problems == []
    return draft, services.dossier_submit(draft=draft, now=when) if with_papers is None else None


def test_online_dossier_travels_from_submission_to_returned_result(office):
    # Monday 7/12/2026 09:00: submitted online; the desk must decide within 8 working hours.
    _, dossier = submit_online(office, when=at(7, 9))
    assert dossier.status == Status.NEW and dossier.code is None
    assert dossier.intake_due_at == at(8, 9)

    # Desk finds a paper missing at 10:00 Monday: one request listing everything; the clock stops.
    services.dossier_request_supplement(
        dossier=dossier,
        officer=office["desk"],
        items=["Bản sao giấy khai sinh"],
        reason="Thiếu bản sao",
        now=at(7, 10),
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT_REQUESTED

    # The applicant supplements Tuesday 10:00: 8 working hours paused, so the intake deadline moves by 8 hours.
    services.dossier_supplement(
        dossier=dossier, applicant=office["citizen"], files={None: [pdf("khai-sinh.pdf")]}, now=at(8, 10)
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW
    assert dossier.paused_seconds == 8 * 3600
    assert dossier.intake_due_at == at(9, 9)

    # Accepted Tuesday 14:00: code and appointment (3 working days, counted in working hours).
    services.dossier_accept(dossier=dossier, officer=office["desk"], now=at(8, 14))
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    assert dossier.code == "H56.101-261208-0001"
    assert dossier.due_at == at(11, 14)

    # Leader assigns the specialist; specialist processes and forwards; leader approves.
    services.dossier_step_complete(
        dossier=dossier, user=office["leader"], next_assignee=office["specialist"], now=at(8, 15)
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    services.dossier_step_complete(
        dossier=dossier,
        user=office["specialist"],
        note="Đủ điều kiện",
        result_files=[pdf("ket-qua.pdf")],
        now=at(9, 10),
    )
    services.dossier_step_complete(dossier=dossier, user=office["leader"], note="Đồng ý", now=at(10, 8))
    dossier.refresh_from_db()
    assert dossier.status == Status.RESOLVED

    services.dossier_return_result(
        dossier=dossier, officer=office["desk"], received_by_name="Nguyễn Văn Dân", now=at(10, 9)
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    assert dossier.returned_to == "Nguyễn Văn Dân"

    history = list(dossier.events.values_list("action", "from_status", "to_status"))
    assert history == [
        (Action.SUBMIT, None, Status.NEW),
        (Action.REQUEST_SUPPLEMENT, Status.NEW, Status.SUPPLEMENT_REQUESTED),
        (Action.SUPPLEMENT, Status.SUPPLEMENT_REQUESTED, Status.NEW),
        (Action.ACCEPT, Status.NEW, Status.RECEIVED),
        (Action.ASSIGN, Status.RECEIVED, Status.PROCESSING),
        (Action.COMPLETE_STEP, Status.PROCESSING, Status.PROCESSING),
        (Action.RESOLVE, Status.PROCESSING, Status.RESOLVED),
        (Action.RETURN_RESULT, Status.RESOLVED, Status.RETURNED),
    ]
    assert all(event.actor_id for event in dossier.events.all())


def test_supplement_during_processing_moves_appointment_by_the_pause(office):
    _, dossier = submit_online(office, when=at(7, 9))
    services.dossier_accept(dossier=dossier, officer=office["desk"], now=at(7, 9))
    dossier.refresh_from_db()
    assert dossier.due_at == at(10, 9)
    services.dossier_step_complete(
        dossier=dossier, user=office["leader"], next_assignee=office["specialist"], now=at(7, 10)
    )
    services.dossier_request_supplement(
        dossier=dossier, officer=office["specialist"], items=["Ảnh chân dung"], reason="Ảnh mờ", now=at(7, 14)
    )
    services.dossier_supplement(
        dossier=dossier, applicant=office["citizen"], files={None: [pdf()]}, now=at(9, 14)
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    assert dossier.paused_seconds == 16 * 3600
    assert dossier.due_at == at(14, 9)


def test_second_supplement_request_is_refused(office):
    _, dossier = submit_online(office, when=at(7, 9))
    services.dossier_request_supplement(
        dossier=dossier, officer=office["desk"], items=["A"], reason="B", now=at(7, 10)
    )
    services.dossier_supplement(
        dossier=dossier, applicant=office["citizen"], files={None: [pdf()]}, now=at(7, 11)
    )
    with pytest.raises(DossierError, match="một lần"):
        services.dossier_request_supplement(dossier=dossier, officer=office["desk"], items=["C"], reason="D")


def test_dossier_missing_a_mandatory_paper_cannot_be_submitted(office):
    case = office["case"]
    first_paper = case.papers.filter(is_mandatory=True).first()
    draft, _ = submit_online(office, when=at(7, 9), with_papers=[first_paper])
    with pytest.raises(DossierError) as error:
        services.dossier_submit(draft=draft)
    assert any("Còn thiếu giấy tờ bắt buộc" in message for message in error.value.messages)
    assert Dossier.objects.count() == 0
    draft.refresh_from_db()
    assert draft.form_data["summary"] == "Đề nghị cấp giấy"
    assert draft.documents.count() == 1


def test_retried_submission_returns_the_same_dossier(office):
    draft, dossier = submit_online(office, when=at(7, 9))
    draft.pk = draft.pk  # the client retries with the same draft token
    again = services.dossier_submit(draft=draft)
    assert again.pk == dossier.pk
    assert Dossier.objects.count() == 1


def test_refusal_needs_a_reason_and_is_recorded(office):
    _, dossier = submit_online(office, when=at(7, 9))
    with pytest.raises(DossierError):
        services.dossier_refuse(dossier=dossier, officer=office["desk"], reason="  ")
    services.dossier_refuse(
        dossier=dossier, officer=office["desk"], reason="Không thuộc thẩm quyền", now=at(7, 10)
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.REFUSED
    assert dossier.events.last().note == "Không thuộc thẩm quyền"


def test_desk_officer_of_another_agency_cannot_act(office):
    _, dossier = submit_online(office, when=at(7, 9))
    stranger = staff_with_role(AgencyFactory(), Role.DESK_OFFICER)
    with pytest.raises(PermissionDenied):
        services.dossier_accept(dossier=dossier, officer=stranger)
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW


def test_specialist_cannot_approve_in_place_of_the_leader(office):
    _, dossier = submit_online(office, when=at(7, 9))
    services.dossier_accept(dossier=dossier, officer=office["desk"], now=at(7, 9))
    with pytest.raises(PermissionDenied):
        services.dossier_step_complete(dossier=dossier, user=office["specialist"])


def test_history_is_append_only(office):
    _, dossier = submit_online(office, when=at(7, 9))
    event = dossier.events.get()
    event.note = "sửa lịch sử"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        DossierEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(TypeError):
        event.delete()


def test_walk_in_dossier_is_received_with_code_and_appointment(office):
    case = office["case"]
    scans = {paper.id: [pdf()] for paper in case.papers.filter(is_mandatory=True)}
    applicant = services.ApplicantDetails(name="Lê Thị Hoa", id_number="019190000123", phone="0987654321")
    dossier = services.dossier_receive_at_counter(
        officer=office["desk"],
        agency=office["agency"],
        case=case,
        applicant=applicant,
        scans=scans,
        idempotency_key="abc",
        now=at(7, 16, 30),
    )
    assert dossier.status == Status.RECEIVED
    assert dossier.code == "H56.101-261207-0001"
    # Received 16:30 Monday: half an hour that day, then 23.5 working hours -> Thursday 16:30.
    assert dossier.due_at == at(10, 16, 30)
    again = services.dossier_receive_at_counter(
        officer=office["desk"],
        agency=office["agency"],
        case=case,
        applicant=applicant,
        scans=scans,
        idempotency_key="abc",
        now=at(7, 16, 31),
    )
    assert again.pk == dossier.pk
