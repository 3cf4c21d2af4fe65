"""The same notification delivered many times at the same instant settles the payment once."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from motcua.dossiers.workflow import Action, Status
from motcua.payments.models import Payment, Receipt
from tests.payments.conftest import awaiting_payment, start_online
from tests.payments.test_notifications import ipn_params

CONCURRENT = 6


@pytest.mark.django_db(transaction=True)
def test_simultaneous_identical_ipns_pay_once(office):
    dossier = awaiting_payment(office)
    payment = start_online(dossier)
    params = ipn_params(payment)
    start = threading.Barrier(CONCURRENT)
    answers, errors = [], []

    def deliver():
        try:
            start.wait(timeout=30)
            answers.append(Client().get(reverse("payments:vnpay_ipn"), params).json()["RspCode"])
        except Exception as error:  # collected and asserted below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(answers) == ["00"] + ["02"] * (CONCURRENT - 1)
    payment.refresh_from_db()
    dossier.refresh_from_db()
    assert payment.state == Payment.State.PAID and Receipt.objects.count() == 1
    assert dossier.status == Status.RECEIVED
    assert dossier.events.filter(action=Action.RECORD_PAYMENT).count() == 1
