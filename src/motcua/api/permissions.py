"""Who may use which part of the API."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.workflow import FINISHED_STATUSES


class IsApplicant(BasePermission):
    """Signed-in citizens and businesses: staff work on dossiers in the back office, not here."""

    message = _("Chức năng này dành cho công dân, doanh nghiệp đã đăng nhập.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_applicant)


def documents_visible_to_applicant(dossier: Dossier) -> list[DossierDocument]:
    """The applicant's papers, and the result documents once the result is approved (status 9 or 10)."""
    show_results = dossier.status in FINISHED_STATUSES
    return [
        document
        for document in dossier.documents.all()
        if show_results or document.kind != DossierDocument.Kind.RESULT
    ]
