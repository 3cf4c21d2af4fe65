"""Which number each standard form carries (domain.md §8): Thông tư 03/2025 by default, 01/2018 on request."""

from enum import StrEnum

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class FormKind(StrEnum):
    RECEIPT = "receipt"
    SUPPLEMENT_REQUEST = "supplement_request"
    REFUSAL = "refusal"
    APOLOGY = "apology"
    STOP_NOTICE = "stop_notice"
    CONTROL_SHEET = "control_sheet"
    REGISTER = "register"


class Numbering(TextChoices):
    TT03_2025 = "tt03_2025", _("Thông tư 03/2025/TT-VPCP")
    TT01_2018 = "tt01_2018", _("Thông tư 01/2018/TT-VPCP")


# Thông tư 03/2025/TT-VPCP, Phụ lục I; Thông tư 01/2018/TT-VPCP had no stop-notice form.
FORM_NUMBERS: dict[str, dict[FormKind, str]] = {
    Numbering.TT03_2025: {
        FormKind.RECEIPT: "01",
        FormKind.SUPPLEMENT_REQUEST: "02",
        FormKind.REFUSAL: "03",
        FormKind.APOLOGY: "04",
        FormKind.STOP_NOTICE: "05",
        FormKind.CONTROL_SHEET: "06",
        FormKind.REGISTER: "07",
    },
    Numbering.TT01_2018: {
        FormKind.RECEIPT: "01",
        FormKind.SUPPLEMENT_REQUEST: "02",
        FormKind.REFUSAL: "03",
        FormKind.APOLOGY: "04",
        FormKind.CONTROL_SHEET: "05",
        FormKind.REGISTER: "06",
    },
}


def form_number(numbering: str, kind: FormKind) -> str | None:
    """'01' for the receipt; None when the chosen circular has no such form."""
    return FORM_NUMBERS[numbering].get(kind)


FORM_TITLES: dict[FormKind, str] = {
    FormKind.RECEIPT: _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    FormKind.SUPPLEMENT_REQUEST: _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    FormKind.REFUSAL: _("Phiếu từ chối tiếp nhận, giải quyết hồ sơ"),
    FormKind.APOLOGY: _("Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
    FormKind.STOP_NOTICE: _("Thông báo dừng giải quyết hồ sơ"),
    FormKind.CONTROL_SHEET: _("Phiếu kiểm soát quá trình giải quyết hồ sơ"),
    FormKind.REGISTER: _("Sổ theo dõi hồ sơ"),
}
