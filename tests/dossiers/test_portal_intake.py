"""Dossiers submitted on the national portal enter the lifecycle through the dossiers service."""

import pytest

from motcua.dossiers import services
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.services import ApplicantDetails
from motcua.dossiers.workflow import Action, Status
from motcua.integrations.models import SyncItem
from motcua.notifications.models import Notification
from tests.dossier_setup import at, make_office

pytestmark = pytest.mark.django_db

CODE = "000.00.01.H56-261207-0042"


def receive(office, *, code=CODE):
    return services.dossier_receive_from_portal(
        national_code=code,
        agency=office.agency,
        case=office.case,
        applicant=ApplicantDetails(
            name="Lê Thị Cúc", id_number="019301004567", phone="0987654321", email="cuc@example.vn"
        ),
        submitted_at=at(7, 9),
        summary="Đăng ký khai sinh cho con",
    )


def test_a_national_code_gives_one_new_online_dossier_with_its_submission_in_the_history():
    office = make_office()
    (dossier, created), (again, created_again) = receive(office), receive(office)
    assert (created, created_again, again) == (True, False, dossier)
    assert (dossier.status, dossier.channel, dossier.code) == (Status.NEW, Channel.ONLINE, None)
    assert dossier.intake_due_at == at(8, 9)  # one working day from the submission on the portal
    event = dossier.events.get()
    assert (event.action, event.actor, event.actor_label) == (
        Action.SUBMIT,
        None,
        "Cổng Dịch vụ công quốc gia",
    )
    assert CODE in event.note and event.at == at(7, 9)
    # Submitting is not news to the applicant nor to the portal that sent it.
    assert not Notification.objects.exists() and not SyncItem.objects.exists()
    assert Dossier.objects.count() == 1


def test_the_desk_accepts_a_portal_dossier_and_the_applicant_is_told_by_e_mail():
    office = make_office()
    dossier, _ = receive(office)
    services.dossier_accept(dossier=dossier, officer=office.desk, now=at(7, 10))
    notice = Notification.objects.get(channel="email")
    assert notice.recipient == "cuc@example.vn" and notice.event.action == Action.ACCEPT
