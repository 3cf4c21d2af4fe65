"""A citizen whose dossier waits for its fees pays them through the sandbox gateway and sees it move on."""

import pytest

from tests.factories import PASSWORD
from tests.payments.conftest import awaiting_payment, office, sandbox, sandbox_process  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_pays_fees_online_and_the_dossier_resumes(live_server, page, office, sandbox):  # noqa: F811
    dossier = awaiting_payment(office)
    citizen = office["citizen"]

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", citizen.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/ho-so/{dossier.public_id}/")
    assert "Yêu cầu thực hiện nghĩa vụ tài chính" in page.inner_text("main")
    page.click("#fees-link")
    assert "58.000 đồng" in page.inner_text("#due-total")
    page.check("input[name=gateway][value=vnpay]")
    page.click("#pay-now")

    # The gateway's own page, another origin: the citizen confirms there.
    page.wait_for_url(f"{sandbox.url}/paymentv2/vpcpay.html*")
    assert "58.000 VND" in page.inner_text("#amount")
    page.click("#pay")

    page.wait_for_url(f"{live_server.url}/thanh-toan/vnpay/ket-qua/*")
    assert "Đã thanh toán" in page.inner_text("#payment-state")
    page.click("text=Về trang phí, lệ phí của hồ sơ")
    assert "Biên lai số 0000001" in page.inner_text("#payments")
    page.goto(f"{live_server.url}/ho-so/{dossier.public_id}/")
    assert "Được tiếp nhận" in page.inner_text("main")
