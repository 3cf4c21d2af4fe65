"""The payment gateways by code; settings.PAYMENT_GATEWAYS says which ones the portal offers."""

from django.conf import settings

from .base import Gateway
from .dvcqg import DVCQGGateway
from .vnpay import VNPayGateway

GATEWAYS: dict[str, type[Gateway]] = {gateway.code: gateway for gateway in (VNPayGateway, DVCQGGateway)}


def gateway_for(code: str) -> Gateway:
    """The adapter, configured from settings; KeyError for an unknown code."""
    return GATEWAYS[code]()


def is_enabled(code: str) -> bool:
    return code in GATEWAYS and code in settings.PAYMENT_GATEWAYS


def enabled_gateways() -> list[Gateway]:
    return [GATEWAYS[code]() for code in settings.PAYMENT_GATEWAYS if code in GATEWAYS]
