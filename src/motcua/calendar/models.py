from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """Điều chỉnh lịch: a holiday decided for the year, or a rest day swapped into a working day."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("lý do"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")

    def __str__(self):
        return f"{self.day:%d/%m/%Y} — {self.get_kind_display()}"
