"""Who may open a page: applicants' pages answer 404 to staff, as the back office does to applicants."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def applicant_required(view):
    """Signed-in citizens and businesses only; anybody else signed in gets 404 (never a hint the page exists)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_applicant:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
