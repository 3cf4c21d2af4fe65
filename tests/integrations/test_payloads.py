"""The DVCQG wire format as plain functions: built from objects in memory, no database."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.agencies.models import Agency
from motcua.catalog.models import Fee, Field, Procedure, RequiredPaper
from motcua.dossiers.models import (
    ApplicantKind,
    Channel,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
    ResultDelivery,
    SupplementRequest,
)
from motcua.dossiers.workflow import Action, Status
from motcua.integrations.payloads import (
    dossier_payload,
    inbound_problems,
    national_timestamp,
    parse_national_timestamp,
    progress_payload,
)
from motcua.integrations.services import retry_delay
from tests.integrations.fake_dvcqg import PROGRESS_FIELDS, dossier_errors, field_errors

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour, minute=0):
    return datetime(2026, 12, day, hour, minute, tzinfo=VN)


def a_dossier(**overrides):
    procedure = Procedure(code="1.001193", name="Đăng ký khai sinh", field=Field(name="Hộ tịch", code="HT"))
    values = {
        "procedure": procedure,
        "agency": Agency(name="UBND xã Phú Đô", electronic_id="H56.101"),
        "channel": Channel.IN_PERSON,
        "applicant_kind": ApplicantKind.CITIZEN,
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "001201012345",
        "applicant_phone": "0912345678",
        "applicant_email": "an@example.vn",
        "summary": "Đăng ký khai sinh cho con",
        "result_delivery": ResultDelivery.POST,
        "code": "H56.101-261207-0001",
        "received_at": at(7, 9),
        "due_at": at(10, 17),
    }
    values.update(overrides)
    return Dossier(**values)


def documents():
    paper = RequiredPaper(name="Tờ khai đăng ký khai sinh")
    scan = DossierDocument(
        kind=DossierDocument.Kind.SCAN, paper=paper, original_name="to-khai.pdf", size=1200, sha256="a" * 64
    )
    result = DossierDocument(
        kind=DossierDocument.Kind.RESULT, original_name="giay-khai-sinh.pdf", size=900, sha256="b" * 64
    )
    return [scan, result]


def build(dossier, status, event_at, **kwargs):
    return dossier_payload(
        dossier,
        national_code=dossier.code,
        status=status,
        event_at=event_at,
        documents=kwargs.pop("documents", documents()),
        fees=kwargs.pop("fees", [Fee(name="Lệ phí khai sinh", kind=Fee.Kind.CHARGE, amount=8000)]),
        supplement_requests=kwargs.pop("supplement_requests", []),
        **kwargs,
    )


def test_national_timestamp_is_fourteen_digits_in_vietnam_time():
    assert national_timestamp(datetime(2026, 12, 7, 2, 5, 9, tzinfo=UTC)) == "20261207090509"
    assert national_timestamp(None) is None


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(VN)))
def test_national_timestamp_round_trips_to_the_second(moment):
    assert parse_national_timestamp(national_timestamp(moment)) == moment.replace(microsecond=0)


@pytest.mark.parametrize(
    "text", ["2026120709050", "202612070905090", "2026-12-07 09:05", "20261307090509", ""]
)
def test_parse_national_timestamp_refuses_anything_else(text):
    with pytest.raises(ValueError):
        parse_national_timestamp(text)


def test_received_dossier_payload_has_every_field_the_portal_checks():
    payload = build(a_dossier(), Status.RECEIVED, at(7, 9))
    assert dossier_errors(payload) == []
    assert payload["MaHoSo"] == "H56.101-261207-0001"
    assert payload["MaTTHC"] == "1.001193" and payload["MaLinhVuc"] == "HT"
    assert payload["KenhThucHien"] == 1 and payload["LoaiDoiTuong"] == 1 and payload["HinhThuc"] == 1
    assert payload["NgayNopHoSo"] == payload["NgayTiepNhan"] == "20261207090000"
    assert payload["NgayHenTra"] == "20261210170000"
    assert payload["NgayTra"] is None and payload["NgayTuChoi"] is None and payload["NgayKetThucXuLy"] is None
    assert payload["HoSoCoThanhPhanSoHoa"] == 1
    assert payload["TaiLieuNop"] == [
        {
            "TenGiayTo": "Tờ khai đăng ký khai sinh",
            "TenTepDinhKem": "to-khai.pdf",
            "LoaiTaiLieu": "scan",
            "KichThuoc": 1200,
            "MaHash": "a" * 64,
        }
    ]
    assert payload["DanhSachLePhi"] == [
        {"TenPhiLePhi": "Lệ phí khai sinh", "LoaiPhiLePhi": "charge", "MucPhi": 8000}
    ]
    # The result file exists already, but a push about the receipt does not announce it.
    assert payload["DanhSachGiayToKetQua"] == []


def test_returned_dossier_payload_carries_result_and_return_dates():
    dossier = a_dossier(resolved_at=at(9, 15), returned_at=at(10, 8))
    payload = build(dossier, Status.RETURNED, at(10, 8))
    assert dossier_errors(payload) == []
    assert payload["TrangThaiHoSo"] == 10
    assert payload["NgayKetThucXuLy"] == "20261209150000" and payload["NgayTra"] == "20261210080000"
    assert [d["TenTepDinhKem"] for d in payload["DanhSachGiayToKetQua"]] == ["giay-khai-sinh.pdf"]


def test_an_older_push_resent_later_reports_only_what_had_happened():
    """A push for the receipt, sent after the result went back, must not claim a return date."""
    dossier = a_dossier(resolved_at=at(9, 15), returned_at=at(10, 8))
    payload = build(dossier, Status.RECEIVED, at(7, 9))
    assert payload["TrangThaiHoSo"] == 2 and payload["NgayTra"] is None and payload["NgayKetThucXuLy"] is None


def test_refused_online_dossier_reports_refusal_date_and_supplements():
    dossier = a_dossier(channel=Channel.ONLINE, received_at=None, due_at=None, submitted_at=at(7, 8))
    request = SupplementRequest(
        requested_at=at(7, 10), deadline=at(14, 10), items=["Bản sao giấy chứng sinh"], reason="Thiếu giấy"
    )
    payload = build(dossier, Status.REFUSED, at(15, 9), supplement_requests=[request], documents=[], fees=[])
    assert dossier_errors(payload) == []
    assert payload["KenhThucHien"] == 2 and payload["NgayNopHoSo"] == "20261207080000"
    assert payload["NgayTuChoi"] == payload["NgayKetThucXuLy"] == "20261215090000"
    assert payload["HoSoCoThanhPhanSoHoa"] == 0
    assert payload["DanhSachHoSoBoSung"] == [
        {
            "NgayYeuCauBoSung": "20261207100000",
            "HanBoSung": "20261214100000",
            "NgayBoSung": None,
            "NoiDungYeuCau": "Thiếu giấy",
            "DanhSachGiayToBoSung": ["Bản sao giấy chứng sinh"],
        }
    ]


def test_progress_payload_reports_the_step_and_its_own_deadline():
    step = DossierStep(order=2, started_at=at(7, 14), due_at=at(9, 14), agency=Agency(name="Phòng Tư pháp"))
    event = DossierEvent(
        action=Action.COMPLETE_STEP,
        at=at(8, 10),
        actor_label="Trần Thị Bình",
        to_status=Status.PROCESSING,
        note="Đủ điều kiện",
    )
    payload = progress_payload(
        national_code="H56.101-261207-0001",
        event=event,
        step=step,
        due_at=at(10, 17),
        actor_title="Chuyên viên",
        department="Phòng Tư pháp",
    )
    assert field_errors(payload, PROGRESS_FIELDS) == []
    assert payload == {
        "MaHoSo": "H56.101-261207-0001",
        "NguoiXuLy": "Trần Thị Bình",
        "ChucDanh": "Chuyên viên",
        "ThoiDiemXuLy": "20261208100000",
        "PhongBanXuLy": "Phòng Tư pháp",
        "NoiDungXuLy": "Hoàn thành bước xử lý: Đủ điều kiện",
        "TrangThai": 4,
        "NgayBatDau": "20261207140000",
        "NgayKetThucTheoQuyDinh": "20261209140000",
    }


def test_progress_payload_without_a_step_uses_the_event_and_the_dossier_deadline():
    event = DossierEvent(action=Action.ACCEPT, at=at(7, 9), actor_label="", to_status=Status.RECEIVED)
    payload = progress_payload(
        national_code="X", event=event, step=None, due_at=at(10, 17), actor_title="", department="UBND xã"
    )
    assert field_errors(payload, PROGRESS_FIELDS) == []
    assert payload["NguoiXuLy"] == "Hệ thống"
    assert payload["NgayBatDau"] == "20261207090000" and payload["NgayKetThucTheoQuyDinh"] == "20261210170000"


def inbound(**overrides):
    payload = {
        "MaHoSo": "G22.99-261207-0042",
        "MaTTHC": "1.001193",
        "MaDonVi": "H56.101",
        "ChuHoSo": "Lê Thị Cúc",
        "LoaiDoiTuong": 1,
        "SoGiayToChuHoSo": "019301004567",
        "SoDienThoai": "0987654321",
        "NgayNopHoSo": "20261207083000",
        "KenhThucHien": 2,
        "TaiLieuNop": [],
    }
    payload.update(overrides)
    return payload


def test_a_well_formed_inbound_dossier_has_no_problems():
    assert inbound_problems(inbound()) == []


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"MaHoSo": ""}, "MaHoSo"),
        ({"NgayNopHoSo": "07/12/2026"}, "NgayNopHoSo"),
        ({"LoaiDoiTuong": 7}, "LoaiDoiTuong"),
        ({"SoGiayToChuHoSo": "123"}, "CCCD"),
        ({"KenhThucHien": 1}, "KenhThucHien"),
        ({"TaiLieuNop": "to-khai.pdf"}, "TaiLieuNop"),
        ({"SoDienThoai": "12"}, "SoDienThoai"),
        ({"HinhThuc": 5}, "HinhThuc"),
    ],
)
def test_inbound_dossier_problems_name_the_field(overrides, fragment):
    problems = inbound_problems(inbound(**overrides))
    assert problems and any(fragment in problem for problem in problems)


def test_inbound_payload_must_be_an_object():
    assert inbound_problems(["MaHoSo"]) != []


def test_retry_delay_doubles_and_is_capped(settings):
    settings.DVCQG_RETRY_BASE_SECONDS = 60
    settings.DVCQG_RETRY_CAP_SECONDS = 3600
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(seconds=s) for s in (60, 120, 240, 480)]
    assert retry_delay(30) == timedelta(seconds=3600)
