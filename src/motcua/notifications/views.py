"""The applicant's notification settings (portal) and the staff's delivery log (back office)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.accounts.decorators import applicant_required
from motcua.accounts.models import User
from motcua.notifications.forms import DeliveryLogFilterForm, NotificationPreferenceForm
from motcua.notifications.selectors import notification_preference_for, notifications_for_staff
from motcua.notifications.services import notification_preference_update

DELIVERIES_PER_PAGE = 50


@applicant_required
def preferences(request):
    user = request.user
    if request.method == "POST":
        form = NotificationPreferenceForm(request.POST, user=user)
        if form.is_valid():
            notification_preference_update(user=user, **form.choices())
            messages.success(request, _("Đã lưu cách nhận thông báo."))
            return redirect("notifications:preferences")
    else:
        form = NotificationPreferenceForm(
            user=user, initial=notification_preference_for(user=user, has_email=bool(user.email))
        )
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
def delivery_log(request):
    if request.user.kind != User.Kind.STAFF:
        raise Http404
    form = DeliveryLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = notifications_for_staff(
        user=request.user, status=filters.get("status", ""), code=filters.get("code", "").strip()
    )
    page = Paginator(rows, DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/delivery_log.html", {"form": form, "page": page})
