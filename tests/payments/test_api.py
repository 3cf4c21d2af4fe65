"""Starting a payment over the API with an Idempotency-Key, and listing a dossier's payments."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from motcua.core.idempotency import STALE_AFTER, request_fingerprint
from motcua.core.models import IdempotencyRecord
from motcua.payments.models import Payment
from tests.factories import CitizenFactory
from tests.payments.conftest import awaiting_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(office):
    client = APIClient()
    client.force_authenticate(office["citizen"])
    return client


def url(dossier):
    return reverse("api:dossier_payments", args=[dossier.public_id])


def test_same_key_and_body_give_the_same_payment_and_create_nothing_new(api, office):
    dossier = awaiting_payment(office)
    first = api.post(url(dossier), {"gateway": "vnpay"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.post(url(dossier), {"gateway": "vnpay"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    body = first.json()
    assert body["amount"] == 58000 and body["state"] == "pending"
    assert body["payment_url"].startswith(f"{settings.VNPAY_PAYMENT_URL}?")
    assert Payment.objects.count() == 1

    listed = api.get(url(dossier)).json()
    assert [p["public_id"] for p in listed] == [body["public_id"]]


def test_same_key_with_another_body_is_422(api, office):
    dossier = awaiting_payment(office)
    api.post(url(dossier), {"gateway": "vnpay"}, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    response = api.post(url(dossier), {"gateway": "dvcqg"}, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert response.status_code == 422
    assert Payment.objects.count() == 1


def in_flight(office, dossier, key, *, since=None):
    """What a first request with `key` leaves while it is still running (or after it crashed)."""
    record = IdempotencyRecord.objects.create(
        scope="api.payment_start",
        owner=f"user:{office['citizen'].pk}",
        key=key,
        fingerprint=request_fingerprint(method="POST", path=url(dossier), data={"gateway": "vnpay"}),
    )
    if since is not None:
        IdempotencyRecord.objects.filter(pk=record.pk).update(updated_at=since)


def test_a_duplicate_while_the_first_is_in_flight_is_409_and_a_crashed_claim_is_taken_over(api, office):
    dossier = awaiting_payment(office)
    in_flight(office, dossier, "k-3")
    response = api.post(url(dossier), {"gateway": "vnpay"}, format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    assert response.status_code == 409 and not Payment.objects.exists()

    in_flight(office, dossier, "k-4", since=timezone.now() - STALE_AFTER - timedelta(seconds=1))
    response = api.post(url(dossier), {"gateway": "vnpay"}, format="json", HTTP_IDEMPOTENCY_KEY="k-4")
    assert response.status_code == 201
    assert IdempotencyRecord.objects.get(key="k-4").state == IdempotencyRecord.State.DONE


def test_a_refused_request_keeps_no_answer_so_the_key_can_be_retried(api, office):
    dossier = awaiting_payment(office)
    refused = api.post(url(dossier), {"gateway": "bitcoin"}, format="json", HTTP_IDEMPOTENCY_KEY="k-5")
    assert refused.status_code == 400 and not IdempotencyRecord.objects.exists()


def test_keys_and_payments_belong_to_one_applicant(api, office):
    dossier = awaiting_payment(office)
    api.post(url(dossier), {"gateway": "vnpay"}, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    api.force_authenticate(CitizenFactory())
    assert api.get(url(dossier)).status_code == 404
    response = api.post(url(dossier), {"gateway": "vnpay"}, format="json", HTTP_IDEMPOTENCY_KEY="shared")
    assert response.status_code == 404
