from django.contrib import admin

from motcua.printing.models import FormSettings


@admin.register(FormSettings)
class FormSettingsAdmin(admin.ModelAdmin):
    list_display = ["agency", "numbering", "place_name"]
    list_filter = ["numbering"]
    autocomplete_fields = ["agency"]
    search_fields = ["agency__name", "agency__electronic_id"]
