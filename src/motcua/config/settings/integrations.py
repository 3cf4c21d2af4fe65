"""Outside services of the dossier flow: the national portal (DVCQG) and the public post (VNPost).

Endpoints and credentials come from the environment only. Without a base URL an adapter is "not configured":
sync rows and postal orders wait in their queues until it is.
"""

from motcua.config.env import env_int, env_str

# Dịch vụ công quốc gia: dossier and progress pushes (integrations/portals/dvcqg.py).
DVCQG_PORTAL = env_str("DVCQG_PORTAL", "dvcqg")
DVCQG_BASE_URL = env_str("DVCQG_BASE_URL", "")
DVCQG_API_TOKEN = env_str("DVCQG_API_TOKEN", "")
# Shared secret the portal signs inbound dossiers with (HMAC-SHA256); unset = inbound endpoint closed.
DVCQG_INBOUND_SECRET = env_str("DVCQG_INBOUND_SECRET", "")
DVCQG_TIMEOUT_SECONDS = env_int("DVCQG_TIMEOUT_SECONDS", 20)
DVCQG_BATCH_SIZE = env_int("DVCQG_BATCH_SIZE", 200)
# Longer than the HTTP timeout, so a live sender never loses its claim; a dead one's rows are retried after it.
DVCQG_LEASE_SECONDS = env_int("DVCQG_LEASE_SECONDS", 300)
DVCQG_RETRY_BASE_SECONDS = env_int("DVCQG_RETRY_BASE_SECONDS", 60)
DVCQG_RETRY_CAP_SECONDS = env_int("DVCQG_RETRY_CAP_SECONDS", 6 * 3600)

# Bưu chính công ích: postal orders and status updates (delivery/carriers/vnpost.py).
DELIVERY_CARRIER = env_str("DELIVERY_CARRIER", "vnpost")
VNPOST_BASE_URL = env_str("VNPOST_BASE_URL", "")
VNPOST_API_TOKEN = env_str("VNPOST_API_TOKEN", "")
VNPOST_CUSTOMER_CODE = env_str("VNPOST_CUSTOMER_CODE", "")
# Shared secret of the status webhook (HMAC-SHA256 of the body); unset = webhook closed, polling only.
VNPOST_WEBHOOK_SECRET = env_str("VNPOST_WEBHOOK_SECRET", "")
VNPOST_TIMEOUT_SECONDS = env_int("VNPOST_TIMEOUT_SECONDS", 20)
