import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureCase
from motcua.dossiers.models import Dossier


class Shipment(models.Model):
    """Bưu gửi qua dịch vụ bưu chính công ích: a paper dossier on its way to the desk (postal submission) or a
    result on its way to the applicant (postal return), with the post's tracking number (số hiệu bưu gửi)."""

    class Direction(models.TextChoices):
        SUBMISSION = "submission", _("Nộp hồ sơ qua bưu chính")
        RESULT = "result", _("Trả kết quả qua bưu chính")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ tạo vận đơn")
        ORDERED = "ordered", _("Chờ bưu điện nhận")
        IN_TRANSIT = "in_transit", _("Đang chuyển phát")
        DELIVERED = "delivered", _("Đã phát thành công")
        FAILED = "failed", _("Phát không thành công")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    direction = models.CharField(_("chiều"), max_length=10, choices=Direction.choices)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # The desk that sends the result, or receives the paper dossier.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="shipments")
    # A result's dossier; for a postal submission, the dossier the desk created when the papers arrived.
    dossier = models.ForeignKey(
        Dossier, null=True, blank=True, on_delete=models.PROTECT, related_name="shipments"
    )
    # Postal submission: what the applicant registered (procedure case, their account, the declared details).
    case = models.ForeignKey(ProcedureCase, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="shipments"
    )
    request_data = models.JSONField(_("thông tin đăng ký"), default=dict, blank=True)

    carrier = models.CharField(_("đơn vị chuyển phát"), max_length=20)
    customer_code = models.CharField(_("mã khách hàng"), max_length=40, blank=True)
    order_number = models.CharField(_("số đơn hàng"), max_length=40, unique=True)
    tracking_number = models.CharField(
        _("số hiệu bưu gửi"), max_length=40, unique=True, null=True, blank=True
    )
    sender_name = models.CharField(_("người gửi"), max_length=255)
    sender_address = models.CharField(_("địa chỉ người gửi"), max_length=255)
    sender_phone = models.CharField(_("điện thoại người gửi"), max_length=30)
    sender_province = models.CharField(_("tỉnh, thành phố người gửi"), max_length=100)
    receiver_name = models.CharField(_("người nhận"), max_length=255)
    receiver_address = models.CharField(_("địa chỉ người nhận"), max_length=255)
    receiver_phone = models.CharField(_("điện thoại người nhận"), max_length=30)
    receiver_province = models.CharField(_("tỉnh, thành phố người nhận"), max_length=100)
    description = models.CharField(_("nội dung bưu gửi"), max_length=500)
    cod_amount = models.PositiveBigIntegerField(_("tiền thu hộ (đồng)"), default=0)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ordered_at = models.DateTimeField(_("tạo vận đơn lúc"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("cập nhật trạng thái lúc"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("phát thành công lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One result on its way per dossier; a failed delivery may be sent again.
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(direction="result") & ~models.Q(status="failed"),
                name="one_result_shipment_per_dossier",
            ),
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(direction="submission"),
                name="one_dossier_per_submission",
            ),
        ]
        indexes = [models.Index(fields=["agency", "direction", "status"])]
        verbose_name = _("bưu gửi")
        verbose_name_plural = _("bưu gửi")

    def __str__(self):
        return self.tracking_number or self.order_number


class ShipmentUpdate(models.Model):
    """A status the post reported (webhook or polling), kept as received; the same report twice is one row."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="updates")
    carrier_status = models.CharField(_("mã trạng thái của bưu điện"), max_length=40)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Shipment.Status.choices)
    at = models.DateTimeField(_("thời điểm"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shipment", "carrier_status", "at"], name="unique_shipment_update"
            )
        ]
        verbose_name = _("trạng thái bưu gửi")
        verbose_name_plural = _("trạng thái bưu gửi")

    def __str__(self):
        return f"{self.shipment} {self.carrier_status}"
