from django.contrib import admin

from motcua.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: the outbox is written by the dossier services and the dispatcher only."""

    list_display = ["created_at", "dossier", "kind", "channel", "recipient", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["dossier__code", "recipient"]
    list_select_related = ["dossier"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
