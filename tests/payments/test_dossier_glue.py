"""The seams between money and the dossier's lifecycle: fee lines follow the dossier, and a gateway's
confirmation resumes processing through the same dossier service the desk uses."""

import pytest
from django.conf import settings
from django.core.management import call_command

from motcua.dossiers import services as dossier_services
from motcua.dossiers.services import ApplicantDetails
from motcua.dossiers.workflow import Action, Status
from motcua.payments import services
from motcua.payments.gateways.base import GatewayResult, Outcome
from motcua.payments.models import FeeLine
from motcua.payments.tasks import payments_reconcile_task
from tests.payments.conftest import awaiting_payment, received, start_online, submit_online
from tests.uploads import pdf

pytestmark = pytest.mark.django_db


def lines(dossier):
    return sorted(FeeLine.objects.filter(dossier=dossier).values_list("name", "amount", "timing", "state"))


def test_accepting_an_online_dossier_issues_the_catalogue_fees_once(office):
    dossier = received(office)
    assert lines(dossier) == [("Lệ phí đăng ký khai sinh", 8000, "before", "unpaid")]
    services.fee_lines_issue(dossier=dossier)
    assert FeeLine.objects.filter(dossier=dossier).count() == 1


def test_receiving_at_the_counter_issues_the_catalogue_fees(office):
    dossier = dossier_services.dossier_receive_at_counter(
        officer=office["desk"],
        agency=office["agency"],
        case=office["case"],
        applicant=ApplicantDetails(name="Lê Văn Bình", id_number="001190000002", phone="0987654321"),
        scans={paper.id: [pdf()] for paper in office["case"].papers.all()},
    )
    assert lines(dossier) == [("Lệ phí đăng ký khai sinh", 8000, "before", "unpaid")]


def test_requesting_the_financial_obligation_issues_its_amount_as_a_line_to_pay_after(office):
    dossier = awaiting_payment(office, amount=50000)
    assert lines(dossier) == [
        ("Lệ phí đăng ký khai sinh", 8000, "before", "unpaid"),
        ("Phí thẩm định hồ sơ", 50000, "after", "unpaid"),
    ]


def test_a_gateway_confirmation_resumes_the_dossier_naming_the_gateway_in_the_history(office):
    dossier = awaiting_payment(office)
    payment = start_online(dossier)
    result = GatewayResult(
        reference=payment.reference, outcome=Outcome.PAID, amount=payment.amount, transaction_no="14000123"
    )
    assert services.payment_settle(gateway_code="vnpay", result=result, via="ipn") == "confirmed"
    dossier.refresh_from_db()
    event = dossier.events.get(action=Action.RECORD_PAYMENT)
    assert dossier.status == Status.RECEIVED and dossier.paused_at is None
    assert event.actor is None and event.actor_label == "Thanh toán trực tuyến qua VNPAY"
    assert event.data["paused_working_seconds"] >= 0


def test_the_system_records_a_payment_only_under_a_name(office):
    dossier = awaiting_payment(office)
    with pytest.raises(ValueError):
        dossier_services.dossier_record_payment(dossier=dossier, officer=None, note="")
    dossier_services.dossier_record_payment(dossier=dossier, actor_label="Cổng thanh toán VNPay")
    assert dossier.events.get(action=Action.RECORD_PAYMENT).actor_label == "Cổng thanh toán VNPay"


def test_unpaid_fees_are_cancelled_when_the_dossier_is_refused(office):
    dossier = submit_online(office)
    dossier_services.dossier_accept(dossier=dossier, officer=office["desk"])
    other = submit_online(office)
    services.fee_lines_issue(dossier=other)  # issued while still at the desk, e.g. by the fees page
    dossier_services.dossier_refuse(dossier=other, officer=office["desk"], reason="Sai thẩm quyền")
    assert {state for *_, state in lines(other)} == {FeeLine.State.CANCELLED}
    assert {state for *_, state in lines(dossier)} == {FeeLine.State.UNPAID}


def test_unpaid_fees_are_cancelled_when_the_applicant_withdraws_but_paid_ones_stay_paid(office):
    dossier = awaiting_payment(office)
    services.payment_record_at_desk(dossier=dossier, officer=office["desk"], payer_name="Đặng Thị Ngọc Ánh")
    dossier_services.dossier_request_payment(
        dossier=dossier, officer=office["leader"], description="Phí bổ sung", amount=20000
    )
    dossier_services.dossier_withdraw(dossier=dossier, applicant=dossier.applicant, reason="Không cần nữa")
    assert [(name, state) for name, _, _, state in lines(dossier)] == [
        ("Lệ phí đăng ký khai sinh", FeeLine.State.PAID),
        ("Phí bổ sung", FeeLine.State.CANCELLED),
        ("Phí thẩm định hồ sơ", FeeLine.State.PAID),
    ]


def test_unpaid_fees_are_cancelled_when_a_leader_stops_the_dossier(office):
    dossier = awaiting_payment(office)
    dossier_services.dossier_stop(
        dossier=dossier, leader=office["leader"], reason="Phát hiện giấy tờ giả mạo"
    )
    assert {state for *_, state in lines(dossier)} == {FeeLine.State.CANCELLED}


def test_reconciliation_runs_every_five_minutes_as_a_celery_task_doing_what_the_command_does(office):
    entry = settings.CELERY_BEAT_SCHEDULE["payments-reconcile"]
    assert entry["task"] == payments_reconcile_task.name == "motcua.payments.reconcile"
    assert entry["schedule"].minute == set(range(0, 60, 5))
    assert payments_reconcile_task.delay().get() == 0
    call_command("payments_reconcile", verbosity=0)


def test_money_confirmed_after_the_dossier_was_withdrawn_pays_nothing_and_is_flagged_for_refund(office):
    dossier = awaiting_payment(office)
    payment = start_online(dossier)
    # While the payer is still on the gateway's page, the applicant withdraws the dossier.
    dossier_services.dossier_withdraw(dossier=dossier, applicant=dossier.applicant)
    assert {state for *_, state in lines(dossier)} == {FeeLine.State.CANCELLED}
    result = GatewayResult(reference=payment.reference, outcome=Outcome.PAID, amount=payment.amount)
    services.payment_settle(gateway_code="vnpay", result=result, via="ipn")
    payment.refresh_from_db()
    assert payment.is_duplicate
    assert {state for *_, state in lines(dossier)} == {FeeLine.State.CANCELLED}
    assert dossier.events.filter(action=Action.RECORD_PAYMENT).count() == 0
