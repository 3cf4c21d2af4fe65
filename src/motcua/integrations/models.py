from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.workflow import Status


class SyncItem(models.Model):
    """Hàng đợi đồng bộ DVCQG: one push to the national portal, retried until the portal acknowledges it.

    One history row of a dossier queues a dossier push and a progress push (in that order). Rows of one dossier
    are sent strictly in id order: a row waits while an earlier row of the same dossier is unacknowledged.
    The payload is built at the first attempt and resent unchanged on every retry.
    """

    class Kind(models.TextChoices):
        DOSSIER = "dossier", _("Hồ sơ")
        PROGRESS = "progress", _("Tiến độ xử lý")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="sync_items")
    event = models.ForeignKey(DossierEvent, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    # TrangThaiHoSo the push reports: the status after the history row, not the dossier's status when sent.
    status = models.PositiveSmallIntegerField(_("trạng thái hồ sơ"), choices=Status.choices)
    payload = models.JSONField(null=True, blank=True)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lần tới"))
    last_attempt_at = models.DateTimeField(_("gửi lần cuối"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("được tiếp nhận lúc"), null=True, blank=True)
    acknowledgement = models.CharField(_("mã xác nhận của Cổng"), max_length=100, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["dossier", "id"], condition=models.Q(acknowledged_at=None), name="sync_item_pending"
            ),
            models.Index(
                fields=["next_attempt_at"], condition=models.Q(acknowledged_at=None), name="sync_item_due"
            ),
        ]
        verbose_name = _("mục đồng bộ DVCQG")
        verbose_name_plural = _("mục đồng bộ DVCQG")

    def __str__(self):
        return f"{self.dossier_id} {self.kind} #{self.pk}"


class InboundDossier(models.Model):
    """A dossier submitted on the national portal and received here: its national code (MaHoSo) is kept,
    so the same dossier sent twice is created once, and later pushes report under the portal's code."""

    national_code = models.CharField(_("mã hồ sơ trên Cổng DVCQG"), max_length=60, unique=True)
    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="inbound")
    payload = models.JSONField(_("dữ liệu nhận từ Cổng"))
    received_at = models.DateTimeField(_("nhận lúc"))

    class Meta:
        verbose_name = _("hồ sơ nhận từ Cổng DVCQG")
        verbose_name_plural = _("hồ sơ nhận từ Cổng DVCQG")

    def __str__(self):
        return self.national_code
