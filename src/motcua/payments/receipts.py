"""Biên lai thu phí, lệ phí điện tử: the PDF of a paid payment's receipt (WeasyPrint via printing.rendering)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.money import vnd_in_words
from motcua.payments.models import Payment
from motcua.printing.rendering import pdf_response, place_and_date, render_pdf
from motcua.printing.selectors import letterhead_for


def receipt_context(payment: Payment) -> dict:
    receipt = payment.receipt
    dossier = payment.dossier
    letterhead = letterhead_for(agency=dossier.agency)
    issued = timezone.localtime(receipt.issued_at)
    return {
        "title": _("Biên lai thu phí, lệ phí"),
        "letterhead": letterhead,
        "place_and_date": place_and_date(letterhead.place, issued.date()),
        "receipt": receipt,
        "payment": payment,
        "dossier": dossier,
        "lines": list(payment.lines.order_by("order", "pk")),
        "amount_in_words": vnd_in_words(payment.amount),
        "issued": issued,
    }


def receipt_response(payment: Payment):
    """The receipt as an inline PDF; call with a payment fetched through a who-may-see-it selector."""
    pdf = render_pdf("payments/e_receipt.html", receipt_context(payment))
    return pdf_response(pdf, f"bien-lai-{payment.receipt.year}-{payment.receipt.number}.pdf")
