"""The desk and processing pages: officers act only inside their agency; everyone else gets 404."""

import pytest
from django.urls import reverse

from motcua.agencies.models import Role
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Status
from tests.factories import PASSWORD, AgencyFactory, CitizenFactory, procedure_with_workflow, staff_with_role
from tests.uploads import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    agency = AgencyFactory(electronic_id="H56.102")
    case = procedure_with_workflow(agency=agency, mandatory_papers=1, optional_papers=0)
    citizen = CitizenFactory()
    draft = services.draft_start(applicant=citizen, case=case, agency=agency)
    services.draft_update(
        draft=draft,
        agency=agency,
        user=citizen,
        files={case.papers.get().id: [pdf()]},
        form_data={
            "applicant_name": citizen.full_name,
            "applicant_id_number": citizen.citizen_id,
            "applicant_phone": citizen.phone,
        },
    )
    return {
        "agency": agency,
        "case": case,
        "dossier": services.dossier_submit(draft=draft),
        "desk": staff_with_role(agency, Role.DESK_OFFICER),
        "leader": staff_with_role(agency, Role.DEPARTMENT_LEADER),
        "specialist": staff_with_role(agency, Role.SPECIALIST),
    }


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def test_desk_officer_sees_online_dossier_in_inbox_and_accepts_it(client, office):
    login(client, office["desk"])
    dossier = office["dossier"]
    inbox = client.get(reverse("backoffice:dashboard"))
    assert dossier in list(inbox.context["inbox"])
    response = client.post(reverse("backoffice:accept", args=[dossier.public_id]), {"note": ""})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED and dossier.code.startswith("H56.102-")


def test_leader_assigns_specialist_through_the_page(client, office):
    dossier = office["dossier"]
    services.dossier_accept(dossier=dossier, officer=office["desk"])
    login(client, office["leader"])
    page = client.get(reverse("backoffice:dossier", args=[dossier.public_id]))
    assert office["specialist"] in list(page.context["step_form"].fields["next_assignee"].queryset)
    client.post(
        reverse("backoffice:complete_step", args=[dossier.public_id]),
        {"note": "Giao xử lý", "next_assignee": office["specialist"].pk},
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING
    login(client, office["specialist"])
    steps = client.get(reverse("backoffice:dashboard")).context["steps"]
    assert [s.dossier_id for s in steps] == [dossier.pk]


def test_officer_of_another_agency_gets_404_and_changes_nothing(client, office):
    stranger = staff_with_role(AgencyFactory(), Role.DESK_OFFICER)
    login(client, stranger)
    dossier = office["dossier"]
    assert client.get(reverse("backoffice:dossier", args=[dossier.public_id])).status_code == 404
    assert client.post(reverse("backoffice:accept", args=[dossier.public_id])).status_code == 404
    document = dossier.documents.first()
    url = reverse("backoffice:dossier_document", args=[dossier.public_id, document.pk])
    assert client.get(url).status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW
    assert dossier not in list(client.get(reverse("backoffice:dashboard")).context["inbox"])


def test_citizen_cannot_open_the_back_office(client, office):
    citizen = office["dossier"].applicant
    login(client, citizen)
    assert client.get(reverse("backoffice:dashboard")).status_code == 404
    assert client.get(reverse("backoffice:dossier", args=[office["dossier"].public_id])).status_code == 404


def test_counter_intake_of_a_walk_in_applicant(client, office):
    login(client, office["desk"])
    case = office["case"]
    paper = case.papers.get()
    url = reverse("backoffice:counter_intake", args=[case.pk])
    data = {
        "agency": office["agency"].pk,
        "applicant_name": "Hoàng Văn Nam",
        "applicant_id_number": "019090001234",
        "applicant_phone": "0987000111",
        "summary": "",
        "result_delivery": "counter",
        "idempotency_key": "k-1",
    }
    missing = client.post(url, data)
    assert missing.status_code == 400
    assert "Còn thiếu bản số hóa" in missing.content.decode()
    assert 'value="Hoàng Văn Nam"' in missing.content.decode()
    response = client.post(url, {**data, f"paper_{paper.pk}": pdf()})
    assert response.status_code == 302
    walk_in = Dossier.objects.get(applicant_name="Hoàng Văn Nam")
    assert walk_in.channel == 1 and walk_in.status == Status.RECEIVED and walk_in.code
    # A double click on the receipt button does not create a second dossier.
    client.post(url, {**data, f"paper_{paper.pk}": pdf()})
    assert Dossier.objects.filter(applicant_name="Hoàng Văn Nam").count() == 1


def test_inbox_query_count_does_not_grow_with_dossiers(client, office, django_assert_max_num_queries):
    login(client, office["desk"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("backoffice:dashboard"))
    case = office["case"]
    for _ in range(5):
        citizen = CitizenFactory()
        draft = services.draft_start(applicant=citizen, case=case, agency=office["agency"])
        services.draft_update(
            draft=draft,
            agency=office["agency"],
            user=citizen,
            files={case.papers.get().id: [pdf()]},
            form_data={
                "applicant_name": citizen.full_name,
                "applicant_id_number": citizen.citizen_id,
                "applicant_phone": citizen.phone,
            },
        )
        services.dossier_submit(draft=draft)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("backoffice:dashboard"))
    assert len(many) == len(few)
