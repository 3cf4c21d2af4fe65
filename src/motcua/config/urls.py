from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("motcua.portal.urls")),
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("mot-cua/", include("motcua.backoffice.urls")),
    path("api/", include("motcua.api.urls")),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
