"""The notification outbox, the applicants' channel preferences and the Zalo Official Account token."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierEvent


class EventKind(models.TextChoices):
    """What happened to the dossier, as the applicant is told about it."""

    RECEIVED = "received", _("Hồ sơ được tiếp nhận")
    REFUSED = "refused", _("Hồ sơ không được tiếp nhận")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung hồ sơ")
    SUPPLEMENT_ACCEPTED = "supplement_accepted", _("Hồ sơ bổ sung được chấp nhận")
    FEE_REQUESTED = "fee_requested", _("Yêu cầu thực hiện nghĩa vụ tài chính")
    APOLOGY = "apology", _("Xin lỗi và hẹn lại ngày trả kết quả")
    RESULT_READY = "result_ready", _("Có kết quả giải quyết")
    RETURNED = "returned", _("Đã trả kết quả")
    STOPPED = "stopped", _("Dừng xử lý hồ sơ")
    WITHDRAWN = "withdrawn", _("Xác nhận rút hồ sơ")
    APPOINTMENT_MOVED = "appointment_moved", _("Ngày hẹn trả kết quả được tính lại")
    # Sent to a leader, not to the applicant: a dossier or step due soon or overdue (dossiers/alerts.py).
    LEADER_ALERT = "leader_alert", _("Cảnh báo hạn xử lý cho lãnh đạo")


class ChannelKind(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")
    ZALO = "zalo", _("Zalo")


class Notification(models.Model):
    """Thông báo cho người nộp hồ sơ: one outbox row per (event, channel), written with the state change.

    Life of a row: pending → sending (claimed by a dispatcher until `lease_until`) → sent, or failed (retried at
    `next_attempt_at`) and finally dead. A row still "sending" after its lease belonged to a dispatcher that died;
    it is claimed again.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi, sẽ thử lại")
        DEAD = "dead", _("Không gửi được")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(
        DossierEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("loại thông báo"), max_length=30, choices=EventKind.choices)
    channel = models.CharField(_("kênh"), max_length=10, choices=ChannelKind.choices)
    recipient = models.CharField(_("người nhận"), max_length=254)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    params = models.JSONField(_("tham số mẫu"), default=dict, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lúc"))
    lease_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    provider_message_id = models.CharField(max_length=100, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    # "event:<DossierEvent id>:<channel>" (or "alert:<DossierAlert id>:<channel>" for a leader's alert): one
    # event never yields two rows for the same channel.
    dedupe_key = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due"),
            models.Index(fields=["dossier", "-created_at"], name="notification_dossier"),
        ]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self):
        return f"{self.dossier} {self.kind} {self.channel}"

    @property
    def idempotency_token(self) -> str:
        """Passed to the provider where its protocol allows, so a re-sent row can be recognised there."""
        return f"motcua-{self.pk}"


class NotificationPreference(models.Model):
    """Cách nhận thông báo: which channels the applicant wants. Without a row the defaults apply."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(_("thư điện tử"), default=True)
    sms = models.BooleanField(_("tin nhắn SMS"), default=True)
    zalo = models.BooleanField(_("Zalo"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cài đặt nhận thông báo")
        verbose_name_plural = _("cài đặt nhận thông báo")

    def __str__(self):
        return str(self.user)


class ZaloToken(models.Model):
    """The Official Account's access token and its single-use refresh token (Zalo issues a new pair each time).

    Seeded from the environment the first time; afterwards the database holds the current pair, because the
    refresh token in the environment is spent after the first refresh.
    """

    app_id = models.CharField(max_length=64, unique=True)
    access_token = models.TextField()
    refresh_token = models.TextField()
    expires_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.app_id
