"""The applicant's side of withdrawal, payment requests and apologies on the portal."""

import pytest
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.workflow import Status
from tests.dossier_setup import at, make_office, processing, received, submit_online
from tests.factories import PASSWORD, CitizenFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def test_applicant_withdraws_from_the_portal_with_an_optional_reason(client):
    office = make_office()
    dossier = submit_online(office, when=at(7, 9))
    login(client, office.citizen)
    page = client.get(reverse("portal:dossier_detail", args=[dossier.public_id]))
    assert page.context["can_withdraw"] and 'id="withdraw-dossier"' in page.content.decode()
    response = client.post(reverse("portal:dossier_withdraw", args=[dossier.public_id]), {"reason": ""})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.WITHDRAWN
    page = client.get(reverse("portal:dossier_detail", args=[dossier.public_id]))
    assert not page.context["can_withdraw"] and 'id="withdraw-dossier"' not in page.content.decode()


def test_withdrawal_is_refused_once_resolved(client):
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    services.dossier_step_complete(dossier=dossier, user=office.specialist, now=at(8, 9))
    services.dossier_step_complete(dossier=dossier, user=office.leader, now=at(8, 10))
    login(client, office.citizen)
    response = client.post(
        reverse("portal:dossier_withdraw", args=[dossier.public_id]), {"reason": "Không còn nhu cầu"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Không thể “Rút hồ sơ” khi hồ sơ đang ở trạng thái “Đã xử lý xong”" in content
    assert 'id="withdraw-dossier"' not in content
    dossier.refresh_from_db()
    assert dossier.status == Status.RESOLVED


def test_somebody_elses_dossier_cannot_be_withdrawn_from_the_portal(client):
    office = make_office()
    dossier = received(office, when=at(7, 9))
    login(client, CitizenFactory())
    assert client.post(reverse("portal:dossier_withdraw", args=[dossier.public_id])).status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def test_applicant_sees_the_financial_obligation_to_fulfil(client):
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    services.dossier_request_payment(
        dossier=dossier,
        officer=office.specialist,
        description="Nộp lệ phí trước bạ",
        amount=120_000,
        now=at(8, 9),
    )
    login(client, office.citizen)
    content = client.get(reverse("portal:dossier_detail", args=[dossier.public_id])).content.decode()
    assert 'id="payment-request"' in content and "Nộp lệ phí trước bạ" in content and "120.000" in content
