"""The gateway side's signatures, written independently of `motcua.payments.gateways` on purpose."""

import hashlib
import hmac
from urllib.parse import quote_plus

# SANDBOX ONLY: published test secrets, the same defaults as config/settings/payments.py.
VNPAY_TEST_TMN_CODE = "MOTCUA01"
VNPAY_TEST_SECRET = "SANDBOX-ONLY-vnpay-secret-not-for-production"
DVCQG_TEST_PARTNER = "H56"
DVCQG_TEST_SECRET = "SANDBOX-ONLY-dvcqg-secret-not-for-production"

_UNSIGNED = {"vnp_SecureHash", "vnp_SecureHashType"}


def vnpay_query(params: dict) -> str:
    """Sorted by name, empty values dropped, keys and values form-encoded (space as '+'), joined with '&'."""
    pairs = []
    for name in sorted(params):
        value = params[name]
        if name in _UNSIGNED or value is None or str(value) == "":
            continue
        pairs.append(f"{quote_plus(name)}={quote_plus(str(value))}")
    return "&".join(pairs)


def vnpay_hash(params: dict, secret: str) -> str:
    return hmac.new(secret.encode(), vnpay_query(params).encode(), hashlib.sha512).hexdigest()


def vnpay_signed_query(params: dict, secret: str) -> str:
    return f"{vnpay_query(params)}&vnp_SecureHash={vnpay_hash(params, secret)}"


def vnpay_pipe_hash(values: list, secret: str) -> str:
    """querydr signs its fields joined with '|' in a fixed order."""
    data = "|".join("" if v is None else str(v) for v in values)
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def dvcqg_mac(values: list, secret: str) -> str:
    """MaXacThuc: SHA-256 hex of the fields joined with '|', the secret appended as the last field."""
    data = "|".join(["" if v is None else str(v) for v in values] + [secret])
    return hashlib.sha256(data.encode()).hexdigest()
