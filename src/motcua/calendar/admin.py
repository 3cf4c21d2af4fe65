from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from motcua.calendar.models import (
    WEEKDAY_NAMES,
    CalendarOverride,
    HolidayDecision,
    HolidayDecisionLine,
    days_from,
)
from motcua.calendar.selectors import calendar_year_exceptions
from motcua.calendar.services import calendar_changed

# Every save and delete below ends with calendar_changed(): working calendars are cached, and open dossiers'
# deadlines depend on them.


def _day_with_weekday(day) -> str:
    return f"{capfirst(WEEKDAY_NAMES[day.weekday()])} {day:%d/%m/%Y}"


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
        return capfirst(WEEKDAY_NAMES[obj.day.weekday()])

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        calendar_changed(years={obj.day.year, (form.initial.get("day") or obj.day).year})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar_changed(years=[obj.day.year])

    def delete_queryset(self, request, queryset):
        years = {day.year for day in queryset.values_list("day", flat=True)}
        super().delete_queryset(request, queryset)
        calendar_changed(years=years)


class HolidayDecisionLineFormSet(forms.BaseInlineFormSet):
    """Checks between the lines: one Tết range per year, no weekend day both worked and off."""

    def clean(self):
        super().clean()
        lines = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("first_day")
        ]
        Kind = HolidayDecisionLine.Kind
        errors = []
        tet_lines = [line for line in lines if line.get("kind") == Kind.TET]
        if len(tet_lines) > 1:
            errors.append(_("Một quyết định chỉ có một kỳ nghỉ Tết Nguyên Đán."))
        elif tet_lines and self.instance.year:
            other = (
                HolidayDecision.objects.filter(year=self.instance.year, lines__kind=Kind.TET)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if other is not None:
                errors.append(
                    _("Năm %(year)s đã có kỳ nghỉ Tết trong quyết định «%(decision)s».")
                    % {"year": self.instance.year, "decision": other}
                )
        days_off = {day for line in lines for day in days_from(line["first_day"], line.get("last_day"))}
        for line in lines:
            if line.get("working_day") in days_off:
                errors.append(
                    _("Ngày làm bù %(day)s lại là ngày nghỉ trong cùng quyết định.")
                    % {"day": f"{line['working_day']:%d/%m/%Y}"}
                )
        if errors:
            raise ValidationError(errors)


class HolidayDecisionLineInline(admin.TabularInline):
    model = HolidayDecisionLine
    formset = HolidayDecisionLineFormSet
    fields = ["kind", "first_day", "last_day", "working_day", "note"]
    extra = 1


@admin.register(HolidayDecision)
class HolidayDecisionAdmin(admin.ModelAdmin):
    list_display = ["year", "number", "title", "tet_display"]
    list_filter = ["year"]
    search_fields = ["number", "title"]
    fields = ["year", "number", "title", "year_exceptions"]
    readonly_fields = ["year_exceptions"]
    inlines = [HolidayDecisionLineInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lines")

    @admin.display(description=_("nghỉ Tết"))
    def tet_display(self, obj):
        ranges = [
            f"{line.first_day:%d/%m}–{(line.last_day or line.first_day):%d/%m/%Y}"
            for line in obj.lines.all()
            if line.kind == HolidayDecisionLine.Kind.TET
        ]
        return ", ".join(ranges) or "—"

    @admin.display(description=_("lịch nghỉ của năm (sau khi áp dụng)"))
    def year_exceptions(self, obj):
        if obj.pk is None:
            return _("Lưu quyết định để xem các ngày nghỉ và ngày làm bù của năm.")
        days_off, days_worked = calendar_year_exceptions(year=obj.year)
        return format_html(
            "<p><strong>{}</strong> {}</p><p><strong>{}</strong> {}</p>",
            _("Ngày nghỉ vào ngày làm việc:"),
            format_html_join(", ", "{}", ((_day_with_weekday(day),) for day in days_off)) or "—",
            _("Ngày làm bù vào cuối tuần:"),
            format_html_join(", ", "{}", ((_day_with_weekday(day),) for day in days_worked)) or "—",
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        decision = form.instance
        years = decision.calendar_years()
        # Also the years the decision concerned before this edit.
        years.add(form.initial.get("year") or decision.year)
        for formset in formsets:
            years.update(
                line_form.initial["working_day"].year
                for line_form in formset.initial_forms
                if line_form.initial.get("working_day")
            )
        calendar_changed(years=years)

    def delete_model(self, request, obj):
        years = obj.calendar_years()
        super().delete_model(request, obj)
        calendar_changed(years=years)

    def delete_queryset(self, request, queryset):
        years = set().union(*(decision.calendar_years() for decision in queryset.prefetch_related("lines")))
        super().delete_queryset(request, queryset)
        calendar_changed(years=years)
