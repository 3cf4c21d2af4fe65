"""Thông báo templates: what the applicant reads for each event, per channel. Rendered once, when the event is
recorded, and stored in the outbox row, so a later change of wording or data never alters a queued message."""

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import ApologyLetter, Dossier, DossierEvent
from motcua.notifications.models import ChannelKind, EventKind

SMS_LIMIT = 160
ZALO_PARAM_LIMIT = 100


@dataclass(frozen=True)
class Wording:
    subject: str
    lead: str
    sms: str


# %(reference)s is the dossier code, or "nộp ngày dd/mm/yyyy" for an online dossier not received yet.
WORDING: dict[str, Wording] = {
    EventKind.RECEIVED: Wording(
        _("Hồ sơ %(reference)s đã được tiếp nhận"),
        _(
            "Hồ sơ %(reference)s (%(procedure)s) đã được %(agency)s tiếp nhận. "
            "Ngày hẹn trả kết quả: %(appointment)s."
        ),
        _("Hồ sơ %(reference)s đã được tiếp nhận. Hẹn trả kết quả ngày %(appointment)s."),
    ),
    EventKind.REFUSED: Wording(
        _("Hồ sơ %(reference)s không được tiếp nhận"),
        _("Hồ sơ %(reference)s (%(procedure)s) không được %(agency)s tiếp nhận. Lý do: %(note)s"),
        _("Hồ sơ %(reference)s không được tiếp nhận. Xem lý do tại cổng dịch vụ công."),
    ),
    EventKind.SUPPLEMENT_REQUESTED: Wording(
        _("Yêu cầu bổ sung hồ sơ %(reference)s"),
        _(
            "Hồ sơ %(reference)s (%(procedure)s) cần bổ sung, hoàn thiện giấy tờ. "
            "Hạn bổ sung: %(deadline)s. Lý do: %(note)s"
        ),
        _("Hồ sơ %(reference)s cần bổ sung giấy tờ trước ngày %(deadline)s."),
    ),
    EventKind.SUPPLEMENT_ACCEPTED: Wording(
        _("Đã nhận giấy tờ bổ sung của hồ sơ %(reference)s"),
        _("Giấy tờ bổ sung của hồ sơ %(reference)s (%(procedure)s) đã được nhận; hồ sơ tiếp tục được xử lý."),
        _("Đã nhận giấy tờ bổ sung của hồ sơ %(reference)s, hồ sơ tiếp tục được xử lý."),
    ),
    EventKind.FEE_REQUESTED: Wording(
        _("Hồ sơ %(reference)s: yêu cầu thực hiện nghĩa vụ tài chính"),
        _(
            "Hồ sơ %(reference)s (%(procedure)s) cần thực hiện nghĩa vụ tài chính (phí, lệ phí, thuế) "
            "để được giải quyết tiếp. Xem chi tiết và thanh toán trên cổng dịch vụ công."
        ),
        _("Hồ sơ %(reference)s cần nộp phí, lệ phí để được giải quyết tiếp."),
    ),
    EventKind.APOLOGY: Wording(
        _("Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ %(reference)s"),
        _(
            "%(agency)s xin lỗi ông/bà vì hồ sơ %(reference)s (%(procedure)s) chưa giải quyết xong đúng hẹn. "
            "Ngày hẹn trả kết quả mới: %(appointment)s."
        ),
        _("Xin lỗi vì hồ sơ %(reference)s chậm trả kết quả. Hẹn lại ngày %(appointment)s."),
    ),
    EventKind.RESULT_READY: Wording(
        _("Hồ sơ %(reference)s đã có kết quả"),
        _(
            "Hồ sơ %(reference)s (%(procedure)s) đã có kết quả giải quyết. "
            "Hình thức nhận kết quả: %(delivery)s."
        ),
        _("Hồ sơ %(reference)s đã có kết quả giải quyết."),
    ),
    EventKind.RETURNED: Wording(
        _("Hồ sơ %(reference)s đã trả kết quả"),
        _("Hồ sơ %(reference)s (%(procedure)s) đã được trả kết quả ngày %(today)s."),
        _("Hồ sơ %(reference)s đã được trả kết quả ngày %(today)s."),
    ),
    EventKind.STOPPED: Wording(
        _("Hồ sơ %(reference)s bị dừng xử lý"),
        _("Hồ sơ %(reference)s (%(procedure)s) đã bị %(agency)s dừng xử lý. Lý do: %(note)s"),
        _("Hồ sơ %(reference)s đã bị dừng xử lý. Xem lý do tại cổng dịch vụ công."),
    ),
}


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    params: dict


def dmy(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def without_diacritics(text: str) -> str:
    """'Hồ sơ đã được tiếp nhận' -> 'Ho so da duoc tiep nhan' (one GSM-7 SMS part holds 160 of these)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


def _appointment(dossier: Dossier, kind: str) -> datetime | None:
    if kind == EventKind.APOLOGY:
        # The approved letter holds the new date whatever order the service saved things in.
        letter = dossier.apologies.filter(status=ApologyLetter.State.APPROVED).first()
        if letter is not None:
            return letter.new_appointment
    return dossier.due_at


def _context(dossier: Dossier, event: DossierEvent, kind: str) -> dict:
    supplement = dossier.supplement_requests.last() if kind == EventKind.SUPPLEMENT_REQUESTED else None
    return {
        "reference": dossier.code or _("nộp ngày %(date)s") % {"date": dmy(dossier.submitted_at)},
        "procedure": dossier.procedure.name,
        "agency": dossier.agency.name,
        "appointment": dmy(_appointment(dossier, kind)),
        "deadline": dmy(supplement.deadline) if supplement else "",
        "note": event.note,
        "delivery": dossier.get_result_delivery_display(),
        "today": dmy(event.at),
    }


def tracking_link(dossier: Dossier) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("portal:tracking")


def _email_body(dossier: Dossier, event: DossierEvent, lead: str, link: str) -> str:
    lines = [_("Kính gửi ông/bà %(name)s,") % {"name": dossier.applicant_name}, "", lead, ""]
    items = event.data.get("items") if isinstance(event.data, dict) else None
    if items:
        lines += [str(_("Giấy tờ cần bổ sung:")), *(f"  - {item}" for item in items), ""]
    if event.note and event.note not in lead:
        lines += [_("Nội dung: %(note)s") % {"note": event.note}, ""]
    if dossier.code:
        lines.append(_("Mã hồ sơ: %(code)s") % {"code": dossier.code})
    lines += [
        _("Thủ tục: %(procedure)s") % {"procedure": dossier.procedure.name},
        _("Cơ quan tiếp nhận: %(agency)s") % {"agency": dossier.agency.name},
        _("Trạng thái: %(status)s") % {"status": dossier.get_status_display()},
        _("Tra cứu hồ sơ (mã hồ sơ và số điện thoại): %(link)s") % {"link": link},
        "",
        _("Thư này do %(site)s gửi tự động, vui lòng không trả lời.") % {"site": settings.SITE_NAME},
    ]
    return "\n".join(str(line) for line in lines)


def _sms_text(text: str, link: str) -> str:
    if not settings.NOTIFICATIONS_SMS_UNICODE:
        text = without_diacritics(text)
        with_link = f"{text} {without_diacritics(str(_('Tra cứu')))}: {link}"
        if len(with_link) <= SMS_LIMIT:
            return with_link
        return text if len(text) <= SMS_LIMIT else text[: SMS_LIMIT - 3] + "..."
    return f"{text} {_('Tra cứu')}: {link}"


def message_render(*, dossier: Dossier, event: DossierEvent, kind: str, channel: str) -> Rendered:
    """Vietnamese text for one event on one channel (e-mail: subject and letter; SMS: one short part; Zalo:
    the ZNS template's data)."""
    with translation.override(settings.LANGUAGE_CODE):
        wording = WORDING[kind]
        context = _context(dossier, event, kind)
        subject = str(wording.subject % context)
        lead = str(wording.lead % context)
        link = tracking_link(dossier)
        params = {
            "ma_ho_so": dossier.code or "",
            "ten_thu_tuc": dossier.procedure.name[:ZALO_PARAM_LIMIT],
            "trang_thai": str(EventKind(kind).label),
            "ngay_hen": context["appointment"],
            "noi_dung": str(wording.sms % context)[:ZALO_PARAM_LIMIT],
            "duong_dan": link,
        }
        if channel == ChannelKind.EMAIL:
            body = _email_body(dossier, event, lead, link)
        elif channel == ChannelKind.SMS:
            body = _sms_text(str(wording.sms % context), link)
        else:
            body = lead
        return Rendered(subject=subject, body=body, params=params)
