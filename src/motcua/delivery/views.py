"""Pages of the public postal service: the desk's "chờ bưu điện" queue, the applicant's postal submission, and
the post's status callback."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.backoffice.forms import CounterIntakeForm
from motcua.backoffice.views import staff_required
from motcua.catalog.models import Procedure
from motcua.delivery import selectors, services
from motcua.delivery.carriers import WebhookRejected, carrier_get
from motcua.delivery.forms import PostalSubmissionForm, ResultShipmentForm
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.models import ApplicantKind
from motcua.dossiers.services import ApplicantDetails, DossierError
from motcua.dossiers.workflow import Status


def _desk_agencies_or_404(user) -> set[int]:
    agency_ids = selectors.desk_agency_ids(user)
    if not agency_ids:
        raise Http404
    return agency_ids


def _ordered_message(request, shipment) -> None:
    if shipment.tracking_number:
        messages.success(
            request,
            _("Bưu điện đã nhận đơn, số hiệu bưu gửi %(tracking)s.") % {"tracking": shipment.tracking_number},
        )
    else:
        messages.warning(
            request,
            _("Chưa gửi được đơn cho bưu điện; hệ thống sẽ tự gửi lại. Chi tiết: %(error)s")
            % {"error": shipment.last_error},
        )


# ---------------------------------------------------------------------------------------------- desk


@staff_required
def queue(request):
    """Chờ bưu điện: results to hand to the post, results on their way, paper dossiers the post is bringing."""
    agency_ids = _desk_agencies_or_404(request.user)
    return render(
        request,
        "delivery/queue.html",
        {
            "results_waiting": selectors.results_waiting_for_post(agency_ids=agency_ids)[:100],
            "results_on_the_way": selectors.results_on_the_way(agency_ids=agency_ids)[:100],
            "incoming": selectors.postal_submissions_incoming(agency_ids=agency_ids)[:100],
        },
    )


@staff_required
def result_ship(request, public_id):
    """Phiếu gửi kết quả qua bưu điện for one ready result: the receiver prefilled from the dossier."""
    desk_agency_ids = _desk_agencies_or_404(request.user)
    dossier = dossier_selectors.dossier_for_staff(user=request.user, public_id=public_id)
    if dossier.agency_id not in desk_agency_ids or dossier.status != Status.RESOLVED:
        raise Http404
    problems = []
    if request.method == "POST":
        form = ResultShipmentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                shipment = services.shipment_create_for_result(
                    dossier=dossier,
                    officer=request.user,
                    receiver=services.PostalAddress(
                        name=data["receiver_name"],
                        address=data["receiver_address"],
                        phone=data["receiver_phone"],
                        province=data["receiver_province"],
                    ),
                    cod_amount=data["cod_amount"],
                )
            except services.DeliveryError as error:
                problems = error.messages
            except PermissionDenied:
                raise Http404 from None
            else:
                _ordered_message(request, services.shipment_order(shipment=shipment))
                return redirect("delivery:queue")
    else:
        form = ResultShipmentForm(
            initial={
                "receiver_name": dossier.applicant_name,
                "receiver_address": dossier.applicant_address,
                "receiver_phone": dossier.applicant_phone,
                "receiver_province": services.agency_province(dossier.agency),
                "cod_amount": 0,
            }
        )
    return render(
        request,
        "delivery/result_ship.html",
        {"dossier": dossier, "form": form, "problems": problems},
        status=400 if problems or form.errors else 200,
    )


@staff_required
@require_POST
def shipment_reorder(request, public_id):
    """Ask the post again for an order it did not take (the poll command does the same on its own)."""
    shipment = selectors.shipment_for_desk(user=request.user, public_id=public_id)
    _ordered_message(request, services.shipment_order(shipment=shipment))
    return redirect("delivery:queue")


@staff_required
def submission_receive(request, public_id):
    """Tiếp nhận hồ sơ nộp qua bưu chính: like a walk-in, prefilled with what the applicant registered."""
    shipment = selectors.shipment_for_desk(user=request.user, public_id=public_id)
    if shipment.direction != shipment.Direction.SUBMISSION:
        raise Http404
    if shipment.dossier_id is not None:
        return redirect("backoffice:dossier", public_id=shipment.dossier.public_id)
    papers = list(shipment.case.papers.all())
    problems = []
    if request.method == "POST":
        form = CounterIntakeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            scans = {paper.id: request.FILES.getlist(f"paper_{paper.id}") for paper in papers}
            scans[None] = request.FILES.getlist("paper_other")
            try:
                dossier = services.postal_submission_receive(
                    shipment=shipment,
                    officer=request.user,
                    applicant=ApplicantDetails(
                        name=data["applicant_name"],
                        id_number=data["applicant_id_number"],
                        phone=data["applicant_phone"],
                        email=data["applicant_email"],
                        address=data["applicant_address"],
                        kind=shipment.request_data.get("applicant_kind", ApplicantKind.CITIZEN),
                    ),
                    scans=scans,
                    summary=data["summary"],
                    result_delivery=data["result_delivery"],
                    appointment=data["appointment"],
                )
            except (DossierError, services.DeliveryError) as error:
                problems = error.messages
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(
                    request, _("Đã tiếp nhận hồ sơ %(code)s nộp qua bưu chính.") % {"code": dossier.code}
                )
                return redirect("backoffice:dossier", public_id=dossier.public_id)
    else:
        form = CounterIntakeForm(
            initial={
                **{k: v for k, v in shipment.request_data.items() if k in CounterIntakeForm.base_fields},
                "idempotency_key": uuid.uuid4().hex,
            }
        )
    return render(
        request,
        "delivery/submission_receive.html",
        {"shipment": shipment, "form": form, "papers": papers, "problems": problems},
        status=400 if problems or form.errors else 200,
    )


# ---------------------------------------------------------------------------------------------- applicant


def _applicant_only(request):
    if not request.user.is_applicant:
        raise Http404


@login_required
def submission_start(request, procedure_pk):
    """Đăng ký nộp hồ sơ qua bưu chính công ích: the post collects the paper dossier at the applicant's door."""
    _applicant_only(request)
    procedure = get_object_or_404(Procedure, pk=procedure_pk, is_published=True, accepts_post=True)
    cases = list(procedure.cases.all())
    if not cases:
        raise Http404
    case_id = request.POST.get("case") or request.GET.get("case")
    case = next((c for c in cases if str(c.pk) == case_id), cases[0])
    agencies = procedure.agencies.filter(receives_dossiers=True, is_active=True)
    is_business = request.user.kind == request.user.Kind.BUSINESS
    problems = []
    if request.method == "POST":
        form = PostalSubmissionForm(request.POST, agencies=agencies, is_business=is_business)
        if form.is_valid():
            data = form.cleaned_data
            applicant = ApplicantDetails(
                name=data["applicant_name"],
                id_number=data["applicant_id_number"],
                phone=data["applicant_phone"],
                email=data["applicant_email"],
                address=data["applicant_address"],
                kind=ApplicantKind.BUSINESS if is_business else ApplicantKind.CITIZEN,
            )
            try:
                shipment = services.postal_submission_register(
                    applicant_user=request.user,
                    case=case,
                    agency=data["agency"],
                    applicant=applicant,
                    pickup=services.PostalAddress(
                        name=applicant.name,
                        address=data["pickup_address"],
                        phone=applicant.phone,
                        province=data["pickup_province"],
                    ),
                    summary=data["summary"],
                    result_delivery=data["result_delivery"],
                )
            except services.DeliveryError as error:
                problems = error.messages
            else:
                services.shipment_order(shipment=shipment)
                return redirect("delivery:submission_detail", public_id=shipment.public_id)
    else:
        user = request.user
        form = PostalSubmissionForm(
            initial={
                "applicant_name": user.full_name,
                "applicant_id_number": user.id_number,
                "applicant_phone": user.phone,
                "applicant_email": user.email,
                "applicant_address": user.address,
                "pickup_address": user.address,
            },
            agencies=agencies,
            is_business=is_business,
        )
    return render(
        request,
        "delivery/submission_start.html",
        {"procedure": procedure, "case": case, "cases": cases, "form": form, "problems": problems},
        status=400 if problems or form.errors else 200,
    )


@login_required
def submission_detail(request, public_id):
    _applicant_only(request)
    shipment = selectors.postal_submission_of_applicant(applicant=request.user, public_id=public_id)
    return render(request, "delivery/submission_detail.html", {"shipment": shipment})


# ---------------------------------------------------------------------------------------------- the post


@csrf_exempt
@require_POST
def status_webhook(request):
    """The post's status callback, signed with the shared secret; a repeated report changes nothing."""
    try:
        updates = carrier_get().webhook_updates(body=request.body, headers=request.headers)
    except WebhookRejected as error:
        return JsonResponse({"error": str(error)}, status=403)
    applied = sum(1 for update in updates if services.shipment_status_record(update=update) is not None)
    return JsonResponse({"received": len(updates), "applied": applied})
