"""The national portal's wire format (DVCQG, domain.md §10), as plain functions over objects already loaded.

Nothing here touches the database: the caller fetches the dossier, its documents, fees and supplement requests
and passes them in, so the shapes are unit-tested without one.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from motcua.core.identifiers import is_valid_citizen_id, is_valid_phone
from motcua.dossiers.models import ApplicantKind, Channel, DossierDocument, ResultDelivery
from motcua.dossiers.workflow import Status

NATIONAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TIMESTAMP_FORMAT = "%Y%m%d%H%M%S"
TIMESTAMP_PATTERN = re.compile(r"^\d{14}$")

# NgayKetThucXuLy: the dossier left processing, with a result or without one.
_ENDED = {Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RESOLVED, Status.RETURNED}
_RESULT_READY = {Status.RESOLVED, Status.RETURNED}


def national_timestamp(value: datetime | None) -> str | None:
    """`yyyyMMddHHmmss` in Vietnam's time; None stays None (the portal's "not yet")."""
    if value is None:
        return None
    return value.astimezone(NATIONAL_TZ).strftime(TIMESTAMP_FORMAT)


def parse_national_timestamp(value: str) -> datetime:
    """The reverse of `national_timestamp`; ValueError for anything but 14 digits forming a real time."""
    if not isinstance(value, str) or not TIMESTAMP_PATTERN.match(value):
        raise ValueError(value)
    return datetime.strptime(value, TIMESTAMP_FORMAT).replace(tzinfo=NATIONAL_TZ)


def _document_entry(document: DossierDocument) -> dict:
    return {
        "TenGiayTo": document.paper.name if document.paper is not None else str(document.get_kind_display()),
        "TenTepDinhKem": document.original_name,
        "LoaiTaiLieu": document.kind,
        "KichThuoc": document.size,
        "MaHash": document.sha256,
    }


def dossier_payload(
    dossier,
    *,
    national_code: str,
    status: int,
    event_at: datetime,
    documents,
    fees,
    supplement_requests,
    paid_online: bool = False,
) -> dict:
    """Đồng bộ hồ sơ: the whole dossier as the portal stores it, reporting `status` (the history row's).

    Dates bound to a status (returned, ended, refused) follow the reported status, not the dossier's current
    one, so an older push resent later never claims what had not yet happened.
    """
    procedure = dossier.procedure
    submitted = [d for d in documents if d.kind != DossierDocument.Kind.RESULT]
    results = [d for d in documents if d.kind == DossierDocument.Kind.RESULT]
    ended_at = dossier.resolved_at if status in _RESULT_READY and dossier.resolved_at else event_at
    return {
        "MaHoSo": national_code,
        "MaTTHC": procedure.code,
        "TenTTHC": procedure.name,
        "MaLinhVuc": procedure.field.code if procedure.field is not None else "",
        "KenhThucHien": int(dossier.channel),
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": int(dossier.applicant_kind),
        "SoGiayToChuHoSo": dossier.applicant_id_number,
        "Email": dossier.applicant_email,
        "SoDienThoai": dossier.applicant_phone,
        "TrichYeuHoSo": dossier.summary or procedure.name,
        "NgayNopHoSo": national_timestamp(dossier.submitted_at or dossier.received_at),
        "NgayTiepNhan": national_timestamp(dossier.received_at),
        "NgayHenTra": national_timestamp(dossier.due_at),
        "NgayTra": national_timestamp(dossier.returned_at) if status == Status.RETURNED else None,
        "NgayKetThucXuLy": national_timestamp(ended_at) if status in _ENDED else None,
        "NgayTuChoi": national_timestamp(event_at) if status == Status.REFUSED else None,
        "TrangThaiHoSo": int(status),
        "HinhThuc": 1 if dossier.result_delivery == ResultDelivery.POST else 0,
        "DonViXuLy": dossier.agency.name,
        "HoSoCoThanhPhanSoHoa": 1 if submitted else 0,
        "DuocThanhToanTrucTuyen": 1 if paid_online else 0,
        "TaiLieuNop": [_document_entry(d) for d in submitted],
        "DanhSachLePhi": [
            {"TenPhiLePhi": fee.name, "LoaiPhiLePhi": fee.kind, "MucPhi": fee.amount or 0} for fee in fees
        ],
        "DanhSachHoSoBoSung": [
            {
                "NgayYeuCauBoSung": national_timestamp(request.requested_at),
                "HanBoSung": national_timestamp(request.deadline),
                "NgayBoSung": national_timestamp(request.fulfilled_at),
                "NoiDungYeuCau": request.reason,
                "DanhSachGiayToBoSung": list(request.items),
            }
            for request in supplement_requests
        ],
        "DanhSachGiayToKetQua": [_document_entry(d) for d in results] if status in _RESULT_READY else [],
    }


def progress_payload(
    *, national_code: str, event, step, due_at: datetime | None, actor_title: str, department: str
) -> dict:
    """Cập nhật tiến độ: one history row — who did what, when, in which step and by when it was due."""
    content = str(event.action_label)
    if event.note:
        content = f"{content}: {event.note}"
    started = step.started_at if step is not None and step.started_at else event.at
    due = step.due_at if step is not None and step.due_at else due_at
    return {
        "MaHoSo": national_code,
        "NguoiXuLy": event.actor_label or _("Hệ thống"),
        "ChucDanh": actor_title,
        "ThoiDiemXuLy": national_timestamp(event.at),
        "PhongBanXuLy": department,
        "NoiDungXuLy": content,
        "TrangThai": int(event.to_status),
        "NgayBatDau": national_timestamp(started),
        "NgayKetThucTheoQuyDinh": national_timestamp(due),
    }


# ---------------------------------------------------------------------------------------------- inbound

_INBOUND_REQUIRED = (
    "MaHoSo",
    "MaTTHC",
    "MaDonVi",
    "ChuHoSo",
    "SoGiayToChuHoSo",
    "SoDienThoai",
    "NgayNopHoSo",
)


def inbound_problems(payload) -> list[str]:
    """What is wrong with a dossier the national portal sends us (empty when it can be received)."""
    if not isinstance(payload, dict):
        return [_("Dữ liệu hồ sơ phải là một đối tượng JSON.")]
    problems = [
        _("Thiếu trường bắt buộc %(field)s.") % {"field": name}
        for name in _INBOUND_REQUIRED
        if not isinstance(payload.get(name), str) or not payload[name].strip()
    ]
    if problems:
        return problems
    if len(payload["MaHoSo"]) > 60:
        problems.append(_("MaHoSo dài quá 60 ký tự."))
    try:
        parse_national_timestamp(payload["NgayNopHoSo"])
    except ValueError:
        problems.append(_("NgayNopHoSo phải có dạng yyyyMMddHHmmss."))
    kind = payload.get("LoaiDoiTuong", ApplicantKind.CITIZEN)
    if kind not in ApplicantKind.values:
        problems.append(_("LoaiDoiTuong phải là 1, 2, 3 hoặc 4."))
    elif kind == ApplicantKind.CITIZEN and not is_valid_citizen_id(payload["SoGiayToChuHoSo"]):
        problems.append(_("SoGiayToChuHoSo của công dân phải là số CCCD gồm 12 chữ số."))
    if payload.get("KenhThucHien", Channel.ONLINE) != Channel.ONLINE:
        problems.append(_("Hồ sơ nhận từ Cổng DVCQG phải có KenhThucHien = 2 (trực tuyến)."))
    if payload.get("HinhThuc", 0) not in (0, 1):
        problems.append(_("HinhThuc phải là 0 (nhận tại bộ phận một cửa) hoặc 1 (qua bưu chính)."))
    if not is_valid_phone(payload["SoDienThoai"]):
        problems.append(_("SoDienThoai không hợp lệ."))
    for name in ("Email", "TrichYeuHoSo", "DiaChi"):
        if not isinstance(payload.get(name, ""), str):
            problems.append(_("%(field)s phải là chuỗi ký tự.") % {"field": name})
    if not isinstance(payload.get("TaiLieuNop", []), list):
        problems.append(_("TaiLieuNop phải là một danh sách."))
    return problems
