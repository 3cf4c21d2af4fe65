from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AdministrativeUnit(models.Model):
    """Đơn vị hành chính: a province or a commune (two tiers since 1/7/2025)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        COMMUNE = "commune", _("Xã, phường, đặc khu")

    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    division_type = models.CharField(_("loại"), max_length=50, blank=True)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")

    def __str__(self):
        return self.name


def default_office_hours():
    return {"periods": [["07:00", "11:30"], ["13:30", "17:00"]], "workdays": [0, 1, 2, 3, 4]}


class Agency(models.Model):
    """Cơ quan, đơn vị: any node of the tree (province, department, commune, centre, division)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        COMMUNE = "commune", _("Cấp xã")

    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=100, blank=True)
    electronic_id = models.CharField(
        _("mã định danh điện tử"),
        max_length=40,
        unique=True,
        help_text=_("Ví dụ H56.14; dùng trong mã hồ sơ."),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("trực thuộc"),
    )
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    administrative_unit = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("địa bàn")
    )
    receives_dossiers = models.BooleanField(
        _("có bộ phận một cửa"), default=False, help_text=_("Có bộ phận tiếp nhận và trả kết quả.")
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    office_hours = models.JSONField(_("giờ làm việc"), default=default_office_hours)
    desk_location = models.CharField(_("nơi tiếp nhận"), max_length=255, blank=True)
    bank_account = models.CharField(_("tài khoản nhận phí"), max_length=100, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")

    def __str__(self):
        return self.name

    def ancestors(self):
        node, chain = self.parent, []
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class Role(models.TextChoices):
    """Staff roles; each is also a Django group holding its permissions."""

    DESK_OFFICER = "desk_officer", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên")
    DEPARTMENT_LEADER = "department_leader", _("Lãnh đạo phòng")
    AGENCY_LEADER = "agency_leader", _("Lãnh đạo cơ quan")
    AGENCY_ADMIN = "agency_admin", _("Quản trị cơ quan")


class StaffAssignment(models.Model):
    """A staff member's role inside one agency; it covers that agency and every unit below it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="staff_assignments")
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    title = models.CharField(_("chức danh"), max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_staff_role")]
        verbose_name = _("phân công cán bộ")
        verbose_name_plural = _("phân công cán bộ")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.agency}"
