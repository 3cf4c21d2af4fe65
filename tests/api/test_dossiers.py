"""The applicant's dossiers over the API: online submission, all or nothing, and only one's own dossiers."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from motcua.api.serializers import DossierSubmitSerializer
from motcua.api.views import _submit_online
from motcua.core.idempotency import request_fingerprint
from motcua.core.models import IdempotencyRecord
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierDocument, SubmissionDraft
from motcua.dossiers.workflow import Status
from tests.factories import CitizenFactory
from tests.uploads import exe_renamed_pdf, oversize_pdf, pdf, png

pytestmark = pytest.mark.django_db

URL = reverse("api:dossiers")


def form(office, **overrides):
    citizen = office["citizen"]
    data = {
        "case": office["case"].pk,
        "agency": office["agency"].pk,
        "applicant_name": "Nguyễn Thị Lan",
        "applicant_id_number": citizen.citizen_id,
        "applicant_phone": "0912 345 678",
        "applicant_email": "lan@example.vn",
        "applicant_address": "Tổ 5, phường Phan Đình Phùng",
        "summary": "Đăng ký khai sinh cho con",
        "result_delivery": "online",
    }
    data.update(overrides)
    return data


def with_papers(office, **overrides):
    first, second, _ = office["papers"]
    return form(office, **{f"paper_{first.pk}": pdf(), f"paper_{second.pk}": png()}, **overrides)


def stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def assert_nothing_kept(settings):
    assert not Dossier.objects.exists()
    assert not SubmissionDraft.objects.exists()
    assert not DossierDocument.objects.exists()
    assert stored_files(settings) == []


@pytest.fixture
def citizen_api(api, office):
    api.force_authenticate(office["citizen"])
    return api


def test_submission_with_every_mandatory_paper_creates_a_new_dossier(citizen_api, office):
    optional = office["papers"][2]
    data = with_papers(
        office, **{f"paper_{optional.pk}": pdf("them.pdf"), "paper_other": [pdf("a.pdf"), png()]}
    )
    response = citizen_api.post(URL, data)
    assert response.status_code == 201, response.json()
    body = response.json()
    dossier = Dossier.objects.get()
    assert body["public_id"] == str(dossier.public_id)
    assert body["status"] == Status.NEW == 1
    assert body["status_label"] == "Mới đăng ký"
    assert body["code"] is None
    assert dossier.applicant == office["citizen"] and dossier.applicant_phone == "0912345678"
    assert len(body["documents"]) == 5
    assert [event["to_status"] for event in body["history"]] == [1]
    assert not SubmissionDraft.objects.exists()


def test_missing_mandatory_paper_is_refused_and_nothing_is_kept(citizen_api, office, settings):
    first, second, _ = office["papers"]
    response = citizen_api.post(URL, form(office, **{f"paper_{first.pk}": pdf()}))
    assert response.status_code == 400
    assert response.json() == {"errors": [f"Còn thiếu giấy tờ bắt buộc: {second.name}."]}
    assert_nothing_kept(settings)


def test_executable_renamed_pdf_is_refused(citizen_api, office, settings):
    first, second, _ = office["papers"]
    data = form(office, **{f"paper_{first.pk}": exe_renamed_pdf(), f"paper_{second.pk}": pdf()})
    response = citizen_api.post(URL, data)
    assert response.status_code == 400
    (message,) = response.json()["errors"]
    assert "giay-to.pdf" in message and "không phải PDF, JPEG hoặc PNG" in message
    assert_nothing_kept(settings)


def test_oversize_file_is_refused(citizen_api, office, settings):
    settings.MOTCUA_MAX_UPLOAD_BYTES = 1024 * 1024
    first, second, _ = office["papers"]
    data = form(office, **{f"paper_{first.pk}": oversize_pdf(2 * 1024 * 1024), f"paper_{second.pk}": pdf()})
    response = citizen_api.post(URL, data)
    assert response.status_code == 400
    assert "vượt quá giới hạn 1 MB" in response.json()["errors"][0]
    assert_nothing_kept(settings)


def test_invalid_citizen_id_is_refused_after_the_files_were_checked(citizen_api, office, settings):
    response = citizen_api.post(URL, with_papers(office, applicant_id_number="12345"))
    assert response.status_code == 400
    assert response.json() == {"errors": ["Số CCCD phải gồm đúng 12 chữ số."]}
    assert_nothing_kept(settings)


def test_missing_fields_and_foreign_papers_are_reported_in_vietnamese(citizen_api, office, settings):
    response = citizen_api.post(URL, form(office, summary="", paper_999=pdf()))
    assert response.status_code == 400
    assert response.json()["errors"] == ["Nội dung yêu cầu: Trường này không được bỏ trống."]
    response = citizen_api.post(URL, with_papers(office, paper_999=pdf()))
    assert response.json()["errors"] == ["“paper_999” không phải thành phần hồ sơ của trường hợp đã chọn."]
    assert_nothing_kept(settings)


def test_same_idempotency_key_twice_makes_one_dossier(citizen_api, office):
    first = citizen_api.post(URL, with_papers(office), HTTP_IDEMPOTENCY_KEY="3f1c0b9e-retry")
    again = citizen_api.post(URL, with_papers(office), HTTP_IDEMPOTENCY_KEY="3f1c0b9e-retry")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Dossier.objects.count() == 1
    assert DossierDocument.objects.count() == 2  # the replay stored nothing
    assert Dossier.objects.get().idempotency_key == f"api:{office['citizen'].pk}:3f1c0b9e-retry"

    another = citizen_api.post(URL, with_papers(office), HTTP_IDEMPOTENCY_KEY="a-new-dossier")
    assert another.status_code == 201 and Dossier.objects.count() == 2


def test_same_idempotency_key_with_another_form_is_422(citizen_api, office):
    citizen_api.post(URL, with_papers(office), HTTP_IDEMPOTENCY_KEY="k-form")
    response = citizen_api.post(
        URL, with_papers(office, summary="Một yêu cầu khác"), HTTP_IDEMPOTENCY_KEY="k-form"
    )
    assert response.status_code == 422
    assert Dossier.objects.count() == 1


def test_a_retry_while_the_first_submission_is_still_running_is_409(citizen_api, office):
    # What the first request leaves while it runs: its claim on the key, for the same form.
    parsed = Request(APIRequestFactory().post(URL, with_papers(office)), parsers=[MultiPartParser()])
    IdempotencyRecord.objects.create(
        scope="api.dossier_submit",
        owner=f"user:{office['citizen'].pk}",
        key="k-running",
        fingerprint=request_fingerprint(method="POST", path=URL, data=parsed.data),
    )
    response = citizen_api.post(URL, with_papers(office), HTTP_IDEMPOTENCY_KEY="k-running")
    assert response.status_code == 409
    assert not Dossier.objects.exists()


def test_idempotency_keys_belong_to_one_applicant(api, office):
    api.force_authenticate(office["citizen"])
    api.post(URL, with_papers(office), HTTP_IDEMPOTENCY_KEY="same-key")
    neighbour = CitizenFactory()
    api.force_authenticate(neighbour)
    response = api.post(
        URL, with_papers(office, applicant_id_number=neighbour.citizen_id), HTTP_IDEMPOTENCY_KEY="same-key"
    )
    assert response.status_code == 201
    assert Dossier.objects.filter(applicant=neighbour).count() == 1


def test_an_overlong_idempotency_key_is_refused(citizen_api, office):
    response = citizen_api.post(URL, with_papers(office), HTTP_IDEMPOTENCY_KEY="x" * 80)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"][0]
    assert not Dossier.objects.exists()


def test_list_shows_only_own_dossiers_with_constant_query_count(citizen_api, office, submitted):
    submitted(citizen=CitizenFactory())  # somebody else's
    submitted()
    with CaptureQueriesContext(connection) as one:
        response = citizen_api.get(URL)
    assert response.json()["count"] == 1
    for _ in range(4):
        submitted()
    with CaptureQueriesContext(connection) as five:
        response = citizen_api.get(URL)
    body = response.json()
    assert body["count"] == 5
    assert body["results"][0]["procedure"]["name"] == office["case"].procedure.name
    assert len(five) == len(one)


def test_detail_of_another_citizens_dossier_is_404(citizen_api, office, submitted):
    theirs = submitted(citizen=CitizenFactory())
    response = citizen_api.get(reverse("api:dossier", args=[theirs.public_id]))
    assert response.status_code == 404


def test_detail_has_iso_dates_documents_and_history(citizen_api, office, submitted):
    dossier = submitted()
    services.dossier_accept(dossier=dossier, officer=office["desk"])
    body = citizen_api.get(reverse("api:dossier", args=[dossier.public_id])).json()
    dossier.refresh_from_db()
    assert body["status"] == Status.RECEIVED and body["code"] == dossier.code
    assert body["received_at"].endswith("+07:00") and "T" in body["received_at"]
    assert [(e["action"], e["from_status"], e["to_status"]) for e in body["history"]] == [
        ("submit", None, 1),
        ("accept", 1, 2),
    ]
    assert {document["kind"] for document in body["documents"]} == {"submitted"}


def test_result_documents_appear_only_once_the_result_is_approved(citizen_api, office, submitted):
    dossier = submitted()
    services.dossier_accept(dossier=dossier, officer=office["desk"])
    services.dossier_step_complete(dossier=dossier, user=office["leader"], next_assignee=office["specialist"])
    services.dossier_step_complete(
        dossier=dossier, user=office["specialist"], result_files=[pdf("ket-qua.pdf")]
    )
    url = reverse("api:dossier", args=[dossier.public_id])
    result = DossierDocument.objects.get(kind=DossierDocument.Kind.RESULT)
    download = reverse("api:dossier_document", args=[dossier.public_id, result.pk])

    body = citizen_api.get(url).json()
    assert body["status"] == Status.PROCESSING
    assert "ket-qua.pdf" not in [document["name"] for document in body["documents"]]
    assert citizen_api.get(download).status_code == 404

    services.dossier_step_complete(dossier=dossier, user=office["leader"])
    body = citizen_api.get(url).json()
    assert body["status"] == Status.RESOLVED
    assert "ket-qua.pdf" in [document["name"] for document in body["documents"]]
    response = citizen_api.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_staff_cannot_use_the_applicant_endpoints(api, office, submitted):
    dossier = submitted()
    api.force_authenticate(office["desk"])
    assert api.get(URL).status_code == 403
    assert api.post(URL, with_papers(office)).status_code == 403
    assert api.get(reverse("api:dossier", args=[dossier.public_id])).status_code == 403
    assert Dossier.objects.count() == 1


def test_anonymous_requests_are_asked_to_authenticate(api):
    response = api.get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_request_losing_the_race_for_its_key_returns_the_winners_dossier_and_keeps_nothing(
    office, submitted, settings
):
    # Two requests with one key both passed the replay check, and the other one committed first.
    citizen = office["citizen"]
    winner = submitted()
    key = f"api:{citizen.pk}:raced"
    Dossier.objects.filter(pk=winner.pk).update(idempotency_key=key)
    files_before = set(stored_files(settings))

    request = Request(APIRequestFactory().post(URL, with_papers(office)), parsers=[MultiPartParser()])
    submission = DossierSubmitSerializer(data=request.data)
    assert submission.is_valid(), submission.errors
    dossier, created = _submit_online(applicant=citizen, submission=submission, key=key)

    assert (dossier.pk, created) == (winner.pk, False)
    assert Dossier.objects.count() == 1 and not SubmissionDraft.objects.exists()
    assert DossierDocument.objects.count() == 2
    assert set(stored_files(settings)) == files_before
