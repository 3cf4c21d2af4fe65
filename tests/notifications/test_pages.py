"""The applicant's notification settings and the staff's delivery log."""

import re

import pytest
from django.urls import reverse

from motcua.agencies.models import Role
from motcua.notifications.models import Notification, NotificationPreference
from motcua.notifications.services import notifications_dispatch
from tests.factories import AgencyFactory, CitizenFactory, procedure_with_workflow, staff_with_role
from tests.notifications.conftest import walk_in

pytestmark = pytest.mark.django_db


def checkboxes(page: str) -> dict[str, bool]:
    return {
        name: " checked" in tag
        for tag, name in re.findall(r'(<input type="checkbox" name="(\w+)"[^>]*>)', page)
    }


def test_applicant_chooses_zalo_instead_of_sms(client, channels, office):
    client.force_login(office.citizen)
    url = reverse("notifications:preferences")

    page = client.get(url).content.decode()
    assert "Cách nhận thông báo" in page
    assert checkboxes(page) == {"email": True, "sms": True, "zalo": False}  # Zalo is opt-in

    response = client.post(url, {"email": "on", "zalo": "on"})

    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=office.citizen)
    assert (preference.email, preference.sms, preference.zalo) == (True, False, True)


def test_email_cannot_be_chosen_without_an_address(client, channels):
    citizen = CitizenFactory(email="")
    client.force_login(citizen)
    response = client.post(reverse("notifications:preferences"), {"email": "on", "sms": "on"})
    assert "Tài khoản chưa có địa chỉ thư điện tử." in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_staff_have_no_applicant_settings_and_citizens_no_delivery_log(client, office):
    client.force_login(office.desk)
    assert client.get(reverse("notifications:preferences")).status_code == 404
    client.force_login(office.citizen)
    assert client.get(reverse("notifications:delivery_log")).status_code == 404


def test_delivery_log_shows_only_the_officers_agencies_in_constant_queries(
    client, channels, office, django_assert_num_queries
):
    other = AgencyFactory()
    other_office = type(office)(
        agency=other,
        case=procedure_with_workflow(agency=other, mandatory_papers=1, optional_papers=0),
        desk=staff_with_role(other, Role.DESK_OFFICER),
    )
    mine = [walk_in(office, email=f"a{n}@example.vn") for n in range(4)]
    theirs = walk_in(other_office, phone="0911222333")
    notifications_dispatch()
    client.force_login(office.desk)
    url = reverse("notifications:delivery_log")

    # Session, user, the officer's agencies (2), count, page of rows: whatever the number of rows.
    with django_assert_num_queries(6):
        page = client.get(url).content.decode()

    assert all(dossier.code in page for dossier in mine)
    assert theirs.code not in page and "0911222333" not in page
    assert page.count("Đã gửi") >= 8
    assert Notification.objects.filter(dossier__agency=office.agency).count() == 8

    filtered = client.get(url, {"code": mine[0].code, "status": "sent"}).content.decode()
    assert mine[0].code in filtered and mine[1].code not in filtered
