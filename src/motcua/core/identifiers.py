"""Identifiers of people and businesses, and the dossier code (pure rules, no Django)."""

import re
from datetime import date

_CITIZEN_ID = re.compile(r"^\d{12}$")
_TAX_CODE = re.compile(r"^\d{10}(-?\d{3})?$")
_PHONE = re.compile(r"^(0|\+84)\d{9,10}$")


def is_valid_citizen_id(value: str) -> bool:
    """CCCD / số định danh cá nhân: 12 digits; the first three are a province code (001–096)."""
    if not _CITIZEN_ID.match(value):
        return False
    return 1 <= int(value[:3]) <= 96


def is_valid_tax_code(value: str) -> bool:
    """Mã số thuế: 10 digits, or 13 for a branch (written 10-3 or as 13 digits)."""
    return bool(_TAX_CODE.match(value))


def normalize_tax_code(value: str) -> str:
    return value.replace("-", "").strip()


def normalize_phone(value: str) -> str:
    """'+84 912 345 678' and '0912.345.678' both become '0912345678'."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def is_valid_phone(value: str) -> bool:
    return bool(_PHONE.match(normalize_phone(value)))


def mask_middle(value: str, *, keep_start: int = 3, keep_end: int = 3) -> str:
    """Personal data shown only where needed: '0912345678' -> '091****678'."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def mask_name(full_name: str) -> str:
    """'Nguyễn Văn An' -> 'Nguyễn V. A.': enough to recognise one's own dossier, not to identify a stranger."""
    parts = full_name.split()
    if len(parts) <= 1:
        return full_name[:1] + "***" if full_name else ""
    return " ".join([parts[0], *(p[0] + "." for p in parts[1:])])


def format_dossier_code(agency_electronic_id: str, received_on: date, counter: int) -> str:
    """`<agency ID>-YYMMDD-XXXX` (Thông tư 04/2025): counter per agency and day, at least four digits."""
    if counter < 1:
        raise ValueError("counter starts at 1")
    return f"{agency_electronic_id}-{received_on:%y%m%d}-{counter:04d}"
