"""Một cửa liên thông over the API. Staff have no API endpoints (they work in the back office), so: the applicant
sees the whole journey between agencies, without officers' names or internal notes; nobody else sees it."""

import pytest
from django.urls import reverse

from motcua.dossiers import services, transfers
from motcua.dossiers.workflow import Action
from tests.factories import CitizenFactory
from tests.liaison import at, make_liaison, submit_online, to_department

pytestmark = pytest.mark.django_db


@pytest.fixture
def journey():
    """Online at the commune, handed to the Sở, decided there, back to the commune and signed off."""
    liaison = make_liaison()
    dossier = to_department(liaison, submit_online(liaison))
    transfers.handover_receive(handover=dossier.handovers.get(), officer=liaison["dept_desk"], now=at(8, 8))
    for user in (liaison["dept_leader"], liaison["dept_specialist"], liaison["director"]):
        services.dossier_step_complete(dossier=dossier, user=user, note="Ý kiến nội bộ của Sở", now=at(8, 9))
    services.dossier_step_complete(dossier=dossier, user=liaison["chairman"], now=at(8, 10))
    return liaison, dossier


def test_applicant_sees_every_handover_in_the_history_without_officers(api, journey):
    liaison, dossier = journey
    api.force_authenticate(liaison["citizen"])
    response = api.get(reverse("api:dossier", args=[dossier.public_id]))
    assert response.status_code == 200
    body = response.json()
    moves = [
        (event["action"], event["action_label"], event["note"])
        for event in body["history"]
        if event["action"] in (Action.HANDOVER, Action.RECEIVE_HANDOVER)
    ]
    assert [(action, label) for action, label, _ in moves] == [
        ("handover", "Chuyển hồ sơ liên thông"),
        ("receive_handover", "Nhận hồ sơ liên thông"),
        ("handover", "Chuyển hồ sơ liên thông"),
        ("receive_handover", "Nhận hồ sơ liên thông"),
    ]
    assert moves[0][2].startswith("UBND xã Phú Lương chuyển hồ sơ đến Sở Y tế")
    assert moves[2][2].startswith("Sở Y tế chuyển hồ sơ đến UBND xã Phú Lương")
    text = response.content.decode()
    for officer in ("dept_leader", "dept_desk", "desk", "director"):
        assert liaison[officer].full_name not in text
    # The hand-over rows name agencies and times only; what the giver wrote to the receiving agency stays
    # on the hand-over record.
    assert dossier.handovers.first().note == "Đủ điều kiện, đề nghị Sở thẩm định"
    assert not any("Đủ điều kiện" in note for _, _, note in moves)


def test_other_citizen_gets_404_and_staff_of_any_agency_are_refused(api, journey):
    liaison, dossier = journey
    url = reverse("api:dossier", args=[dossier.public_id])
    api.force_authenticate(CitizenFactory())
    assert api.get(url).status_code == 404
    for officer in ("stranger", "dept_leader", "desk"):
        api.force_authenticate(liaison[officer])
        assert api.get(url).status_code == 403


def test_public_tracking_shows_statuses_only(api, journey):
    liaison, dossier = journey
    response = api.get(reverse("api:tracking"), {"code": dossier.code, "phone": dossier.applicant_phone})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sở Y tế" not in text and liaison["dept_leader"].full_name not in text


def test_api_history_gives_public_notes_and_blanks_internal_ones(api, journey):
    liaison, dossier = journey
    api.force_authenticate(liaison["citizen"])
    response = api.get(reverse("api:dossier", args=[dossier.public_id]))
    notes = [(event["action"], event["note"]) for event in response.json()["history"]]
    assert ("assign", "") in notes and ("complete_step", "") in notes and ("resolve", "") in notes
    assert all(note for action, note in notes if action in (Action.HANDOVER, Action.RECEIVE_HANDOVER))
    text = response.content.decode()
    for note in ("Giao chuyên viên kiểm tra kỹ hộ khẩu", "Đủ điều kiện", "Ý kiến nội bộ của Sở"):
        assert note not in text
