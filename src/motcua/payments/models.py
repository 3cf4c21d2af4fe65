import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Fee
from motcua.dossiers.models import Dossier, DossierEvent


class FeeLine(models.Model):
    """Khoản phí, lệ phí của hồ sơ: copied from the catalogue, or from a request for financial obligation."""

    class Timing(models.TextChoices):
        BEFORE = "before", _("Nộp trước khi giải quyết")
        AFTER = "after", _("Nộp sau khi giải quyết")
        EXEMPT = "exempt", _("Được miễn")

    class State(models.TextChoices):
        UNPAID = "unpaid", _("Chưa nộp")
        PENDING = "pending", _("Đang thanh toán")
        PAID = "paid", _("Đã nộp")
        REFUNDED = "refunded", _("Đã hoàn trả")
        CANCELLED = "cancelled", _("Đã hủy")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="fee_lines")
    fee = models.ForeignKey(Fee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The "Yêu cầu thực hiện nghĩa vụ tài chính" event this line comes from, when it carried an amount.
    request_event = models.ForeignKey(
        DossierEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("tên khoản thu"), max_length=500)
    code = models.CharField(_("mã khoản thu"), max_length=40, blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Fee.Kind.choices, default=Fee.Kind.OTHER)
    # None: "theo quy định", the desk sets the amount before it can be paid.
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"), null=True, blank=True)
    timing = models.CharField(
        _("thời điểm nộp"), max_length=10, choices=Timing.choices, default=Timing.BEFORE
    )
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.UNPAID)
    exempt_reason = models.TextField(_("lý do miễn"), blank=True)
    # The payment that paid this line (a later duplicate payment of the same line is left to be refunded).
    payment = models.ForeignKey(
        "Payment", null=True, blank=True, on_delete=models.PROTECT, related_name="settled_lines"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dossier", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "fee"],
                condition=models.Q(fee__isnull=False),
                name="one_line_per_catalogue_fee",
            ),
            models.UniqueConstraint(
                fields=["request_event"],
                condition=models.Q(request_event__isnull=False),
                name="one_line_per_payment_request",
            ),
        ]
        verbose_name = _("khoản phí, lệ phí của hồ sơ")
        verbose_name_plural = _("khoản phí, lệ phí của hồ sơ")

    def __str__(self):
        return self.name

    @property
    def is_due(self) -> bool:
        """Still to be paid: not exempt, not cancelled, not paid yet."""
        return self.timing != self.Timing.EXEMPT and self.state in (self.State.UNPAID, self.State.PENDING)


class Payment(models.Model):
    """Giao dịch nộp phí, lệ phí: one attempt to pay fee lines, online through a gateway or at the desk."""

    class Method(models.TextChoices):
        ONLINE = "online", _("Thanh toán trực tuyến")
        CASH = "cash", _("Tiền mặt tại bộ phận một cửa")
        TRANSFER = "transfer", _("Chuyển khoản")

    class State(models.TextChoices):
        PENDING = "pending", _("Đang chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")
        FAILED = "failed", _("Không thành công")
        CANCELLED = "cancelled", _("Đã hủy")
        REFUNDED = "refunded", _("Đã hoàn trả")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Our order number at the gateway (vnp_TxnRef, MaGiaoDich).
    reference = models.CharField(_("mã giao dịch"), max_length=34, unique=True)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="payments")
    lines = models.ManyToManyField(FeeLine, related_name="payments", verbose_name=_("khoản thu"))
    method = models.CharField(_("hình thức"), max_length=10, choices=Method.choices)
    gateway = models.CharField(_("cổng thanh toán"), max_length=20, blank=True)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    payer_name = models.CharField(_("người nộp tiền"), max_length=255)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"), db_index=True)
    redirect_url = models.TextField(blank=True, help_text="Where the payer is sent to pay (gateway page)")
    # What the gateway needs again later (vnp_CreateDate for querydr) and what it told us (bank, card type).
    gateway_data = models.JSONField(default=dict, blank=True)
    transaction_no = models.CharField(_("mã giao dịch tại cổng thanh toán"), max_length=64, blank=True)
    transfer_reference = models.CharField(_("số chứng từ chuyển khoản"), max_length=64, blank=True)
    settled_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    # ipn / confirm (the gateway called us), reconcile (we asked the gateway), desk (an officer recorded it).
    settled_via = models.CharField(max_length=10, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refunded_at = models.DateTimeField(_("hoàn trả lúc"), null=True, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refund_reason = models.TextField(_("lý do hoàn trả"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"])]
        verbose_name = _("giao dịch nộp phí, lệ phí")
        verbose_name_plural = _("giao dịch nộp phí, lệ phí")

    def __str__(self):
        return self.reference

    @property
    def is_duplicate(self) -> bool:
        """Paid, but no line it was for was still due (another payment paid it first, or it was cancelled with
        the dossier): to be refunded."""
        return self.state == self.State.PAID and not self.settled_lines.all()


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Payment history is append-only.")

    def delete(self):
        raise TypeError("Payment history is append-only.")


class PaymentEvent(models.Model):
    """Nhật ký giao dịch: each message to or from a gateway and each state change, never edited."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Tạo giao dịch")
        NOTIFIED = "notified", _("Cổng thanh toán thông báo kết quả")
        QUERIED = "queried", _("Truy vấn kết quả tại cổng thanh toán")
        SETTLED = "settled", _("Cập nhật kết quả giao dịch")
        RECORDED = "recorded", _("Cán bộ ghi nhận đã thu tiền")
        REFUNDED = "refunded", _("Hoàn trả")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    data = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.payment} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Payment history is append-only.")
        super().save(*args, **kwargs)


class Receipt(models.Model):
    """Biên lai thu phí, lệ phí điện tử: numbered per agency and year, issued when a payment is paid."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="receipt")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    issued_at = models.DateTimeField(_("ngày lập"))

    class Meta:
        ordering = ["agency", "year", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "sequence"], name="unique_receipt_number")
        ]
        verbose_name = _("biên lai điện tử")
        verbose_name_plural = _("biên lai điện tử")

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return f"{self.sequence:07d}"


class ReceiptCounter(models.Model):
    """The counter behind receipt numbers, one row per agency and year (locked while incremented)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_receipt_counter")]

    def __str__(self):
        return f"{self.agency_id} {self.year}: {self.last_value}"
