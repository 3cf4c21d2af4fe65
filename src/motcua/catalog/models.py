from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.agencies.models import Agency, Role
from motcua.core.text import fold_vietnamese


class Field(models.Model):
    """Lĩnh vực: the subject area a procedure belongs to (hộ tịch, chứng thực, xây dựng…)."""

    name = models.CharField(_("tên lĩnh vực"), max_length=200, unique=True)
    code = models.CharField(_("mã lĩnh vực"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self):
        return self.name


class Procedure(models.Model):
    """Thủ tục hành chính (TTHC), as published in the catalogue.

    Nullable values are "not yet published": the catalogue never invents a code, fee or limit.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        COMMUNE = "commune", _("Cấp xã")
        BOTH = "both", _("Cấp tỉnh, cấp xã")

    class OnlineKind(models.TextChoices):
        FULL = "full", _("Trực tuyến toàn trình")
        PARTIAL = "partial", _("Trực tuyến một phần")
        NONE = "none", _("Chỉ nộp trực tiếp")

    class TimeUnit(models.TextChoices):
        WORKING_DAYS = "working_days", _("ngày làm việc")
        CALENDAR_DAYS = "calendar_days", pgettext_lazy("time limit unit", "ngày")
        WORKING_HOURS = "working_hours", _("giờ làm việc")

    code = models.CharField(_("mã TTHC"), max_length=40, blank=True, db_index=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    search_text = models.TextField(editable=False, blank=True, help_text="name and code folded for search")
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("lĩnh vực")
    )
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices, blank=True)
    steps_text = models.TextField(_("trình tự thực hiện"), blank=True)
    submission_text = models.TextField(_("cách thức thực hiện"), blank=True)
    accepts_in_person = models.BooleanField(_("nộp trực tiếp"), default=True)
    accepts_post = models.BooleanField(_("nộp qua bưu chính công ích"), default=False)
    returns_by_post = models.BooleanField(_("trả kết quả qua bưu chính"), default=False)
    online_kind = models.CharField(
        _("dịch vụ trực tuyến"), max_length=10, choices=OnlineKind.choices, blank=True
    )
    online_kind_text = models.CharField(_("ghi chú dịch vụ trực tuyến"), max_length=300, blank=True)
    applicants_text = models.TextField(_("đối tượng thực hiện"), blank=True)
    implementing_agency_text = models.TextField(_("cơ quan thực hiện"), blank=True)
    result_name = models.CharField(_("kết quả thực hiện"), max_length=500, blank=True)
    legal_basis = models.JSONField(_("căn cứ pháp lý"), default=list, blank=True)
    requirements_text = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    sources = models.JSONField(_("nguồn"), default=list, blank=True)
    version_note = models.TextField(_("ghi chú phiên bản"), blank=True)
    external_id = models.CharField(_("mã nội bộ"), max_length=40, unique=True, null=True, blank=True)
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="procedures", verbose_name=_("cơ quan tiếp nhận")
    )
    is_published = models.BooleanField(_("công khai"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")

    def __str__(self):
        return f"{self.code} {self.name}".strip()

    def save(self, *args, **kwargs):
        self.search_text = fold_vietnamese(
            f"{self.name} {self.code} {self.field.name if self.field_id else ''}"
        )
        super().save(*args, **kwargs)

    @property
    def accepts_online(self) -> bool:
        return self.online_kind in (self.OnlineKind.FULL, self.OnlineKind.PARTIAL)


class ProcedureCase(models.Model):
    """Trường hợp: a variant of a procedure with its own time limit, papers and internal workflow."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="cases")
    name = models.CharField(_("trường hợp"), max_length=500)
    order = models.PositiveSmallIntegerField(default=0)
    time_limit_value = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    time_limit_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=15, choices=Procedure.TimeUnit.choices, blank=True
    )
    online_time_limit_value = models.DecimalField(
        _("thời hạn khi nộp trực tuyến"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    time_limit_text = models.TextField(_("thời hạn (nguyên văn)"), blank=True)

    class Meta:
        ordering = ["procedure", "order", "id"]
        verbose_name = _("trường hợp")
        verbose_name_plural = _("trường hợp")

    def __str__(self):
        return self.name

    @property
    def has_time_limit(self) -> bool:
        return self.time_limit_value is not None and bool(self.time_limit_unit)

    def time_limit_for(self, *, online: bool):
        if online and self.online_time_limit_value is not None:
            return self.online_time_limit_value
        return self.time_limit_value


class RequiredPaper(models.Model):
    """Thành phần hồ sơ: one paper the applicant must (or may) provide."""

    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="papers")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("tên giấy tờ"), max_length=1000)
    is_mandatory = models.BooleanField(_("bắt buộc"), default=True)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), null=True, blank=True)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    template = models.FileField(_("mẫu đơn, tờ khai"), upload_to="templates/%Y/", blank=True)
    from_document_store = models.BooleanField(_("lấy từ kho dữ liệu"), default=False)

    class Meta:
        ordering = ["case", "order", "id"]
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")

    def __str__(self):
        return self.name


class Fee(models.Model):
    """Phí, lệ phí. `amount` is None when the amount is "theo quy định" (set elsewhere)."""

    class Kind(models.TextChoices):
        FEE = "fee", _("Phí")
        CHARGE = "charge", _("Lệ phí")
        OTHER = "other", _("Phí, lệ phí")

    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("tên khoản thu"), max_length=500)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    amount = models.PositiveBigIntegerField(_("mức thu (đồng)"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["case", "order", "id"]
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")

    def __str__(self):
        return self.name


class StepTemplate(models.Model):
    """Bước trong quy trình nội bộ: who does what, within how many working hours."""

    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(_("nội dung công việc"), max_length=500)
    role = models.CharField(_("vai trò thực hiện"), max_length=30, choices=Role.choices)
    role_text = models.CharField(_("người thực hiện (nguyên văn)"), max_length=300, blank=True)
    time_budget_hours = models.DecimalField(_("thời gian (giờ làm việc)"), max_digits=7, decimal_places=2)
    # Một cửa liên thông: a run of steps naming another agency is that agency's part; the dossier is handed
    # over to it, and the sum of the run's hours is its share of the time limit (dossiers/transfers.py).
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan thực hiện"),
        help_text=_(
            "Để trống nếu bước do cơ quan tiếp nhận hồ sơ thực hiện; chọn cơ quan phối hợp cho bước liên thông."
        ),
    )

    class Meta:
        ordering = ["case", "order"]
        constraints = [models.UniqueConstraint(fields=["case", "order"], name="unique_step_order")]
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")

    def __str__(self):
        return f"{self.order}. {self.name}"
