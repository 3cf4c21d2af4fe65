from django.urls import path

from motcua.printing import views

app_name = "printing"

urlpatterns = [
    path("mot-cua/so-theo-doi/", views.register, name="register"),
    path("mot-cua/ho-so/<uuid:public_id>/in/<slug:slug>/", views.staff_form, name="staff_form"),
    path("ho-so/<uuid:public_id>/in/<slug:slug>/", views.applicant_form, name="applicant_form"),
]
