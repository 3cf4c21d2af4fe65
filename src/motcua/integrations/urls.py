"""The staff page under mot-cua/, the portal's inbound endpoint under tich-hop/."""

from django.urls import path

from motcua.integrations.views import inbound_dossier, unsynced

app_name = "integrations"

urlpatterns = [
    path("mot-cua/dong-bo-dvcqg/", unsynced, name="unsynced"),
    path("tich-hop/dvcqg/ho-so/", inbound_dossier, name="inbound_dossier"),
]
