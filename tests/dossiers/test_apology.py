"""Phiếu xin lỗi và hẹn lại ngày trả kết quả (domain.md §6, §8): drafted, approved, issued in time, once."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from motcua.agencies.models import Role
from motcua.dossiers import selectors, services
from motcua.dossiers.models import ApologyLetter
from motcua.dossiers.services import DossierError
from motcua.dossiers.workflow import Action, Status
from tests.dossier_setup import at, make_office, processing, received
from tests.factories import AgencyFactory, staff_with_role

pytestmark = pytest.mark.django_db

NEW_DATE = date(2026, 12, 15)  # Tuesday of the next week


@pytest.fixture
def office():
    return make_office()


@pytest.fixture
def dossier(office):
    # Received Monday 09:00: due Thursday 10/12 09:00.
    return processing(office, when=at(7, 9), assigned_at=at(7, 10))


def draft(office, dossier, *, when=None, new_date=NEW_DATE):
    when = when or at(8, 9)
    return services.apology_draft(
        dossier=dossier,
        officer=office.specialist,
        reason="Chờ ý kiến của Sở Xây dựng",
        new_date=new_date,
        now=when,
    )


def test_approved_apology_moves_the_appointment_and_tells_the_applicant(office, dossier):
    letter = draft(office, dossier)
    assert letter.status == ApologyLetter.State.DRAFT and letter.old_appointment == at(10, 9)
    dossier.refresh_from_db()
    assert dossier.due_at == at(10, 9)  # nothing changes before a leader approves

    services.apology_approve(apology=letter, leader=office.leader, now=at(8, 14))
    letter.refresh_from_db()
    dossier.refresh_from_db()
    assert letter.status == ApologyLetter.State.APPROVED
    assert (letter.approved_by, letter.approved_at) == (office.leader, at(8, 14))
    assert letter.number == "01/2026/PXL"
    assert dossier.due_at == at(15, 17) == letter.new_appointment
    assert dossier.status == Status.PROCESSING
    event = dossier.events.last()
    assert event.action == Action.APOLOGY
    assert event.from_status == event.to_status == Status.PROCESSING
    assert "17:00 15/12/2026" in event.note and "Chờ ý kiến của Sở Xây dựng" in event.note
    assert event.data["old_due_at"] == at(10, 9).isoformat()
    # The outbox will pick the letter up from here.
    assert list(selectors.apologies_awaiting_notification()) == [letter]


def test_apology_refused_when_less_than_one_working_day_remains(office, dossier):
    # Wednesday 09:30 to Thursday 09:00 is 7.5 working hours.
    with pytest.raises(DossierError, match="chậm nhất 01 ngày làm việc trước ngày hẹn trả kết quả"):
        draft(office, dossier, when=at(9, 9, 30))
    assert not ApologyLetter.objects.exists()


def test_apology_drafted_in_time_but_approved_too_late_is_refused(office, dossier):
    letter = draft(office, dossier, when=at(8, 9))
    with pytest.raises(DossierError, match="chậm nhất 01 ngày làm việc"):
        services.apology_approve(apology=letter, leader=office.leader, now=at(9, 9, 1))
    letter.refresh_from_db()
    dossier.refresh_from_db()
    assert letter.status == ApologyLetter.State.DRAFT
    assert dossier.due_at == at(10, 9)


def test_second_apology_is_refused(office, dossier):
    services.apology_approve(apology=draft(office, dossier), leader=office.leader, now=at(8, 10))
    with pytest.raises(DossierError, match="không được hẹn lại lần thứ hai"):
        draft(office, dossier, when=at(9, 9), new_date=date(2026, 12, 18))
    assert ApologyLetter.objects.count() == 1


def test_one_draft_at_a_time_and_a_refused_draft_may_be_redone(office, dossier):
    letter = draft(office, dossier)
    with pytest.raises(DossierError, match="đang chờ lãnh đạo phê duyệt"):
        draft(office, dossier)
    services.apology_refuse(apology=letter, leader=office.leader, note="Ghi rõ lý do", now=at(8, 10))
    again = draft(office, dossier, when=at(8, 11))
    assert again.status == ApologyLetter.State.DRAFT
    with pytest.raises(DossierError, match="đã được xử lý"):
        services.apology_approve(apology=letter, leader=office.leader)


def test_new_date_must_be_a_working_day_after_the_current_appointment(office, dossier):
    with pytest.raises(DossierError) as error:
        draft(office, dossier, new_date=date(2026, 12, 12))
    assert "Ngày hẹn trả mới phải là ngày làm việc." in error.value.messages
    with pytest.raises(DossierError) as error:
        draft(office, dossier, new_date=date(2026, 12, 9))
    assert any("phải sau ngày hẹn hiện tại (09:00 10/12/2026)" in m for m in error.value.messages)
    with pytest.raises(DossierError, match="lý do"):
        services.apology_draft(
            dossier=dossier, officer=office.specialist, reason=" ", new_date=NEW_DATE, now=at(8, 9)
        )


def test_specialist_drafts_but_only_a_leader_of_the_processing_agency_approves(office, dossier):
    letter = draft(office, dossier)
    with pytest.raises(PermissionDenied):
        services.apology_approve(apology=letter, leader=office.specialist, now=at(8, 10))
    stranger = staff_with_role(AgencyFactory(), Role.AGENCY_LEADER)
    with pytest.raises(PermissionDenied):
        services.apology_approve(apology=letter, leader=stranger, now=at(8, 10))
    with pytest.raises(PermissionDenied):
        services.apology_draft(
            dossier=dossier, officer=office.desk, reason="x", new_date=NEW_DATE, now=at(8, 9)
        )
    agency_leader = staff_with_role(office.agency, Role.AGENCY_LEADER)
    services.apology_approve(apology=letter, leader=agency_leader, now=at(8, 10))


def test_apology_numbers_count_per_agency_and_year(office):
    first = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    second = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    for dossier in (first, second):
        services.apology_approve(apology=draft(office, dossier), leader=office.leader, now=at(8, 10))
    numbers = list(ApologyLetter.objects.order_by("pk").values_list("number", flat=True))
    assert numbers == ["01/2026/PXL", "02/2026/PXL"]


def test_apology_only_for_a_dossier_in_processing(office):
    dossier = received(office, when=at(7, 9))
    services.dossier_stop(dossier=dossier, leader=office.leader, reason="Tranh chấp", now=at(7, 10))
    with pytest.raises(DossierError, match="đang trong thời hạn xử lý"):
        draft(office, dossier)


def resolve(office, dossier, when):
    services.dossier_step_complete(dossier=dossier, user=office.specialist, now=when)
    services.dossier_step_complete(dossier=dossier, user=office.leader, now=when)


def test_late_dossiers_are_counted_with_and_without_apology(office):
    late_with_apology = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    services.apology_approve(apology=draft(office, late_with_apology), leader=office.leader, now=at(8, 10))
    resolve(office, late_with_apology, at(11, 10))  # after the first appointment, before the new one
    late_without = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    resolve(office, late_without, at(11, 10))
    on_time = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    resolve(office, on_time, at(9, 10))
    processing(office, when=at(7, 9), assigned_at=at(7, 10))  # still open, overdue by the end
    elsewhere = make_office(electronic_id="H56.299")
    resolve(elsewhere, processing(elsewhere, when=at(7, 9), assigned_at=at(7, 10)), at(11, 10))

    counts = selectors.late_dossiers_count(agency=office.agency, start=at(1, 0), end=at(14, 0))
    assert (counts.with_apology, counts.without_apology, counts.total) == (1, 2, 3)
    before_any_due = selectors.late_dossiers_count(agency=office.agency, start=at(1, 0), end=at(9, 0))
    assert before_any_due.total == 0
