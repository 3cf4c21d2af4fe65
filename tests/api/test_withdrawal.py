"""POST /api/dossiers/{public_id}/withdraw/: the applicant withdraws a dossier not yet resolved."""

import pytest
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.workflow import Status
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def test_applicant_withdraws_through_the_api(api, office, submitted):
    dossier = submitted()
    api.force_authenticate(office["citizen"])
    response = api.post(
        reverse("api:dossier_withdraw", args=[dossier.public_id]), {"reason": "Nộp nhầm"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == Status.WITHDRAWN and body["closed_reason"] == "Nộp nhầm"
    assert body["history"][-1]["action"] == "withdraw"


def test_withdrawal_without_a_reason_is_accepted(api, office, submitted):
    dossier = submitted()
    api.force_authenticate(office["citizen"])
    response = api.post(reverse("api:dossier_withdraw", args=[dossier.public_id]))
    assert response.status_code == 200 and response.json()["status"] == Status.WITHDRAWN


def test_resolved_dossier_cannot_be_withdrawn_through_the_api(api, office, submitted):
    dossier = submitted()
    services.dossier_refuse(dossier=dossier, officer=office["desk"], reason="Không thuộc thẩm quyền")
    api.force_authenticate(office["citizen"])
    response = api.post(reverse("api:dossier_withdraw", args=[dossier.public_id]))
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("Không thể “Rút hồ sơ”")


def test_somebody_elses_dossier_answers_404(api, office, submitted):
    dossier = submitted()
    api.force_authenticate(CitizenFactory())
    assert api.post(reverse("api:dossier_withdraw", args=[dossier.public_id])).status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.NEW


def test_staff_and_anonymous_cannot_use_the_withdrawal_endpoint(api, office, submitted):
    dossier = submitted()
    url = reverse("api:dossier_withdraw", args=[dossier.public_id])
    assert api.post(url).status_code == 401
    api.force_authenticate(office["desk"])
    assert api.post(url).status_code == 403
