from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import AdministrativeUnit, Agency, Role, StaffAssignment
from motcua.agencies.selectors import staff_agency_ids


def _administered_agency_ids(request) -> set[int] | None:
    """None for superusers (everything); otherwise the agencies the user administers and those below them."""
    if request.user.is_superuser:
        return None
    return staff_agency_ids(request.user, roles=[Role.AGENCY_ADMIN])


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division_type", "level", "parent"]
    list_filter = ["level", "division_type"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


class StaffAssignmentInline(admin.TabularInline):
    model = StaffAssignment
    extra = 0
    autocomplete_fields = ["user"]


class ChildAgencyInline(admin.TabularInline):
    model = Agency
    fk_name = "parent"
    fields = ["electronic_id", "name", "level", "receives_dossiers", "is_active"]
    show_change_link = True
    extra = 0
    verbose_name = _("đơn vị trực thuộc")
    verbose_name_plural = _("đơn vị trực thuộc")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["electronic_id", "name", "level", "parent", "receives_dossiers", "is_active"]
    list_filter = ["level", "receives_dossiers", "is_active"]
    search_fields = ["electronic_id", "name", "short_name"]
    list_select_related = ["parent"]
    ordering = ["electronic_id"]
    autocomplete_fields = ["parent", "administrative_unit"]
    inlines = [ChildAgencyInline, StaffAssignmentInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "electronic_id", "parent", "level", "administrative_unit"]}),
        (
            _("Bộ phận một cửa"),
            {"fields": ["receives_dossiers", "desk_location", "office_hours", "address", "phone", "email"]},
        ),
        (_("Thu phí"), {"fields": ["bank_account"]}),
        (None, {"fields": ["is_active"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = _administered_agency_ids(request)
        return queryset if scope is None else queryset.filter(id__in=scope)


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "agency__name", "agency__electronic_id"]
    list_select_related = ["user", "agency"]
    autocomplete_fields = ["user", "agency"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = _administered_agency_ids(request)
        return queryset if scope is None else queryset.filter(agency_id__in=scope)
