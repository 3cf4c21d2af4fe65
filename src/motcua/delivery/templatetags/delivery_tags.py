from django import template

from motcua.delivery.selectors import shipments_of_dossier
from motcua.dossiers.models import ResultDelivery
from motcua.dossiers.workflow import Status

register = template.Library()


@register.inclusion_tag("delivery/_dossier_shipments.html", takes_context=True)
def dossier_shipments(context, dossier):
    """The dossier's postal items (submission, result) with their tracking numbers, for the dossier pages."""
    return {
        "dossier": dossier,
        "shipments": list(shipments_of_dossier(dossier=dossier)),
        "can_ship": context.get("is_desk")
        and dossier.status == Status.RESOLVED
        and dossier.result_delivery == ResultDelivery.POST,
    }
