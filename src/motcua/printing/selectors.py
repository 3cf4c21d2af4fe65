"""Reads for the printed forms, each shaped for its form (the dossier itself comes through the
who-may-see-it selectors of `dossiers.selectors`)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import AdministrativeUnit, Agency, StaffAssignment
from motcua.agencies.selectors import staff_agency_ids
from motcua.dossiers.models import Dossier, DossierDocument, DossierStep
from motcua.printing.models import FormSettings
from motcua.printing.numbering import Numbering


@dataclass(frozen=True)
class Letterhead:
    """What heads every form of one agency: the agency under its parent, the place name and the numbering."""

    agency_name: str
    parent_name: str
    place: str
    numbering: str


def letterhead_for(*, agency: Agency) -> Letterhead:
    """The agency's own form settings, else those of the nearest agency above it, else the defaults."""
    lineage = [agency, *agency.ancestors()]
    rows = {row.agency_id: row for row in FormSettings.objects.filter(agency__in=lineage)}
    own = [rows[a.id] for a in lineage if a.id in rows]
    numbering = own[0].numbering if own else Numbering.TT03_2025
    place = next((row.place_name for row in own if row.place_name), "") or _province_name(lineage)
    return Letterhead(
        agency_name=agency.name,
        parent_name=agency.parent.name if agency.parent_id else "",
        place=place,
        numbering=numbering,
    )


def _province_name(lineage: list[Agency]) -> str:
    unit_id = next((a.administrative_unit_id for a in lineage if a.administrative_unit_id), None)
    if unit_id is None:
        return ""
    unit = AdministrativeUnit.objects.select_related("parent").get(pk=unit_id)
    while unit.level != AdministrativeUnit.Level.PROVINCE and unit.parent is not None:
        unit = unit.parent
    return unit.name if unit.level == AdministrativeUnit.Level.PROVINCE else ""


# How each paper reached the desk, in the words of the receipt's "Hình thức" column.
_MEDIUM = {
    DossierDocument.Kind.SUBMITTED: _("Bản điện tử, nộp trực tuyến"),
    DossierDocument.Kind.SCAN: _("Bản giấy, đã số hóa"),
    DossierDocument.Kind.SUPPLEMENT: _("Nộp bổ sung"),
}


@dataclass(frozen=True)
class PaperRow:
    """One line of the receipt's table of papers."""

    name: str
    originals: int | None
    copies: int | None
    medium: str


def dossier_papers(*, dossier: Dossier) -> list[PaperRow]:
    """The papers the dossier holds (results excluded): one row per catalogue paper, one per other file."""
    documents = (
        DossierDocument.objects.filter(dossier=dossier)
        .exclude(kind=DossierDocument.Kind.RESULT)
        .select_related("paper")
        .order_by("paper__order", "uploaded_at", "id")
    )
    rows, seen = [], set()
    for document in documents:
        medium = _MEDIUM.get(document.kind, document.get_kind_display())
        if document.paper_id is None:
            rows.append(PaperRow(document.original_name, None, None, medium))
        elif document.paper_id not in seen:
            seen.add(document.paper_id)
            paper = document.paper
            rows.append(PaperRow(paper.name, paper.originals, paper.copies, medium))
    return rows


def register_agencies(*, user):
    """Desks whose register the staff member may print: receiving agencies in their scope."""
    return Agency.objects.filter(id__in=staff_agency_ids(user), receives_dossiers=True).order_by("name")


def register_dossiers(*, agency: Agency, start: date, end: date):
    """Sổ theo dõi hồ sơ: dossiers the agency received between two dates (inclusive, local time).

    `transferred_at` is when the desk handed the dossier on: the start of its first processing step.
    """
    return (
        Dossier.objects.filter(agency=agency, received_at__date__gte=start, received_at__date__lte=end)
        .select_related("procedure")
        .annotate(transferred_at=Min("steps__started_at"))
        .order_by("received_at", "id")
    )


def signer_title(*, user, agency: Agency) -> str:
    """The signer's title (chức danh) in the agency or an agency above it; empty when none was recorded."""
    if user is None:
        return ""
    lineage = [agency.id, *(a.id for a in agency.ancestors())]
    titles = dict(
        StaffAssignment.objects.filter(user=user, agency_id__in=lineage)
        .exclude(title="")
        .values_list("agency_id", "title")
    )
    return next((titles[agency_id] for agency_id in lineage if agency_id in titles), "")


def processing_agency(*, dossier: Dossier) -> Agency:
    """The agency whose step is open (it issues notices about the dossier), else the receiving agency."""
    step = (
        DossierStep.objects.filter(dossier=dossier, finished_at=None)
        .select_related("agency")
        .order_by("order")
        .first()
    )
    return step.agency if step is not None else dossier.agency
