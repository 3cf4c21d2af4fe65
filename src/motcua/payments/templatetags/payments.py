from django import template

from motcua.payments import selectors

register = template.Library()


@register.inclusion_tag("payments/_fees_card.html")
def fees_card(dossier, audience="applicant"):
    """The fees box of a dossier page (applicant or staff), linking to the full fees page.

    The dossier comes from the page, already fetched through its who-may-see-it selector."""
    return {"dossier": dossier, "fees": selectors.dossier_fees(dossier=dossier), "audience": audience}
