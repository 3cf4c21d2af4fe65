from django.contrib import admin

from motcua.integrations.models import InboundDossier, SyncItem


@admin.register(SyncItem)
class SyncItemAdmin(admin.ModelAdmin):
    list_display = ["id", "dossier", "kind", "status", "attempts", "next_attempt_at", "acknowledged_at"]
    list_filter = ["kind", ("acknowledged_at", admin.EmptyFieldListFilter)]
    list_select_related = ["dossier"]
    raw_id_fields = ["dossier", "event"]
    readonly_fields = ["payload", "created_at"]


@admin.register(InboundDossier)
class InboundDossierAdmin(admin.ModelAdmin):
    list_display = ["national_code", "dossier", "received_at"]
    search_fields = ["national_code"]
    raw_id_fields = ["dossier"]
    readonly_fields = ["payload"]
