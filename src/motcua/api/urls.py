from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from motcua.payments.api import DossierPaymentsView

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", views.TokenObtainView.as_view(), name="token"),
    path("fields/", views.FieldListView.as_view(), name="fields"),
    path("procedures/", views.ProcedureListView.as_view(), name="procedures"),
    path("procedures/<int:pk>/", views.ProcedureDetailView.as_view(), name="procedure"),
    path("dossiers/", views.DossierListView.as_view(), name="dossiers"),
    path("dossiers/<uuid:public_id>/", views.DossierDetailView.as_view(), name="dossier"),
    path("dossiers/<uuid:public_id>/withdraw/", views.DossierWithdrawView.as_view(), name="dossier_withdraw"),
    path(
        "dossiers/<uuid:public_id>/documents/<int:document_id>/",
        views.DossierDocumentView.as_view(),
        name="dossier_document",
    ),
    path("dossiers/<uuid:public_id>/payments/", DossierPaymentsView.as_view(), name="dossier_payments"),
    path("tracking/", views.TrackingView.as_view(), name="tracking"),
]
