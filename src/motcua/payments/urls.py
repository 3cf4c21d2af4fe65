"""Included at the site root: the applicant's pages beside their dossier, the desk's under mot-cua/, and
what the gateways call under thanh-toan/."""

from django.urls import path

from motcua.payments.views import backoffice, gateway, portal

app_name = "payments"

urlpatterns = [
    path("ho-so/<uuid:public_id>/le-phi/", portal.dossier_fees, name="dossier_fees"),
    path("ho-so/<uuid:public_id>/le-phi/thanh-toan/", portal.payment_start, name="start"),
    path("ho-so/<uuid:public_id>/le-phi/<uuid:payment_id>/bien-lai.pdf", portal.receipt, name="receipt"),
    path("thanh-toan/<slug:gateway>/ket-qua/", portal.payment_return, name="return"),
    path("thanh-toan/vnpay/ipn/", gateway.vnpay_ipn, name="vnpay_ipn"),
    path("thanh-toan/dvcqg/xac-nhan/", gateway.dvcqg_confirm, name="dvcqg_confirm"),
    path("mot-cua/ho-so/<uuid:public_id>/le-phi/", backoffice.dossier_fees, name="desk_fees"),
    path("mot-cua/ho-so/<uuid:public_id>/le-phi/thu-tien/", backoffice.record_payment, name="desk_record"),
    path(
        "mot-cua/ho-so/<uuid:public_id>/le-phi/lap-khoan-thu/",
        backoffice.issue_lines,
        name="desk_issue_lines",
    ),
    path(
        "mot-cua/ho-so/<uuid:public_id>/le-phi/khoan-thu/<int:line_id>/",
        backoffice.update_line,
        name="desk_update_line",
    ),
    path(
        "mot-cua/ho-so/<uuid:public_id>/le-phi/<uuid:payment_id>/hoan-tra/",
        backoffice.refund,
        name="desk_refund",
    ),
    path("mot-cua/thanh-toan/<uuid:payment_id>/bien-lai.pdf", backoffice.receipt, name="desk_receipt"),
]
