from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from motcua.accounts.forms import AdminUserChangeForm, AdminUserCreationForm
from motcua.accounts.models import User
from motcua.agencies.models import StaffAssignment
from motcua.core.identifiers import mask_middle


class StaffAssignmentInline(admin.TabularInline):
    model = StaffAssignment
    extra = 0
    autocomplete_fields = ["agency"]
    verbose_name_plural = _("vai trò tại cơ quan (cán bộ)")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    list_display = ["username", "full_name", "kind", "masked_citizen_id", "tax_code", "is_active", "is_staff"]
    list_filter = ["kind", "is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["username", "full_name", "email", "phone", "citizen_id", "tax_code"]
    ordering = ["username"]
    readonly_fields = ["data_consent_at", "last_login", "date_joined"]
    inlines = [StaffAssignmentInline]
    fieldsets = [
        (None, {"fields": ["username", "password", "kind"]}),
        (
            _("Thông tin"),
            {
                "fields": [
                    "full_name",
                    "citizen_id",
                    "tax_code",
                    "representative",
                    "phone",
                    "email",
                    "address",
                ]
            },
        ),
        (_("Dữ liệu cá nhân"), {"fields": ["data_consent_at"]}),
        (
            _("Quyền"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Thời điểm"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "kind",
                    "full_name",
                    "email",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]

    @admin.display(description=_("số CCCD"), ordering="citizen_id")
    def masked_citizen_id(self, obj):
        return mask_middle(obj.citizen_id)
