"""What the applicant reads of the history (dossiers/visibility.py): every event's public facts and the notes
written for them; the steps' internal notes, hand-over notes and officers' names stay with the agencies."""

import pytest
from django.urls import reverse

from motcua.dossiers import services, transfers
from tests.factories import PASSWORD
from tests.liaison import at, make_liaison, submit_online, to_department

pytestmark = pytest.mark.django_db

STEP_NOTES = ("Giao chuyên viên kiểm tra kỹ hộ khẩu", "Đủ điều kiện, đề nghị Sở thẩm định", "Ý kiến nội bộ")
STOP_REASON = "Người nộp đã được cấp giấy theo hồ sơ khác"


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def stopped_at_department():
    """Online at the commune (internal step notes), handed to the Sở, assigned there, stopped by its leader."""
    liaison = make_liaison()
    dossier = to_department(liaison, submit_online(liaison))
    transfers.handover_receive(handover=dossier.handovers.get(), officer=liaison["dept_desk"], now=at(8, 8))
    services.dossier_step_complete(
        dossier=dossier,
        user=liaison["dept_leader"],
        note="Ý kiến nội bộ: kiểm tra lại",
        next_assignee=liaison["dept_specialist"],
        now=at(8, 9),
    )
    services.dossier_stop(dossier=dossier, leader=liaison["dept_leader"], reason=STOP_REASON, now=at(8, 10))
    return liaison, dossier


def _officer_names(liaison):
    return [liaison[key].full_name for key in ("desk", "leader", "specialist", "dept_desk", "dept_leader")]


def test_applicant_portal_history_shows_public_notes_but_no_internal_notes_or_officers(
    client, stopped_at_department
):
    liaison, dossier = stopped_at_department
    login(client, liaison["citizen"])
    page = client.get(reverse("portal:dossier_detail", args=[dossier.public_id])).content.decode()
    history = page[page.index('class="timeline"') :]
    assert "Phân công xử lý" in history and "Dừng xử lý" in history
    assert STOP_REASON in history
    assert "UBND xã Phú Lương chuyển hồ sơ đến Sở Y tế" in history
    for note in STEP_NOTES:
        assert note not in page
    for name in _officer_names(liaison):
        assert name not in history


def test_staff_history_keeps_every_note(client, stopped_at_department):
    liaison, dossier = stopped_at_department
    login(client, liaison["desk"])
    page = client.get(reverse("backoffice:dossier", args=[dossier.public_id])).content.decode()
    history = page[page.index('class="timeline"') :]
    for note in (*STEP_NOTES, STOP_REASON):
        assert note in history


def test_public_tracking_page_shows_the_journey_without_any_note(client, stopped_at_department):
    liaison, dossier = stopped_at_department
    page = client.post(
        reverse("portal:tracking"), {"code": dossier.code, "phone": dossier.applicant_phone}
    ).content.decode()
    result = page[page.index('id="tracking-result"') :]
    assert "Dừng xử lý" in result and "Phân công xử lý" in result
    for note in (*STEP_NOTES, STOP_REASON):
        assert note not in result
    for name in _officer_names(liaison):
        assert name not in result
