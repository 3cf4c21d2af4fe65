from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("motcua.portal.urls")),
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("mot-cua/", include("motcua.backoffice.urls")),
    # Printed forms (PDF): the desk's under mot-cua/, the applicant's next to their dossier page.
    path("", include("motcua.printing.urls")),
    # Notification settings (applicant) and the delivery log (staff, under mot-cua/).
    path("", include("motcua.notifications.urls")),
    # Public post and national portal sync: desk pages under mot-cua/, machine endpoints under tich-hop/.
    path("", include("motcua.delivery.urls")),
    path("", include("motcua.integrations.urls")),
    # Fees and payments: beside the dossier pages, the desk's under mot-cua/, the gateways' under thanh-toan/.
    path("", include("motcua.payments.urls")),
    path("api/", include("motcua.api.urls")),
    path("quan-tri/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
