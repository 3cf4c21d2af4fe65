"""Public tracking: code and phone must both match; personal data is masked; guessing is throttled."""

import pytest
from django.conf import settings
from django.urls import reverse

from motcua.dossiers import services

pytestmark = pytest.mark.django_db

URL = reverse("api:tracking")


@pytest.fixture
def received(office, submitted):
    dossier = submitted(name="Nguyễn Thị Lan", phone="0912345678")
    services.dossier_accept(dossier=dossier, officer=office["desk"])
    dossier.refresh_from_db()
    return dossier


def test_wrong_phone_is_404(api, received):
    response = api.get(URL, {"code": received.code, "phone": "0987654321"})
    assert response.status_code == 404


def test_right_code_and_phone_show_progress_with_personal_data_masked(api, received):
    response = api.get(URL, {"code": received.code.lower(), "phone": "+84 912 345 678"})
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == received.code
    assert body["applicant_name"] == "Nguyễn T. L."
    assert body["applicant_phone"] == "091****678"
    assert body["procedure"] == received.procedure.name
    assert body["agency"] == received.agency.name
    assert body["status"] == 2 and body["status_label"] == "Được tiếp nhận"
    assert [(event["to_status"], event["to_status_label"]) for event in body["history"]] == [
        (1, "Mới đăng ký"),
        (2, "Được tiếp nhận"),
    ]
    content = response.content.decode()
    assert "Nguyễn Thị Lan" not in content and "0912345678" not in content
    assert received.applicant_id_number not in content


def test_code_and_phone_are_both_required(api):
    response = api.get(URL, {"code": "H56.101-261208-0001"})
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("Số điện thoại: ")


def test_too_many_attempts_are_throttled(api, received):
    allowed = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["tracking"].split("/")[0])
    for _ in range(allowed):
        assert api.get(URL, {"code": received.code, "phone": "0900000000"}).status_code == 404
    response = api.get(URL, {"code": received.code, "phone": "0912345678"})
    assert response.status_code == 429
