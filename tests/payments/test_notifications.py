"""What the gateways send us, forged or replayed, through the real endpoints (the sender signs as a gateway)."""

import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers.workflow import Action, Status
from motcua.payments import services
from motcua.payments.models import FeeLine, Payment, Receipt
from motcua.payments.sandbox import signing as gateway_side
from motcua.payments.sandbox.server import DVCQG_CONFIRM, DVCQG_CONFIRM_ANSWER
from tests.payments.conftest import awaiting_payment, start_online

pytestmark = pytest.mark.django_db

IPN = reverse("payments:vnpay_ipn")


def ipn_params(payment, *, amount=None, response_code="00", reference=None, secret=None):
    params = {
        "vnp_Amount": str((payment.amount if amount is None else amount) * 100),
        "vnp_BankCode": "NCB",
        "vnp_OrderInfo": "Thanh toan phi le phi",
        "vnp_PayDate": "20261207101500",
        "vnp_ResponseCode": response_code,
        "vnp_TmnCode": settings.VNPAY_TMN_CODE,
        "vnp_TransactionNo": "14000123",
        "vnp_TransactionStatus": "00" if response_code == "00" else "02",
        "vnp_TxnRef": reference or payment.reference,
    }
    params["vnp_SecureHash"] = gateway_side.vnpay_hash(params, secret or settings.VNPAY_HASH_SECRET)
    return params


def answer(response):
    assert response.status_code == 200
    return response.json()


def test_ipn_confirms_the_payment_once_and_the_dossier_resumes(client, office):
    dossier = awaiting_payment(office)
    payment = start_online(dossier)
    assert payment.amount == 58000  # the catalogue's 8.000 đồng and the requested 50.000 đồng

    assert answer(client.get(IPN, ipn_params(payment))) == {"RspCode": "00", "Message": "Confirm Success"}
    payment.refresh_from_db()
    dossier.refresh_from_db()
    assert payment.state == Payment.State.PAID and payment.settled_via == "ipn"
    assert payment.transaction_no == "14000123"
    assert set(FeeLine.objects.values_list("state", flat=True)) == {FeeLine.State.PAID}
    assert dossier.status == Status.RECEIVED and dossier.paused_at is None
    assert Receipt.objects.get().payment == payment

    # VNPay retries, or somebody replays the same message: nothing changes again.
    assert answer(client.get(IPN, ipn_params(payment)))["RspCode"] == "02"
    assert Receipt.objects.count() == 1
    assert dossier.events.filter(action=Action.RECORD_PAYMENT).count() == 1


def test_ipn_with_a_bad_signature_is_refused_with_97(client, office):
    payment = start_online(awaiting_payment(office))
    forged = ipn_params(payment, secret="not-our-secret")
    assert answer(client.get(IPN, forged)) == {"RspCode": "97", "Message": "Invalid Checksum"}
    tampered = ipn_params(payment) | {"vnp_Amount": "100"}
    assert answer(client.get(IPN, tampered))["RspCode"] == "97"
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING


def test_ipn_for_another_amount_is_refused_with_04(client, office):
    payment = start_online(awaiting_payment(office))
    assert answer(client.get(IPN, ipn_params(payment, amount=1000))) == {
        "RspCode": "04",
        "Message": "Invalid amount",
    }
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING


def test_ipn_for_an_unknown_order_is_refused_with_01(client, office):
    payment = start_online(awaiting_payment(office))
    assert answer(client.get(IPN, ipn_params(payment, reference="NOSUCHORDER")))["RspCode"] == "01"


def test_cancelled_payment_frees_the_lines_and_a_late_success_for_it_changes_nothing(client, office):
    dossier = awaiting_payment(office)
    payment = start_online(dossier)
    assert set(FeeLine.objects.values_list("state", flat=True)) == {FeeLine.State.PENDING}

    assert answer(client.get(IPN, ipn_params(payment, response_code="24")))["RspCode"] == "00"
    payment.refresh_from_db()
    assert payment.state == Payment.State.CANCELLED
    assert set(FeeLine.objects.values_list("state", flat=True)) == {FeeLine.State.UNPAID}

    assert answer(client.get(IPN, ipn_params(payment)))["RspCode"] == "02"
    dossier.refresh_from_db()
    assert dossier.status == Status.AWAITING_PAYMENT and not Receipt.objects.exists()


def test_two_attempts_paid_in_any_order_pay_the_lines_once_and_flag_the_second_for_refund(client, office):
    dossier = awaiting_payment(office)
    first, second = start_online(dossier), start_online(dossier)

    assert answer(client.get(IPN, ipn_params(second)))["RspCode"] == "00"
    assert answer(client.get(IPN, ipn_params(first)))["RspCode"] == "00"

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == second.state == Payment.State.PAID
    assert {line.payment_id for line in FeeLine.objects.all()} == {second.pk}
    assert first.is_duplicate and not second.is_duplicate
    assert dossier.events.filter(action=Action.RECORD_PAYMENT).count() == 1


def dvcqg_confirm(client, message):
    response = client.post(
        reverse("payments:dvcqg_confirm"), json.dumps(message), content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    # Our answer carries its own MaXacThuc, so the platform can trust it.
    expected = gateway_side.dvcqg_mac([body[f] for f in DVCQG_CONFIRM_ANSWER], settings.DVCQG_PAYMENT_SECRET)
    assert body["MaXacThuc"] == expected
    return body


def confirm_message(payment, *, state="1", amount=None, secret=None):
    message = {
        "MaDoiTac": settings.DVCQG_PARTNER_CODE,
        "MaGiaoDich": payment.reference,
        "MaGiaoDichCong": "DVC0001",
        "SoTien": payment.amount if amount is None else amount,
        "TrangThai": state,
        "ThoiGianThanhToan": "20261207101500",
    }
    values = [message[f] for f in DVCQG_CONFIRM]
    return message | {"MaXacThuc": gateway_side.dvcqg_mac(values, secret or settings.DVCQG_PAYMENT_SECRET)}


def test_dvcqg_confirm_checks_its_mac_and_settles_once(client, office):
    # What payment_start leaves behind once the platform's INIT accepted it (INIT itself: test_sandbox.py).
    dossier = awaiting_payment(office)
    payment = Payment.objects.create(
        reference="261207DVCQG1",
        dossier=dossier,
        method=Payment.Method.ONLINE,
        gateway="dvcqg",
        amount=58000,
        payer_name=dossier.applicant_name,
        created_at=timezone.now(),
    )
    payment.lines.set(services.fee_lines_issue(dossier=dossier))
    assert dvcqg_confirm(client, confirm_message(payment, secret="forged"))["MaLoi"] == "97"
    assert dvcqg_confirm(client, confirm_message(payment, amount=1))["MaLoi"] == "04"
    assert dvcqg_confirm(client, confirm_message(payment))["MaLoi"] == "00"
    assert dvcqg_confirm(client, confirm_message(payment))["MaLoi"] == "02"
    payment.refresh_from_db()
    dossier.refresh_from_db()
    assert payment.state == Payment.State.PAID and payment.transaction_no == "DVC0001"
    assert dossier.status == Status.RECEIVED
