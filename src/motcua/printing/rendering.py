"""HTML templates to PDF with WeasyPrint, and the small pieces every form shares (QR code, date line)."""

import base64
import io
from datetime import date

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header, urlencode
from weasyprint import HTML
from weasyprint.urls import URLFetcher

# Forms embed their QR codes as data: URIs and their fonts come from the system (fontconfig): a form never
# fetches anything, so text typed by an applicant can't make the server request a URL.
_FETCH_NOTHING_REMOTE = URLFetcher(allowed_protocols={"data"})


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render one form. Official forms are in Vietnamese whatever language the person printing uses."""
    with translation.override("vi"):
        html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=_FETCH_NOTHING_REMOTE).write_pdf()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=filename)
    # The forms carry personal data: never kept by a shared cache or the browser's disk cache.
    response["Cache-Control"] = "private, no-store"
    return response


def tracking_url(code: str) -> str:
    """The public tracking page for a dossier code, as printed under the QR code."""
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{reverse('portal:tracking')}?{urlencode({'code': code})}"


def qr_data_uri(text: str) -> str:
    """A QR code as an SVG data URI: vector, so it stays sharp on any printer."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=1,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def place_and_date(place: str, day: date) -> str:
    """'Thái Nguyên, ngày 05 tháng 3 năm 2026'.

    Nghị định 30/2020/NĐ-CP, Phụ lục I: days below 10 and the months 1 and 2 are written with a leading zero.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    line = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {line}" if place else line
