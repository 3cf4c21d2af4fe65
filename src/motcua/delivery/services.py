"""Writes of the public postal service (bưu chính công ích, domain.md §10): results sent by post, dossiers
submitted by post, and the statuses the post reports back.

A call to the post never runs inside a database transaction: the row is written first, the post is asked, and
the answer is written in a second short transaction. An order the post did not take stays "chờ tạo vận đơn" and
`delivery_poll` asks again; the order number makes that safe.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Role
from motcua.agencies.selectors import staff_roles_in
from motcua.catalog.models import ProcedureCase
from motcua.core.identifiers import is_valid_phone, normalize_phone
from motcua.delivery.carriers import Carrier, CarrierError, PostalOrder, TrackingUpdate, carrier_get
from motcua.delivery.models import Shipment, ShipmentUpdate
from motcua.dossiers.models import Channel, Dossier, ResultDelivery
from motcua.dossiers.services import (
    ApplicantDetails,
    DossierError,
    dossier_receive_at_counter,
    dossier_return_result,
)
from motcua.dossiers.workflow import Status

logger = logging.getLogger(__name__)

# Statuses only move forward; delivered and failed are final.
_RANK = {
    Shipment.Status.PENDING: 0,
    Shipment.Status.ORDERED: 1,
    Shipment.Status.IN_TRANSIT: 2,
    Shipment.Status.DELIVERED: 3,
    Shipment.Status.FAILED: 3,
}


class DeliveryError(Exception):
    """A problem the user can fix; `messages` are shown as they are (Vietnamese)."""

    def __init__(self, *messages: str):
        super().__init__(" ".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class PostalAddress:
    """Where the post picks up or delivers: a person or office, street address, phone and province."""

    name: str
    address: str
    phone: str
    province: str

    def errors(self) -> list[str]:
        found = []
        if not self.name.strip():
            found.append(_("Vui lòng nhập họ tên người gửi, người nhận."))
        if not self.address.strip():
            found.append(_("Vui lòng nhập địa chỉ chi tiết (số nhà, thôn, xã, phường)."))
        if not is_valid_phone(self.phone):
            found.append(_("Số điện thoại không hợp lệ (ví dụ: 0912345678)."))
        if not self.province.strip():
            found.append(_("Vui lòng nhập tỉnh, thành phố."))
        return found


def agency_province(agency: Agency) -> str:
    """The province the agency sits in (the administrative unit's top), for the post's routing."""
    unit = agency.administrative_unit
    while unit is not None and unit.parent_id is not None:
        unit = unit.parent
    return unit.name if unit is not None else ""


def _agency_address(agency: Agency) -> PostalAddress:
    return PostalAddress(
        name=agency.name,
        address=agency.desk_location or agency.address,
        phone=agency.phone,
        province=agency_province(agency),
    )


def _new_order_number(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:16].upper()}"


def _shipment(*, direction: str, agency: Agency, sender: PostalAddress, receiver: PostalAddress, **fields):
    return Shipment.objects.create(
        direction=direction,
        agency=agency,
        carrier=settings.DELIVERY_CARRIER,
        customer_code=settings.VNPOST_CUSTOMER_CODE,
        order_number=_new_order_number("KQ" if direction == Shipment.Direction.RESULT else "HS"),
        sender_name=sender.name,
        sender_address=sender.address,
        sender_phone=normalize_phone(sender.phone),
        sender_province=sender.province,
        receiver_name=receiver.name,
        receiver_address=receiver.address,
        receiver_phone=normalize_phone(receiver.phone),
        receiver_province=receiver.province,
        **fields,
    )


# ---------------------------------------------------------------------------------------------- orders


@transaction.atomic
def shipment_create_for_result(
    *, dossier: Dossier, officer, receiver: PostalAddress, cod_amount: int = 0
) -> Shipment:
    """Trả kết quả qua bưu chính: the desk hands a ready result to the post (then `shipment_order`)."""
    if Role.DESK_OFFICER not in staff_roles_in(officer, dossier.agency):
        raise PermissionDenied
    dossier = Dossier.objects.select_for_update().select_related("agency", "procedure").get(pk=dossier.pk)
    if dossier.status != Status.RESOLVED:
        raise DeliveryError(_("Chỉ gửi qua bưu điện kết quả đã xử lý xong, chưa trả."))
    problems = receiver.errors()
    if cod_amount < 0:
        problems.append(_("Tiền thu hộ không được âm."))
    if problems:
        raise DeliveryError(*problems)
    try:
        with transaction.atomic():
            return _shipment(
                direction=Shipment.Direction.RESULT,
                agency=dossier.agency,
                sender=_agency_address(dossier.agency),
                receiver=receiver,
                dossier=dossier,
                description=(
                    _("Kết quả giải quyết hồ sơ %(code)s: %(procedure)s")
                    % {"code": dossier.code, "procedure": dossier.procedure.name}
                )[:500],
                cod_amount=cod_amount,
                created_by=officer,
            )
    except IntegrityError:
        raise DeliveryError(_("Kết quả của hồ sơ này đã được giao cho bưu điện.")) from None


@transaction.atomic
def postal_submission_register(
    *,
    applicant_user,
    case: ProcedureCase,
    agency: Agency,
    applicant: ApplicantDetails,
    pickup: PostalAddress,
    summary: str = "",
    result_delivery: str = ResultDelivery.POST,
) -> Shipment:
    """Nộp hồ sơ qua bưu chính: the applicant asks the post to collect the paper dossier and bring it to the desk
    (then `shipment_order`). The dossier itself is created when the desk receives the papers."""
    procedure = case.procedure
    problems = applicant.errors() + pickup.errors()
    if not procedure.accepts_post:
        problems.append(_("Thủ tục này không nhận hồ sơ qua bưu chính công ích."))
    if not procedure.agencies.filter(pk=agency.pk, receives_dossiers=True, is_active=True).exists():
        problems.append(_("Vui lòng chọn cơ quan tiếp nhận hồ sơ."))
    if problems:
        raise DeliveryError(*problems)
    return _shipment(
        direction=Shipment.Direction.SUBMISSION,
        agency=agency,
        sender=pickup,
        receiver=_agency_address(agency),
        case=case,
        applicant=applicant_user,
        request_data={
            "applicant_name": applicant.name,
            "applicant_id_number": applicant.id_number,
            "applicant_phone": normalize_phone(applicant.phone),
            "applicant_email": applicant.email,
            "applicant_address": applicant.address,
            "applicant_kind": applicant.kind,
            "summary": summary,
            "result_delivery": result_delivery,
        },
        description=(_("Hồ sơ thủ tục: %(procedure)s") % {"procedure": procedure.name})[:500],
        created_by=applicant_user,
    )


def _postal_order(shipment: Shipment) -> PostalOrder:
    return PostalOrder(
        customer_code=shipment.customer_code,
        order_number=shipment.order_number,
        sender_name=shipment.sender_name,
        sender_address=shipment.sender_address,
        sender_phone=shipment.sender_phone,
        sender_province=shipment.sender_province,
        receiver_name=shipment.receiver_name,
        receiver_address=shipment.receiver_address,
        receiver_phone=shipment.receiver_phone,
        receiver_province=shipment.receiver_province,
        description=shipment.description,
        cod_amount=shipment.cod_amount,
    )


def shipment_order(
    *, shipment: Shipment, carrier: Carrier | None = None, now: datetime | None = None
) -> Shipment:
    """Get the tracking number from the post. Outside any transaction; asking twice is harmless (the order
    number is the post's idempotency key). On failure the shipment keeps waiting, with the error noted."""
    if shipment.tracking_number:
        return shipment
    carrier = carrier or carrier_get(shipment.carrier)
    try:
        tracking_number = carrier.order_create(_postal_order(shipment))
    except CarrierError as error:
        shipment.last_error = str(error)[:2000]
        Shipment.objects.filter(pk=shipment.pk).update(last_error=shipment.last_error)
        return shipment
    at = now or timezone.now()
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if not locked.tracking_number:
            locked.tracking_number = tracking_number
            locked.status = Shipment.Status.ORDERED
            locked.ordered_at = locked.status_changed_at = at
            locked.last_error = ""
            locked.save(
                update_fields=["tracking_number", "status", "ordered_at", "status_changed_at", "last_error"]
            )
    return locked


# ---------------------------------------------------------------------------------------------- statuses


def _result_delivered(shipment: Shipment, at: datetime) -> None:
    """The post handed the result over: that is the dossier's result return (status 10), recorded once."""
    dossier = shipment.dossier
    if dossier.status != Status.RESOLVED:
        return  # already returned (at the desk, or by an earlier report)
    try:
        dossier_return_result(
            dossier=dossier,
            officer=shipment.created_by,
            received_by_name=shipment.receiver_name,
            note=_("Bưu điện phát thành công, số hiệu bưu gửi %(tracking)s.")
            % {"tracking": shipment.tracking_number},
            now=at,
        )
    except (DossierError, PermissionDenied) as error:
        # The officer who sent it left the desk, say: the desk records the return by hand from the postal queue.
        logger.warning("Result of dossier %s delivered but not recorded: %s", dossier.pk, error)


@transaction.atomic
def shipment_status_record(*, update: TrackingUpdate) -> ShipmentUpdate | None:
    """Apply one status the post reported. The same report twice is kept once and changes nothing; statuses
    only move forward. Returns the new history row, None for a repeat or an unknown tracking number."""
    shipment = (
        Shipment.objects.select_for_update(of=("self",))
        .select_related("dossier")
        .filter(tracking_number=update.tracking_number)
        .first()
    )
    if shipment is None:
        return None
    try:
        with transaction.atomic():
            row = ShipmentUpdate.objects.create(
                shipment=shipment,
                carrier_status=update.carrier_status,
                status=update.status or shipment.status,
                at=update.at,
                note=update.note,
            )
    except IntegrityError:
        return None
    if update.status is None or _RANK[update.status] <= _RANK[shipment.status]:
        return row
    shipment.status = update.status
    shipment.status_changed_at = update.at
    fields = ["status", "status_changed_at"]
    if update.status == Shipment.Status.DELIVERED:
        shipment.delivered_at = update.at
        fields.append("delivered_at")
    shipment.save(update_fields=fields)
    if shipment.direction == Shipment.Direction.RESULT and update.status == Shipment.Status.DELIVERED:
        _result_delivered(shipment, update.at)
    return row


@dataclass
class PollReport:
    ordered: int = 0
    updates: int = 0
    errors: int = 0
    configured: bool = True


def shipments_poll(*, carrier: Carrier | None = None, batch_size: int = 100) -> PollReport:
    """`delivery_poll`: order what the post has not taken yet, then ask it for the statuses of items on the way."""
    carrier = carrier or carrier_get()
    report = PollReport()
    if not carrier.is_configured():
        return PollReport(configured=False)
    for shipment in Shipment.objects.filter(carrier=carrier.name, tracking_number=None).order_by("id")[
        :batch_size
    ]:
        shipment = shipment_order(shipment=shipment, carrier=carrier)
        if shipment.tracking_number:
            report.ordered += 1
        else:
            report.errors += 1
    open_items = list(
        Shipment.objects.filter(
            carrier=carrier.name, status__in=[Shipment.Status.ORDERED, Shipment.Status.IN_TRANSIT]
        )
        .exclude(tracking_number=None)
        .order_by("id")
        .values_list("tracking_number", flat=True)
    )
    for start in range(0, len(open_items), batch_size):
        try:
            updates = carrier.track(open_items[start : start + batch_size])
        except CarrierError as error:
            logger.warning("VNPost tracking failed: %s", error)
            report.errors += 1
            continue
        for update in sorted(updates, key=lambda u: u.at):
            if shipment_status_record(update=update) is not None:
                report.updates += 1
    return report


# ---------------------------------------------------------------------------------------------- postal submissions


@transaction.atomic
def postal_submission_receive(
    *,
    shipment: Shipment,
    officer,
    applicant: ApplicantDetails,
    scans: dict,
    summary: str = "",
    result_delivery: str = ResultDelivery.POST,
    appointment: datetime | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Tiếp nhận hồ sơ nộp qua bưu chính: the desk checks and scans the papers the post brought, like a walk-in,
    and issues the receipt; the dossier is on channel 3 and in the applicant's account. Receiving twice gives
    the same dossier."""
    shipment = (
        Shipment.objects.select_for_update(of=("self",)).select_related("case", "agency").get(pk=shipment.pk)
    )
    if shipment.direction != Shipment.Direction.SUBMISSION:
        raise DeliveryError(_("Bưu gửi này không phải hồ sơ nộp qua bưu chính."))
    if shipment.dossier_id is not None:
        return shipment.dossier
    at = now or timezone.now()
    dossier = dossier_receive_at_counter(
        officer=officer,
        agency=shipment.agency,
        case=shipment.case,
        applicant=applicant,
        scans=scans,
        summary=summary,
        result_delivery=result_delivery,
        appointment=appointment,
        idempotency_key=f"post-{shipment.public_id.hex}",
        channel=Channel.POST,
        applicant_account=shipment.applicant,
        now=at,
    )
    shipment.dossier = dossier
    fields = ["dossier"]
    if shipment.status != Shipment.Status.DELIVERED:
        shipment.status, shipment.delivered_at, shipment.status_changed_at = Shipment.Status.DELIVERED, at, at
        fields += ["status", "delivered_at", "status_changed_at"]
    shipment.save(update_fields=fields)
    return dossier
