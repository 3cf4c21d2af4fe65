"""When the holiday calendar changes, open dossiers and steps get their due dates recounted from stored facts."""

from datetime import date, datetime

import pytest

from motcua.calendar.models import CalendarOverride
from motcua.calendar.services import calendar_override_set, calendar_version_new
from motcua.dossiers import services
from motcua.dossiers.deadlines_recompute import open_deadlines_recompute
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.workflow import Action
from motcua.integrations.models import SyncItem
from motcua.notifications.models import ChannelKind, EventKind, Notification
from tests.dossier_setup import VN, at, make_office, processing, received, submit_online
from tests.uploads import pdf

pytestmark = pytest.mark.django_db


def holiday(day: date, captured):
    with captured(execute=True):
        calendar_override_set(day=day, kind=CalendarOverride.Kind.HOLIDAY, name="Nghỉ bù")


def recount_events(dossier):
    return list(dossier.events.filter(action=Action.DEADLINES_RECOMPUTED))


def test_recompute_after_a_holiday_added_moves_open_dossiers_and_steps(django_capture_on_commit_callbacks):
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    step = dossier.steps.get(order=2)
    assert (dossier.due_at, step.due_at) == (at(10, 9), at(8, 16))
    untouched = received(office, when=at(14, 9))  # counted from the week after

    holiday(date(2026, 12, 8), django_capture_on_commit_callbacks)  # Tuesday becomes a day off

    dossier.refresh_from_db()
    step.refresh_from_db()
    assert dossier.due_at == at(11, 9)
    assert step.due_at == at(9, 16)  # 5 working hours on Monday, 7 on Wednesday
    [event] = recount_events(dossier)
    assert event.from_status == event.to_status == dossier.status
    assert event.data["due_at"] == [at(10, 9).isoformat(), at(11, 9).isoformat()]
    assert event.data["steps"] == [{"order": 2, "due_at": [at(8, 16).isoformat(), at(9, 16).isoformat()]}]
    assert "09:00 11/12/2026" in event.note
    untouched.refresh_from_db()
    assert untouched.due_at == at(17, 9)
    assert recount_events(untouched) == []


def test_recompute_records_nothing_when_no_date_moves():
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    before = DossierEvent.objects.count()
    result = open_deadlines_recompute(years=[2026])
    assert result.dossiers_checked >= 1 and result.dossiers_moved == result.steps_moved == 0
    assert DossierEvent.objects.count() == before
    dossier.refresh_from_db()
    assert dossier.due_at == at(10, 9)


def test_recompute_keeps_the_paused_time_and_the_apology_date(django_capture_on_commit_callbacks):
    office = make_office()
    paused = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    services.dossier_request_supplement(
        dossier=paused, officer=office.specialist, items=["Ảnh"], reason="Ảnh mờ", now=at(7, 14)
    )
    services.dossier_supplement(
        dossier=paused, applicant=office.citizen, files={None: [pdf()]}, now=at(8, 14)
    )
    paused.refresh_from_db()
    assert paused.due_at == at(11, 9)  # 8 working hours paused

    apologised = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    services.apology_approve(
        apology=services.apology_draft(
            dossier=apologised,
            officer=office.specialist,
            reason="Chờ xác minh",
            new_date=date(2026, 12, 16),
            now=at(8, 9),
        ),
        leader=office.leader,
        now=at(8, 10),
    )

    holiday(date(2026, 12, 9), django_capture_on_commit_callbacks)  # Wednesday off

    paused.refresh_from_db()
    apologised.refresh_from_db()
    # Thursday 09:00 counted without Wednesday is Friday 09:00, then the 8 paused hours: Monday 09:00.
    assert paused.due_at == at(14, 9)
    # The apology's date wins: no working day of the holiday lay between it and itself.
    assert apologised.due_at == at(16, 17)
    assert recount_events(apologised) == []


def test_apology_date_that_becomes_a_holiday_moves_to_the_next_working_day(
    django_capture_on_commit_callbacks,
):
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    services.apology_approve(
        apology=services.apology_draft(
            dossier=dossier,
            officer=office.specialist,
            reason="Chờ xác minh",
            new_date=date(2026, 12, 16),
            now=at(8, 9),
        ),
        leader=office.leader,
        now=at(8, 10),
    )
    holiday(date(2026, 12, 16), django_capture_on_commit_callbacks)
    dossier.refresh_from_db()
    assert dossier.due_at == at(17, 17)
    assert len(recount_events(dossier)) == 1


def test_intake_deadline_of_a_dossier_at_the_desk_is_recounted(django_capture_on_commit_callbacks):
    office = make_office()
    dossier = submit_online(office, when=at(7, 9))
    assert dossier.intake_due_at == at(8, 9)
    holiday(date(2026, 12, 8), django_capture_on_commit_callbacks)
    dossier.refresh_from_db()
    assert dossier.intake_due_at == at(9, 9)
    assert "hạn tiếp nhận" in recount_events(dossier)[0].note


def test_appointment_typed_by_hand_is_kept():
    office = make_office()
    office.case.time_limit_value = None
    office.case.save()
    dossier = submit_online(office, when=at(7, 9))
    services.dossier_accept(dossier=dossier, officer=office.desk, appointment=at(21, 17), now=at(7, 9))
    CalendarOverride.objects.create(day=date(2026, 12, 8), kind=CalendarOverride.Kind.HOLIDAY)
    open_deadlines_recompute(years=[2026])
    dossier.refresh_from_db()
    assert dossier.due_at == at(21, 17)


def test_recompute_works_in_batches_and_ignores_other_years(django_capture_on_commit_callbacks):
    office = make_office()
    dossiers = [processing(office, when=at(7, 9), assigned_at=at(7, 10)) for _ in range(3)]
    CalendarOverride.objects.create(day=date(2026, 12, 8), kind=CalendarOverride.Kind.HOLIDAY)
    calendar_version_new()  # as the calendar app does on any change
    assert open_deadlines_recompute(years=[2027]).dossiers_checked == 0
    result = open_deadlines_recompute(years=[2026], batch_size=2, now=datetime(2026, 12, 1, 8, tzinfo=VN))
    assert (result.dossiers_moved, result.steps_moved) == (3, 3)
    for dossier in dossiers:
        dossier.refresh_from_db()
        assert dossier.due_at == at(11, 9)
        assert recount_events(dossier)[0].at == datetime(2026, 12, 1, 8, tzinfo=VN)


def test_a_moved_appointment_is_told_to_the_applicant_and_pushed_to_the_national_portal(
    django_capture_on_commit_callbacks,
):
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    at_desk = submit_online(office, when=at(7, 9))

    holiday(date(2026, 12, 8), django_capture_on_commit_callbacks)

    [event] = recount_events(dossier)
    notice = Notification.objects.get(event=event, channel=ChannelKind.EMAIL)
    assert notice.kind == EventKind.APPOINTMENT_MOVED and notice.recipient == office.citizen.email
    assert "11/12/2026" in notice.subject + notice.body and "được tính lại" in notice.body
    assert SyncItem.objects.filter(event=event).count() == 2  # the dossier and its progress
    # Only the intake deadline of the dossier still at the desk moved: a row in its history, no message.
    [intake_event] = recount_events(at_desk)
    assert "intake_due_at" in intake_event.data and not intake_event.notifications.exists()
