"""Phone numbers as the providers want them."""

from motcua.core.identifiers import normalize_phone


def international_phone(phone: str) -> str:
    """'0912345678' and '+84 912 345 678' -> '84912345678' (Zalo ZNS and SMS gateways take this form)."""
    national = normalize_phone(phone)
    return "84" + national[1:] if national.startswith("0") else national
