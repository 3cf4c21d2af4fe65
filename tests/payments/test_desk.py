"""The desk: cash received and its e-receipt, amounts set and exemptions, refunds by a leader; and who may
see which payment (anybody else gets a 404)."""

import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from motcua.agencies.models import Role
from motcua.catalog.models import Fee
from motcua.dossiers.workflow import Status
from motcua.payments import services
from motcua.payments.models import FeeLine, Payment
from tests.factories import AgencyFactory, CitizenFactory, FeeFactory, staff_with_role
from tests.payments.conftest import awaiting_payment, received, start_online

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def record_cash(client, office, dossier, **form):
    client.force_login(office["desk"])
    data = {"payer_name": "Nguyễn Văn Bình", "method": "cash", "transfer_reference": ""} | form
    return client.post(reverse("payments:desk_record", args=[dossier.public_id]), data, follow=True)


def test_cash_at_the_desk_resumes_the_dossier_and_prints_an_e_receipt(client, office):
    dossier = awaiting_payment(office)
    page = record_cash(client, office, dossier).content.decode()
    assert "Đã thu 58.000 đồng, biên lai số 0000001." in page

    payment = Payment.objects.get()
    assert (payment.method, payment.state, payment.recorded_by) == ("cash", "paid", office["desk"])
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED

    response = client.get(reverse("payments:desk_receipt", args=[payment.public_id]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "BIÊN LAI THU PHÍ, LỆ PHÍ",
        "Số: 0000001/",
        "Nguyễn Văn Bình",
        dossier.code,
        "Lệ phí đăng ký khai sinh",
        "Phí thẩm định hồ sơ",
        "58.000 đồng",
        "Năm mươi tám nghìn đồng",
        f"Ngày thu: {timezone.localdate():%d/%m/%Y}",
        "UBND phường Phan Đình Phùng",
    ):
        assert expected in text, expected

    # Nothing left to pay: a second click records nothing.
    assert "không còn khoản phí" in record_cash(client, office, dossier).content.decode()
    assert Payment.objects.count() == 1


def test_a_transfer_needs_its_reference(client, office):
    dossier = received(office)
    assert "số chứng từ" in record_cash(client, office, dossier, method="transfer").content.decode()
    record_cash(client, office, dossier, method="transfer", transfer_reference="FT26341000123")
    assert Payment.objects.get().transfer_reference == "FT26341000123"


def test_a_fee_by_regulation_gets_its_amount_from_the_desk_and_exemption_ends_the_obligation(client, office):
    FeeFactory(case=office["case"], name="Phí khai thác dữ liệu", kind=Fee.Kind.FEE, amount=None, order=2)
    dossier = awaiting_payment(office, amount=None)
    with pytest.raises(services.PaymentError, match="chưa có mức thu"):
        start_online(dossier)
    client.force_login(office["desk"])
    client.post(reverse("payments:desk_issue_lines", args=[dossier.public_id]))
    by_regulation = FeeLine.objects.get(amount=None)
    update = reverse("payments:desk_update_line", args=[dossier.public_id, by_regulation.pk])
    client.post(update, {"amount": "20000"})
    by_regulation.refresh_from_db()
    assert by_regulation.amount == 20000

    for line in FeeLine.objects.all():
        url = reverse("payments:desk_update_line", args=[dossier.public_id, line.pk])
        client.post(url, {"exempt": "on", "reason": "Trẻ em thuộc hộ nghèo (Thông tư 85/2019, Điều 5)"})
    assert set(FeeLine.objects.values_list("timing", flat=True)) == {FeeLine.Timing.EXEMPT}
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def test_only_a_leader_records_a_refund(client, office):
    dossier = received(office)
    record_cash(client, office, dossier)
    payment = Payment.objects.get()
    url = reverse("payments:desk_refund", args=[dossier.public_id, payment.public_id])

    client.force_login(office["desk"])
    client.post(url, {"reason": "Nộp nhầm"})
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID

    client.force_login(office["leader"])
    page = client.post(url, {"reason": "Hồ sơ bị từ chối, hoàn lệ phí"}, follow=True).content.decode()
    assert "Đã ghi nhận hoàn trả" in page
    payment.refresh_from_db()
    assert (payment.state, payment.refunded_by) == (Payment.State.REFUNDED, office["leader"])
    assert set(FeeLine.objects.values_list("state", flat=True)) == {FeeLine.State.REFUNDED}


def test_the_citizen_sees_their_fees_and_receipt_and_nobody_else_does(client, office):
    dossier = received(office)
    record_cash(client, office, dossier)
    payment = Payment.objects.get()
    fees = reverse("payments:dossier_fees", args=[dossier.public_id])
    receipt = reverse("payments:receipt", args=[dossier.public_id, payment.public_id])

    client.force_login(office["citizen"])
    page = client.get(fees).content.decode()
    assert "Lệ phí đăng ký khai sinh" in page and "Biên lai số 0000001" in page
    assert client.get(receipt)["Content-Type"] == "application/pdf"
    assert client.get(reverse("portal:dossier_detail", args=[dossier.public_id])).status_code == 200

    client.force_login(CitizenFactory())
    assert client.get(fees).status_code == 404
    assert client.get(receipt).status_code == 404


def test_an_officer_of_another_agency_gets_404_for_fees_payments_and_receipts(client, office):
    dossier = received(office)
    record_cash(client, office, dossier)
    payment = Payment.objects.get()
    stranger = staff_with_role(AgencyFactory(), Role.DESK_OFFICER)
    client.force_login(stranger)
    assert client.get(reverse("payments:desk_fees", args=[dossier.public_id])).status_code == 404
    assert client.get(reverse("payments:desk_receipt", args=[payment.public_id])).status_code == 404
    response = client.post(
        reverse("payments:desk_record", args=[dossier.public_id]), {"payer_name": "X", "method": "cash"}
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.payment_record_at_desk(dossier=dossier, officer=stranger, payer_name="X")


def test_the_fees_pages_query_count_does_not_grow_with_payments(client, office, django_assert_num_queries):
    dossier = awaiting_payment(office)
    start_online(dossier)
    pages = [
        (office["desk"], reverse("payments:desk_fees", args=[dossier.public_id])),
        (office["citizen"], reverse("payments:dossier_fees", args=[dossier.public_id])),
    ]
    counts = []
    for user, url in pages:
        client.force_login(user)
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        counts.append(len(one.captured_queries))
    for _ in range(3):
        start_online(dossier)
    record_cash(client, office, dossier)
    for (user, url), count in zip(pages, counts, strict=True):
        client.force_login(user)
        with django_assert_num_queries(count):
            page = client.get(url).content.decode()
        assert page.count("Đang chờ thanh toán") == 4 and "Biên lai số 0000001" in page

    detail = client.get(reverse("portal:dossier_detail", args=[dossier.public_id])).content.decode()
    assert 'id="fees-link"' in detail
    client.force_login(office["desk"])
    detail = client.get(reverse("backoffice:dossier", args=[dossier.public_id])).content.decode()
    assert re.search(r'href="/mot-cua/ho-so/[^"]+/le-phi/"', detail)


def test_administrators_see_payments_read_only(admin_client, office):
    payment = services.payment_record_at_desk(
        dossier=received(office), officer=office["desk"], payer_name="X"
    )
    assert payment.reference in admin_client.get("/quan-tri/payments/payment/").content.decode()
    change = admin_client.get(f"/quan-tri/payments/payment/{payment.pk}/change/")
    assert change.status_code == 200 and "Cán bộ ghi nhận đã thu tiền" in change.content.decode()
    assert admin_client.get("/quan-tri/payments/payment/add/").status_code == 403
