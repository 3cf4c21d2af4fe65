"""The DVCQG sync queue against a real HTTP server on loopback that checks every field it receives."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.workflow import Status
from motcua.integrations.models import SyncItem
from motcua.integrations.selectors import sync_share, sync_state_for_dossier
from motcua.integrations.services import sync_send_due
from motcua.integrations.tasks import integrations_sync_task
from motcua.payments.models import Payment
from tests.factories import PASSWORD, StaffFactory
from tests.integrations.fake_dvcqg import FakeNationalPortal
from tests.integrations.flow import make_office, process_to_result, submit_online, walk_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return make_office("H56.201")


@pytest.fixture
def portal(settings):
    with FakeNationalPortal(token="token-thu-nghiem") as server:
        settings.DVCQG_BASE_URL = server.url
        settings.DVCQG_API_TOKEN = "token-thu-nghiem"
        settings.DVCQG_RETRY_BASE_SECONDS = 60
        settings.DVCQG_RETRY_CAP_SECONDS = 3600
        yield server


def send_until_empty(*, rounds=30):
    """Run the sender as cron would, jumping the clock past each backoff."""
    now = timezone.now()
    for _ in range(rounds):
        sync_send_due(now=now)
        if not SyncItem.objects.filter(acknowledged_at=None).exists():
            return
        now += timedelta(hours=2)
    raise AssertionError("the queue never emptied")


def test_each_history_row_queues_a_dossier_push_then_a_progress_push(office):
    dossier = walk_in(office)
    items = list(SyncItem.objects.filter(dossier=dossier))
    assert [(i.kind, i.status) for i in items] == [
        ("dossier", Status.RECEIVED),
        ("progress", Status.RECEIVED),
    ]
    assert items[0].event_id == items[1].event_id == dossier.events.get().pk


def test_online_dossier_is_pushed_from_its_receipt_not_before(office):
    dossier = submit_online(office)
    assert not SyncItem.objects.filter(dossier=dossier).exists()
    services.dossier_accept(dossier=dossier, officer=office["desk"])
    assert list(SyncItem.objects.filter(dossier=dossier).values_list("status", flat=True)) == [2, 2]


def test_sync_retries_until_acknowledged_and_keeps_the_order(office, portal):
    dossier = walk_in(office)
    dossier = process_to_result(office, dossier)
    services.dossier_return_result(
        dossier=dossier, officer=office["desk"], received_by_name=dossier.applicant_name
    )
    queued = [(i.kind, i.status) for i in SyncItem.objects.filter(dossier=dossier)]
    assert [s for k, s in queued if k == "dossier"] == [2, 4, 4, 9, 10]

    portal.fail_next(3, "http500")
    portal.fail_next(2, "error_code")
    send_until_empty()

    assert portal.invalid == []
    assert [
        (kind, body.get("TrangThaiHoSo", body.get("TrangThai"))) for kind, body in portal.accepted
    ] == queued
    assert {body["MaHoSo"] for _, body in portal.accepted} == {dossier.code}
    assert portal.calls == len(queued) + 5
    first = SyncItem.objects.filter(dossier=dossier).first()
    assert first.attempts == 6 and first.acknowledged_at is not None and first.acknowledgement == "DB000001"
    final = portal.accepted[-2][1]
    assert final["NgayTra"] is not None and final["DanhSachGiayToKetQua"][0]["TenTepDinhKem"] == "ket-qua.pdf"
    progress = [body for kind, body in portal.accepted if kind == "progress"]
    assert progress[1]["NguoiXuLy"] == office["leader"].full_name
    assert progress[1]["NoiDungXuLy"].startswith("Phân công xử lý")


def test_failed_push_waits_with_growing_backoff_and_holds_back_its_dossier(office, portal):
    dossier = walk_in(office)
    portal.fail_next(2)
    now = timezone.now()
    report = sync_send_due(now=now)
    assert (report.sent, report.failed) == (0, 1)
    head, second = SyncItem.objects.filter(dossier=dossier)
    assert head.next_attempt_at == now + timedelta(seconds=60) and "HTTP 500" in head.last_error
    assert second.attempts == 0  # never sent ahead of the row before it

    assert sync_send_due(now=now + timedelta(seconds=30)).failed == 0  # not due yet
    sync_send_due(now=now + timedelta(seconds=61))
    head.refresh_from_db()
    assert head.attempts == 2 and head.next_attempt_at == now + timedelta(seconds=61 + 120)

    report = sync_send_due(now=now + timedelta(seconds=200))
    assert report.sent == 2 and not SyncItem.objects.filter(acknowledged_at=None).exists()


def test_a_dossier_the_portal_keeps_refusing_does_not_block_the_others(office, portal):
    blocked = walk_in(office)
    fine = walk_in(office)
    portal.refuse_codes.add(blocked.code)
    report = sync_send_due(now=timezone.now())
    assert (report.sent, report.failed) == (2, 1)
    assert SyncItem.objects.filter(dossier=fine, acknowledged_at=None).count() == 0
    waiting = SyncItem.objects.filter(dossier=blocked).order_by("id")
    assert [i.attempts for i in waiting] == [1, 0]
    assert "error_code" in waiting[0].last_error or "khóa" in waiting[0].last_error


def test_payload_is_frozen_at_the_first_attempt(office, portal):
    dossier = walk_in(office)
    portal.fail_next(1)
    now = timezone.now()
    sync_send_due(now=now)
    frozen = SyncItem.objects.filter(dossier=dossier).first().payload
    assert frozen["TrangThaiHoSo"] == 2
    process_to_result(office, dossier)
    sync_send_due(now=now + timedelta(hours=1))
    assert portal.accepted[0][1] == frozen


def test_command_and_task_send_the_queue(office, portal):
    walk_in(office)
    call_command("integrations_sync")
    assert len(portal.accepted) == 2
    walk_in(office)
    assert integrations_sync_task() == 2
    assert not SyncItem.objects.filter(acknowledged_at=None).exists()


def test_command_without_portal_address_sends_nothing(office, settings, capsys):
    settings.DVCQG_BASE_URL = ""
    walk_in(office)
    call_command("integrations_sync")
    assert "DVCQG_BASE_URL" in capsys.readouterr().err
    assert SyncItem.objects.filter(attempts=0).count() == 2


def test_sync_share_counts_received_dossiers_acknowledged_by_the_portal(office, portal):
    other = make_office("H56.202")
    submit_online(office)  # not received: not counted
    synced = walk_in(office)
    walk_in(other)
    sync_send_due(now=timezone.now())
    unsynced = walk_in(office)
    assert sync_share() == sync_share(agency_ids=None)
    share = sync_share(agency_ids=[office["agency"].pk])
    assert (share.received, share.synced) == (2, 1) and share.ratio == 0.5
    assert sync_share(agency_ids=[other["agency"].pk]).ratio == 1.0
    assert sync_state_for_dossier(dossier=synced).is_synced
    assert sync_state_for_dossier(dossier=unsynced).pending == 2


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def test_dossier_page_shows_the_sync_state(client, office, portal):
    dossier = walk_in(office)
    login(client, office["desk"])
    page = client.get(reverse("backoffice:dossier", args=[dossier.public_id])).content.decode()
    assert 'id="dvcqg-sync"' in page and "Chưa đồng bộ xong" in page
    sync_send_due(now=timezone.now())
    page = client.get(reverse("backoffice:dossier", args=[dossier.public_id])).content.decode()
    assert "Đã đồng bộ" in page


def test_unsynced_list_shows_only_the_staff_members_agencies(client, office, settings):
    settings.DVCQG_BASE_URL = ""
    mine = walk_in(office)
    other = make_office("H56.203")
    theirs = walk_in(other)
    login(client, office["leader"])
    response = client.get(reverse("integrations:unsynced"))
    assert response.status_code == 200
    dossiers = {item.dossier_id for item in response.context["items"]}
    assert dossiers == {mine.pk} and theirs.pk not in dossiers
    assert response.context["share"].received == 1


def test_unsynced_list_is_not_for_applicants_or_staff_without_agency(client, office):
    login(client, office["citizen"])
    assert client.get(reverse("integrations:unsynced")).status_code == 404
    login(client, StaffFactory())
    assert client.get(reverse("integrations:unsynced")).status_code == 404


def test_unsynced_list_query_count_does_not_grow_with_rows(
    client, office, settings, django_assert_num_queries
):
    settings.DVCQG_BASE_URL = ""
    walk_in(office)
    login(client, office["desk"])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("integrations:unsynced"))
    for _ in range(4):
        walk_in(office)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("integrations:unsynced"))
    assert len(response.context["items"]) == 10


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_push_once_and_in_order(settings):
    office = make_office("H56.204")
    dossiers = [process_to_result(office, walk_in(office)) for _ in range(3)]
    queued = {d.code: [(i.kind, i.status) for i in SyncItem.objects.filter(dossier=d)] for d in dossiers}
    with FakeNationalPortal() as portal:
        settings.DVCQG_BASE_URL = portal.url
        start, errors = threading.Barrier(2), []

        def send():
            try:
                start.wait(timeout=30)
                sync_send_due()
            except Exception as error:  # collected and asserted below
                errors.append(repr(error))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        sync_send_due()  # whatever one sender left while the other held a dossier's head

    assert errors == [] and portal.invalid == []
    assert portal.calls == sum(len(rows) for rows in queued.values())
    for code, rows in queued.items():
        sent = [
            (kind, body.get("TrangThaiHoSo", body.get("TrangThai")))
            for kind, body in portal.accepted
            if body["MaHoSo"] == code
        ]
        assert sent == rows


def test_a_fee_paid_online_is_reported(office, portal):
    dossier = walk_in(office)
    Payment.objects.create(
        reference="TT0001",
        dossier=dossier,
        method=Payment.Method.ONLINE,
        gateway="vnpay",
        amount=8000,
        state=Payment.State.PAID,
        payer_name=dossier.applicant_name,
        created_at=timezone.now(),
    )
    sync_send_due(now=timezone.now())
    assert portal.accepted[0][1]["DuocThanhToanTrucTuyen"] == 1
