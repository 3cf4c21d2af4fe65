"""Một cửa liên thông in the back office: the department sees and acts on its part only; the commune desk
keeps the whole dossier; an uninvolved agency gets 404 everywhere."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.calendar.selectors import calendar_for
from motcua.dossiers import services
from motcua.dossiers.models import ApologyLetter, DossierHandover
from motcua.dossiers.workflow import Status
from tests.factories import PASSWORD
from tests.liaison import at, make_liaison, to_department, walk_in
from tests.uploads import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def liaison():
    return make_liaison()


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def handed_over(liaison):
    return to_department(liaison, walk_in(liaison))


def test_department_sees_the_handed_dossier_in_its_lists_and_only_its_part(client, liaison, handed_over):
    dossier = handed_over
    login(client, liaison["dept_leader"])
    dashboard = client.get(reverse("backoffice:dashboard"))
    assert [s.dossier_id for s in dashboard.context["steps"]] == [dossier.pk]
    listing = client.get(reverse("backoffice:transfers"))
    assert [h.dossier_id for h in listing.context["incoming"]] == [dossier.pk]

    page = client.get(reverse("backoffice:dossier", args=[dossier.public_id]))
    assert page.status_code == 200
    assert "backoffice/dossier_part.html" in [t.name for t in page.templates]
    assert [s.order for s in page.context["part"].steps] == [3, 4, 5]
    assert page.context["step_form"] is not None  # the Sở's leader acts on the Sở's first step
    html = page.content.decode()
    assert dossier.code in html and "Trần Thị Bình" in html
    # The commune's internal notes, the applicant's phone and the history stay with the commune; the note
    # written with the hand-over (the commune's last step before it) goes with the dossier.
    assert "Giao chuyên viên kiểm tra kỹ hộ khẩu" not in html
    assert "Đủ điều kiện, đề nghị Sở thẩm định" in html
    assert dossier.applicant_phone not in html
    assert "Lịch sử" not in html


def test_department_receives_and_processes_its_steps_through_the_pages(client, liaison, handed_over):
    dossier = handed_over
    handover = DossierHandover.objects.get(dossier=dossier)
    login(client, liaison["dept_desk"])
    client.post(reverse("backoffice:handover_receive", args=[handover.pk]))
    handover.refresh_from_db()
    assert handover.received_by == liaison["dept_desk"]

    login(client, liaison["dept_leader"])
    page = client.get(reverse("backoffice:dossier", args=[dossier.public_id]))
    # Only the Sở's own specialists can be given the Sở's next step.
    assert list(page.context["step_form"].fields["next_assignee"].queryset) == [liaison["dept_specialist"]]
    client.post(
        reverse("backoffice:part_complete_step", args=[dossier.public_id]),
        {"note": "Giao thẩm định", "next_assignee": liaison["dept_specialist"].pk},
    )
    step = dossier.steps.get(order=4)
    assert step.started_at is not None and step.assignee == liaison["dept_specialist"]


def test_commune_desk_keeps_seeing_the_whole_dossier_with_its_handovers(client, liaison, handed_over):
    dossier = handed_over
    login(client, liaison["desk"])
    page = client.get(reverse("backoffice:dossier", args=[dossier.public_id]))
    assert "backoffice/dossier_detail.html" in [t.name for t in page.templates]
    assert [(r.agency, r.giver) for r in page.context["handovers"]] == [
        (liaison["department"], liaison["specialist"])
    ]
    html = page.content.decode()
    assert "Chuyển hồ sơ liên thông" in html and "Đủ điều kiện, đề nghị Sở thẩm định" in html
    # The Sở's step is the Sở's: the commune gets no form to act on it.
    assert page.context["step_form"] is None


def test_uninvolved_officer_gets_404_everywhere(client, liaison, handed_over):
    dossier = handed_over
    document = dossier.documents.first()
    handover = DossierHandover.objects.get(dossier=dossier)
    login(client, liaison["stranger"])
    urls = [
        reverse("backoffice:dossier", args=[dossier.public_id]),
        reverse("backoffice:part_document", args=[dossier.public_id, document.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    for url in [
        reverse("backoffice:part_complete_step", args=[dossier.public_id]),
        reverse("backoffice:complete_step", args=[dossier.public_id]),
        reverse("backoffice:handover_receive", args=[handover.pk]),
    ]:
        assert client.post(url, {"note": "x"}).status_code == 404
    assert list(client.get(reverse("backoffice:transfers")).context["incoming"]) == []
    handover.refresh_from_db()
    assert handover.received_at is None and dossier.steps.get(order=3).finished_at is None


def test_department_officer_cannot_act_on_the_communes_steps_through_the_pages(client, liaison, handed_over):
    dossier = handed_over
    for user in (liaison["dept_leader"], liaison["dept_specialist"], liaison["director"]):
        services.dossier_step_complete(dossier=dossier, user=user, now=at(8, 9))
    # The dossier is back at the commune's last step.
    login(client, liaison["director"])
    page = client.get(reverse("backoffice:dossier", args=[dossier.public_id]))
    assert page.status_code == 200 and page.context["step_form"] is None
    response = client.post(reverse("backoffice:part_complete_step", args=[dossier.public_id]), {"note": "x"})
    assert response.status_code == 302
    assert client.post(reverse("backoffice:complete_step", args=[dossier.public_id])).status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING and dossier.steps.get(order=6).finished_at is None


def test_department_downloads_the_papers_handed_to_it_only(client, liaison, handed_over):
    dossier = handed_over
    for user in (liaison["dept_leader"], liaison["dept_specialist"], liaison["director"]):
        services.dossier_step_complete(dossier=dossier, user=user, now=at(8, 9))
    services.dossier_step_complete(
        dossier=dossier, user=liaison["chairman"], result_files=[pdf("ket-qua-ky.pdf")], now=at(8, 10)
    )
    login(client, liaison["dept_specialist"])
    proposal = dossier.documents.get(original_name="van-ban-de-nghi.pdf")
    signed = dossier.documents.get(original_name="ket-qua-ky.pdf")
    assert (
        client.get(reverse("backoffice:part_document", args=[dossier.public_id, proposal.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("backoffice:part_document", args=[dossier.public_id, signed.pk])).status_code
        == 404
    )
    # The commune's own download link stays the commune's.
    url = reverse("backoffice:dossier_document", args=[dossier.public_id, proposal.pk])
    assert client.get(url).status_code == 404


def test_commune_desk_takes_the_decided_result_back_from_the_page(client, liaison):
    dossier = walk_in(liaison, case=liaison["province_case"])
    for user in (liaison["dept_leader"], liaison["dept_specialist"], liaison["director"]):
        services.dossier_step_complete(dossier=dossier, user=user, now=at(8, 9))
    back = dossier.handovers.get(order=2)
    login(client, liaison["desk"])
    page = client.get(reverse("backoffice:dossier", args=[dossier.public_id]))
    assert reverse("backoffice:handover_receive", args=[back.pk]) in page.content.decode()
    client.post(
        reverse("backoffice:handover_receive", args=[back.pk]),
        {"next": reverse("backoffice:dossier", args=[dossier.public_id])},
    )
    back.refresh_from_db()
    assert back.received_by == liaison["desk"] and back.finished_at == back.received_at


def test_transfers_list_query_count_does_not_grow(client, liaison, django_assert_max_num_queries):
    to_department(liaison, walk_in(liaison))
    login(client, liaison["dept_leader"])
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("backoffice:transfers"))
    for hour in (9, 10, 11):
        to_department(liaison, walk_in(liaison, when=at(8, hour)), day=8)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("backoffice:transfers"))
    assert len(response.context["incoming"]) == 4


def test_withdrawn_dossier_leaves_the_transfers_list(client, liaison, handed_over):
    services.dossier_withdraw(dossier=handed_over, applicant=liaison["desk"], now=at(8, 8))
    login(client, liaison["dept_leader"])
    assert list(client.get(reverse("backoffice:transfers")).context["incoming"]) == []


# ---------------------------------------------------------------------------------------------- part actions


@pytest.fixture
def handed_over_now(liaison):
    """Handed to the Sở a moment ago (real time: the pages act now), so an apology is still in time."""
    dossier = walk_in(liaison, when=timezone.localtime())
    services.dossier_step_complete(
        dossier=dossier, user=liaison["leader"], next_assignee=liaison["specialist"]
    )
    services.dossier_step_complete(dossier=dossier, user=liaison["specialist"])
    dossier.refresh_from_db()
    return dossier


def _part_page(client, dossier):
    page = client.get(reverse("backoffice:dossier", args=[dossier.public_id]))
    assert "backoffice/dossier_part.html" in [t.name for t in page.templates]
    return page


def test_processing_agency_stops_the_handed_over_dossier_from_its_part_page(client, liaison, handed_over):
    dossier = handed_over
    login(client, liaison["dept_leader"])
    page = _part_page(client, dossier)
    assert page.context["actions"] == {"stop", "request_payment", "apology"}
    assert 'id="stop"' in page.content.decode()
    response = client.post(reverse("backoffice:stop", args=[dossier.public_id]), {"reason": "Trùng hồ sơ"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.STOPPED and dossier.closed_reason == "Trùng hồ sơ"
    assert dossier.handovers.get().finished_at is not None


def test_processing_agency_requests_payment_from_its_part_page(client, liaison, handed_over):
    dossier = handed_over
    login(client, liaison["dept_leader"])
    assert 'id="request-payment"' in _part_page(client, dossier).content.decode()
    response = client.post(
        reverse("backoffice:request_payment", args=[dossier.public_id]),
        {"description": "Nộp phí thẩm định", "amount": "50000"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_PAYMENT


def test_processing_agency_drafts_and_approves_an_apology_from_its_part_page(
    client, liaison, handed_over_now
):
    dossier = handed_over_now
    calendar = calendar_for(liaison["department"])
    new_date = calendar.next_working_day(timezone.localtime(dossier.due_at).date() + timedelta(days=3))
    login(client, liaison["dept_specialist"])
    assert 'id="apology-draft"' in _part_page(client, dossier).content.decode()
    response = client.post(
        reverse("backoffice:apology_draft", args=[dossier.public_id]),
        {"reason": "Chờ kết quả xác minh", "new_date": new_date.isoformat()},
    )
    assert response.status_code == 302
    letter = ApologyLetter.objects.get(dossier=dossier)
    assert letter.agency == liaison["department"]
    login(client, liaison["director"])
    page = _part_page(client, dossier)
    assert "apology_decide" in page.context["actions"] and 'id="apology-approve"' in page.content.decode()
    response = client.post(
        reverse("backoffice:apology_decide", args=[dossier.public_id, letter.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert timezone.localtime(dossier.due_at).date() == new_date


def test_a_part_action_with_a_problem_comes_back_as_the_part_page(client, liaison, handed_over):
    dossier = handed_over
    login(client, liaison["dept_leader"])
    response = client.post(reverse("backoffice:stop", args=[dossier.public_id]), {"reason": ""})
    assert response.status_code == 400
    assert "backoffice/dossier_part.html" in [t.name for t in response.templates]
    assert "backoffice/dossier_detail.html" not in [t.name for t in response.templates]
    assert response.context["stop_form"].is_bound
    assert dossier.applicant_phone not in response.content.decode()


def test_uninvolved_agency_gets_404_on_the_part_actions(client, liaison, handed_over):
    dossier = handed_over
    login(client, liaison["stranger"])
    for name, data in [
        ("stop", {"reason": "x"}),
        ("request_payment", {"description": "x"}),
        ("apology_draft", {"reason": "x", "new_date": "2026-12-21"}),
        ("withdraw", {"reason": "x"}),
    ]:
        assert client.post(reverse(f"backoffice:{name}", args=[dossier.public_id]), data).status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING


def test_handed_to_agency_cannot_use_the_receiving_desks_actions(client, liaison, handed_over):
    dossier = handed_over
    login(client, liaison["dept_desk"])
    url = reverse("backoffice:withdraw", args=[dossier.public_id])
    assert client.post(url, {"reason": "x"}).status_code == 404


def test_an_agency_whose_part_ended_no_longer_stops_the_dossier(client, liaison, handed_over):
    dossier = handed_over
    for user in (liaison["dept_leader"], liaison["dept_specialist"], liaison["director"]):
        services.dossier_step_complete(dossier=dossier, user=user, now=at(8, 9))
    login(client, liaison["director"])
    assert _part_page(client, dossier).context["actions"] == set()
    response = client.post(reverse("backoffice:stop", args=[dossier.public_id]), {"reason": "x"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING


def test_dashboard_search_by_code_finds_a_dossier_handed_to_the_agency(client, liaison, handed_over):
    dossier = handed_over
    login(client, liaison["dept_desk"])
    response = client.get(reverse("backoffice:dashboard"), {"code": dossier.code.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:dossier", args=[dossier.public_id])
    assert "backoffice/dossier_part.html" in [t.name for t in client.get(response["Location"]).templates]
    login(client, liaison["stranger"])
    response = client.get(reverse("backoffice:dashboard"), {"code": dossier.code})
    assert response.status_code == 200
    assert "Không tìm thấy hồ sơ" in response.content.decode()
