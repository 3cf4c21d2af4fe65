"""Deliver the notification outbox once, or keep delivering (`--loop`) where no Celery worker runs."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.notifications.services import notifications_dispatch


class Command(BaseCommand):
    help = "Gửi các thông báo đang chờ trong hộp thư đi (outbox)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep dispatching until interrupted.")
        parser.add_argument("--interval", type=float, default=10.0, help="Seconds between runs with --loop.")
        parser.add_argument("--batch-size", type=int, default=None)

    def handle(self, *args, loop, interval, batch_size, **options):
        batch_size = batch_size or settings.NOTIFICATIONS_BATCH_SIZE
        while True:
            result = notifications_dispatch(batch_size=batch_size)
            handled = len(result.sent) + len(result.failed) + len(result.dead)
            if handled:
                self.stdout.write(
                    f"sent={len(result.sent)} failed={len(result.failed)} dead={len(result.dead)}"
                )
            if not loop:
                return
            if handled < batch_size:  # a full batch means more may be due right now
                time.sleep(interval)
