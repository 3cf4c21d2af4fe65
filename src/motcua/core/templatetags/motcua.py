from django import template

from motcua.core.identifiers import mask_middle
from motcua.core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    """Money in đồng with Vietnamese thousands separators."""
    return format_vnd(amount)


@register.filter
def masked(value):
    return mask_middle(str(value or ""))
