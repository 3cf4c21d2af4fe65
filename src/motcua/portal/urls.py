from django.urls import path

from motcua.portal.views import catalog, home, submission, tracking

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("huong-dan/", home.guide, name="guide"),
    *catalog.urlpatterns,
    *submission.urlpatterns,
    *tracking.urlpatterns,
]
