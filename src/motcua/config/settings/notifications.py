"""Notifications to applicants: e-mail (SMTP), SMS (brand-name gateway), Zalo ZNS. Credentials come from the
environment only. A channel without its endpoint configured is simply not offered (e-mail always is: without
EMAIL_HOST it goes to the console, which is what `make run` wants)."""

from motcua.config.env import env_bool, env_int, env_str

# E-mail: Django's own settings, read by the e-mail channel through django.core.mail.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Một Cửa <khong-tra-loi@motcua.local>")

# SMS brand-name gateway (protocol: notifications/channels/sms.py).
NOTIFICATIONS_SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
NOTIFICATIONS_SMS_API_KEY = env_str("SMS_GATEWAY_API_KEY", "")
NOTIFICATIONS_SMS_BRANDNAME = env_str("SMS_BRANDNAME", "MOTCUA")
# Vietnamese with diacritics needs UCS-2 (70 characters a part); without, one 160-character GSM part.
NOTIFICATIONS_SMS_UNICODE = env_bool("SMS_UNICODE", False)

# Zalo Official Account, ZNS template messages.
ZALO_APP_ID = env_str("ZALO_APP_ID", "")
ZALO_APP_SECRET = env_str("ZALO_APP_SECRET", "")
ZALO_OA_ACCESS_TOKEN = env_str("ZALO_OA_ACCESS_TOKEN", "")
ZALO_OA_REFRESH_TOKEN = env_str("ZALO_OA_REFRESH_TOKEN", "")
ZALO_ZNS_TEMPLATE_ID = env_str("ZALO_ZNS_TEMPLATE_ID", "")
ZALO_ZNS_BASE_URL = env_str("ZALO_ZNS_BASE_URL", "https://business.openapi.zalo.me")
ZALO_OAUTH_BASE_URL = env_str("ZALO_OAUTH_BASE_URL", "https://oauth.zaloapp.com/v4")

# The dispatcher (notifications/services.py: notifications_dispatch).
NOTIFICATIONS_HTTP_TIMEOUT = env_int("NOTIFICATIONS_HTTP_TIMEOUT", 20)
NOTIFICATIONS_BATCH_SIZE = env_int("NOTIFICATIONS_BATCH_SIZE", 50)
# Longer than the slowest channel call (the SMTP and HTTP timeouts above), so a live dispatcher never loses its
# claim; a dead one's rows are retried after it.
NOTIFICATIONS_LEASE_SECONDS = env_int("NOTIFICATIONS_LEASE_SECONDS", 300)
NOTIFICATIONS_RETRY_BASE_SECONDS = env_int("NOTIFICATIONS_RETRY_BASE_SECONDS", 60)
NOTIFICATIONS_RETRY_CAP_SECONDS = env_int("NOTIFICATIONS_RETRY_CAP_SECONDS", 3600)
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 12)
# Queue a dispatch as soon as the transaction that wrote outbox rows commits (eager, in-process, without a
# broker; a Celery task with Redis). The beat schedule (tasks.py) picks up retries and anything missed.
NOTIFICATIONS_DISPATCH_ON_COMMIT = env_bool("NOTIFICATIONS_DISPATCH_ON_COMMIT", True)
