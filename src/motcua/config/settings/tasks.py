from celery.schedules import crontab

from motcua.config.env import env_bool, env_str

# Celery with Redis in production; without a broker (a fresh machine, the tests) tasks run eagerly in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "memory://")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE = {
    # Due-soon and overdue alerts for leaders (dossiers/alerts.py); every half hour is enough for a limit
    # counted in working days, and repeated runs create nothing twice.
    "dossiers-flag-at-risk": {"task": "dossiers.flag_at_risk", "schedule": crontab(minute="*/30")},
    # The notification outbox: retries and anything a dispatch-on-commit missed (notifications/tasks.py).
    "notifications-dispatch": {"task": "motcua.notifications.dispatch", "schedule": 30.0},
    # The national portal sync queue (integrations/tasks.py); backoff is kept per row, so a frequent run is cheap.
    "integrations-sync": {"task": "motcua.integrations.sync", "schedule": 60.0},
    # Postal orders the post did not take yet, and statuses of items on the way (delivery/tasks.py).
    "delivery-poll": {"task": "motcua.delivery.poll", "schedule": crontab(minute="*/15")},
    # Online payments whose gateway notification never came: asked again, or expired (payments/reconcile.py).
    "payments-reconcile": {"task": "motcua.payments.reconcile", "schedule": crontab(minute="*/5")},
}

REDIS_URL = env_str("REDIS_URL", "")
CACHES = (
    {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    if REDIS_URL
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)
