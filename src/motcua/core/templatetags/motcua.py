from django import template
from django.utils.translation import get_language

from motcua.core.identifiers import mask_middle
from motcua.core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    """Money in đồng: '12.500 đồng' with Vietnamese thousands separators; '12,500 VND' on English pages."""
    if amount is not None and (get_language() or "").startswith("en"):
        return f"{amount:,} VND"
    return format_vnd(amount)


@register.filter
def masked(value):
    return mask_middle(str(value or ""))
