"""Offices with fees, dossiers in the states money is paid in (made through the real services), and the
sandbox gateway as a real process on a free port, with the Django live server as the merchant."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from motcua.agencies.models import Role
from motcua.dossiers import services as dossier_services
from motcua.payments import services
from tests.factories import (
    AgencyFactory,
    CitizenFactory,
    FeeFactory,
    procedure_with_workflow,
    staff_with_role,
)
from tests.uploads import pdf

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def office(db):
    agency = AgencyFactory(name="UBND phường Phan Đình Phùng", electronic_id="H56.101")
    case = procedure_with_workflow(agency=agency, mandatory_papers=1, optional_papers=0)
    case.procedure.name = "Đăng ký khai sinh"
    case.procedure.save()
    FeeFactory(case=case, name="Lệ phí đăng ký khai sinh", amount=8000, order=1)
    return {
        "agency": agency,
        "case": case,
        "citizen": CitizenFactory(full_name="Đặng Thị Ngọc Ánh"),
        "desk": staff_with_role(agency, Role.DESK_OFFICER, full_name="Nguyễn Thị Thu Hà"),
        "leader": staff_with_role(agency, Role.DEPARTMENT_LEADER, full_name="Trần Văn Hùng"),
    }


def submit_online(office, citizen=None):
    citizen = citizen or office["citizen"]
    draft = dossier_services.draft_start(applicant=citizen, case=office["case"], agency=office["agency"])
    problems = dossier_services.draft_update(
        draft=draft,
        agency=office["agency"],
        user=citizen,
        files={paper.id: [pdf()] for paper in office["case"].papers.all()},
        form_data={
            "applicant_name": citizen.full_name,
            "applicant_id_number": citizen.citizen_id,
            "applicant_phone": citizen.phone,
            "summary": "Đăng ký khai sinh cho con",
        },
    )
    assert problems == []
    return dossier_services.dossier_submit(draft=draft)


def received(office, citizen=None):
    dossier = submit_online(office, citizen)
    return dossier_services.dossier_accept(dossier=dossier, officer=office["desk"])


def awaiting_payment(office, *, amount=50000):
    """Received, then the leader on the first step asks for the financial obligation (status 6)."""
    dossier = received(office)
    return dossier_services.dossier_request_payment(
        dossier=dossier, officer=office["leader"], description="Phí thẩm định hồ sơ", amount=amount
    )


def start_online(dossier, gateway="vnpay"):
    return services.payment_start(
        dossier=dossier,
        payer=dossier.applicant,
        gateway_code=gateway,
        return_url=f"http://testserver/thanh-toan/{gateway}/ket-qua/",
        client_ip="127.0.0.1",
    )


# ---------------------------------------------------------------------------------------------- sandbox


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SandboxClient:
    """Talks to the sandbox process: its control API, and the payer's clicks on its payment pages."""

    def __init__(self, url: str):
        self.url = url
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=20)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            connection.close()

    def configure(self, **settings):
        status, _, body = self.request(
            "POST", "/_sandbox/config", json.dumps(settings), {"Content-Type": "application/json"}
        )
        assert status == 200, body

    def transaction(self, reference) -> dict:
        status, _, body = self.request("GET", f"/_sandbox/transactions/{reference}")
        assert status == 200, body
        return json.loads(body)

    def notify_again(self, reference) -> dict:
        status, _, body = self.request("POST", f"/_sandbox/transactions/{reference}/notify")
        assert status == 200, body
        return json.loads(body)

    def open(self, payment_url) -> str:
        """The payer's browser opens the payment page; returns its HTML."""
        parts = urllib.parse.urlsplit(payment_url)
        assert f"{parts.scheme}://{parts.netloc}" == self.url
        status, _, body = self.request("GET", f"{parts.path}?{parts.query}")
        assert status == 200, body
        return body

    def click(self, payment_url, action="pay") -> str:
        """The payer clicks "Thanh toán" (pay) or "Hủy" (cancel); returns where the gateway sends them back."""
        page = self.open(payment_url)
        if "/dvcqg/" in payment_url:
            token = urllib.parse.urlsplit(payment_url).path.rsplit("/", 1)[1]
            form, confirm = {"token": token, "action": action}, "/dvcqg/thanhtoan/xacnhan"
        else:
            reference = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(payment_url).query))["vnp_TxnRef"]
            form, confirm = {"vnp_TxnRef": reference, "action": action}, "/paymentv2/confirm"
        assert 'id="pay"' in page
        status, headers, body = self.request(
            "POST",
            confirm,
            urllib.parse.urlencode(form),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 302, body
        return headers["Location"]


@pytest.fixture(scope="session")
def sandbox_process(live_server):
    """One sandbox per test process, calling back the live server (VNPay IPN, DVCQG CONFIRM)."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "motcua.payments.sandbox",
            "--port",
            str(port),
            "--merchant-url",
            live_server.url,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    client = SandboxClient(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 15
    while True:
        try:
            if client.request("GET", "/_sandbox/health")[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the payment sandbox did not start: {process.stderr.read().decode()}")
        time.sleep(0.05)
    yield client
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def sandbox(sandbox_process, settings, live_server):
    """The sandbox as the configured gateway for this test, notifications on."""
    url = sandbox_process.url
    settings.VNPAY_PAYMENT_URL = f"{url}/paymentv2/vpcpay.html"
    settings.VNPAY_API_URL = f"{url}/merchant_webapi/api/transaction"
    settings.DVCQG_PAYMENT_API_URL = f"{url}/dvcqg/thanhtoan"
    sandbox_process.configure(drop_ipn=False)
    yield sandbox_process
    sandbox_process.configure(drop_ipn=False)
