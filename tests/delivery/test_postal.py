"""Public post (VNPost) against a real HTTP server on loopback that calls our webhook back."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.agencies.models import AdministrativeUnit, Role
from motcua.agencies.services import staff_assign
from motcua.delivery import services
from motcua.delivery.carriers import TrackingUpdate
from motcua.delivery.carriers.vnpost import SIGNATURE_HEADER, sign
from motcua.delivery.models import Shipment
from motcua.dossiers.models import Channel, ResultDelivery
from motcua.dossiers.workflow import Action, Status
from motcua.integrations.models import SyncItem
from motcua.notifications.models import ChannelKind, Notification
from tests.delivery.fake_vnpost import FakeVNPost
from tests.factories import PASSWORD
from tests.integrations.flow import make_office, process_to_result, walk_in
from tests.uploads import pdf

SECRET = "bi-mat-chung-vnpost"
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def postal_office(electronic_id):
    province = AdministrativeUnit.objects.get_or_create(
        code="19", defaults={"name": "Tỉnh Thái Nguyên", "level": AdministrativeUnit.Level.PROVINCE}
    )[0]
    commune = AdministrativeUnit.objects.create(
        code=f"9{electronic_id[-3:]}", name="Phường Phan Đình Phùng", level="commune", parent=province
    )
    office = make_office(
        electronic_id,
        address="Số 1 đường Hoàng Văn Thụ, phường Phan Đình Phùng",
        phone="0208 3855 123",
        administrative_unit=commune,
    )
    office["case"].procedure.accepts_post = True
    office["case"].procedure.save(update_fields=["accepts_post"])
    return office


@pytest.fixture
def post(settings):
    with FakeVNPost(customer_code="TN-MOTCUA", token="vnpost-token") as server:
        settings.VNPOST_BASE_URL = server.url
        settings.VNPOST_API_TOKEN = "vnpost-token"
        settings.VNPOST_CUSTOMER_CODE = "TN-MOTCUA"
        settings.VNPOST_WEBHOOK_SECRET = SECRET
        yield server


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


def result_ready(office):
    return process_to_result(office, walk_in(office, result_delivery=ResultDelivery.POST))


def ship(office, dossier):
    shipment = services.shipment_create_for_result(
        dossier=dossier,
        officer=office["desk"],
        receiver=services.PostalAddress(
            name=dossier.applicant_name,
            address="Số 5, tổ 3",
            phone=dossier.applicant_phone,
            province="Thái Nguyên",
        ),
        cod_amount=8000,
    )
    return services.shipment_order(shipment=shipment)


@pytest.mark.django_db(transaction=True)
def test_result_is_returned_once_when_the_post_reports_delivery(client, live_server, post):
    office = postal_office("H56.401")
    dossier = result_ready(office)
    login(client, office["desk"])
    queue = client.get(reverse("delivery:queue"))
    assert [d.pk for d in queue.context["results_waiting"]] == [dossier.pk]

    response = client.post(
        reverse("delivery:result_ship", args=[dossier.public_id]),
        {
            "receiver_name": dossier.applicant_name,
            "receiver_address": "Số 5, tổ 3, phường Phan Đình Phùng",
            "receiver_phone": dossier.applicant_phone,
            "receiver_province": "Tỉnh Thái Nguyên",
            "cod_amount": "0",
        },
    )
    assert response.status_code == 302
    shipment = Shipment.objects.get(dossier=dossier)
    assert post.invalid == []
    assert shipment.tracking_number == "EB000000001VN" and shipment.status == Shipment.Status.ORDERED
    order = post.order_for(shipment.tracking_number)
    assert order["SenderFullname"] == office["agency"].name and order["SenderProvince"] == "Tỉnh Thái Nguyên"
    assert order["OrderCode"] == shipment.order_number and order["CustomerCode"] == "TN-MOTCUA"

    webhook = live_server.url + reverse("delivery:status_webhook")
    picked = post.report(shipment.tracking_number, "ACCEPTED", "2026-12-09T08:00:00+07:00", "Đã nhận gửi")
    delivered = post.report(
        shipment.tracking_number, "DELIVERED", "2026-12-10T10:30:00+07:00", "Phát thành công"
    )
    assert post.call_back(webhook, SECRET, picked) == (200, {"received": 1, "applied": 1})
    assert post.call_back(webhook, SECRET, delivered) == (200, {"received": 1, "applied": 1})
    assert post.call_back(webhook, SECRET, delivered) == (200, {"received": 1, "applied": 0})
    assert post.call_back(webhook, SECRET, [picked, delivered]) == (200, {"received": 2, "applied": 0})

    dossier.refresh_from_db()
    shipment.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.returned_to == dossier.applicant_name
    assert dossier.events.filter(action=Action.RETURN_RESULT).count() == 1
    assert shipment.status == Shipment.Status.DELIVERED and shipment.updates.count() == 2
    assert shipment.delivered_at == dossier.returned_at
    assert SyncItem.objects.filter(dossier=dossier, status=Status.RETURNED, kind="dossier").count() == 1
    assert not client.get(reverse("delivery:queue")).context["results_waiting"]
    page = client.get(reverse("backoffice:dossier", args=[dossier.public_id])).content.decode()
    assert 'id="postal-shipments"' in page and shipment.tracking_number in page and "Phát thành công" in page


@pytest.mark.django_db
def test_webhook_without_the_shared_secret_is_refused(client, post):
    office = postal_office("H56.402")
    shipment = ship(office, result_ready(office))
    body = b'{"ItemCode": "%s", "Status": "DELIVERED", "EventTime": "2026-12-10T10:30:00"}' % (
        shipment.tracking_number.encode()
    )
    url = reverse("delivery:status_webhook")
    unsigned = client.post(url, body, content_type="application/json")
    forged = client.post(
        url, body, content_type="application/json", headers={SIGNATURE_HEADER: sign("khac", body)}
    )
    assert unsigned.status_code == forged.status_code == 403
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.ORDERED and not shipment.updates.exists()


@pytest.mark.django_db
def test_poll_command_orders_what_the_post_refused_and_brings_statuses(post):
    office = postal_office("H56.403")
    dossier = result_ready(office)
    post.fail_orders = 1
    shipment = ship(office, dossier)
    assert shipment.tracking_number is None and "503" in shipment.last_error

    call_command("delivery_poll")
    shipment.refresh_from_db()
    assert shipment.tracking_number and shipment.status == Shipment.Status.ORDERED

    post.report(shipment.tracking_number, "IN_TRANSIT", "2026-12-09T09:00:00")
    post.report(shipment.tracking_number, "DELIVERED", "2026-12-10T09:00:00")
    assert services.shipments_poll().updates == 2
    assert services.shipments_poll().updates == 0  # delivered items are no longer asked about
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED
    assert post.invalid == []


@pytest.mark.django_db
def test_statuses_never_go_back_and_unknown_codes_are_only_kept(post):
    office = postal_office("H56.404")
    shipment = ship(office, result_ready(office))

    def record(code, day, hour, status):
        return services.shipment_status_record(
            update=TrackingUpdate(
                shipment.tracking_number, code, status, datetime(2026, 12, day, hour, tzinfo=VN)
            )
        )

    record("OUT_FOR_DELIVERY", 10, 8, Shipment.Status.IN_TRANSIT)
    record("WEIGHED", 10, 9, None)
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.IN_TRANSIT and shipment.updates.count() == 2
    record("RETURNED", 12, 8, Shipment.Status.FAILED)
    record("IN_TRANSIT", 12, 9, Shipment.Status.IN_TRANSIT)
    shipment.refresh_from_db()
    assert shipment.status == Shipment.Status.FAILED and shipment.dossier.status == Status.RESOLVED

    # A failed delivery may be sent again.
    again = ship(office, shipment.dossier)
    assert again.pk != shipment.pk and again.tracking_number


@pytest.mark.django_db
def test_result_of_another_agency_cannot_be_shipped(client, post):
    office, other = postal_office("H56.405"), postal_office("H56.406")
    dossier = result_ready(office)
    login(client, other["desk"])
    assert client.get(reverse("delivery:result_ship", args=[dossier.public_id])).status_code == 404
    # Desk elsewhere, specialist here: may read the dossier, may not hand its result to the post.
    staff_assign(user=other["desk"], agency=office["agency"], role=Role.SPECIALIST)
    assert client.get(reverse("delivery:result_ship", args=[dossier.public_id])).status_code == 404
    login(client, office["specialist"])
    assert client.get(reverse("delivery:queue")).status_code == 404
    assert client.get(reverse("delivery:result_ship", args=[dossier.public_id])).status_code == 404
    assert not Shipment.objects.exists()


@pytest.mark.django_db
def test_postal_submission_from_pickup_request_to_receipt(client, post):
    office = postal_office("H56.407")
    citizen, procedure = office["citizen"], office["case"].procedure
    login(client, citizen)
    detail = client.get(reverse("portal:procedure_detail", args=[procedure.pk])).content.decode()
    assert reverse("delivery:submission_start", args=[procedure.pk]) in detail

    response = client.post(
        reverse("delivery:submission_start", args=[procedure.pk]),
        {
            "case": office["case"].pk,
            "applicant_name": citizen.full_name,
            "applicant_id_number": citizen.citizen_id,
            "applicant_phone": citizen.phone,
            "applicant_email": "",
            "applicant_address": "Xóm Đồng, xã Phú Đô",
            "agency": office["agency"].pk,
            "summary": "Đăng ký khai sinh cho con",
            "pickup_address": "Xóm Đồng, xã Phú Đô",
            "pickup_province": "Thái Nguyên",
            "result_delivery": ResultDelivery.POST,
        },
    )
    shipment = Shipment.objects.get(direction=Shipment.Direction.SUBMISSION)
    assert response.status_code == 302 and response.url == reverse(
        "delivery:submission_detail", args=[shipment.public_id]
    )
    assert post.invalid == [] and shipment.tracking_number
    assert post.order_for(shipment.tracking_number)["ReceiverFullname"] == office["agency"].name
    assert shipment.tracking_number in client.get(response.url).content.decode()

    login(client, office["desk"])
    assert [s.pk for s in client.get(reverse("delivery:queue")).context["incoming"]] == [shipment.pk]
    receive_url = reverse("delivery:submission_receive", args=[shipment.public_id])
    form = client.get(receive_url).context["form"]
    assert form.initial["applicant_id_number"] == citizen.citizen_id
    response = client.post(
        receive_url,
        {
            **{name: form.initial.get(name, "") for name in form.fields},
            "applicant_email": "",
            "result_delivery": ResultDelivery.POST,
            f"paper_{office['case'].papers.get().pk}": pdf("to-khai-quet.pdf"),
        },
    )
    assert response.status_code == 302
    shipment.refresh_from_db()
    dossier = shipment.dossier
    assert (
        dossier.channel == Channel.POST and dossier.applicant == citizen and dossier.status == Status.RECEIVED
    )
    # Received as a postal dossier of the account from its first history row: the receipt notice went to the
    # account's e-mail (none was typed on the form).
    receipt_notice = Notification.objects.get(dossier=dossier, channel=ChannelKind.EMAIL)
    assert (
        receipt_notice.recipient == citizen.email and receipt_notice.event.action == Action.RECEIVE_AT_COUNTER
    )
    assert shipment.status == Shipment.Status.DELIVERED
    assert not client.get(reverse("delivery:queue")).context["incoming"]
    # Receiving again (a double click) gives the same dossier.
    assert client.post(receive_url, {}).url == reverse("backoffice:dossier", args=[dossier.public_id])
    login(client, citizen)
    assert dossier in client.get(reverse("portal:my_dossiers")).context["dossiers"]
    page = client.get(reverse("portal:dossier_detail", args=[dossier.public_id])).content.decode()
    assert shipment.tracking_number in page and "Gửi kết quả qua bưu điện" not in page


@pytest.mark.django_db
def test_postal_submission_only_for_procedures_accepting_post(client, post):
    office = postal_office("H56.408")
    procedure = office["case"].procedure
    procedure.accepts_post = False
    procedure.save(update_fields=["accepts_post"])
    login(client, office["citizen"])
    assert client.get(reverse("delivery:submission_start", args=[procedure.pk])).status_code == 404


@pytest.mark.django_db
def test_queue_page_query_count_does_not_grow_with_rows(client, post, django_assert_num_queries):
    office = postal_office("H56.409")
    ship(office, result_ready(office))
    result_ready(office)
    login(client, office["desk"])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("delivery:queue"))
    for _ in range(3):
        ship(office, result_ready(office))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("delivery:queue"))
    assert len(response.context["results_waiting"]) == 5


@pytest.mark.django_db(transaction=True)
def test_the_same_delivery_reported_twice_at_once_returns_the_result_once(post):
    office = postal_office("H56.410")
    shipment = ship(office, result_ready(office))
    update = TrackingUpdate(
        shipment.tracking_number,
        "DELIVERED",
        Shipment.Status.DELIVERED,
        datetime(2026, 12, 10, 10, 30, tzinfo=VN),
    )
    start, results, errors = threading.Barrier(2), [], []

    def report():
        try:
            start.wait(timeout=30)
            results.append(services.shipment_status_record(update=update))
        except Exception as error:  # collected and asserted below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=report) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(1 for row in results if row is not None) == 1
    shipment.refresh_from_db()
    assert shipment.dossier.status == Status.RETURNED
    assert shipment.dossier.events.filter(action=Action.RETURN_RESULT).count() == 1
