from django import template

from motcua.integrations.selectors import sync_state_for_dossier

register = template.Library()


@register.inclusion_tag("integrations/_sync_state.html")
def dossier_sync_state(dossier):
    """Trạng thái đồng bộ Cổng DVCQG of one dossier, for the back-office dossier page."""
    return {"dossier": dossier, "state": sync_state_for_dossier(dossier=dossier)}
