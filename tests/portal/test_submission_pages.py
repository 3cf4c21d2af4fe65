"""The applicant's pages: bad input gets a clear Vietnamese message, nothing is half-saved, nothing typed is lost."""

import pytest
from django.urls import reverse

from motcua.dossiers.models import Dossier, SubmissionDraft
from motcua.dossiers.workflow import Status
from tests.factories import PASSWORD, AgencyFactory, CitizenFactory, procedure_with_workflow
from tests.uploads import exe_renamed_pdf, oversize_pdf, pdf, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(client):
    agency = AgencyFactory()
    case = procedure_with_workflow(agency=agency, mandatory_papers=2, optional_papers=1)
    citizen = CitizenFactory()
    client.login(username=citizen.username, password=PASSWORD)
    papers = list(case.papers.order_by("order"))
    return {
        "agency": agency,
        "case": case,
        "citizen": citizen,
        "papers": papers,
        "url": reverse("portal:submit_start", args=[case.procedure.pk]),
    }


def form_data(setting, **overrides):
    citizen = setting["citizen"]
    data = {
        "case": setting["case"].pk,
        "agency": setting["agency"].pk,
        "applicant_name": "Nguyễn Thị Lan",
        "applicant_id_number": citizen.citizen_id,
        "applicant_phone": "0912 345 678",
        "applicant_email": "lan@example.vn",
        "applicant_address": "Tổ 5, phường Phan Đình Phùng",
        "summary": "Đăng ký khai sinh cho con",
        "result_delivery": "online",
        "action": "submit",
    }
    data.update(overrides)
    return data


def test_complete_online_submission_creates_one_new_dossier(client, setting):
    p1, p2, _ = setting["papers"]
    response = client.post(
        setting["url"], form_data(setting, **{f"paper_{p1.pk}": pdf(), f"paper_{p2.pk}": png()})
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dossier_detail", args=[dossier.public_id])
    assert dossier.status == Status.NEW
    assert dossier.applicant_phone == "0912345678"
    assert dossier.documents.count() == 2
    assert not SubmissionDraft.objects.exists()


def test_missing_mandatory_paper_is_refused_and_keeps_typed_values_and_uploads(client, setting):
    p1, p2, _ = setting["papers"]
    response = client.post(setting["url"], form_data(setting, **{f"paper_{p1.pk}": pdf("to-khai.pdf")}))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Còn thiếu giấy tờ bắt buộc: " + p2.name in content
    assert 'value="Nguyễn Thị Lan"' in content
    assert "Đăng ký khai sinh cho con" in content
    assert "to-khai.pdf" in content  # the accepted upload is kept in the draft
    assert not Dossier.objects.exists()

    # Coming back with the draft token and only the missing paper completes the submission.
    draft = SubmissionDraft.objects.get()
    response = client.post(
        setting["url"], form_data(setting, draft=str(draft.token), **{f"paper_{p2.pk}": pdf("giay-2.pdf")})
    )
    assert response.status_code == 302
    assert Dossier.objects.get().documents.count() == 2


def test_executable_renamed_pdf_is_rejected_with_a_clear_message(client, setting):
    p1, p2, _ = setting["papers"]
    response = client.post(
        setting["url"], form_data(setting, **{f"paper_{p1.pk}": exe_renamed_pdf(), f"paper_{p2.pk}": pdf()})
    )
    assert response.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    assert not Dossier.objects.exists()


def test_oversize_file_is_rejected(client, setting, settings):
    settings.MOTCUA_MAX_UPLOAD_BYTES = 2048
    p1, p2, _ = setting["papers"]
    response = client.post(
        setting["url"], form_data(setting, **{f"paper_{p1.pk}": oversize_pdf(4096), f"paper_{p2.pk}": pdf()})
    )
    assert response.status_code == 400
    assert "vượt quá giới hạn" in response.content.decode()
    assert not Dossier.objects.exists()


def test_invalid_citizen_id_is_refused_and_other_fields_kept(client, setting):
    p1, p2, _ = setting["papers"]
    response = client.post(
        setting["url"],
        form_data(setting, applicant_id_number="12345", **{f"paper_{p1.pk}": pdf(), f"paper_{p2.pk}": pdf()}),
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Số CCCD phải gồm đúng 12 chữ số." in content
    assert 'value="12345"' in content and 'value="Nguyễn Thị Lan"' in content
    assert not Dossier.objects.exists()


def test_double_submit_with_same_draft_creates_one_dossier(client, setting):
    p1, p2, _ = setting["papers"]
    client.post(
        setting["url"],
        form_data(setting, action="check", **{f"paper_{p1.pk}": pdf(), f"paper_{p2.pk}": pdf()}),
    )
    token = str(SubmissionDraft.objects.get().token)
    first = client.post(setting["url"], form_data(setting, draft=token))
    second = client.post(setting["url"], form_data(setting, draft=token))
    assert first.status_code == 302
    assert Dossier.objects.count() == 1
    # The retry finds no draft any more: it starts afresh and is refused as incomplete, creating nothing.
    assert second.status_code == 400


def test_citizen_cannot_see_another_citizens_dossier_or_its_papers(client, setting):
    p1, p2, _ = setting["papers"]
    client.post(setting["url"], form_data(setting, **{f"paper_{p1.pk}": pdf(), f"paper_{p2.pk}": pdf()}))
    dossier = Dossier.objects.get()
    document = dossier.documents.first()
    own = client.get(reverse("portal:dossier_document", args=[dossier.public_id, document.pk]))
    assert own.status_code == 200

    other = CitizenFactory()
    client.logout()
    client.login(username=other.username, password=PASSWORD)
    assert client.get(reverse("portal:dossier_detail", args=[dossier.public_id])).status_code == 404
    assert (
        client.get(reverse("portal:dossier_document", args=[dossier.public_id, document.pk])).status_code
        == 404
    )
    response = client.post(reverse("portal:dossier_supplement", args=[dossier.public_id]), {"note": "x"})
    assert response.status_code == 404
    assert dossier.public_id not in [
        d.public_id for d in client.get(reverse("portal:my_dossiers")).context["dossiers"]
    ]


def test_tracking_shows_status_with_personal_data_masked(client, setting):
    from motcua.agencies.models import Role
    from motcua.dossiers import services
    from tests.factories import staff_with_role

    p1, p2, _ = setting["papers"]
    client.post(setting["url"], form_data(setting, **{f"paper_{p1.pk}": pdf(), f"paper_{p2.pk}": pdf()}))
    dossier = Dossier.objects.get()
    services.dossier_accept(dossier=dossier, officer=staff_with_role(setting["agency"], Role.DESK_OFFICER))
    dossier.refresh_from_db()
    client.logout()
    url = reverse("portal:tracking")
    wrong = client.post(url, {"code": dossier.code, "phone": "0999999999"})
    assert "Không tìm thấy hồ sơ" in wrong.content.decode()
    page = client.post(url, {"code": dossier.code, "phone": "0912345678"}).content.decode()
    # The form keeps what the visitor typed; the result section shows only masked data.
    right = page[page.index('id="tracking-result"') :]
    assert client.get(url, {"code": dossier.code}).context["form"]["code"].value() == dossier.code
    assert "Nguyễn T. L." in right and "Nguyễn Thị Lan" not in right
    assert "091****678" in right and "0912345678" not in right
    assert dossier.applicant_id_number not in page
    assert "Được tiếp nhận" in right
