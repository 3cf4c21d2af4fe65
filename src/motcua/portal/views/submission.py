"""The applicant's side of a dossier: online submission, own dossiers, supplements, downloads."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from motcua.accounts.decorators import applicant_required
from motcua.catalog.models import Procedure
from motcua.dossiers import selectors, services
from motcua.dossiers.downloads import document_response
from motcua.dossiers.models import DossierDocument, SubmissionDraft
from motcua.dossiers.workflow import Action, Status, allowed_actions
from motcua.portal.forms import OnlineSubmissionForm, SupplementForm, WithdrawForm


def _uploaded_files(request, papers) -> dict:
    files = {paper.id: request.FILES.getlist(f"paper_{paper.id}") for paper in papers}
    files[None] = request.FILES.getlist("paper_other")
    return {key: value for key, value in files.items() if value}


def _initial_from_account(user) -> dict:
    return {
        "applicant_name": user.full_name,
        "applicant_id_number": user.id_number,
        "applicant_phone": user.phone,
        "applicant_email": user.email,
        "applicant_address": user.address,
    }


@applicant_required
def submit(request, procedure_pk):
    """Nộp hồ sơ trực tuyến: one page with the e-form, one upload slot per paper and the checklist."""
    procedure = get_object_or_404(
        Procedure.objects.select_related("field"), pk=procedure_pk, is_published=True
    )
    if not procedure.accepts_online:
        messages.warning(
            request, _("Thủ tục này chưa nhận hồ sơ trực tuyến; vui lòng nộp trực tiếp tại bộ phận một cửa.")
        )
        return redirect("portal:procedure_detail", pk=procedure.pk)
    cases = list(procedure.cases.all())
    if not cases:
        raise Http404
    case_id = request.POST.get("case") or request.GET.get("case")
    case = next((c for c in cases if str(c.pk) == case_id), cases[0])
    papers = list(case.papers.all())
    agencies = procedure.agencies.filter(receives_dossiers=True, is_active=True)
    is_business = request.user.kind == request.user.Kind.BUSINESS

    draft = None
    token = request.POST.get("draft")
    if token:
        draft = SubmissionDraft.objects.filter(token=token, applicant=request.user, case=case).first()

    problems: list[str] = []
    if request.method == "POST":
        form = OnlineSubmissionForm(request.POST, agencies=agencies, is_business=is_business)
        form_valid = form.is_valid()
        if draft is None:
            draft = services.draft_start(applicant=request.user, case=case)
        agency = form.cleaned_data.get("agency") if form_valid or "agency" in form.cleaned_data else None
        problems = services.draft_update(
            draft=draft,
            form_data=form.form_data(),
            agency=agency,
            files=_uploaded_files(request, papers),
            user=request.user,
        )
        # Missing papers are named at the top too, so nobody has to hunt for what blocks the submission.
        problems += [
            _("Còn thiếu giấy tờ bắt buộc: %(paper)s.") % {"paper": paper.name}
            for paper in services.draft_missing_papers(draft)
        ]
        if form_valid and not problems and request.POST.get("action") == "submit":
            try:
                dossier = services.dossier_submit(draft=draft)
            except services.DossierError as error:
                problems = error.messages
            else:
                messages.success(
                    request,
                    _(
                        "Hồ sơ đã được nộp thành công. Bộ phận một cửa sẽ kiểm tra và phản hồi trong 1 ngày làm việc."
                    ),
                )
                return redirect("portal:dossier_detail", public_id=dossier.public_id)
    else:
        form = OnlineSubmissionForm(
            initial=_initial_from_account(request.user), agencies=agencies, is_business=is_business
        )

    uploaded = {}
    others = []
    if draft is not None:
        for document in draft.documents.all():
            if document.paper_id:
                uploaded[document.paper_id] = document
            else:
                others.append(document)
    checklist = [{"paper": paper, "document": uploaded.get(paper.id)} for paper in papers]
    missing = [item for item in checklist if item["paper"].is_mandatory and item["document"] is None]
    return render(
        request,
        "portal/submit.html",
        {
            "procedure": procedure,
            "case": case,
            "cases": cases,
            "form": form,
            "draft": draft,
            "checklist": checklist,
            "missing": missing,
            "others": others,
            "problems": problems,
            "checked": request.method == "POST",
            "status_code": 400 if problems or (request.method == "POST" and not form.is_valid()) else 200,
        },
        status=400 if problems or (request.method == "POST" and not form.is_valid()) else 200,
    )


@applicant_required
def my_dossiers(request):
    return render(
        request,
        "portal/my_dossiers.html",
        {"dossiers": selectors.dossiers_of_applicant(applicant=request.user)},
    )


def _render_dossier(request, dossier, *, withdraw_form=None, status=200):
    return render(
        request,
        "portal/dossier_detail.html",
        {
            "dossier": dossier,
            "supplement_form": SupplementForm(),
            "withdraw_form": withdraw_form or WithdrawForm(),
            "can_withdraw": Action.WITHDRAW in allowed_actions(dossier.status),
            "apology": dossier.issued_apologies[0] if dossier.issued_apologies else None,
            "payment_request": selectors.payment_request_of(dossier),
            "papers": list(dossier.case.papers.all()),
            "show_results": dossier.status in (Status.RESOLVED, Status.RETURNED),
        },
        status=status,
    )


@applicant_required
def dossier_detail(request, public_id):
    dossier = selectors.dossier_of_applicant(applicant=request.user, public_id=public_id)
    return _render_dossier(request, dossier)


@applicant_required
def dossier_withdraw(request, public_id):
    """Rút hồ sơ: the applicant withdraws a dossier not yet resolved; the reason is optional."""
    dossier = selectors.dossier_of_applicant(applicant=request.user, public_id=public_id)
    if request.method != "POST":
        return redirect("portal:dossier_detail", public_id=public_id)
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise services.DossierError()
        services.dossier_withdraw(dossier=dossier, applicant=request.user, reason=form.cleaned_data["reason"])
    except services.DossierError as error:
        for message in error.messages:
            messages.error(request, message)
        return _render_dossier(request, dossier, withdraw_form=form, status=400)
    messages.success(request, _("Đã rút hồ sơ. Cơ quan tiếp nhận sẽ dừng xử lý hồ sơ này."))
    return redirect("portal:dossier_detail", public_id=public_id)


@applicant_required
def dossier_supplement(request, public_id):
    dossier = selectors.dossier_of_applicant(applicant=request.user, public_id=public_id)
    if request.method != "POST":
        return redirect("portal:dossier_detail", public_id=public_id)
    form = SupplementForm(request.POST)
    form.is_valid()
    try:
        services.dossier_supplement(
            dossier=dossier,
            applicant=request.user,
            note=form.cleaned_data.get("note", ""),
            files=_uploaded_files(request, dossier.case.papers.all()),
        )
    except services.DossierError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã gửi giấy tờ bổ sung. Hồ sơ tiếp tục được xử lý."))
    return redirect("portal:dossier_detail", public_id=public_id)


@applicant_required
def dossier_document(request, public_id, document_id):
    dossier = selectors.dossier_of_applicant(applicant=request.user, public_id=public_id)
    document = get_object_or_404(DossierDocument, pk=document_id, dossier=dossier)
    if document.kind == DossierDocument.Kind.RESULT and dossier.status not in (
        Status.RESOLVED,
        Status.RETURNED,
    ):
        raise Http404
    return document_response(document)


urlpatterns = [
    path("thu-tuc/<int:procedure_pk>/nop-truc-tuyen/", submit, name="submit_start"),
    path("ho-so/", my_dossiers, name="my_dossiers"),
    path("ho-so/<uuid:public_id>/", dossier_detail, name="dossier_detail"),
    path("ho-so/<uuid:public_id>/bo-sung/", dossier_supplement, name="dossier_supplement"),
    path("ho-so/<uuid:public_id>/rut-ho-so/", dossier_withdraw, name="dossier_withdraw"),
    path("ho-so/<uuid:public_id>/giay-to/<int:document_id>/", dossier_document, name="dossier_document"),
]
