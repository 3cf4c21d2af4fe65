"""Deadline lists (sắp đến hạn / quá hạn), alerts, apology, stop, payment and withdrawal in the back office."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.agencies.models import Role
from motcua.calendar.selectors import calendar_for
from motcua.dossiers import selectors, services
from motcua.dossiers.alerts import dossiers_flag_at_risk
from motcua.dossiers.models import ApologyLetter
from motcua.dossiers.workflow import Status
from tests.dossier_setup import at, make_office, processing, received
from tests.factories import PASSWORD, AgencyFactory, staff_with_role

pytestmark = pytest.mark.django_db


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def codes(steps):
    return sorted(step.dossier.code for step in steps)


@pytest.fixture
def office():
    return make_office()


# ---------------------------------------------------------------------------------------------- selectors


def test_inbox_lists_a_step_as_due_soon_then_as_overdue(office):
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))  # the specialist's step: Tuesday 16:00
    for user in (office.specialist, office.leader):
        assert codes(selectors.steps_by_deadline(user=user, kind="due_soon", now=at(7, 10))) == []
        assert codes(selectors.steps_by_deadline(user=user, kind="due_soon", now=at(8, 9))) == [dossier.code]
        assert codes(selectors.steps_by_deadline(user=user, kind="overdue", now=at(8, 9))) == []
        assert codes(selectors.steps_by_deadline(user=user, kind="overdue", now=at(8, 16, 1))) == [
            dossier.code
        ]
        assert codes(selectors.steps_by_deadline(user=user, kind="due_soon", now=at(8, 16, 1))) == []


def test_officer_sees_own_steps_and_leader_sees_every_step_of_the_agency_and_units_below():
    province = AgencyFactory(electronic_id="H56.400")
    province_leader = staff_with_role(province, Role.AGENCY_LEADER)
    office = make_office(electronic_id="H56.401", parent=province)
    other_specialist = staff_with_role(office.agency, Role.SPECIALIST)
    mine = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    theirs = received(office, when=at(7, 9))
    services.dossier_step_complete(
        dossier=theirs, user=office.leader, next_assignee=other_specialist, now=at(7, 10)
    )
    now = at(9, 9)
    assert codes(selectors.steps_by_deadline(user=office.specialist, kind="overdue", now=now)) == [mine.code]
    assert codes(selectors.steps_by_deadline(user=other_specialist, kind="overdue", now=now)) == [theirs.code]
    both = sorted([mine.code, theirs.code])
    assert codes(selectors.steps_by_deadline(user=office.leader, kind="overdue", now=now)) == both
    assert codes(selectors.steps_by_deadline(user=province_leader, kind="overdue", now=now)) == both


def test_inbox_filters_by_officer_step_and_agency():
    province = AgencyFactory(electronic_id="H56.410")
    leader = staff_with_role(province, Role.AGENCY_LEADER)
    first = make_office(electronic_id="H56.411", parent=province)
    second = make_office(electronic_id="H56.412", parent=province)
    a = processing(first, when=at(7, 9), assigned_at=at(7, 10))
    b = processing(second, when=at(7, 9), assigned_at=at(7, 10))
    c = received(second, when=at(7, 9))  # still at the leader's assignment step
    now = at(11, 9)

    def overdue(**filters):
        return codes(selectors.steps_by_deadline(user=leader, kind="overdue", now=now, **filters))

    assert overdue() == sorted([a.code, b.code, c.code])
    assert overdue(officer_id=first.specialist.pk) == [a.code]
    assert overdue(step_name="Phân công thụ lý") == [c.code]
    assert overdue(agency_id=second.agency.pk) == sorted([b.code, c.code])
    # Filters never widen what one may see.
    assert (
        codes(
            selectors.steps_by_deadline(
                user=first.specialist, kind="overdue", now=now, agency_id=second.agency.pk
            )
        )
        == []
    )
    choices = selectors.deadline_filter_choices(user=leader)
    assert {name for _, name in choices["agencies"]} >= {first.agency.name, second.agency.name}
    assert choices["steps"] == ["Phân công thụ lý", "Thẩm định, xử lý hồ sơ"]


def test_officer_of_another_agency_sees_none_of_the_steps(office):
    processing(office, when=at(7, 9), assigned_at=at(7, 10))
    stranger = staff_with_role(AgencyFactory(), Role.AGENCY_LEADER)
    for kind in ("due_soon", "overdue"):
        assert list(selectors.steps_by_deadline(user=stranger, kind=kind, now=at(11, 9))) == []
    assert (
        list(
            selectors.steps_by_deadline(
                user=stranger, kind="overdue", now=at(11, 9), agency_id=office.agency.pk
            )
        )
        == []
    )


@pytest.mark.parametrize("kind, queries", [("due_soon", 9), ("overdue", 8)])
def test_deadline_list_query_count_does_not_grow_with_dossiers(
    office, django_assert_num_queries, kind, queries
):
    # Leader's agencies (2), own steps' roles and agencies (3), all agencies (2), the office hours for the
    # due-soon threshold (1), then one list query with everything the page shows.
    processing(office, when=at(7, 9), assigned_at=at(7, 10))
    now = at(8, 9) if kind == "due_soon" else at(11, 9)
    with django_assert_num_queries(queries):
        steps = list(selectors.steps_by_deadline(user=office.leader, kind=kind, now=now))
        [(s.dossier.code, s.dossier.procedure.name, s.agency.name, s.assignee.full_name) for s in steps]
    for _ in range(4):
        processing(office, when=at(7, 9), assigned_at=at(7, 10))
    with django_assert_num_queries(queries):
        steps = list(selectors.steps_by_deadline(user=office.leader, kind=kind, now=now))
        [(s.dossier.code, s.dossier.procedure.name, s.agency.name, s.assignee.full_name) for s in steps]
    assert len(steps) == 5


# ---------------------------------------------------------------------------------------------- pages


def long_ago():
    return timezone.localtime() - timedelta(days=30)


def test_deadline_page_lists_overdue_steps_and_htmx_gets_the_table_only(client, office):
    dossier = processing(office, when=long_ago(), assigned_at=long_ago())
    login(client, office.leader)
    url = reverse("backoffice:deadlines")
    page = client.get(url, {"kind": "overdue"})
    assert page.status_code == 200
    assert dossier.code in page.content.decode()
    assert "<html" in page.content.decode()
    partial = client.get(url, {"kind": "overdue", "officer": office.specialist.pk}, HTTP_HX_REQUEST="true")
    assert dossier.code in partial.content.decode() and "<html" not in partial.content.decode()
    other = client.get(url, {"kind": "overdue", "officer": office.desk.pk}, HTTP_HX_REQUEST="true")
    assert dossier.code not in other.content.decode()
    assert dossier.code not in client.get(url, {"kind": "due_soon"}).content.decode()


def test_deadline_page_query_count_does_not_grow_with_dossiers(client, office):
    processing(office, when=long_ago(), assigned_at=long_ago())
    login(client, office.leader)
    url = reverse("backoffice:deadlines")
    client.get(url, {"kind": "overdue"})  # warm the holiday cache
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"kind": "overdue"})
    for _ in range(4):
        processing(office, when=long_ago(), assigned_at=long_ago())
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"kind": "overdue"})
    assert len(response.context["steps"]) == 5
    assert len(many) == len(few)


def test_leader_dashboard_shows_alerts_and_apologies_waiting(client, office):
    dossier = processing(office, when=long_ago(), assigned_at=long_ago())
    dossiers_flag_at_risk()
    fresh = received(office, when=timezone.localtime())
    services.apology_draft(
        dossier=fresh, officer=office.leader, reason="Chờ xác minh", new_date=_a_later_working_day(fresh)
    )
    login(client, office.leader)
    page = client.get(reverse("backoffice:dashboard"))
    assert [alert.dossier_id for alert in page.context["alerts"]] == [dossier.pk, dossier.pk]
    assert [letter.dossier_id for letter in page.context["apologies"]] == [fresh.pk]
    assert page.context["deadline_counts"] == {"due_soon": 1, "overdue": 1}
    login(client, office.specialist)
    assert client.get(reverse("backoffice:dashboard")).context["alerts"] == []


def _a_later_working_day(dossier):
    calendar = calendar_for(dossier.agency)
    return calendar.next_working_day(timezone.localtime(dossier.due_at).date() + timedelta(days=3))


def test_buttons_are_shown_only_to_the_roles_allowed(client, office):
    dossier = processing(office, when=timezone.localtime(), assigned_at=timezone.localtime())
    url = reverse("backoffice:dossier", args=[dossier.public_id])
    seen = {}
    for name in ("desk", "leader", "specialist"):
        login(client, getattr(office, name))
        seen[name] = client.get(url).context["actions"]
    assert seen["desk"] == {"withdraw"}
    assert seen["leader"] == {"stop", "apology"}  # a department leader may draft one too
    assert seen["specialist"] == {"request_payment", "apology"}
    login(client, office.specialist)
    content = client.get(url).content.decode()
    assert 'id="apology-draft"' in content and 'id="stop"' not in content


def test_apology_drafted_and_approved_through_the_pages_is_shown_to_the_applicant(client, office):
    dossier = processing(office, when=timezone.localtime(), assigned_at=timezone.localtime())
    new_date = _a_later_working_day(dossier)
    login(client, office.specialist)
    response = client.post(
        reverse("backoffice:apology_draft", args=[dossier.public_id]),
        {"reason": "Chờ ý kiến của Sở Tài nguyên và Môi trường", "new_date": new_date.isoformat()},
    )
    assert response.status_code == 302
    letter = ApologyLetter.objects.get()
    login(client, office.leader)
    page = client.get(reverse("backoffice:dossier", args=[dossier.public_id]))
    assert "apology_decide" in page.context["actions"]
    response = client.post(
        reverse("backoffice:apology_decide", args=[dossier.public_id, letter.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert timezone.localtime(dossier.due_at).date() == new_date

    login(client, office.citizen)
    portal = client.get(reverse("portal:dossier_detail", args=[dossier.public_id])).content.decode()
    assert 'id="apology"' in portal and "Chờ ý kiến của Sở Tài nguyên và Môi trường" in portal
    assert new_date.strftime("%d/%m/%Y") in portal
    client.logout()
    tracking = client.post(
        reverse("portal:tracking"), {"code": dossier.code, "phone": dossier.applicant_phone}
    )
    assert "Xin lỗi và hẹn lại ngày trả kết quả" in tracking.content.decode()


def test_apology_too_late_comes_back_with_what_was_typed(client, office):
    dossier = processing(office, when=long_ago(), assigned_at=long_ago())
    login(client, office.specialist)
    response = client.post(
        reverse("backoffice:apology_draft", args=[dossier.public_id]),
        {"reason": "Hồ sơ phải xác minh thực địa", "new_date": _a_later_working_day(dossier).isoformat()},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "chậm nhất 01 ngày làm việc" in content
    assert "Hồ sơ phải xác minh thực địa" in content
    assert _a_later_working_day(dossier).isoformat() in content
    assert not ApologyLetter.objects.exists()


def test_stop_without_a_reason_keeps_the_form_and_stops_nothing(client, office):
    dossier = received(office, when=timezone.localtime())
    login(client, office.leader)
    url = reverse("backoffice:stop", args=[dossier.public_id])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Tài sản đang bị kê biên"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.STOPPED and dossier.closed_reason == "Tài sản đang bị kê biên"


def test_payment_requested_by_the_specialist_and_recorded_at_the_desk(client, office):
    dossier = processing(office, when=timezone.localtime(), assigned_at=timezone.localtime())
    login(client, office.specialist)
    client.post(
        reverse("backoffice:request_payment", args=[dossier.public_id]),
        {"description": "Nộp lệ phí trước bạ", "amount": "450000"},
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_PAYMENT
    login(client, office.desk)
    page = client.get(reverse("backoffice:dossier", args=[dossier.public_id]))
    assert "record_payment" in page.context["actions"]
    assert "450.000" in page.content.decode()
    client.post(reverse("backoffice:record_payment", args=[dossier.public_id]), {"note": "Biên lai 0001"})
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING


def test_refusal_for_an_expired_supplement_is_offered_only_after_the_deadline(client, office):
    expired = processing(office, when=long_ago(), assigned_at=long_ago())
    services.dossier_request_supplement(
        dossier=expired, officer=office.specialist, items=["Ảnh"], reason="Ảnh mờ", now=long_ago()
    )
    waiting = processing(office, when=timezone.localtime(), assigned_at=timezone.localtime())
    services.dossier_request_supplement(
        dossier=waiting, officer=office.specialist, items=["Ảnh"], reason="Ảnh mờ"
    )
    login(client, office.desk)
    assert (
        'id="expired-supplement"'
        in client.get(reverse("backoffice:dossier", args=[expired.public_id])).content.decode()
    )
    page = client.get(reverse("backoffice:dossier", args=[waiting.public_id]))
    assert "refuse" not in page.context["actions"] and 'id="expired-supplement"' not in page.content.decode()
    response = client.post(reverse("backoffice:refuse", args=[waiting.public_id]), {"reason": ""})
    assert response.status_code == 400 and "Chưa hết hạn bổ sung" in response.content.decode()
    client.post(reverse("backoffice:refuse", args=[expired.public_id]), {"reason": ""})
    expired.refresh_from_db()
    assert expired.status == Status.REFUSED and expired.closed_reason.startswith("Quá hạn bổ sung hồ sơ")


def test_cross_agency_officers_get_404_and_change_nothing(client, office):
    dossier = processing(office, when=timezone.localtime(), assigned_at=timezone.localtime())
    services.apology_draft(
        dossier=dossier, officer=office.specialist, reason="Chờ", new_date=_a_later_working_day(dossier)
    )
    letter = ApologyLetter.objects.get()
    other = make_office(electronic_id="H56.499")
    for stranger in (other.leader, other.desk, other.specialist):
        login(client, stranger)
        for name, data in [
            ("stop", {"reason": "x"}),
            ("withdraw", {}),
            ("request_payment", {"description": "x"}),
            ("record_payment", {}),
            ("apology_draft", {"reason": "x", "new_date": "2026-12-31"}),
        ]:
            assert (
                client.post(reverse(f"backoffice:{name}", args=[dossier.public_id]), data).status_code == 404
            )
        decide = reverse("backoffice:apology_decide", args=[dossier.public_id, letter.pk])
        assert client.post(decide, {"decision": "approve"}).status_code == 404
        assert client.get(reverse("backoffice:dossier", args=[dossier.public_id])).status_code == 404
        assert (
            dossier.code
            not in client.get(reverse("backoffice:deadlines"), {"kind": "due_soon"}).content.decode()
        )
    dossier.refresh_from_db()
    letter.refresh_from_db()
    assert dossier.status == Status.PROCESSING and letter.status == ApologyLetter.State.DRAFT


def test_same_agency_officer_without_the_role_is_refused(client, office):
    dossier = processing(office, when=timezone.localtime(), assigned_at=timezone.localtime())
    login(client, office.specialist)
    response = client.post(reverse("backoffice:stop", args=[dossier.public_id]), {"reason": "Tự ý dừng"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("không có quyền" in m for m in messages)
