from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.printing.numbering import Numbering


class FormSettings(models.Model):
    """Thiết lập in biểu mẫu of one agency; the units below it without their own row inherit it."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="form_settings", verbose_name=_("cơ quan, đơn vị")
    )
    numbering = models.CharField(
        _("đánh số biểu mẫu theo"), max_length=12, choices=Numbering.choices, default=Numbering.TT03_2025
    )
    place_name = models.CharField(
        _("địa danh"),
        max_length=100,
        blank=True,
        help_text=_("Ghi ở dòng địa danh, ngày tháng năm, ví dụ: Thái Nguyên. Để trống: tên tỉnh."),
    )

    class Meta:
        verbose_name = _("thiết lập in biểu mẫu")
        verbose_name_plural = _("thiết lập in biểu mẫu")

    def __str__(self):
        return str(self.agency)
