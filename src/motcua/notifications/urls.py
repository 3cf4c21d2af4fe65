from django.urls import path

from motcua.notifications import views

app_name = "notifications"

urlpatterns = [
    path("thong-bao/cai-dat/", views.preferences, name="preferences"),
    path("mot-cua/thong-bao/", views.delivery_log, name="delivery_log"),
]
