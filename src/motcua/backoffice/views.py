"""Một cửa điện tử: the desk, the specialists' and leaders' work lists, and the dossier page with its actions."""

import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.agencies.models import Agency, Role, StaffAssignment
from motcua.agencies.roles import LEADER_ROLES
from motcua.agencies.selectors import staff_agency_ids, staff_roles_in
from motcua.backoffice import forms
from motcua.catalog.models import Procedure, ProcedureCase
from motcua.dossiers import selectors, services
from motcua.dossiers.downloads import document_response
from motcua.dossiers.models import ApologyLetter, ApplicantKind, DossierDocument
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
        found = selectors.dossier_by_code_for_staff(user=user, code=code)
        if found:
            return redirect("backoffice:dossier", public_id=found.public_id)
        messages.error(
            request, _("Không tìm thấy hồ sơ %(code)s trong cơ quan của anh/chị.") % {"code": code}
        )
    now = timezone.now()
    is_leader = StaffAssignment.objects.filter(user=user, role__in=LEADER_ROLES).exists()
    return render(
        request,
        "backoffice/dashboard.html",
        {
            "inbox": selectors.desk_inbox(user=user)[:50],
            "steps": selectors.steps_waiting_for(user=user)[:50],
            "to_return": selectors.results_to_return(user=user)[:50],
            "assignments": StaffAssignment.objects.filter(user=user).select_related("agency"),
            "is_desk": StaffAssignment.objects.filter(user=user, role=Role.DESK_OFFICER).exists(),
            "is_leader": is_leader,
            "deadline_counts": selectors.deadline_counts(user=user, now=now),
            "alerts": selectors.alerts_for(user=user, now=now) if is_leader else [],
            "apologies": selectors.apologies_waiting_for(user=user)[:50] if is_leader else [],
        },
    )


@staff_required
def deadlines(request):
    """Hồ sơ sắp đến hạn / quá hạn by step, filterable by officer, step and agency (htmx swaps the table)."""
    user = request.user
    form = forms.DeadlineFilterForm(request.GET or None, choices=selectors.deadline_filter_choices(user=user))
    filters = form.cleaned_data if form.is_valid() else {}
    kind = filters.get("kind") or "due_soon"
    steps = selectors.steps_by_deadline(
        user=user,
        kind=kind,
        now=timezone.now(),
        officer_id=filters.get("officer"),
        step_name=filters.get("step") or "",
        agency_id=filters.get("agency"),
    )[:200]
    template = "backoffice/partials/deadline_table.html" if request.htmx else "backoffice/deadlines.html"
    return render(request, template, {"form": form, "steps": steps, "kind": kind})


def _step_candidates(dossier, step):
    """Who the next step can be handed to: staff holding its role in an agency covering the dossier."""
    following = dossier.steps.filter(order__gt=step.order).order_by("order").first() if step else None
    if following is None or following.agency_id != step.agency_id:
        # Một cửa liên thông: an agency the dossier is handed to assigns its own staff.
        return None
    lineage = [following.agency_id, *(a.id for a in following.agency.ancestors())]
    return (
        User.objects.filter(
            assignments__agency_id__in=lineage, assignments__role=following.role, is_active=True
        )
        .distinct()
        .order_by("full_name")
    )


def _detail_context(request, dossier, bound: dict) -> dict:
    roles = staff_roles_in(request.user, dossier.agency)
    step = next((s for s in dossier.steps.all() if s.finished_at is None), None)
    can_act_on_step = (
        step is not None
        and dossier.status in (Status.RECEIVED, Status.PROCESSING)
        and step.role in staff_roles_in(request.user, step.agency)
        and step.assignee_id in (None, request.user.pk)
    )
    is_desk = Role.DESK_OFFICER in roles
    actions = services.dossier_actions_for(dossier=dossier, user=request.user)
    context = {
        "dossier": dossier,
        "step": step,
        "can_act_on_step": can_act_on_step,
        "is_desk": is_desk,
        "can_request_supplement": (
            not dossier.supplement_requests.all()
            and (
                (dossier.status == Status.NEW and is_desk)
                or (dossier.status == Status.PROCESSING and roles & {Role.SPECIALIST, Role.DEPARTMENT_LEADER})
            )
        ),
        "actions": {str(action) for action in actions},
        "apologies": list(dossier.apologies.all()),
        "payment_request": selectors.payment_request_of(dossier),
        "supplement_request": next(
            (r for r in reversed(dossier.supplement_requests.all()) if r.fulfilled_at is None), None
        ),
        "accept_form": forms.AcceptForm(),
        "refuse_form": forms.RefuseForm(),
        "expired_refuse_form": forms.SupplementDeadlineRefuseForm(),
        "supplement_form": forms.SupplementRequestForm(),
        "step_form": forms.StepCompleteForm(candidates=_step_candidates(dossier, step))
        if can_act_on_step
        else None,
        "return_form": forms.ReturnResultForm(initial={"received_by_name": dossier.applicant_name}),
        "stop_form": forms.StopForm(),
        "withdraw_form": forms.WithdrawForm(),
        "payment_request_form": forms.PaymentRequestForm(),
        "payment_record_form": forms.PaymentRecordForm(),
        "apology_form": forms.ApologyDraftForm(),
        "apology_decision_form": forms.ApologyDecisionForm(),
        "handovers": selectors.dossier_handovers(dossier=dossier),
        "receiving_agency_ids": {dossier.agency_id},
    }
    context.update(bound)
    return context


@staff_required
def dossier_detail(request, public_id):
    try:
        dossier = selectors.dossier_for_staff(user=request.user, public_id=public_id)
    except Http404:
        # Một cửa liên thông: an agency the dossier was handed to sees its part only (404 for anybody else).
        from motcua.backoffice.transfer_views import dossier_part

        return dossier_part(request, public_id)
    return render(request, "backoffice/dossier_detail.html", _detail_context(request, dossier, {}))


def _posted_action(load):
    """Decorator for a POST-only action on one dossier, loaded by `load(user=, public_id=)` (404 outside what
    the officer may see); errors are shown as messages and the officer goes back to the dossier page."""

    def decorator(handler):
        @wraps(handler)
        @staff_required
        @require_POST
        def wrapper(request, public_id):
            target = load(user=request.user, public_id=public_id)
            try:
                success = handler(request, target)
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

    return decorator


# The receiving agency acts on the whole dossier; an agency it was handed to acts on its part (transfer_views).
_dossier_action = _posted_action(selectors.dossier_for_staff)


def _dossier_or_part(request, public_id, *, handed_over: bool):
    """The dossier as its receiving agency sees it (part None), or, with `handed_over`, as an agency it was
    handed to sees it (`dossier_part_for_staff`); 404 for anybody else."""
    try:
        return selectors.dossier_for_staff(user=request.user, public_id=public_id), None
    except Http404:
        if not handed_over:
            raise
        part = selectors.dossier_part_for_staff(user=request.user, public_id=public_id)
        return part.dossier, part


def _dossier_form_action(form_key: str, form_factory, *, handed_over: bool = False):
    """POST-only action backed by a form. On a problem the dossier page comes back (400) with what was typed
    and the messages; 404 outside the officer's agencies; success redirects to the dossier page.

    `handed_over`: an agency the dossier was handed to may take the action too, from its part page; the
    service checks that it is the agency processing the dossier now (một cửa liên thông).
    """

    def decorator(handler):
        @wraps(handler)
        @staff_required
        @require_POST
        def wrapper(request, public_id, **kwargs):
            dossier, part = _dossier_or_part(request, public_id, handed_over=handed_over)
            form = form_factory(request, dossier)
            try:
                if not form.is_valid():
                    raise services.DossierError()
                success = handler(request, dossier, form.cleaned_data, **kwargs)
            except services.DossierError as error:
                for message in error.messages:
                    messages.error(request, message)
                if part is not None:
                    from motcua.backoffice.transfer_views import part_page

                    return part_page(request, part, bound={form_key: form}, status=400)
                context = _detail_context(request, dossier, {form_key: form})
                return render(request, "backoffice/dossier_detail.html", context, status=400)
            except PermissionDenied:
                messages.error(request, _("Anh/chị không có quyền thực hiện thao tác này với hồ sơ."))
            else:
                messages.success(request, success)
            return redirect("backoffice:dossier", public_id=public_id)

        return wrapper

    return decorator


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


def _refuse_form(request, dossier):
    # A dossier whose supplement is overdue is refused for that reason, stated by the service.
    if dossier.status == Status.SUPPLEMENT_REQUESTED:
        return forms.SupplementDeadlineRefuseForm(request.POST)
    return forms.RefuseForm(request.POST)


@_dossier_form_action("refuse_form", _refuse_form)
def refuse(request, dossier, data):
    services.dossier_refuse(dossier=dossier, officer=request.user, reason=data["reason"])
    return _("Đã từ chối tiếp nhận hồ sơ.")


@_dossier_form_action("supplement_form", lambda request, dossier: forms.SupplementRequestForm(request.POST))
def request_supplement(request, dossier, data):
    services.dossier_request_supplement(
        dossier=dossier,
        officer=request.user,
        items=data["items"].splitlines(),
        reason=data["reason"],
        deadline=data["deadline"],
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


@_dossier_form_action("stop_form", lambda request, dossier: forms.StopForm(request.POST), handed_over=True)
def stop(request, dossier, data):
    services.dossier_stop(dossier=dossier, leader=request.user, reason=data["reason"])
    return _("Đã dừng xử lý hồ sơ; thông báo dừng giải quyết đã được ghi nhận.")


@_dossier_form_action("withdraw_form", lambda request, dossier: forms.WithdrawForm(request.POST))
def withdraw(request, dossier, data):
    services.dossier_withdraw(dossier=dossier, applicant=request.user, reason=data["reason"])
    return _("Đã ghi nhận người nộp rút hồ sơ.")


@_dossier_form_action(
    "payment_request_form",
    lambda request, dossier: forms.PaymentRequestForm(request.POST),
    handed_over=True,
)
def request_payment(request, dossier, data):
    services.dossier_request_payment(
        dossier=dossier, officer=request.user, description=data["description"], amount=data["amount"]
    )
    return _("Đã yêu cầu người nộp thực hiện nghĩa vụ tài chính; thời hạn xử lý tạm dừng.")


@_dossier_form_action("payment_record_form", lambda request, dossier: forms.PaymentRecordForm(request.POST))
def record_payment(request, dossier, data):
    services.dossier_record_payment(dossier=dossier, officer=request.user, note=data["note"])
    return _("Đã ghi nhận người nộp hoàn thành nghĩa vụ tài chính; hồ sơ tiếp tục được xử lý.")


@_dossier_form_action(
    "apology_form", lambda request, dossier: forms.ApologyDraftForm(request.POST), handed_over=True
)
def apology_draft(request, dossier, data):
    services.apology_draft(
        dossier=dossier, officer=request.user, reason=data["reason"], new_date=data["new_date"]
    )
    return _("Đã lập phiếu xin lỗi; phiếu chờ lãnh đạo phê duyệt.")


@_dossier_form_action(
    "apology_decision_form",
    lambda request, dossier: forms.ApologyDecisionForm(request.POST),
    handed_over=True,
)
def apology_decide(request, dossier, data, apology_id):
    apology = get_object_or_404(ApologyLetter, pk=apology_id, dossier=dossier)
    if data["decision"] == "approve":
        apology = services.apology_approve(apology=apology, leader=request.user)
        return _("Đã ban hành phiếu xin lỗi số %(number)s; ngày hẹn trả mới: %(due)s.") % {
            "number": apology.number,
            "due": timezone.localtime(apology.new_appointment).strftime("%H:%M %d/%m/%Y"),
        }
    services.apology_refuse(apology=apology, leader=request.user, note=data["note"])
    return _("Đã trả lại dự thảo phiếu xin lỗi.")


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
