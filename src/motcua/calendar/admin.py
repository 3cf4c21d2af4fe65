from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.calendar.models import CalendarOverride
from motcua.calendar.services import calendar_overrides_changed

WEEKDAYS = [_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ nhật")]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["day_display", "weekday", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "day"
    ordering = ["-day"]
    fields = ["day", "kind", "name"]

    @admin.display(description=_("ngày"), ordering="day")
    def day_display(self, obj):
        return f"{obj.day:%d/%m/%Y}"

    @admin.display(description=_("thứ"))
    def weekday(self, obj):
        return WEEKDAYS[obj.day.weekday()]

    # Working calendars are cached: tell them explicitly whenever an override changes.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        calendar_overrides_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar_overrides_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        calendar_overrides_changed()
