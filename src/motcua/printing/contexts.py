"""One function per form: everything its template prints, gathered from the dossier (domain.md §8)."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.dossiers.models import ApologyLetter, Dossier
from motcua.dossiers.workflow import Status
from motcua.printing import selectors
from motcua.printing.handovers import dossier_handovers
from motcua.printing.numbering import FORM_TITLES, FormKind, form_number
from motcua.printing.rendering import place_and_date, qr_data_uri, tracking_url

REGISTER_NOTED_STATUSES = frozenset(
    {Status.SUPPLEMENT_REQUESTED, Status.AWAITING_PAYMENT, Status.WITHDRAWN, Status.STOPPED, Status.REFUSED}
)


def _heading(*, agency: Agency, kind: FormKind, on: date) -> dict:
    letterhead = selectors.letterhead_for(agency=agency)
    return {
        "letterhead": letterhead,
        "form_number": form_number(letterhead.numbering, kind),
        "title": FORM_TITLES[kind],
        "place_and_date": place_and_date(letterhead.place, on),
    }


def _dossier_heading(dossier: Dossier, kind: FormKind, *, on, agency: Agency | None = None) -> dict:
    """Heading plus what identifies the dossier: its code and the QR code of its public tracking page."""
    context = {
        **_heading(agency=agency or dossier.agency, kind=kind, on=timezone.localdate(on or timezone.now())),
        "dossier": dossier,
        "request_summary": dossier.summary or dossier.procedure.name,
    }
    if dossier.code:
        url = tracking_url(dossier.code)
        context |= {"tracking_url": url, "qr": qr_data_uri(url)}
    return context


def _number(value: Decimal) -> str:
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def time_limit_label(dossier: Dossier) -> str:
    """'3 ngày làm việc'; the catalogue's own words when the limit is not a number."""
    case = dossier.case
    limit = case.time_limit_for(online=dossier.is_online)
    if limit is None or not case.time_limit_unit:
        return case.time_limit_text
    return f"{_number(limit)} {case.get_time_limit_unit_display()}"


def _last_event_into(dossier: Dossier, status: int):
    """The history row that moved the dossier into `status` (history is prefetched by the dossier selectors)."""
    return next((e for e in reversed(dossier.events.all()) if e.to_status == status), None)


def receipt_context(dossier: Dossier) -> dict:
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""
    return {
        **_dossier_heading(dossier, FormKind.RECEIPT, on=dossier.received_at),
        "papers": selectors.dossier_papers(dossier=dossier),
        "time_limit": time_limit_label(dossier),
        "officer": dossier.received_by.get_full_name() if dossier.received_by else "",
    }


def supplement_request_context(dossier: Dossier) -> dict:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (the one request a dossier may have)."""
    request = list(dossier.supplement_requests.all())[-1]
    procedure_url = settings.PUBLIC_BASE_URL.rstrip("/") + reverse(
        "portal:procedure_detail", kwargs={"pk": dossier.procedure_id}
    )
    return {
        **_dossier_heading(dossier, FormKind.SUPPLEMENT_REQUEST, on=request.requested_at),
        "request": request,
        "received_on": dossier.received_at or dossier.submitted_at,
        "procedure_url": procedure_url,
        "officer": request.requested_by.get_full_name(),
    }


def refusal_context(dossier: Dossier) -> dict:
    """Mẫu 03: Phiếu từ chối tiếp nhận, giải quyết hồ sơ."""
    event = _last_event_into(dossier, Status.REFUSED)
    return {
        **_dossier_heading(dossier, FormKind.REFUSAL, on=event.at if event else None),
        "received_on": dossier.received_at or dossier.submitted_at,
        "reason": dossier.closed_reason or (event.note if event else ""),
        "officer": event.actor_label if event else "",
    }


def issued_apology(dossier: Dossier) -> ApologyLetter | None:
    """The approved apology letter, from what the dossier selectors prefetched (drafts are never printed)."""
    issued = getattr(dossier, "issued_apologies", None)
    if issued is None:
        issued = [a for a in dossier.apologies.all() if a.status == ApologyLetter.State.APPROVED]
    return issued[-1] if issued else None


def apology_context(dossier: Dossier) -> dict:
    """(04) Phiếu xin lỗi và hẹn lại ngày trả kết quả, issued by the agency that is late."""
    letter = issued_apology(dossier)
    agency = letter.agency
    return {
        **_dossier_heading(dossier, FormKind.APOLOGY, on=letter.approved_at, agency=agency),
        "letter": letter,
        "field": dossier.procedure.field.name,
        "signer": letter.approved_by.get_full_name() if letter.approved_by else "",
        "signer_title": selectors.signer_title(user=letter.approved_by, agency=agency),
        "desk_agency": dossier.agency,
    }


def stop_notice_context(dossier: Dossier) -> dict:
    """Thông báo dừng giải quyết hồ sơ, signed by the leader who stopped it."""
    event = _last_event_into(dossier, Status.STOPPED)
    agency = selectors.processing_agency(dossier=dossier)
    return {
        **_dossier_heading(dossier, FormKind.STOP_NOTICE, on=event.at if event else None, agency=agency),
        "stopped_at": event.at if event else None,
        "reason": dossier.closed_reason or (event.note if event else ""),
        "signer": event.actor_label if event else "",
        "signer_title": selectors.signer_title(user=event.actor if event else None, agency=agency),
        "desk_agency": dossier.agency,
    }


def control_sheet_context(dossier: Dossier) -> dict:
    """Mẫu 06 (05): Phiếu kiểm soát quá trình giải quyết hồ sơ."""
    handovers = dossier_handovers(dossier=dossier)
    lead = dossier.agency.name
    cooperating = sorted({h.agency for h in handovers if h.agency and h.agency != lead})
    return {
        **_dossier_heading(dossier, FormKind.CONTROL_SHEET, on=None),
        "handovers": handovers,
        "lead_agency": lead,
        "cooperating_agencies": cooperating,
    }


def register_context(*, agency: Agency, start: date, end: date) -> dict:
    """Mẫu 07 (06): Sổ theo dõi hồ sơ of one desk between two dates."""
    return {
        **_heading(agency=agency, kind=FormKind.REGISTER, on=timezone.localdate()),
        "agency": agency,
        "start": start,
        "end": end,
        "dossiers": list(selectors.register_dossiers(agency=agency, start=start, end=end)),
        # Dossiers that left the usual path say why in the remarks column.
        "noted_statuses": REGISTER_NOTED_STATUSES,
    }
