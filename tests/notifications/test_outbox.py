"""Outbox rows are written with the dossier's state change, once per event and channel, in Vietnamese."""

import pytest
from django.db import transaction
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.workflow import Action
from motcua.notifications.messages import SMS_LIMIT, message_render
from motcua.notifications.models import ChannelKind, EventKind, Notification
from motcua.notifications.phones import international_phone
from motcua.notifications.services import notification_preference_update, notifications_for_event, retry_delay
from tests.notifications.conftest import MONDAY_MORNING, online, walk_in

pytestmark = pytest.mark.django_db


def by_channel(dossier):
    return {n.channel: n for n in Notification.objects.filter(dossier=dossier)}


def test_accepting_an_online_dossier_queues_email_and_sms_with_code_and_appointment(channels, office):
    dossier = online(office)
    assert not Notification.objects.exists()  # submitting is confirmed on screen, not by message

    dossier = services.dossier_accept(dossier=dossier, officer=office.desk, now=MONDAY_MORNING)

    rows = by_channel(dossier)
    assert set(rows) == {ChannelKind.EMAIL, ChannelKind.SMS}  # Zalo is opt-in
    appointment = timezone.localtime(dossier.due_at).strftime("%d/%m/%Y")
    email, sms = rows[ChannelKind.EMAIL], rows[ChannelKind.SMS]
    assert email.kind == EventKind.RECEIVED and email.status == Notification.State.PENDING
    assert email.recipient == "nguyen.van.a@example.vn"
    assert email.subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    assert f"Ngày hẹn trả kết quả: {appointment}." in email.body
    assert "Kính gửi ông/bà" in email.body and "UBND xã Tân Cương" in email.body
    assert sms.recipient == "0912345678"
    assert sms.body.startswith(f"Ho so {dossier.code} da duoc tiep nhan. Hen tra ket qua ngay {appointment}.")
    assert len(sms.body) <= SMS_LIMIT
    assert email.params["ma_ho_so"] == dossier.code and email.params["ngay_hen"] == appointment
    assert email.dedupe_key == f"event:{email.event_id}:email"


def test_notifications_roll_back_with_the_state_change(channels, office):
    dossier = online(office)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.dossier_accept(dossier=dossier, officer=office.desk, now=MONDAY_MORNING)
        raise RuntimeError("the request fails after the service")
    assert not Notification.objects.exists()


def test_the_same_event_never_yields_two_rows(channels, office):
    dossier = walk_in(office, email="hoa@example.vn")
    event = dossier.events.get(action=Action.RECEIVE_AT_COUNTER)
    assert Notification.objects.count() == 2

    notifications_for_event(dossier=dossier, event=event)

    assert Notification.objects.count() == 2
    assert sorted(Notification.objects.values_list("dedupe_key", flat=True)) == [
        f"event:{event.pk}:email",
        f"event:{event.pk}:sms",
    ]


def test_hand_overs_and_unknown_actions_tell_the_applicant_nothing(channels, office):
    dossier = walk_in(office)
    before = Notification.objects.count()
    for action in (Action.ASSIGN, Action.COMPLETE_STEP, "an_action_added_later"):
        event = DossierEvent.objects.create(
            dossier=dossier, at=MONDAY_MORNING, action=action, from_status=2, to_status=4
        )
        assert notifications_for_event(dossier=dossier, event=event) == []
    assert Notification.objects.count() == before


def test_applicant_without_account_or_email_gets_sms_only(channels, office):
    dossier = walk_in(office, phone="+84 987 654 321", email="")
    assert set(by_channel(dossier)) == {ChannelKind.SMS}
    assert international_phone(by_channel(dossier)[ChannelKind.SMS].recipient) == "84987654321"


def test_preferences_decide_the_channels(channels, office):
    notification_preference_update(user=office.citizen, email=False, sms=False, zalo=True)
    dossier = services.dossier_accept(dossier=online(office), officer=office.desk, now=MONDAY_MORNING)
    zalo = by_channel(dossier)
    assert set(zalo) == {ChannelKind.ZALO}
    assert zalo[ChannelKind.ZALO].params["trang_thai"] == "Hồ sơ được tiếp nhận"


def test_unconfigured_channels_are_not_queued(settings, office):
    settings.NOTIFICATIONS_SMS_GATEWAY_URL = ""
    settings.ZALO_APP_ID = ""
    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = False
    dossier = walk_in(office, email="hoa@example.vn")
    assert set(by_channel(dossier)) == {ChannelKind.EMAIL}


def test_each_event_kind_has_vietnamese_wording_and_a_one_part_sms(channels, office):
    dossier = walk_in(office)
    dossier.code = "H56.101.2024.99-261207-123456"  # a long code: the SMS must still fit one part
    event = dossier.events.get()
    event.note = "Thiếu bản sao giấy khai sinh có chứng thực của người được khai sinh"
    # A leader's alert is the one kind not written to the applicant (messages.alert_render).
    for kind in set(EventKind.values) - {EventKind.LEADER_ALERT}:
        sms = message_render(dossier=dossier, event=event, kind=kind, channel=ChannelKind.SMS).body
        email = message_render(dossier=dossier, event=event, kind=kind, channel=ChannelKind.EMAIL)
        assert len(sms) <= SMS_LIMIT and sms.isascii(), (kind, sms)
        assert dossier.code in sms and dossier.code in email.subject
        assert "Hồ sơ" in email.body or "hồ sơ" in email.body


def test_retry_schedule_doubles_from_one_minute_and_stops_at_one_hour(settings):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    settings.NOTIFICATIONS_RETRY_CAP_SECONDS = 3600
    delays = [retry_delay(attempt).total_seconds() for attempt in range(1, 10)]
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
