"""The national portal's inbound endpoint (dossiers submitted there) and the staff list of unsynced pushes."""

import json

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.agencies.selectors import staff_agency_ids
from motcua.backoffice.views import staff_required
from motcua.integrations import selectors, services
from motcua.integrations.portals import national_portal


@csrf_exempt
@require_POST
def inbound_dossier(request):
    """Nhận hồ sơ từ Cổng DVCQG: a signed JSON dossier; 201 when created, 200 when it was already here."""
    if not national_portal().verify_inbound(body=request.body, headers=request.headers):
        return JsonResponse({"error_code": 403, "message": _("Chữ ký không hợp lệ.")}, status=403)
    try:
        payload = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error_code": 400, "message": _("Dữ liệu không phải JSON.")}, status=400)
    try:
        dossier, created = services.inbound_dossier_receive(payload=payload)
    except services.InboundRejected as error:
        return JsonResponse(
            {"error_code": 400, "message": " ".join(error.messages), "errors": error.messages}, status=400
        )
    return JsonResponse(
        {
            "error_code": 0,
            "message": _("Thành công"),
            "MaHoSo": payload["MaHoSo"],
            "id": str(dossier.public_id),
        },
        status=201 if created else 200,
    )


@staff_required
def unsynced(request):
    """Pushes the national portal has not acknowledged yet, for the staff member's agencies, and the indicator."""
    agency_ids = staff_agency_ids(request.user)
    if not agency_ids:
        raise Http404
    items = selectors.sync_items_pending_for_staff(user=request.user)
    return render(
        request,
        "integrations/unsynced.html",
        {
            "items": items[:200],
            "pending_count": items.count(),
            "share": selectors.sync_share(agency_ids=agency_ids),
        },
    )
