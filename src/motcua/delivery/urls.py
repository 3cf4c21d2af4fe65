"""Desk pages under mot-cua/, the applicant's next to the procedure, the post's callback under tich-hop/."""

from django.urls import path

from motcua.delivery.views import (
    queue,
    result_ship,
    shipment_reorder,
    status_webhook,
    submission_detail,
    submission_receive,
    submission_start,
)

app_name = "delivery"

urlpatterns = [
    path("mot-cua/buu-chinh/", queue, name="queue"),
    path("mot-cua/buu-chinh/ho-so/<uuid:public_id>/gui-ket-qua/", result_ship, name="result_ship"),
    path("mot-cua/buu-chinh/buu-gui/<uuid:public_id>/gui-lai/", shipment_reorder, name="shipment_reorder"),
    path(
        "mot-cua/buu-chinh/buu-gui/<uuid:public_id>/tiep-nhan/", submission_receive, name="submission_receive"
    ),
    path("thu-tuc/<int:procedure_pk>/nop-qua-buu-chinh/", submission_start, name="submission_start"),
    path("nop-qua-buu-chinh/<uuid:public_id>/", submission_detail, name="submission_detail"),
    path("tich-hop/vnpost/trang-thai/", status_webhook, name="status_webhook"),
]
