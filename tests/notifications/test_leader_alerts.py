"""Due-soon and overdue alerts reach the responsible leader by e-mail through the outbox (real SMTP server)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from motcua.agencies.models import Role
from motcua.dossiers.alerts import dossiers_flag_at_risk
from motcua.dossiers.models import DossierAlert
from motcua.notifications.models import EventKind, Notification
from motcua.notifications.services import notifications_dispatch
from tests.factories import staff_with_role
from tests.notifications.conftest import MONDAY_MORNING, walk_in

pytestmark = pytest.mark.django_db


def test_each_alert_is_e_mailed_once_to_its_leader_and_a_leader_without_e_mail_is_skipped(
    channels, office, settings
):
    settings.NOTIFICATIONS_SMS_GATEWAY_URL = ""  # e-mail only
    dossier = walk_in(office, phone="0987654321")
    no_email = staff_with_role(office.agency, Role.AGENCY_LEADER)
    no_email.email = ""
    no_email.save(update_fields=["email"])
    Notification.objects.all().delete()  # the applicant's receipt notice is not what this test is about
    later = MONDAY_MORNING + timedelta(days=30)

    first = dossiers_flag_at_risk(now=later)
    assert (first.created, first.queued) == (4, 2)  # the overdue dossier and step, to each of two leaders
    assert dossiers_flag_at_risk(now=later + timedelta(minutes=30)).queued == 0
    assert len(notifications_dispatch(now=later).sent) == 2

    messages = channels.smtp.messages
    assert [m["To"] for m in messages] == [office.leader.email] * 2
    assert sorted(m["Subject"].strip() for m in messages) == [f"Cảnh báo: hồ sơ {dossier.code} quá hạn"] * 2
    bodies = "\n".join(m.get_content() for m in messages)
    assert "đã quá hạn trả kết quả" in bodies and "Bước “Phân công thụ lý”" in bodies
    assert reverse("backoffice:dossier", kwargs={"public_id": dossier.public_id}) in bodies
    sent = DossierAlert.objects.filter(recipient=office.leader)
    assert sent.count() == 2 and not sent.filter(notified_at=None).exists()
    assert set(sent.values_list("notified_at", flat=True)) == {later}
    assert DossierAlert.objects.filter(recipient=no_email, notified_at=None).count() == 2
    assert set(Notification.objects.values_list("kind", flat=True)) == {EventKind.LEADER_ALERT}
    assert len(notifications_dispatch(now=later + timedelta(hours=1)).sent) == 0
