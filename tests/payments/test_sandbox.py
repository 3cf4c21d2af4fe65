"""Paying through the sandbox gateway, a real process: the payer's clicks, the gateway's calls back to the
live server (IPN, CONFIRM) and our queries to it (querydr, QUERY)."""

import io
import json
import re
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from motcua.dossiers.workflow import Action, Status
from motcua.payments.gateways.base import Outcome
from motcua.payments.gateways.registry import gateway_for
from motcua.payments.models import Payment, Receipt
from motcua.payments.sandbox import signing as gateway_side
from motcua.payments.sandbox.server import DVCQG_CONFIRM_ANSWER
from tests.payments.conftest import awaiting_payment

pytestmark = pytest.mark.django_db(transaction=True)


def start_in_portal(client, dossier, gateway="vnpay", key=None):
    """The citizen opens the fees page and clicks to pay; returns the gateway page's URL and the form's key."""
    page = client.get(reverse("payments:dossier_fees", args=[dossier.public_id])).content.decode()
    key = key or re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("payments:start", args=[dossier.public_id]), {"gateway": gateway, "idempotency_key": key}
    )
    assert response.status_code == 302
    return response["Location"], key


def back_in_portal(client, location):
    """The payer's browser follows the gateway's redirect back to our return page."""
    parts = urlsplit(location)
    return client.get(f"{parts.path}?{parts.query}")


def test_citizen_pays_in_the_sandbox_and_the_ipn_makes_it_paid_once(client, office, sandbox, live_server):
    dossier = awaiting_payment(office)
    client.force_login(office["citizen"])
    url, key = start_in_portal(client, dossier)
    # A double click (same page, same key) goes to the same payment instead of starting another.
    assert start_in_portal(client, dossier, key=key)[0] == url
    assert Payment.objects.count() == 1
    assert "58.000 VND" in sandbox.open(url)

    location = sandbox.click(url, "pay")

    payment = Payment.objects.get()
    assert (payment.state, payment.settled_via) == (Payment.State.PAID, "ipn")
    transaction = sandbox.transaction(payment.reference)
    assert transaction["notifications"] == [
        {"status": 200, "body": {"RspCode": "00", "Message": "Confirm Success"}}
    ]
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    assert "Đã thanh toán" in back_in_portal(client, location).content.decode()

    # The gateway retries its notification, and somebody replays the signed URL: answered 02, nothing changes.
    assert sandbox.notify_again(payment.reference)["notifications"][-1]["body"]["RspCode"] == "02"
    ipn = f"{live_server.url}{reverse('payments:vnpay_ipn')}?{transaction['result_query']}"
    with urllib.request.urlopen(ipn) as replay:
        assert json.loads(replay.read())["RspCode"] == "02"
    assert Payment.objects.count() == Receipt.objects.count() == 1
    assert dossier.events.filter(action=Action.RECORD_PAYMENT).count() == 1


def test_the_return_page_changes_nothing_and_reconciliation_settles_a_lost_ipn(client, office, sandbox):
    sandbox.configure(drop_ipn=True)
    dossier = awaiting_payment(office)
    client.force_login(office["citizen"])
    url, _ = start_in_portal(client, dossier)
    location = sandbox.click(url, "pay")

    # The browser comes back signed "paid", but only the gateway's own notification may say so.
    page = back_in_portal(client, location).content.decode()
    assert "đang chờ xác nhận" in page
    payment = Payment.objects.get()
    dossier.refresh_from_db()
    assert payment.state == Payment.State.PENDING and dossier.status == Status.AWAITING_PAYMENT

    output = io.StringIO()
    call_command("payments_reconcile", "--older-than", "0", stdout=output)
    assert "1 giao dịch đã có kết quả" in output.getvalue()
    payment.refresh_from_db()
    dossier.refresh_from_db()
    assert (payment.state, payment.settled_via) == (Payment.State.PAID, "reconcile")
    assert dossier.status == Status.RECEIVED and Receipt.objects.count() == 1

    # The notification arriving late after all is answered "already confirmed".
    assert sandbox.notify_again(payment.reference)["notifications"][-1]["body"]["RspCode"] == "02"


def test_reconciliation_waits_for_open_payments_and_cancels_expired_ones_the_gateway_never_saw(
    client, office, sandbox, settings
):
    dossier = awaiting_payment(office)
    client.force_login(office["citizen"])
    opened, _ = start_in_portal(client, dossier)
    sandbox.open(opened)  # the payer is on the gateway's page, not finished
    start_in_portal(client, dossier)  # never reached the gateway
    settings.PAYMENT_EXPIRE_MINUTES = 0

    output = io.StringIO()
    call_command("payments_reconcile", "--older-than", "0", stdout=output)
    assert "1 còn chờ, 1 hết hạn" in output.getvalue()
    states = dict(Payment.objects.values_list("redirect_url", "state"))
    assert states.pop(opened) == Payment.State.PENDING
    assert list(states.values()) == [Payment.State.CANCELLED]


def test_dvcqg_platform_init_confirm_and_query(client, office, sandbox):
    dossier = awaiting_payment(office)
    client.force_login(office["citizen"])
    url, _ = start_in_portal(client, dossier, gateway="dvcqg")
    assert url.startswith(f"{sandbox.url}/dvcqg/thanhtoan/trang/")  # UrlThanhToan from INIT

    location = sandbox.click(url, "pay")

    payment = Payment.objects.get()
    assert (payment.state, payment.settled_via) == (Payment.State.PAID, "confirm")
    [answer] = sandbox.transaction(payment.reference)["notifications"]
    body = answer["body"]
    assert body["MaLoi"] == "00"
    mac = gateway_side.dvcqg_mac([body[f] for f in DVCQG_CONFIRM_ANSWER], settings.DVCQG_PAYMENT_SECRET)
    assert body["MaXacThuc"] == mac
    result = gateway_for("dvcqg").query(payment=payment)
    assert (result.outcome, result.amount) == (Outcome.PAID, 58000)
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    assert "Đã thanh toán" in back_in_portal(client, location).content.decode()
