from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Tài khoản: a citizen (công dân), a business (doanh nghiệp) or a staff member (cán bộ).

    Citizens sign in with their CCCD number and businesses with their tax code: both are stored as
    `username`, so one unique index covers every way to sign in.
    """

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Công dân")
        BUSINESS = "business", _("Doanh nghiệp, tổ chức")
        STAFF = "staff", _("Cán bộ")

    kind = models.CharField(_("loại tài khoản"), max_length=10, choices=Kind.choices, default=Kind.CITIZEN)
    full_name = models.CharField(_("họ và tên / tên tổ chức"), max_length=255)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    representative = models.CharField(_("người đại diện"), max_length=255, blank=True)
    data_consent_at = models.DateTimeField(_("đồng ý xử lý dữ liệu cá nhân lúc"), null=True, blank=True)

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or self.username

    @property
    def is_applicant(self) -> bool:
        return self.kind in (self.Kind.CITIZEN, self.Kind.BUSINESS)

    @property
    def id_number(self) -> str:
        return self.citizen_id if self.kind == self.Kind.CITIZEN else self.tax_code
