"""The rest of the lifecycle (domain.md §6): withdrawal, stop, financial obligation, supplement deadline."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from motcua.agencies.models import Role
from motcua.dossiers import services
from motcua.dossiers.selectors import steps_running
from motcua.dossiers.services import DossierError
from motcua.dossiers.workflow import Action, Status
from tests.dossier_setup import at, make_office, processing, received, submit_online
from tests.factories import AgencyFactory, CitizenFactory, staff_with_role
from tests.uploads import pdf

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------- withdrawal


def test_applicant_withdraws_a_dossier_in_processing_without_giving_a_reason():
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    services.dossier_withdraw(dossier=dossier, applicant=office.citizen, now=at(8, 9))
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWN
    event = dossier.events.last()
    assert (event.action, event.from_status, event.actor) == (
        Action.WITHDRAW,
        Status.PROCESSING,
        office.citizen,
    )


def test_withdrawal_while_waiting_for_a_supplement_closes_the_pause():
    office = make_office()
    dossier = submit_online(office, when=at(7, 9))
    services.dossier_request_supplement(
        dossier=dossier, officer=office.desk, items=["Tờ khai"], reason="Thiếu", now=at(7, 10)
    )
    services.dossier_withdraw(
        dossier=dossier, applicant=office.citizen, reason="Nộp nhầm thủ tục", now=at(7, 14)
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWN
    assert dossier.closed_reason == "Nộp nhầm thủ tục"
    assert dossier.paused_at is None and dossier.paused_seconds == 2 * 3600


def test_resolved_dossier_cannot_be_withdrawn():
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    services.dossier_step_complete(dossier=dossier, user=office.specialist, now=at(8, 9))
    services.dossier_step_complete(dossier=dossier, user=office.leader, now=at(8, 10))
    with pytest.raises(DossierError, match="Rút hồ sơ"):
        services.dossier_withdraw(dossier=dossier, applicant=office.citizen)
    dossier.refresh_from_db()
    assert dossier.status == Status.RESOLVED


def test_another_citizen_cannot_withdraw_somebody_elses_dossier():
    office = make_office()
    dossier = received(office, when=at(7, 9))
    with pytest.raises(PermissionDenied):
        services.dossier_withdraw(dossier=dossier, applicant=CitizenFactory())
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


# ---------------------------------------------------------------------------------------------- stop


def test_leader_stops_processing_with_a_reason_in_the_notice():
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    with pytest.raises(DossierError, match="lý do"):
        services.dossier_stop(dossier=dossier, leader=office.leader, reason=" ")
    services.dossier_stop(
        dossier=dossier, leader=office.leader, reason="Tài sản đang có tranh chấp", now=at(8, 9)
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.STOPPED
    assert dossier.closed_reason == "Tài sản đang có tranh chấp"
    assert dossier.events.last().action == Action.STOP


def test_specialist_cannot_stop_a_dossier():
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    with pytest.raises(PermissionDenied):
        services.dossier_stop(dossier=dossier, leader=office.specialist, reason="Không rõ")


def test_leader_of_another_agency_cannot_stop_the_dossier():
    office = make_office()
    dossier = received(office, when=at(7, 9))
    stranger = staff_with_role(AgencyFactory(), Role.AGENCY_LEADER)
    with pytest.raises(PermissionDenied):
        services.dossier_stop(dossier=dossier, leader=stranger, reason="Không thuộc thẩm quyền")
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def test_dossier_not_yet_received_is_refused_not_stopped():
    office = make_office()
    dossier = submit_online(office, when=at(7, 9))
    with pytest.raises(DossierError):
        services.dossier_stop(dossier=dossier, leader=office.leader, reason="Sai thủ tục")


# ---------------------------------------------------------------------------------------------- payment


def test_financial_obligation_pauses_the_clock_until_the_desk_records_payment():
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    step = dossier.steps.get(order=2)
    assert (dossier.due_at, step.due_at) == (at(10, 9), at(8, 16))

    services.dossier_request_payment(
        dossier=dossier,
        officer=office.specialist,
        description="Nộp lệ phí trước bạ theo thông báo của Chi cục Thuế",
        amount=500_000,
        now=at(8, 9),
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_PAYMENT and dossier.is_paused
    # While paused the step is in nobody's work list.
    assert step not in steps_running()

    services.dossier_record_payment(
        dossier=dossier, officer=office.desk, note="Biên lai số 0012345", now=at(9, 9)
    )
    dossier.refresh_from_db()
    step.refresh_from_db()
    assert dossier.status == Status.PROCESSING and not dossier.is_paused
    # Tuesday 09:00 to Wednesday 09:00: one working day paused.
    assert dossier.processing_paused_seconds == 8 * 3600
    assert dossier.due_at == at(11, 9)
    assert step.due_at == at(9, 16)
    actions = list(dossier.events.values_list("action", flat=True))[-2:]
    assert actions == [Action.REQUEST_PAYMENT, Action.RECORD_PAYMENT]


def test_only_the_officer_on_the_current_step_may_request_payment():
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    with pytest.raises(PermissionDenied):
        services.dossier_request_payment(dossier=dossier, officer=office.desk, description="Lệ phí")
    other_specialist = staff_with_role(office.agency, Role.SPECIALIST)
    with pytest.raises(PermissionDenied):
        services.dossier_request_payment(dossier=dossier, officer=other_specialist, description="Lệ phí")


def test_payment_is_recorded_by_the_desk_only():
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    services.dossier_request_payment(
        dossier=dossier, officer=office.specialist, description="Lệ phí", now=at(8, 9)
    )
    with pytest.raises(PermissionDenied):
        services.dossier_record_payment(dossier=dossier, officer=office.specialist)
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_PAYMENT


# ---------------------------------------------------------------------------------------------- supplement deadline


def test_supplement_request_has_a_deadline_of_five_working_days_by_default():
    office = make_office()
    dossier = submit_online(office, when=at(7, 9))
    request = services.dossier_request_supplement(
        dossier=dossier, officer=office.desk, items=["Tờ khai"], reason="Thiếu", now=at(7, 10)
    )
    assert request.deadline == at(14, 10)


def test_officer_may_set_the_supplement_deadline_to_a_working_day():
    office = make_office()
    dossier = submit_online(office, when=at(7, 9))
    with pytest.raises(DossierError, match="ngày làm việc"):
        services.dossier_request_supplement(
            dossier=dossier,
            officer=office.desk,
            items=["A"],
            reason="B",
            deadline=date(2026, 12, 12),
            now=at(7, 10),
        )
    request = services.dossier_request_supplement(
        dossier=dossier,
        officer=office.desk,
        items=["A"],
        reason="B",
        deadline=date(2026, 12, 18),
        now=at(7, 10),
    )
    assert request.deadline == at(18, 17)


def test_refusal_for_a_missing_supplement_is_not_allowed_before_the_deadline():
    office = make_office()
    dossier = submit_online(office, when=at(7, 9))
    services.dossier_request_supplement(
        dossier=dossier, officer=office.desk, items=["Tờ khai"], reason="Thiếu", now=at(7, 10)
    )
    with pytest.raises(DossierError, match="Chưa hết hạn bổ sung"):
        services.dossier_refuse(dossier=dossier, officer=office.desk, reason="", now=at(14, 10))
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT_REQUESTED
    assert not services.supplement_deadline_passed(dossier, now=at(14, 10))
    assert services.supplement_deadline_passed(dossier, now=at(14, 10, 1))


def test_refusal_after_the_supplement_deadline_says_the_papers_did_not_arrive_in_time():
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    services.dossier_request_supplement(
        dossier=dossier, officer=office.specialist, items=["Ảnh"], reason="Ảnh mờ", now=at(7, 14)
    )
    dossier.refresh_from_db()
    assert not services.supplement_deadline_passed(dossier, now=at(14, 14))
    assert services.supplement_deadline_passed(dossier, now=at(14, 14, 1))
    services.dossier_refuse(dossier=dossier, officer=office.desk, reason="Đã gọi điện nhắc", now=at(14, 15))
    dossier.refresh_from_db()
    assert dossier.status == Status.REFUSED
    assert dossier.closed_reason.startswith("Quá hạn bổ sung hồ sơ (hạn bổ sung: 14:00 14/12/2026)")
    assert dossier.closed_reason.endswith("Đã gọi điện nhắc")
    assert dossier.paused_at is None


def test_supplement_arriving_after_the_deadline_is_still_accepted_until_refused():
    office = make_office()
    dossier = submit_online(office, when=at(7, 9))
    services.dossier_request_supplement(
        dossier=dossier, officer=office.desk, items=["Tờ khai"], reason="Thiếu", now=at(7, 10)
    )
    services.dossier_supplement(
        dossier=dossier, applicant=office.citizen, files={None: [pdf()]}, now=at(15, 9)
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW


# ---------------------------------------------------------------------------------------------- appointment


def test_appointment_cannot_be_typed_by_hand_when_the_limit_is_published():
    office = make_office()
    dossier = submit_online(office, when=at(7, 9))
    with pytest.raises(DossierError, match="phiếu xin lỗi"):
        services.dossier_accept(dossier=dossier, officer=office.desk, appointment=at(31, 17), now=at(7, 9))
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW and dossier.due_at is None
