from django.conf import settings
from django.utils.translation import gettext, gettext_noop

# The default of MOTCUA_SITE_NAME (settings/base.py), marked so makemessages puts it in the catalogue.
DEFAULT_SITE_NAME = gettext_noop("Cổng dịch vụ công tỉnh Thái Nguyên")


def site(request):
    # A site name set in the environment and missing from the catalogue shows as it is
    # (and gettext("") would return the catalogue's header, hence the guard).
    name = settings.SITE_NAME
    return {"SITE_NAME": gettext(name) if name else name}
