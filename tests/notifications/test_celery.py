"""A real Celery worker on the real Redis delivers the notification queued by a dossier's state change."""

import os
import time
import uuid

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from motcua.config.celery import app
from motcua.notifications.models import Notification
from tests.notifications.conftest import walk_in

# A database of its own, so the test never meets another application's keys.
TEST_BROKER = os.environ.get("MOTCUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
WORKER_WAIT_SECONDS = 60


def _drop_connection_pools():
    # An earlier eager `.delay()` in this process built the pools on the previous broker (memory://); Celery
    # keeps them until a fork, so drop them the way its after-fork hook does.
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_broker():
    client = redis.Redis.from_url(TEST_BROKER, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("MOTCUA_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required (MOTCUA_REQUIRE_REDIS=1) but not reachable: {error}")
        pytest.skip(f"Redis not reachable at {TEST_BROKER}")
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    # A queue of its own too, so a task left over from an earlier run is never picked up here.
    queue = f"motcua-test-{uuid.uuid4().hex}"
    keys_before = set(client.scan_iter())
    app.conf.update(broker_url=TEST_BROKER, task_always_eager=False, task_default_queue=queue)
    _drop_connection_pools()
    yield
    app.conf.update(saved)
    _drop_connection_pools()
    # Leave the database as found: the queue and the bindings the worker declared.
    for key in set(client.scan_iter()) - keys_before:
        client.delete(key)


def _close_worker_connections(**kwargs):
    # The worker thread's database connection must not outlive the test (PostgreSQL drops the test database).
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_celery_worker_delivers_the_notification_to_the_smtp_server(channels, office, settings, redis_broker):
    settings.NOTIFICATIONS_SMS_GATEWAY_URL = ""  # e-mail only
    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = True
    task_postrun.connect(_close_worker_connections)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            # The service commits; on commit the dispatch task goes through Redis to the worker.
            dossier = walk_in(office, email="hoa@example.vn")
            # Polled, so it ends as soon as the mail is there; generous for a loaded two-core machine.
            deadline = time.monotonic() + WORKER_WAIT_SECONDS
            while not channels.smtp.messages and time.monotonic() < deadline:
                time.sleep(0.05)
            while Notification.objects.filter(status="sent").count() < 1 and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        task_postrun.disconnect(_close_worker_connections)

    (message,) = channels.smtp.messages
    assert message["Subject"].strip() == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    assert Notification.objects.get().status == Notification.State.SENT
