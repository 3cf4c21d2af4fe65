"""Tra cứu hồ sơ: anyone with the code and the applicant's phone number sees progress, personal data masked."""

from django.core.cache import cache
from django.shortcuts import render
from django.urls import path

from motcua.dossiers.selectors import dossier_by_code_and_phone
from motcua.portal.forms import TrackingForm

# Enough for a family checking a few dossiers; too few to guess phone numbers for a code.
TRACKING_ATTEMPTS_PER_HOUR = 30


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _too_many_attempts(request) -> bool:
    key = f"tracking-attempts:{_client_ip(request)}"
    attempts = cache.get_or_set(key, 0, timeout=3600)
    cache.incr(key)
    return attempts >= TRACKING_ATTEMPTS_PER_HOUR


def tracking(request):
    # POST, so the phone number never lands in URLs, server logs or browser history.
    # A GET may carry only the code (the QR code on a receipt links here with it).
    if request.method == "POST":
        form = TrackingForm(request.POST)
    else:
        form = TrackingForm(initial={"code": request.GET.get("code", "")[:40]})
    dossier, searched, throttled = None, False, False
    if form.is_valid():
        searched = True
        throttled = _too_many_attempts(request)
        if not throttled:
            dossier = dossier_by_code_and_phone(
                code=form.cleaned_data["code"], phone=form.cleaned_data["phone"]
            )
    return render(
        request,
        "portal/tracking.html",
        {"form": form, "dossier": dossier, "searched": searched, "throttled": throttled},
        status=429 if throttled else 200,
    )


urlpatterns = [path("tra-cuu/", tracking, name="tracking")]
