from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.printing.registry import form_url, forms_for

register = template.Library()


@register.simple_tag
def printable_forms(dossier, audience="staff"):
    """[{"title", "url"}] of the forms that apply to the dossier now; audience "staff", "applicant" or
    "handed_over" (staff of an agency the dossier was handed to)."""
    applicant = audience == "applicant"
    return [
        {"title": form.title, "url": form_url(form, dossier, applicant=applicant)}
        for form in forms_for(dossier, applicant=applicant, handed_over=audience == "handed_over")
    ]


@register.filter
def moment(value):
    """'16 giờ 30 phút, ngày 08/03/2026', the way the forms write a time (local time)."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return _("%(hour)s giờ %(minute)s phút, ngày %(day)s") % {
        "hour": f"{local:%H}",
        "minute": f"{local:%M}",
        "day": f"{local:%d/%m/%Y}",
    }
