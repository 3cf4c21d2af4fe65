"""The per-dossier forms: which applies to a dossier in which state, who may print it, how it is built."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Status
from motcua.printing import contexts
from motcua.printing.numbering import FORM_TITLES, FormKind


@dataclass(frozen=True)
class DossierForm:
    kind: FormKind
    slug: str  # in the URL and the file name: "<code>-<slug>.pdf"
    template: str
    build: Callable[[Dossier], dict]
    applies: Callable[[Dossier], bool]
    for_applicant: bool
    # Printed by an agency the dossier was handed to (một cửa liên thông) as well as by the receiving one.
    for_handed_over: bool = False

    @property
    def title(self) -> str:
        return FORM_TITLES[self.kind]

    def filename(self, dossier: Dossier) -> str:
        return f"{dossier.code or dossier.public_id}-{self.slug}.pdf"


DOSSIER_FORMS: dict[str, DossierForm] = {
    form.slug: form
    for form in [
        DossierForm(
            kind=FormKind.RECEIPT,
            slug="phieu-tiep-nhan",
            template="printing/receipt.html",
            build=contexts.receipt_context,
            applies=lambda d: d.received_at is not None and bool(d.code),
            for_applicant=True,
        ),
        DossierForm(
            kind=FormKind.SUPPLEMENT_REQUEST,
            slug="phieu-yeu-cau-bo-sung",
            template="printing/supplement_request.html",
            build=contexts.supplement_request_context,
            # Prefetched by both dossier selectors: no query per page.
            applies=lambda d: bool(d.supplement_requests.all()),
            for_applicant=True,
        ),
        DossierForm(
            kind=FormKind.REFUSAL,
            slug="phieu-tu-choi",
            template="printing/refusal.html",
            build=contexts.refusal_context,
            applies=lambda d: d.status == Status.REFUSED,
            for_applicant=True,
        ),
        DossierForm(
            kind=FormKind.APOLOGY,
            slug="phieu-xin-loi",
            template="printing/apology.html",
            build=contexts.apology_context,
            applies=lambda d: contexts.issued_apology(d) is not None,
            for_applicant=True,
        ),
        DossierForm(
            kind=FormKind.STOP_NOTICE,
            slug="thong-bao-dung",
            template="printing/stop_notice.html",
            build=contexts.stop_notice_context,
            applies=lambda d: d.status == Status.STOPPED,
            for_applicant=True,
        ),
        DossierForm(
            kind=FormKind.CONTROL_SHEET,
            slug="phieu-kiem-soat",
            template="printing/control_sheet.html",
            build=contexts.control_sheet_context,
            applies=lambda d: d.received_at is not None and bool(d.code),
            for_applicant=False,
            # The sheet travels with the dossier: each agency records its part on it.
            for_handed_over=True,
        ),
    ]
}


def may_print(form: DossierForm, *, applicant: bool = False, handed_over: bool = False) -> bool:
    """Whether the applicant, or staff of an agency the dossier was handed to, may print `form`.

    Staff of the receiving agency print every form; the other forms are the receiving desk's, which stays the
    applicant's contact.
    """
    return (form.for_applicant or not applicant) and (form.for_handed_over or not handed_over)


def forms_for(dossier: Dossier, *, applicant: bool, handed_over: bool = False) -> list[DossierForm]:
    """The forms that apply to the dossier now, in the order a desk prints them."""
    return [
        form
        for form in DOSSIER_FORMS.values()
        if may_print(form, applicant=applicant, handed_over=handed_over) and form.applies(dossier)
    ]


def form_url(form: DossierForm, dossier: Dossier, *, applicant: bool) -> str:
    name = "printing:applicant_form" if applicant else "printing:staff_form"
    return reverse(name, kwargs={"public_id": dossier.public_id, "slug": form.slug})
