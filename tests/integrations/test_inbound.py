"""Dossiers submitted on the national portal arrive in the desk inbox, once, through the signed endpoint."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Channel, Dossier, ResultDelivery
from motcua.dossiers.workflow import Status
from motcua.integrations.models import InboundDossier, SyncItem
from motcua.integrations.portals.dvcqg import SIGNATURE_HEADER, sign
from motcua.integrations.services import InboundRejected, inbound_dossier_receive, sync_send_due
from tests.integrations.fake_dvcqg import FakeNationalPortal, post_signed
from tests.integrations.flow import make_office

SECRET = "bi-mat-chung-dvcqg"


def national_dossier(office, **overrides):
    payload = {
        "MaHoSo": "000.00.01.H56-261207-0042",
        "MaTTHC": office["case"].procedure.code,
        "MaDonVi": office["agency"].electronic_id,
        "ChuHoSo": "Lê Thị Cúc",
        "LoaiDoiTuong": 1,
        "SoGiayToChuHoSo": "019301004567",
        "SoDienThoai": "0987 654 321",
        "Email": "cuc@example.vn",
        "DiaChi": "Xóm Đồng, xã Phú Đô",
        "TrichYeuHoSo": "Đăng ký khai sinh cho con",
        "NgayNopHoSo": timezone.localtime().strftime("%Y%m%d%H%M%S"),
        "KenhThucHien": 2,
        "HinhThuc": 1,
        "TaiLieuNop": [{"TenGiayTo": "Tờ khai", "DuongDanTaiLieu": "https://dichvucong.gov.vn/tep/1"}],
    }
    payload.update(overrides)
    return payload


@pytest.mark.django_db(transaction=True)
def test_national_portal_dossier_reaches_the_desk_inbox_once(live_server, settings):
    settings.DVCQG_INBOUND_SECRET = SECRET
    office = make_office("H56.301")
    url = live_server.url + reverse("integrations:inbound_dossier")
    payload = national_dossier(office)

    first = post_signed(url, payload, secret=SECRET, header=SIGNATURE_HEADER)
    again = post_signed(url, payload, secret=SECRET, header=SIGNATURE_HEADER)

    assert first[0] == 201 and again[0] == 200
    assert first[1]["error_code"] == 0 and first[1]["id"] == again[1]["id"]
    inbox = list(dossier_selectors.desk_inbox(user=office["desk"]))
    assert len(inbox) == 1
    dossier = inbox[0]
    assert str(dossier.public_id) == first[1]["id"]
    assert (dossier.status, dossier.channel, dossier.code) == (Status.NEW, Channel.ONLINE, None)
    assert dossier.applicant_phone == "0987654321" and dossier.result_delivery == ResultDelivery.POST
    assert dossier.intake_due_at is not None
    assert dossier.events.get().actor_label == "Cổng Dịch vụ công quốc gia"
    assert InboundDossier.objects.get().national_code == payload["MaHoSo"]


@pytest.mark.django_db
def test_unsigned_or_wrongly_signed_dossier_is_refused(client, settings):
    office = make_office("H56.302")
    url = reverse("integrations:inbound_dossier")
    body = json.dumps(national_dossier(office)).encode()
    settings.DVCQG_INBOUND_SECRET = ""  # endpoint closed until a secret is configured
    closed = client.post(
        url, body, content_type="application/json", headers={SIGNATURE_HEADER: sign("", body)}
    )
    settings.DVCQG_INBOUND_SECRET = SECRET
    wrong = client.post(
        url, body, content_type="application/json", headers={SIGNATURE_HEADER: sign("khac", body)}
    )
    assert closed.status_code == wrong.status_code == 403
    assert not Dossier.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"NgayNopHoSo": "07/12/2026 08:30"},
        {"ChuHoSo": ""},
        {"TaiLieuNop": "to-khai.pdf"},
        {"MaDonVi": "H99.999"},
    ],
)
def test_invalid_dossier_is_answered_400_with_reasons(client, settings, overrides):
    settings.DVCQG_INBOUND_SECRET = SECRET
    office = make_office("H56.303")
    body = json.dumps(national_dossier(office, **overrides)).encode()
    response = client.post(
        reverse("integrations:inbound_dossier"),
        body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: sign(SECRET, body)},
    )
    assert response.status_code == 400
    assert response.json()["errors"]
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_procedure_not_offered_by_the_agency_is_refused():
    office = make_office("H56.304")
    with pytest.raises(InboundRejected, match="không tiếp nhận thủ tục"):
        inbound_dossier_receive(payload=national_dossier(office, MaTTHC="9.999999"))


@pytest.mark.django_db
def test_accepted_national_dossier_is_reported_under_the_portals_code(settings):
    office = make_office("H56.305")
    dossier, created = inbound_dossier_receive(payload=national_dossier(office))
    assert created and not SyncItem.objects.exists()  # the portal knows it already
    dossier_services.dossier_accept(dossier=dossier, officer=office["desk"])
    with FakeNationalPortal() as portal:
        settings.DVCQG_BASE_URL = portal.url
        assert sync_send_due().sent == 2
    assert portal.invalid == []
    (_, pushed), (_, progress) = portal.accepted
    assert pushed["MaHoSo"] == progress["MaHoSo"] == "000.00.01.H56-261207-0042"
    assert (pushed["TrangThaiHoSo"], pushed["KenhThucHien"], pushed["HinhThuc"]) == (2, 2, 1)
