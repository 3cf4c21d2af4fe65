"""Printed forms as PDF: the desk prints every form of a dossier it may see, the applicant their own."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone, translation

from motcua.accounts.decorators import applicant_required
from motcua.backoffice.views import staff_required
from motcua.dossiers import selectors as dossier_selectors
from motcua.printing import contexts, selectors
from motcua.printing.forms import RegisterForm
from motcua.printing.registry import DOSSIER_FORMS, may_print
from motcua.printing.rendering import pdf_response, render_pdf


def _form_response(form_slug: str, dossier, *, applicant: bool = False, handed_over: bool = False):
    form = DOSSIER_FORMS.get(form_slug)
    if (
        form is None
        or not may_print(form, applicant=applicant, handed_over=handed_over)
        or not form.applies(dossier)
    ):
        raise Http404
    # Official forms are in Vietnamese whatever the UI language: the context too (labels built as text).
    with translation.override("vi"):
        pdf = render_pdf(form.template, form.build(dossier))
    return pdf_response(pdf, form.filename(dossier))


@staff_required
def staff_form(request, public_id, slug):
    try:
        dossier = dossier_selectors.dossier_for_staff(user=request.user, public_id=public_id)
    except Http404:
        # Một cửa liên thông: an agency the dossier was handed to prints its forms; anybody else gets 404.
        part = dossier_selectors.dossier_part_for_staff(user=request.user, public_id=public_id)
        return _form_response(slug, part.dossier, handed_over=True)
    return _form_response(slug, dossier)


@applicant_required
def applicant_form(request, public_id, slug):
    dossier = dossier_selectors.dossier_of_applicant(applicant=request.user, public_id=public_id)
    return _form_response(slug, dossier, applicant=True)


@staff_required
def register(request):
    """Sổ theo dõi hồ sơ (A4): a page to choose the desk and the dates; the PDF once they are valid."""
    agencies = selectors.register_agencies(user=request.user)
    if not agencies:
        raise Http404
    today = timezone.localdate()
    if "start" in request.GET:
        form = RegisterForm(request.GET, agencies=agencies)
        if form.is_valid():
            data = form.cleaned_data
            agency, start, end = data["agency"], data["start"], data["end"]
            with translation.override("vi"):
                pdf = render_pdf(
                    "printing/register.html", contexts.register_context(agency=agency, start=start, end=end)
                )
            return pdf_response(pdf, f"so-theo-doi-{agency.electronic_id}-{start:%Y%m%d}-{end:%Y%m%d}.pdf")
    else:
        form = RegisterForm(
            initial={"agency": agencies[0], "start": today.replace(day=1), "end": today}, agencies=agencies
        )
    return render(request, "printing/register_form.html", {"form": form}, status=400 if form.errors else 200)
