"""Read-only views of payments for administrators: money moves only through the services (and their logs)."""

from django.contrib import admin

from motcua.payments.models import Payment, PaymentEvent


class PaymentEventInline(admin.TabularInline):
    model = PaymentEvent
    fields = ["at", "kind", "actor", "data"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "dossier",
        "method",
        "gateway",
        "amount",
        "state",
        "created_at",
        "settled_via",
    ]
    list_filter = ["state", "method", "gateway"]
    search_fields = ["reference", "transaction_no", "dossier__code", "payer_name"]
    list_select_related = ["dossier"]
    inlines = [PaymentEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
