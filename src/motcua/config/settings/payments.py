"""Payment gateways (domain.md §9). The defaults point at the local sandbox (`python -m motcua.payments.sandbox`)
and use the sandbox's own published test secrets; production sets every value from the environment."""

from django.core.exceptions import ImproperlyConfigured

from motcua.config.env import env_bool, env_int, env_list, env_str

# Which gateways the portal offers, in this order (codes of `payments.gateways.registry`).
PAYMENT_GATEWAYS = env_list("PAYMENT_GATEWAYS", "vnpay,dvcqg")
# A payment not finished within this many minutes expires at the gateway (vnp_ExpireDate).
PAYMENT_EXPIRE_MINUTES = env_int("PAYMENT_EXPIRE_MINUTES", 15)
# `payments_reconcile` asks the gateway about payments still pending this many minutes after they started.
PAYMENT_RECONCILE_AFTER_MINUTES = env_int("PAYMENT_RECONCILE_AFTER_MINUTES", 20)
PAYMENT_HTTP_TIMEOUT_SECONDS = env_int("PAYMENT_HTTP_TIMEOUT_SECONDS", 15)

SANDBOX_URL = env_str("PAYMENT_SANDBOX_URL", "http://127.0.0.1:8765")

# VNPay merchant protocol 2.1.0.
VNPAY_TMN_CODE = env_str("VNPAY_TMN_CODE", "MOTCUA01")
# SANDBOX ONLY: the secret the local sandbox gateway signs with. Never valid at VNPay.
VNPAY_HASH_SECRET = env_str("VNPAY_HASH_SECRET", "SANDBOX-ONLY-vnpay-secret-not-for-production")
VNPAY_PAYMENT_URL = env_str("VNPAY_PAYMENT_URL", f"{SANDBOX_URL}/paymentv2/vpcpay.html")
VNPAY_API_URL = env_str("VNPAY_API_URL", f"{SANDBOX_URL}/merchant_webapi/api/transaction")

# Nền tảng thanh toán của Cổng DVCQG.
DVCQG_PAYMENT_API_URL = env_str("DVCQG_PAYMENT_API_URL", f"{SANDBOX_URL}/dvcqg/thanhtoan")
DVCQG_PARTNER_CODE = env_str("DVCQG_PARTNER_CODE", "H56")
# SANDBOX ONLY: the secret the local sandbox gateway signs with.
DVCQG_PAYMENT_SECRET = env_str("DVCQG_PAYMENT_SECRET", "SANDBOX-ONLY-dvcqg-secret-not-for-production")

# Production refuses to start with the sandbox's secrets (same switch as SECRET_KEY, settings/security.py).
if (
    env_bool("MOTCUA_REQUIRE_SECRET_KEY", False)
    and "SANDBOX-ONLY" in VNPAY_HASH_SECRET + DVCQG_PAYMENT_SECRET
):
    raise ImproperlyConfigured(
        "Set VNPAY_HASH_SECRET and DVCQG_PAYMENT_SECRET: the defaults are the sandbox's."
    )
