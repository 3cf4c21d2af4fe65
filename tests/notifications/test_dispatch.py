"""The dispatcher against real loopback servers: SMTP (aiosmtpd), an SMS gateway and Zalo's OA API."""

from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from motcua.dossiers import services
from motcua.notifications.channels.email import message_id_for
from motcua.notifications.models import ChannelKind, Notification, ZaloToken
from motcua.notifications.services import notification_preference_update, notifications_dispatch, retry_delay
from tests.notifications.conftest import MONDAY_MORNING, online, walk_in

pytestmark = pytest.mark.django_db


def states():
    return sorted(Notification.objects.values_list("status", flat=True))


def test_email_reaches_the_smtp_server_once_with_a_message_id_from_the_outbox(channels, office, settings):
    dossier = walk_in(office, email="hoa@example.vn")
    notification_row = Notification.objects.get(channel=ChannelKind.EMAIL)
    host = urlsplit(settings.PUBLIC_BASE_URL).hostname

    result = notifications_dispatch()

    assert len(result.sent) == 2 and states() == ["sent", "sent"]
    (message,) = channels.smtp.messages
    assert message["To"] == "hoa@example.vn"
    assert message["Subject"].strip() == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    assert (
        message["Message-ID"] == message_id_for(notification_row) == f"<motcua-{notification_row.pk}@{host}>"
    )
    assert "Ngày hẹn trả kết quả" in message.get_content()
    assert notifications_dispatch().sent == []
    assert len(channels.smtp.messages) == 1


def test_smtp_down_for_a_while_then_every_message_is_delivered_exactly_once(channels, office, settings):
    settings.NOTIFICATIONS_SMS_GATEWAY_URL = ""  # e-mail only
    for n in range(3):
        walk_in(office, email=f"nguoi{n}@example.vn")
    start = timezone.now()
    channels.smtp.stop()

    assert len(notifications_dispatch(now=start).failed) == 3
    row = Notification.objects.first()
    assert row.status == "failed" and row.attempts == 1 and "SMTP" in row.last_error
    assert row.next_attempt_at == start + timedelta(seconds=60)
    # Not due yet: nothing is claimed, nothing is sent.
    assert notifications_dispatch(now=start + timedelta(seconds=30)).failed == []

    channels.smtp.start()
    assert len(notifications_dispatch(now=start + timedelta(seconds=61)).sent) == 3
    assert notifications_dispatch(now=start + timedelta(hours=2)).sent == []

    assert sorted(m["To"] for m in channels.smtp.messages) == [f"nguoi{n}@example.vn" for n in range(3)]
    assert len(set(channels.smtp.message_ids())) == 3


def test_retries_follow_the_backoff_schedule_then_give_up(channels, office, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    walk_in(office)  # one SMS
    channels.providers.sms_always_status = 503
    clock = timezone.now()
    for attempt in range(1, 4):
        assert len(notifications_dispatch(now=clock).failed) == 1
        row = Notification.objects.get()
        assert (row.status, row.attempts) == ("failed", attempt)
        assert row.next_attempt_at == clock + retry_delay(attempt)
        assert notifications_dispatch(now=row.next_attempt_at - timedelta(seconds=1)).failed == []
        clock = row.next_attempt_at
    assert len(notifications_dispatch(now=clock).dead) == 1
    row = Notification.objects.get()
    assert (row.status, row.attempts) == ("dead", 4) and "HTTP 503" in row.last_error
    assert len(channels.providers.sms_requests) == 4
    assert notifications_dispatch(now=clock + timedelta(days=1)).dead == []


def test_sms_gateway_gets_the_api_key_and_an_idempotency_key_and_a_refusal_is_final(channels, office):
    walk_in(office, phone="0987654321")
    walk_in(office, phone="0911111111")
    channels.providers.sms_answer_statuses = [400]

    result = notifications_dispatch()

    assert len(result.dead) == 1 and len(result.sent) == 1
    first, second = channels.providers.sms_requests
    assert first["json"]["phone"] == "84987654321" and first["json"]["brandname"] == "MOTCUA"
    assert first["headers"]["Idempotency-Key"] == first["json"]["client_ref"]
    assert first["json"]["text"].startswith("Ho so H56.101-")
    sent = Notification.objects.get(status="sent")
    assert sent.provider_message_id == "sms-1" and sent.idempotency_token == second["json"]["client_ref"]
    assert notifications_dispatch(now=timezone.now() + timedelta(days=1)).sent == []


def test_zalo_refreshes_an_expired_token_once_and_keeps_the_new_pair(channels, office):
    notification_preference_update(user=office.citizen, email=False, sms=False, zalo=True)
    first = services.dossier_accept(dossier=online(office), officer=office.desk, now=MONDAY_MORNING)
    assert len(notifications_dispatch().sent) == 1
    assert channels.providers.refreshes == 0

    channels.providers.expire_access_token()
    second = services.dossier_accept(dossier=online(office), officer=office.desk, now=MONDAY_MORNING)
    assert len(notifications_dispatch().sent) == 1

    # One refresh; the spent refresh token is replaced by the one Zalo handed back.
    assert channels.providers.refreshes == 1
    token = ZaloToken.objects.get()
    assert (token.access_token, token.refresh_token) == ("access-2", "refresh-2")
    assert token.expires_at > timezone.now() + timedelta(hours=24)
    zns = channels.providers.zns_requests
    assert [r["template_data"]["ma_ho_so"] for r in zns] == [first.code, second.code]
    assert zns[0]["phone"] == "84912345678" and zns[0]["template_id"] == "tpl-ho-so"
    assert zns[0]["tracking_id"].startswith("motcua-")

    third = services.dossier_accept(dossier=online(office), officer=office.desk, now=MONDAY_MORNING)
    assert len(notifications_dispatch().sent) == 1
    assert channels.providers.refreshes == 1
    assert channels.providers.zns_requests[-1]["template_data"]["ma_ho_so"] == third.code


def test_zalo_with_a_revoked_refresh_token_retries_later(channels, office):
    notification_preference_update(user=office.citizen, email=False, sms=False, zalo=True)
    services.dossier_accept(dossier=online(office), officer=office.desk, now=MONDAY_MORNING)
    channels.providers.expire_access_token()
    channels.providers.refresh_token = "issued-to-someone-else"

    assert len(notifications_dispatch().failed) == 1
    assert "làm mới" in Notification.objects.get().last_error


def test_an_issued_apology_tells_the_new_appointment_and_marks_the_letter_notified(
    channels, office, settings
):
    settings.NOTIFICATIONS_SMS_GATEWAY_URL = ""  # e-mail only
    dossier = walk_in(office, email="hoa@example.vn")
    notifications_dispatch()
    letter = services.apology_draft(
        dossier=dossier,
        officer=office.leader,
        reason="Cần xác minh thêm thông tin.",
        new_date=date(2026, 12, 18),
        now=MONDAY_MORNING,
    )
    services.apology_approve(apology=letter, leader=office.leader, now=MONDAY_MORNING)

    assert len(notifications_dispatch().sent) == 1
    message = channels.smtp.messages[-1]
    assert message["Subject"].strip() == f"Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {dossier.code}"
    assert "Ngày hẹn trả kết quả mới: 18/12/2026." in message.get_content()
    letter.refresh_from_db()
    assert letter.applicant_notified_at is not None
