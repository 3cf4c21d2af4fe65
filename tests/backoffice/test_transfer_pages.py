"""Một cửa liên thông in the back office: the department sees and acts on its part only; the commune desk
keeps the whole dossier; an uninvolved agency gets 404 everywhere."""

import pytest
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.models import DossierHandover
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
