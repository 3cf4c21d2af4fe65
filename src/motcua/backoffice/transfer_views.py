"""Một cửa liên thông in the back office: the hand-overs list, receiving a dossier handed over, and the page
an agency the dossier was handed to sees (its part only), with the actions on its own steps.

Visibility (see `selectors.DossierPart`): the agency that received the dossier sees all of it on the usual
dossier page; an agency it was handed to sees the basic facts, the papers, the hand-overs to and from it and
its own steps, and acts on its own steps only; anybody else gets 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.agencies.selectors import staff_agency_ids, staff_roles_in
from motcua.backoffice import forms
from motcua.backoffice.views import _form_or_error, _posted_action, _step_candidates, staff_required
from motcua.dossiers import selectors, services, transfers
from motcua.dossiers.downloads import document_response
from motcua.dossiers.workflow import CLOSED_STATUSES, Action, Status


@staff_required
def transfers_list(request):
    """Hồ sơ liên thông: dossiers handed to the officer's agencies, and those they handed on, still open."""
    agency_ids = staff_agency_ids(request.user)
    incoming, outgoing = [], []
    running = selectors.handovers_for_staff(user=request.user).filter(finished_at=None)
    # Withdrawing or stopping closes the open parts (`transfers.handovers_close`); rows written before that
    # rule may still be open, with nothing left to do.
    for handover in running.exclude(dossier__status__in=CLOSED_STATUSES)[:200]:
        (incoming if handover.to_agency_id in agency_ids else outgoing).append(handover)
    return render(request, "backoffice/transfers.html", {"incoming": incoming, "outgoing": outgoing})


def _back_to(request, default):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


@staff_required
@require_POST
def handover_receive(request, handover_id):
    """Xác nhận đã nhận hồ sơ liên thông (or the result sent back), by the receiving agency."""
    handover = get_object_or_404(
        selectors.handovers_for_staff(user=request.user).filter(
            to_agency_id__in=staff_agency_ids(request.user)
        ),
        pk=handover_id,
    )
    try:
        transfers.handover_receive(handover=handover, officer=request.user)
    except services.DossierError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied:
        messages.error(request, _("Anh/chị không có quyền nhận hồ sơ liên thông cho cơ quan này."))
    else:
        messages.success(request, _("Đã nhận hồ sơ %(code)s.") % {"code": handover.dossier.code})
    return _back_to(request, "backoffice:transfers")


def _can_act_on(user, part: selectors.DossierPart) -> bool:
    step = part.current_step
    return (
        step is not None
        and step.agency_id in part.agency_ids
        and part.dossier.status in (Status.RECEIVED, Status.PROCESSING)
        and step.role in staff_roles_in(user, step.agency)
        and step.assignee_id in (None, user.pk)
    )


# What an agency the dossier was handed to may do besides its steps, while the dossier is with it (the
# services check it is the processing agency): the same forms and URLs as the receiving agency's page.
PART_ACTIONS = {Action.STOP, Action.REQUEST_PAYMENT, Action.APOLOGY, services.APOLOGY_DECIDE}


def dossier_part(request, public_id):
    """The dossier page for an agency it was handed to (its part only); 404 for anybody else.

    Rendered by `views.dossier_detail` when the officer's agencies did not receive the dossier themselves.
    """
    return part_page(request, selectors.dossier_part_for_staff(user=request.user, public_id=public_id))


def part_page(request, part: selectors.DossierPart, *, bound: dict | None = None, status: int = 200):
    """Render the part page; `bound` holds a form sent back with its errors (see `views._dossier_form_action`)."""
    dossier = part.dossier
    can_act = _can_act_on(request.user, part)
    actions = services.dossier_actions_for(dossier=dossier, user=request.user) & PART_ACTIONS
    context = {
        "part": part,
        "dossier": dossier,
        "step_form": forms.StepCompleteForm(candidates=_step_candidates(dossier, part.current_step))
        if can_act
        else None,
        "receiving_agency_ids": part.agency_ids,
        "actions": {str(action) for action in actions},
        # Its own apology letters only: the other agencies' drafts are theirs.
        "apologies": [a for a in dossier.apologies.all() if a.agency_id in part.agency_ids],
        "stop_form": forms.StopForm(),
        "payment_request_form": forms.PaymentRequestForm(),
        "apology_form": forms.ApologyDraftForm(),
        "apology_decision_form": forms.ApologyDecisionForm(),
    }
    context.update(bound or {})
    return render(request, "backoffice/dossier_part.html", context, status=status)


# POST-only actions of an agency the dossier was handed to: 404 outside its part.
_part_action = _posted_action(selectors.dossier_part_for_staff)


@_part_action
def part_complete_step(request, part):
    step = part.current_step
    if step is None or step.agency_id not in part.agency_ids:
        # The other agency's step: only that agency acts on it.
        raise PermissionDenied
    form = forms.StepCompleteForm(
        request.POST, request.FILES, candidates=_step_candidates(part.dossier, step)
    )
    data = _form_or_error(form)
    services.dossier_step_complete(
        dossier=part.dossier,
        user=request.user,
        note=data["note"],
        next_assignee=data.get("next_assignee"),
        result_files=request.FILES.getlist("result_files"),
    )
    return _("Đã hoàn thành bước xử lý.")


@staff_required
def part_document(request, public_id, document_id):
    part = selectors.dossier_part_for_staff(user=request.user, public_id=public_id)
    for document in part.documents:
        if document.pk == document_id:
            return document_response(document)
    raise Http404
