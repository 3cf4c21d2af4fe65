"""Thông báo templates: what the applicant reads for each event, per channel. Rendered once, when the event is
recorded, and stored in the outbox row, so a later change of wording or data never alters a queued message."""

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from motcua.core.money import format_vnd
from motcua.dossiers.models import ApologyLetter, Dossier, DossierAlert, DossierEvent
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
            "để được giải quyết tiếp. Số tiền: %(amount)s. Thanh toán trực tuyến tại: %(link)s"
        ),
        _("Hồ sơ %(reference)s cần nộp %(amount)s để được giải quyết tiếp."),
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
    EventKind.WITHDRAWN: Wording(
        _("Xác nhận rút hồ sơ %(reference)s"),
        _(
            "Hồ sơ %(reference)s (%(procedure)s) đã được rút theo đề nghị ngày %(today)s; "
            "%(agency)s dừng giải quyết hồ sơ này."
        ),
        _("Hồ sơ %(reference)s đã được rút theo đề nghị ngày %(today)s."),
    ),
    EventKind.APPOINTMENT_MOVED: Wording(
        _("Hồ sơ %(reference)s: ngày hẹn trả kết quả được tính lại"),
        _(
            "Lịch làm việc của cơ quan thay đổi (ngày nghỉ lễ, ngày làm bù): ngày hẹn trả kết quả hồ sơ "
            "%(reference)s (%(procedure)s) được tính lại là %(appointment)s."
        ),
        _("Ngày hẹn trả kết quả hồ sơ %(reference)s được tính lại là %(appointment)s."),
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


def _amount(event: DossierEvent) -> str:
    amount = event.data.get("amount") if isinstance(event.data, dict) else None
    return format_vnd(amount) if amount else str(_("theo thông báo của cơ quan giải quyết"))


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
        "amount": _amount(event) if kind == EventKind.FEE_REQUESTED else "",
        "link": _link(dossier, kind),
    }


def tracking_link(dossier: Dossier) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("portal:tracking")


def _link(dossier: Dossier, kind: str) -> str:
    """Where the message sends the applicant: the fees page to pay (online payment needs the account that
    owns the dossier), else the tracking page."""
    if kind == EventKind.FEE_REQUESTED and dossier.applicant_id is not None:
        return settings.PUBLIC_BASE_URL.rstrip("/") + reverse(
            "payments:dossier_fees", kwargs={"public_id": dossier.public_id}
        )
    return tracking_link(dossier)


def _email_body(dossier: Dossier, event: DossierEvent, lead: str) -> str:
    link = tracking_link(dossier)
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


def _sms_text(text: str, link: str, label: str) -> str:
    if not settings.NOTIFICATIONS_SMS_UNICODE:
        text = without_diacritics(text)
        with_link = f"{text} {without_diacritics(label)}: {link}"
        if len(with_link) <= SMS_LIMIT:
            return with_link
        return text if len(text) <= SMS_LIMIT else text[: SMS_LIMIT - 3] + "..."
    return f"{text} {label}: {link}"


def message_render(*, dossier: Dossier, event: DossierEvent, kind: str, channel: str) -> Rendered:
    """Vietnamese text for one event on one channel (e-mail: subject and letter; SMS: one short part; Zalo:
    the ZNS template's data)."""
    with translation.override(settings.LANGUAGE_CODE):
        wording = WORDING[kind]
        context = _context(dossier, event, kind)
        subject = str(wording.subject % context)
        lead = str(wording.lead % context)
        link = context["link"]
        params = {
            "ma_ho_so": dossier.code or "",
            "ten_thu_tuc": dossier.procedure.name[:ZALO_PARAM_LIMIT],
            "trang_thai": str(EventKind(kind).label),
            "ngay_hen": context["appointment"],
            "noi_dung": str(wording.sms % context)[:ZALO_PARAM_LIMIT],
            "duong_dan": link,
        }
        if channel == ChannelKind.EMAIL:
            body = _email_body(dossier, event, lead)
        elif channel == ChannelKind.SMS:
            label = _("Thanh toán") if kind == EventKind.FEE_REQUESTED else _("Tra cứu")
            body = _sms_text(str(wording.sms % context), link, str(label))
        else:
            body = lead
        return Rendered(subject=subject, body=body, params=params)


def alert_render(*, alert: DossierAlert) -> Rendered:
    """The e-mail to a leader about a dossier or step due soon or overdue (dossiers/alerts.py)."""
    with translation.override(settings.LANGUAGE_CODE):
        dossier = alert.dossier
        context = {
            "reference": dossier.code or _("nộp ngày %(date)s") % {"date": dmy(dossier.submitted_at)},
            "procedure": dossier.procedure.name,
            "due": timezone.localtime(alert.due_at).strftime("%H:%M %d/%m/%Y"),
            "step": alert.step.name if alert.step else "",
        }
        overdue = alert.kind == DossierAlert.Kind.OVERDUE
        if alert.step is not None:
            lead = (
                _("Bước “%(step)s” của hồ sơ %(reference)s (%(procedure)s) đã quá hạn xử lý (hạn %(due)s).")
                if overdue
                else _("Bước “%(step)s” của hồ sơ %(reference)s (%(procedure)s) sắp đến hạn xử lý: %(due)s.")
            ) % context
        else:
            lead = (
                _("Hồ sơ %(reference)s (%(procedure)s) đã quá hạn trả kết quả (hẹn %(due)s).")
                if overdue
                else _("Hồ sơ %(reference)s (%(procedure)s) sắp đến hạn trả kết quả: %(due)s.")
            ) % context
        subject = (
            _("Cảnh báo: hồ sơ %(reference)s quá hạn")
            if overdue
            else _("Cảnh báo: hồ sơ %(reference)s sắp đến hạn")
        ) % context
        link = settings.PUBLIC_BASE_URL.rstrip("/") + reverse(
            "backoffice:dossier", kwargs={"public_id": dossier.public_id}
        )
        lines = [
            _("Kính gửi ông/bà %(name)s,") % {"name": alert.recipient.get_full_name()},
            "",
            lead,
            "",
            _("Xem hồ sơ: %(link)s") % {"link": link},
            "",
            _("Thư này do %(site)s gửi tự động, vui lòng không trả lời.") % {"site": settings.SITE_NAME},
        ]
        return Rendered(
            subject=str(subject),
            body="\n".join(str(line) for line in lines),
            params={"ma_ho_so": dossier.code or "", "han": context["due"], "duong_dan": link},
        )
