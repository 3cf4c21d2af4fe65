"""A dispatcher killed mid-batch loses nothing and repeats nothing it recorded; dispatchers never share a row."""

import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections
from django.utils import timezone

from motcua.notifications.models import Notification
from motcua.notifications.services import notifications_dispatch
from tests.notifications.conftest import walk_in

PROJECT_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def database_url_for_other_processes() -> str:
    """The test database as a DATABASE_URL, for a dispatcher in another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def dispatcher_process(channels) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_other_processes(),
        "SMS_GATEWAY_URL": f"{channels.url}/sms/send",
        "SMS_GATEWAY_API_KEY": django_settings.NOTIFICATIONS_SMS_API_KEY,
        "ZALO_APP_ID": "",
        "NOTIFICATIONS_LEASE_SECONDS": str(django_settings.NOTIFICATIONS_LEASE_SECONDS),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "notifications_dispatch", "--batch-size", "10"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def dispatchers_in_parallel(count: int, *, now, batch_size: int) -> list[str]:
    """Run `count` dispatchers in threads until nothing is due; return the errors they met."""
    errors = []

    def dispatch_until_empty():
        try:
            while True:
                result = notifications_dispatch(batch_size=batch_size, now=now)
                if not (result.sent or result.failed or result.dead):
                    return
        except Exception as error:  # reported to the test
            errors.append(repr(error))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=dispatch_until_empty) for _ in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    return errors


def test_dispatcher_killed_mid_batch_loses_nothing_and_repeats_nothing_it_recorded(channels, office):
    """Killed with SIGKILL while the gateway holds its third request; two dispatchers then finish the work."""
    for n in range(8):
        walk_in(office, phone=f"09870000{n:02d}")  # no e-mail: eight SMS
    providers = channels.providers
    providers.sms_hold_request = 3

    process = dispatcher_process(channels)
    try:
        assert providers.held.wait(timeout=30), (
            process.stderr.read().decode() if process.poll() else "no call"
        )
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    providers.release.set()

    rows = {n.idempotency_token: n for n in Notification.objects.all()}
    recorded = {token for token, n in rows.items() if n.status == Notification.State.SENT}
    assert len(recorded) == 2
    assert all(n.status == Notification.State.SENDING for token, n in rows.items() if token not in recorded)
    # The claimed rows wait for the dead dispatcher's lease to run out; a live dispatcher leaves them alone.
    assert notifications_dispatch().sent == []

    # After the lease, two dispatchers at once (small batches, a slow gateway) share the six rows left.
    providers.sms_delay = 0.05
    after_lease = timezone.now() + timedelta(seconds=django_settings.NOTIFICATIONS_LEASE_SECONDS + 1)
    assert dispatchers_in_parallel(2, now=after_lease, batch_size=2) == []

    assert set(Notification.objects.values_list("status", flat=True)) == {Notification.State.SENT}
    requested = providers.sms_keys_requested()
    # Recorded deliveries were never repeated, and no row went out twice from the two dispatchers. The one in
    # flight at the kill was sent again with the same Idempotency-Key, so the gateway accepted it once: eight
    # messages, each exactly once.
    in_flight = requested[2]
    assert all(requested.count(token) == 1 for token in rows if token != in_flight)
    assert requested.count(in_flight) == 2 and Notification.objects.get(pk=rows[in_flight].pk).attempts == 2
    assert sorted(providers.sms_accepted) == sorted(rows)
