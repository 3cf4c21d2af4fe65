"""Một cửa điện tử: the desk, the specialists' and leaders' work lists, and the dossier page with its actions."""

import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.agencies.models import Agency, Role, StaffAssignment
from motcua.agencies.selectors import staff_agency_ids, staff_roles_in
from motcua.backoffice import forms
from motcua.catalog.models import Procedure, ProcedureCase
from motcua.dossiers import selectors, services
from motcua.dossiers.downloads import document_response
from motcua.dossiers.models import ApplicantKind, DossierDocument
from motcua.dossiers.workflow import Status


def staff_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if request.user.kind != User.Kind.STAFF:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@staff_required
def dashboard(request):
    user = request.user
    code = request.GET.get("code", "").strip()
    if code:
        found = selectors.dossiers_for_staff(user=user).filter(code__iexact=code).first()
        if found:
            return redirect("backoffice:dossier", public_id=found.public_id)
        messages.error(
            request, _("Không tìm thấy hồ sơ %(code)s trong cơ quan của anh/chị.") % {"code": code}
        )
    return render(
        request,
        "backoffice/dashboard.html",
        {
            "inbox": selectors.desk_inbox(user=user)[:50],
            "steps": selectors.steps_waiting_for(user=user)[:50],
            "to_return": selectors.results_to_return(user=user)[:50],
            "assignments": StaffAssignment.objects.filter(user=user).select_related("agency"),
            "is_desk": StaffAssignment.objects.filter(user=user, role=Role.DESK_OFFICER).exists(),
        },
    )


def _step_candidates(dossier, step):
    """Who the next step can be handed to: staff holding its role in an agency covering the dossier."""
    following = dossier.steps.filter(order__gt=step.order).order_by("order").first() if step else None
    if following is None:
        return None
    lineage = [following.agency_id, *(a.id for a in following.agency.ancestors())]
    return (
        User.objects.filter(
            assignments__agency_id__in=lineage, assignments__role=following.role, is_active=True
        )
        .distinct()
        .order_by("full_name")
    )


@staff_required
def dossier_detail(request, public_id):
    dossier = selectors.dossier_for_staff(user=request.user, public_id=public_id)
    roles = staff_roles_in(request.user, dossier.agency)
    step = next((s for s in dossier.steps.all() if s.finished_at is None), None)
    can_act_on_step = (
        step is not None
        and dossier.status in (Status.RECEIVED, Status.PROCESSING)
        and step.role in staff_roles_in(request.user, step.agency)
        and step.assignee_id in (None, request.user.pk)
    )
    is_desk = Role.DESK_OFFICER in roles
    return render(
        request,
        "backoffice/dossier_detail.html",
        {
            "dossier": dossier,
            "step": step,
            "can_act_on_step": can_act_on_step,
            "is_desk": is_desk,
            "can_request_supplement": (
                not dossier.supplement_requests.all()
                and (
                    (dossier.status == Status.NEW and is_desk)
                    or (
                        dossier.status == Status.PROCESSING
                        and roles & {Role.SPECIALIST, Role.DEPARTMENT_LEADER}
                    )
                )
            ),
            "accept_form": forms.AcceptForm(),
            "refuse_form": forms.RefuseForm(),
            "supplement_form": forms.SupplementRequestForm(),
            "step_form": forms.StepCompleteForm(candidates=_step_candidates(dossier, step))
            if can_act_on_step
            else None,
            "return_form": forms.ReturnResultForm(initial={"received_by_name": dossier.applicant_name}),
        },
    )


def _dossier_action(handler):
    """POST-only action on one dossier: 404 outside the officer's agencies, errors shown as messages."""

    @wraps(handler)
    @staff_required
    @require_POST
    def wrapper(request, public_id):
        dossier = selectors.dossier_for_staff(user=request.user, public_id=public_id)
        try:
            success = handler(request, dossier)
        except services.DossierError as error:
            for message in error.messages:
                messages.error(request, message)
        except PermissionDenied:
            messages.error(request, _("Anh/chị không có quyền thực hiện thao tác này với hồ sơ."))
        else:
            if success:
                messages.success(request, success)
        return redirect("backoffice:dossier", public_id=public_id)

    return wrapper


def _form_or_error(form):
    if not form.is_valid():
        raise services.DossierError(
            *[f"{form.fields[f].label}: {e}" for f, errs in form.errors.items() for e in errs]
        )
    return form.cleaned_data


@_dossier_action
def accept(request, dossier):
    data = _form_or_error(forms.AcceptForm(request.POST))
    dossier = services.dossier_accept(
        dossier=dossier, officer=request.user, appointment=data["appointment"], note=data["note"]
    )
    return _("Đã tiếp nhận hồ sơ %(code)s.") % {"code": dossier.code}


@_dossier_action
def refuse(request, dossier):
    data = _form_or_error(forms.RefuseForm(request.POST))
    services.dossier_refuse(dossier=dossier, officer=request.user, reason=data["reason"])
    return _("Đã từ chối tiếp nhận hồ sơ.")


@_dossier_action
def request_supplement(request, dossier):
    data = _form_or_error(forms.SupplementRequestForm(request.POST))
    services.dossier_request_supplement(
        dossier=dossier, officer=request.user, items=data["items"].splitlines(), reason=data["reason"]
    )
    return _("Đã gửi yêu cầu bổ sung hồ sơ cho người nộp.")


@_dossier_action
def complete_step(request, dossier):
    step = services.dossier_current_step(dossier)
    form = forms.StepCompleteForm(request.POST, request.FILES, candidates=_step_candidates(dossier, step))
    data = _form_or_error(form)
    services.dossier_step_complete(
        dossier=dossier,
        user=request.user,
        note=data["note"],
        next_assignee=data.get("next_assignee"),
        result_files=request.FILES.getlist("result_files"),
    )
    return _("Đã hoàn thành bước xử lý.")


@_dossier_action
def return_result(request, dossier):
    data = _form_or_error(forms.ReturnResultForm(request.POST))
    services.dossier_return_result(
        dossier=dossier, officer=request.user, received_by_name=data["received_by_name"], note=data["note"]
    )
    return _("Đã trả kết quả.")


@staff_required
def dossier_document(request, public_id, document_id):
    dossier = selectors.dossier_for_staff(user=request.user, public_id=public_id)
    return document_response(get_object_or_404(DossierDocument, pk=document_id, dossier=dossier))


@staff_required
def counter_choose(request):
    """Tiếp nhận trực tiếp, step 1: pick the procedure among those the officer's desks receive."""
    agency_ids = staff_agency_ids(request.user, roles=[Role.DESK_OFFICER])
    agencies = Agency.objects.filter(id__in=agency_ids, receives_dossiers=True)
    if not agencies:
        raise Http404
    procedures = (
        Procedure.objects.filter(agencies__in=agencies, is_published=True)
        .distinct()
        .select_related("field")
        .order_by("field__name", "name")
    )
    return render(request, "backoffice/counter_choose.html", {"procedures": procedures, "agencies": agencies})


@staff_required
def counter_intake(request, case_id):
    """Tiếp nhận trực tiếp, step 2: the walk-in applicant's details and the scans of their papers."""
    agency_ids = staff_agency_ids(request.user, roles=[Role.DESK_OFFICER])
    case = get_object_or_404(
        ProcedureCase.objects.select_related("procedure"), pk=case_id, procedure__agencies__in=agency_ids
    )
    agencies = case.procedure.agencies.filter(id__in=agency_ids)
    agency = (
        agencies.filter(pk=request.POST.get("agency") or request.GET.get("agency")).first()
        or agencies.first()
    )
    papers = list(case.papers.all())
    problems = []
    if request.method == "POST":
        form = forms.CounterIntakeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            scans = {paper.id: request.FILES.getlist(f"paper_{paper.id}") for paper in papers}
            scans[None] = request.FILES.getlist("paper_other")
            try:
                dossier = services.dossier_receive_at_counter(
                    officer=request.user,
                    agency=agency,
                    case=case,
                    applicant=services.ApplicantDetails(
                        name=data["applicant_name"],
                        id_number=data["applicant_id_number"],
                        phone=data["applicant_phone"],
                        email=data["applicant_email"],
                        address=data["applicant_address"],
                        kind=ApplicantKind.CITIZEN,
                    ),
                    scans=scans,
                    summary=data["summary"],
                    result_delivery=data["result_delivery"],
                    appointment=data["appointment"],
                    idempotency_key=data["idempotency_key"],
                )
            except services.DossierError as error:
                problems = error.messages
            else:
                messages.success(
                    request,
                    _("Đã tiếp nhận hồ sơ %(code)s. Hẹn trả: %(due)s.")
                    % {"code": dossier.code, "due": dossier.due_at.astimezone().strftime("%H:%M %d/%m/%Y")},
                )
                return redirect("backoffice:dossier", public_id=dossier.public_id)
    else:
        form = forms.CounterIntakeForm(initial={"idempotency_key": uuid.uuid4().hex})
    return render(
        request,
        "backoffice/counter_intake.html",
        {
            "case": case,
            "form": form,
            "papers": papers,
            "agency": agency,
            "agencies": agencies,
            "problems": problems,
        },
        status=400 if problems or form.errors else 200,
    )
