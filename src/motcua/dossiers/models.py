import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, Role
from motcua.catalog.models import Procedure, ProcedureCase, RequiredPaper
from motcua.core.identifiers import mask_name
from motcua.dossiers import visibility
from motcua.dossiers.workflow import Action, Status


class Channel(models.IntegerChoices):
    """Kênh thực hiện (DVCQG KenhThucHien)."""

    IN_PERSON = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POST = 3, _("Bưu chính công ích")


class ResultDelivery(models.TextChoices):
    COUNTER = "counter", _("Nhận tại bộ phận một cửa")
    POST = "post", _("Nhận qua bưu chính công ích")
    ONLINE = "online", _("Nhận bản điện tử trực tuyến")


class ApplicantKind(models.IntegerChoices):
    """Loại đối tượng (DVCQG LoaiDoiTuong)."""

    CITIZEN = 1, _("Công dân")
    BUSINESS = 2, _("Doanh nghiệp")
    AGENCY = 3, _("Cơ quan nhà nước")
    OTHER = 4, _("Tổ chức khác")


class Dossier(models.Model):
    """Hồ sơ thủ tục hành chính."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("mã hồ sơ"), max_length=60, unique=True, null=True, blank=True)
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="dossiers")
    case = models.ForeignKey(ProcedureCase, on_delete=models.PROTECT, related_name="dossiers")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("cơ quan tiếp nhận")
    )
    channel = models.PositiveSmallIntegerField(_("kênh"), choices=Channel.choices)
    status = models.PositiveSmallIntegerField(_("trạng thái"), choices=Status.choices, db_index=True)

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="dossiers"
    )
    applicant_kind = models.PositiveSmallIntegerField(
        _("loại đối tượng"), choices=ApplicantKind.choices, default=ApplicantKind.CITIZEN
    )
    applicant_name = models.CharField(_("chủ hồ sơ"), max_length=255)
    applicant_id_number = models.CharField(_("số giấy tờ"), max_length=20)
    applicant_phone = models.CharField(_("số điện thoại"), max_length=15)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    summary = models.TextField(_("trích yếu nội dung yêu cầu"), blank=True)
    form_data = models.JSONField(_("dữ liệu tờ khai"), default=dict, blank=True)
    result_delivery = models.CharField(
        _("hình thức nhận kết quả"),
        max_length=10,
        choices=ResultDelivery.choices,
        default=ResultDelivery.COUNTER,
    )

    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    intake_due_at = models.DateTimeField(_("hạn tiếp nhận"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("ngày hẹn trả"), null=True, blank=True)
    # The time limit the appointment was counted from, kept as received so a later catalogue edit or a holiday
    # change can recompute the same appointment; None when the officer typed the appointment by hand.
    time_limit_value = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    time_limit_unit = models.CharField(_("đơn vị thời hạn"), max_length=15, blank=True)
    resolved_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    returned_to = models.CharField(_("người nhận kết quả"), max_length=255, blank=True)
    closed_reason = models.TextField(_("lý do từ chối, dừng"), blank=True)

    paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(_("thời gian tạm dừng (giây làm việc)"), default=0)
    # The part of paused_seconds after receipt: what moves the appointment (the rest moved the intake deadline).
    processing_paused_seconds = models.PositiveIntegerField(default=0)
    status_before_pause = models.PositiveSmallIntegerField(null=True, blank=True, choices=Status.choices)

    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["applicant", "-created_at"]),
        ]
        permissions = [
            ("receive_dossier", _("Tiếp nhận, từ chối, yêu cầu bổ sung hồ sơ")),
            ("assign_dossier", _("Phân công xử lý hồ sơ")),
            ("process_dossier", _("Thẩm định, xử lý hồ sơ")),
            ("approve_dossier", _("Phê duyệt kết quả giải quyết")),
            ("return_result", _("Trả kết quả")),
            ("view_agency_dossiers", _("Xem hồ sơ của cơ quan")),
        ]
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")

    def __str__(self):
        return self.code or f"#{self.pk}"

    @property
    def is_online(self) -> bool:
        return self.channel == Channel.ONLINE

    @property
    def masked_applicant_name(self) -> str:
        return mask_name(self.applicant_name)

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


def national_portal_key(national_code: str) -> str:
    """The idempotency key of a dossier submitted on the national portal: its MaHoSo, once."""
    return f"dvcqg:{national_code}"


class DossierCodeCounter(models.Model):
    """The daily counter behind dossier codes, one row per agency and day (locked while incremented)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    day = models.DateField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="unique_code_counter")]

    def __str__(self):
        return f"{self.agency_id} {self.day}: {self.last_value}"


class SubmissionDraft(models.Model):
    """An online submission being prepared: keeps what was typed and uploaded until it is submitted."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL)
    form_data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.token)


def document_upload_path(instance, filename):
    # Random names: the original name is kept in the row, never trusted on disk.
    return f"dossiers/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}"


class DossierDocument(models.Model):
    """Giấy tờ trong hồ sơ: an uploaded or scanned paper, a supplement, or a result."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Thành phần hồ sơ")
        SUPPLEMENT = "supplement", _("Giấy tờ bổ sung")
        SCAN = "scan", _("Bản số hóa tại quầy")
        RESULT = "result", _("Kết quả giải quyết")

    dossier = models.ForeignKey(
        Dossier, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    draft = models.ForeignKey(
        SubmissionDraft, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    paper = models.ForeignKey(RequiredPaper, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SUBMITTED)
    file = models.FileField(upload_to=document_upload_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["paper__order", "uploaded_at"]

    def __str__(self):
        return self.original_name


class SupplementRequest(models.Model):
    """Yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02): one request listing everything that is missing."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplement_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    items = models.JSONField(_("giấy tờ cần bổ sung"), default=list)
    reason = models.TextField(_("lý do"))
    deadline = models.DateTimeField(_("hạn bổ sung"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    applicant_note = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at"]

    def __str__(self):
        return f"{self.dossier} {self.requested_at:%d/%m/%Y}"


class DossierStep(models.Model):
    """A step of the dossier's processing, copied from the procedure's workflow with its own deadline."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=500)
    role = models.CharField(max_length=30, choices=Role.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    time_budget_hours = models.DecimalField(max_digits=7, decimal_places=2)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossier_steps",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    # Working time the dossier was paused (supplement, payment) while this step was open; moves its due time.
    paused_seconds = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["dossier", "order"]
        constraints = [models.UniqueConstraint(fields=["dossier", "order"], name="unique_dossier_step")]
        indexes = [models.Index(fields=["assignee", "finished_at"])]

    def __str__(self):
        return f"{self.order}. {self.name}"


class ApologyLetter(models.Model):
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04 of Thông tư 01/2018).

    Drafted by the specialist, approved (issued) by a leader of the processing agency at least one working day
    before the due date; a dossier gets a new appointment once (Nghị định 118/2025, domain.md §6).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Chờ phê duyệt")
        APPROVED = "approved", _("Đã ban hành")
        REFUSED = "refused", _("Không phê duyệt")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="apologies")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan xin lỗi")
    )
    number = models.CharField(_("số phiếu"), max_length=40, blank=True)
    reason = models.TextField(_("lý do chậm trả kết quả"))
    old_appointment = models.DateTimeField(_("ngày hẹn trả cũ"))
    new_appointment = models.DateTimeField(_("ngày hẹn trả mới"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refused_at = models.DateTimeField(null=True, blank=True)
    refusal_note = models.TextField(_("ý kiến lãnh đạo"), blank=True)
    # Processing pause already behind the dossier when the new date was set: only later pauses move that date.
    paused_seconds_at_approval = models.PositiveIntegerField(default=0)
    # Seam for the notification outbox: it sends the approved letters still None here, then sets the time.
    applicant_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["drafted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(status="approved"),
                name="one_new_appointment_per_dossier",
            ),
            models.UniqueConstraint(
                fields=["dossier"], condition=models.Q(status="draft"), name="one_pending_apology_per_dossier"
            ),
            models.UniqueConstraint(
                fields=["agency", "number"], condition=~models.Q(number=""), name="unique_apology_number"
            ),
        ]
        verbose_name = _("phiếu xin lỗi và hẹn lại ngày trả kết quả")
        verbose_name_plural = _("phiếu xin lỗi và hẹn lại ngày trả kết quả")

    def __str__(self):
        return self.number or f"{self.dossier} ({self.get_status_display()})"


class DossierAlert(models.Model):
    """Cảnh báo: a dossier or step due within one working day, or overdue, raised to a responsible leader.

    One row per (dossier or step, kind, recipient, due date): the periodic job can run any number of times,
    and a due date moved later (apology, pause) may be flagged again.
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Sắp đến hạn")
        OVERDUE = "overdue", _("Quá hạn")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="alerts")
    step = models.ForeignKey(
        DossierStep, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    kind = models.CharField(_("loại cảnh báo"), max_length=10, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dossier_alerts"
    )
    due_at = models.DateTimeField(_("hạn"))
    created_at = models.DateTimeField(db_index=True)
    # Set when the alert is queued in the notification outbox (`notifications.services.leader_alerts_queue`).
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "kind", "recipient", "due_at"],
                condition=models.Q(step=None),
                name="unique_dossier_alert",
            ),
            models.UniqueConstraint(
                fields=["step", "kind", "recipient", "due_at"],
                condition=models.Q(step__isnull=False),
                name="unique_step_alert",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "-created_at"])]
        verbose_name = _("cảnh báo hạn xử lý")
        verbose_name_plural = _("cảnh báo hạn xử lý")

    def __str__(self):
        return f"{self.dossier} {self.get_kind_display()}"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Dossier history is append-only.")

    def delete(self):
        raise TypeError("Dossier history is append-only.")


class DossierEvent(models.Model):
    """Lịch sử xử lý: one row per action, never edited (who, when, from → to, note)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=255, blank=True)
    action = models.CharField(max_length=40)
    from_status = models.PositiveSmallIntegerField(null=True, blank=True, choices=Status.choices)
    to_status = models.PositiveSmallIntegerField(choices=Status.choices)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.dossier} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Dossier history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Dossier history is append-only.")

    @property
    def action_label(self) -> str:
        return Action(self.action).label if self.action in Action.values else self.action

    @property
    def changes_status(self) -> bool:
        return self.from_status != self.to_status

    @property
    def public_note(self) -> str:
        """The note as the applicant may read it (`visibility.public_note`): empty when it is internal."""
        return visibility.public_note(self)


class DossierHandover(models.Model):
    """Chuyển hồ sơ liên thông: the dossier handed from one agency to another for that agency's part.

    Written by `dossiers.transfers` when the workflow moves to a step of another agency (commune → Sở), and
    when the last step of another agency is done and the result goes back to the receiving desk. Each row is
    one line of the processing control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ, Mẫu 06): who gave,
    who received and when, and whether the receiving agency finished its part early, on time or late
    (`finished_at` against `due_at`, see `transfers.handover_outcome`).
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="handovers")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    from_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan giao")
    )
    to_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="handovers_received", verbose_name=_("cơ quan nhận")
    )
    # The receiving agency's first step; None when the result goes back to the receiving desk to be returned.
    step = models.ForeignKey(
        DossierStep, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("bước")
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người giao")
    )
    given_at = models.DateTimeField(_("giao lúc"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người nhận"),
    )
    received_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    # The receiving agency's share: its steps' working hours from given_at; the appointment for a returned result.
    due_at = models.DateTimeField(_("hạn hoàn thành phần việc"))
    # When the receiving agency finished its part: handed the dossier on, resolved it, or took the result back.
    finished_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    note = models.TextField(_("ghi chú của bên giao"), blank=True)

    class Meta:
        ordering = ["dossier", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "order"], name="unique_dossier_handover"),
            models.CheckConstraint(
                condition=~models.Q(from_agency=models.F("to_agency")), name="handover_between_agencies"
            ),
        ]
        indexes = [models.Index(fields=["to_agency", "finished_at"])]
        verbose_name = _("chuyển hồ sơ liên thông")
        verbose_name_plural = _("chuyển hồ sơ liên thông")

    def __str__(self):
        return f"{self.dossier}: {self.from_agency_id} → {self.to_agency_id}"

    @property
    def returns_result(self) -> bool:
        """The result goes back to the receiving desk (no step left for the receiving agency)."""
        return self.step_id is None
