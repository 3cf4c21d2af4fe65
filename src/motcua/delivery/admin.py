from django.contrib import admin

from motcua.delivery.models import Shipment, ShipmentUpdate


class ShipmentUpdateInline(admin.TabularInline):
    model = ShipmentUpdate
    extra = 0
    readonly_fields = ["carrier_status", "status", "at", "note", "received_at"]


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = [
        "order_number",
        "tracking_number",
        "direction",
        "status",
        "agency",
        "dossier",
        "created_at",
    ]
    list_filter = ["direction", "status", "carrier"]
    search_fields = ["order_number", "tracking_number", "receiver_name", "sender_name"]
    list_select_related = ["agency", "dossier"]
    raw_id_fields = ["dossier", "case", "applicant", "created_by"]
    inlines = [ShipmentUpdateInline]
