import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.exporting import export_json, export_xlsx
from motcua.catalog.importing import detect_format, import_catalog
from motcua.catalog.models import Fee, Field, Procedure, ProcedureCase, RequiredPaper, StepTemplate


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class ProcedureCaseInline(admin.TabularInline):
    model = ProcedureCase
    fields = ["order", "name", "time_limit_value", "time_limit_unit", "online_time_limit_value"]
    show_change_link = True
    extra = 0


class CatalogImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp danh mục (.json hoặc .xlsx)"))
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, chưa nhập"), required=False)


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "field", "level", "online_kind", "is_published"]
    list_filter = ["field", "level", "online_kind", "is_published"]
    search_fields = ["name", "code", "external_id"]
    list_select_related = ["field"]
    autocomplete_fields = ["field", "agencies"]
    readonly_fields = ["updated_at"]
    inlines = [ProcedureCaseInline]
    fieldsets = [
        (None, {"fields": ["name", "code", "field", "level", "result_name", "is_published", "external_id"]}),
        (
            _("Trình tự, cách thức"),
            {
                "fields": [
                    "steps_text",
                    "submission_text",
                    "accepts_in_person",
                    "accepts_post",
                    "returns_by_post",
                    "online_kind",
                    "online_kind_text",
                ]
            },
        ),
        (_("Đối tượng, cơ quan"), {"fields": ["applicants_text", "implementing_agency_text", "agencies"]}),
        (
            _("Điều kiện, căn cứ, nguồn"),
            {"fields": ["requirements_text", "legal_basis", "sources", "version_note", "updated_at"]},
        ),
    ]

    def get_urls(self):
        return [
            path("nhap/", self.admin_site.admin_view(self.import_view), name="catalog_procedure_import"),
            path("xuat/", self.admin_site.admin_view(self.export_view), name="catalog_procedure_export"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Nhập danh mục: all or nothing, with every bad row listed when the file is refused."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        report = None
        form = CatalogImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                fmt = detect_format(upload.name)
            except ValueError as error:
                form.add_error("file", str(error))
            else:
                report = import_catalog(upload, fmt=fmt, dry_run=form.cleaned_data["dry_run"])
                if report.ok and report.result is not None:
                    result = report.result
                    messages.success(
                        request,
                        _(
                            "Đã nhập danh mục: %(created)s thủ tục mới, %(updated)s cập nhật, %(unchanged)s không đổi."
                        )
                        % {
                            "created": result.created,
                            "updated": result.updated,
                            "unchanged": result.unchanged,
                        },
                    )
                    for warning in result.warnings:
                        messages.warning(request, warning)
                    return redirect("admin:catalog_procedure_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Nhập danh mục thủ tục"),
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/catalog/procedure/import.html", context)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        fmt = "xlsx" if request.GET.get("format") == "xlsx" else "json"
        stamp = timezone.localdate().strftime("%Y%m%d")
        if fmt == "json":
            buffer = io.StringIO()
            export_json(buffer)
            response = HttpResponse(buffer.getvalue(), content_type="application/json; charset=utf-8")
        else:
            buffer = io.BytesIO()
            export_xlsx(buffer)
            response = HttpResponse(
                buffer.getvalue(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="danh-muc-thu-tuc-{stamp}.{fmt}"'
        return response


class RequiredPaperInline(admin.TabularInline):
    model = RequiredPaper
    fields = [
        "order",
        "name",
        "is_mandatory",
        "originals",
        "copies",
        "note",
        "template",
        "from_document_store",
    ]
    extra = 0


class FeeInline(admin.TabularInline):
    model = Fee
    fields = ["order", "name", "kind", "amount", "note"]
    extra = 0


class StepTemplateInline(admin.TabularInline):
    model = StepTemplate
    fields = ["order", "name", "role", "role_text", "time_budget_hours", "agency"]
    autocomplete_fields = ["agency"]
    extra = 0


@admin.register(ProcedureCase)
class ProcedureCaseAdmin(admin.ModelAdmin):
    list_display = ["name", "procedure", "time_limit_value", "time_limit_unit"]
    list_filter = ["procedure__field", "procedure__level", "time_limit_unit"]
    search_fields = ["name", "procedure__name", "procedure__code"]
    list_select_related = ["procedure"]
    autocomplete_fields = ["procedure"]
    inlines = [RequiredPaperInline, FeeInline, StepTemplateInline]
