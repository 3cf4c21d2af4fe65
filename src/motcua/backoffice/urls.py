from django.urls import path

from motcua.backoffice import transfer_views, views

app_name = "backoffice"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tiep-nhan/", views.counter_choose, name="counter_choose"),
    path("tiep-nhan/<int:case_id>/", views.counter_intake, name="counter_intake"),
    path("ho-so/<uuid:public_id>/", views.dossier_detail, name="dossier"),
    path("ho-so/<uuid:public_id>/tiep-nhan/", views.accept, name="accept"),
    path("ho-so/<uuid:public_id>/tu-choi/", views.refuse, name="refuse"),
    path("ho-so/<uuid:public_id>/yeu-cau-bo-sung/", views.request_supplement, name="request_supplement"),
    path("ho-so/<uuid:public_id>/xu-ly/", views.complete_step, name="complete_step"),
    path("ho-so/<uuid:public_id>/tra-ket-qua/", views.return_result, name="return_result"),
    path("ho-so/<uuid:public_id>/dung-xu-ly/", views.stop, name="stop"),
    path("ho-so/<uuid:public_id>/rut-ho-so/", views.withdraw, name="withdraw"),
    path("ho-so/<uuid:public_id>/nghia-vu-tai-chinh/", views.request_payment, name="request_payment"),
    path("ho-so/<uuid:public_id>/da-nop-tien/", views.record_payment, name="record_payment"),
    path("ho-so/<uuid:public_id>/xin-loi/", views.apology_draft, name="apology_draft"),
    path("ho-so/<uuid:public_id>/xin-loi/<int:apology_id>/", views.apology_decide, name="apology_decide"),
    path("han-xu-ly/", views.deadlines, name="deadlines"),
    path(
        "ho-so/<uuid:public_id>/giay-to/<int:document_id>/", views.dossier_document, name="dossier_document"
    ),
    # Một cửa liên thông: the dossier page itself shows an agency the dossier was handed to only its part.
    path("lien-thong/", transfer_views.transfers_list, name="transfers"),
    path("lien-thong/<int:handover_id>/nhan/", transfer_views.handover_receive, name="handover_receive"),
    path(
        "ho-so/<uuid:public_id>/lien-thong/xu-ly/",
        transfer_views.part_complete_step,
        name="part_complete_step",
    ),
    path(
        "ho-so/<uuid:public_id>/lien-thong/giay-to/<int:document_id>/",
        transfer_views.part_document,
        name="part_document",
    ),
]
