from django.urls import path

from motcua.backoffice import views

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
    path(
        "ho-so/<uuid:public_id>/giay-to/<int:document_id>/", views.dossier_document, name="dossier_document"
    ),
]
