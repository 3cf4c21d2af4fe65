"""Which dossier actions the applicant is told about, and what the messages say (through the SMTP sink)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.workflow import Action
from motcua.notifications.models import EventKind, Notification
from motcua.notifications.services import EVENT_KIND_FOR_ACTION, notifications_dispatch
from tests.notifications.conftest import MONDAY_MORNING, online

pytestmark = pytest.mark.django_db


def test_every_action_the_applicant_must_hear_about_has_a_message():
    # Internal steps (assign, complete a step, hand-overs) and the payment recorded at the desk stay silent.
    assert set(EVENT_KIND_FOR_ACTION) == {
        Action.ACCEPT,
        Action.RECEIVE_AT_COUNTER,
        Action.REFUSE,
        Action.REQUEST_SUPPLEMENT,
        Action.SUPPLEMENT,
        Action.REQUEST_PAYMENT,
        Action.APOLOGY,
        Action.RESOLVE,
        Action.RETURN_RESULT,
        Action.STOP,
        Action.WITHDRAW,
        Action.DEADLINES_RECOMPUTED,
    }
    assert set(EVENT_KIND_FOR_ACTION) <= set(Action.values)


def email_for(kind):
    return Notification.objects.get(kind=kind, channel="email")


def test_a_withdrawal_is_confirmed_to_the_applicant(channels, office, settings):
    settings.NOTIFICATIONS_SMS_GATEWAY_URL = ""  # e-mail only
    dossier = online(office)
    services.dossier_withdraw(
        dossier=dossier, applicant=office.citizen, reason="Nộp nhầm thủ tục", now=MONDAY_MORNING
    )
    assert notifications_dispatch().sent == [email_for(EventKind.WITHDRAWN).pk]
    message = channels.smtp.messages[-1]
    assert message["To"] == office.citizen.email
    assert message["Subject"].strip() == "Xác nhận rút hồ sơ nộp ngày 07/12/2026"
    assert "đã được rút theo đề nghị ngày 07/12/2026" in message.get_content()


def test_a_stop_tells_the_applicant_why(channels, office):
    dossier = services.dossier_accept(dossier=online(office), officer=office.desk, now=MONDAY_MORNING)
    services.dossier_stop(
        dossier=dossier,
        leader=office.leader,
        reason="Giấy tờ nộp kèm bị tẩy xóa.",
        now=MONDAY_MORNING + timedelta(hours=1),
    )
    notice = email_for(EventKind.STOPPED)
    assert notice.subject == f"Hồ sơ {dossier.code} bị dừng xử lý"
    assert "Lý do: Giấy tờ nộp kèm bị tẩy xóa." in notice.body


def test_a_payment_request_states_the_amount_in_dong_and_links_to_the_payment_page(channels, office):
    dossier = online(office)
    services.dossier_accept(dossier=dossier, officer=office.desk, now=MONDAY_MORNING)
    services.dossier_request_payment(
        dossier=dossier,
        officer=office.leader,
        description="Phí thẩm định",
        amount=1250000,
        now=MONDAY_MORNING + timedelta(hours=1),
    )
    pay = reverse("payments:dossier_fees", kwargs={"public_id": dossier.public_id})
    email = email_for(EventKind.FEE_REQUESTED)
    assert "Số tiền: 1.250.000 đồng." in email.body and pay in email.body
    sms = Notification.objects.get(kind=EventKind.FEE_REQUESTED, channel="sms")
    assert "1.250.000 dong" in sms.body and pay in sms.body and len(sms.body) <= 160
