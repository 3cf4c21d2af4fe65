"""Reads on notifications: the applicant's channel choices and the staff's delivery log (scoped)."""

from motcua.agencies.selectors import staff_agency_ids
from motcua.notifications.models import ChannelKind, Notification, NotificationPreference


def notification_preference_for(*, user, has_email: bool) -> dict[str, bool]:
    """Channels the applicant wants. Default: e-mail when there is an address, SMS always, Zalo only on request
    (the applicant must follow the Official Account, so it is opt-in)."""
    preference = None
    if user is not None:
        preference = NotificationPreference.objects.filter(user=user).first()
    if preference is None:
        return {ChannelKind.EMAIL: has_email, ChannelKind.SMS: True, ChannelKind.ZALO: False}
    return {
        ChannelKind.EMAIL: preference.email,
        ChannelKind.SMS: preference.sms,
        ChannelKind.ZALO: preference.zalo,
    }


def notifications_for_staff(*, user, status: str = "", code: str = ""):
    """Deliveries for dossiers of the agencies the staff member works in (and the units below them)."""
    rows = Notification.objects.filter(dossier__agency_id__in=staff_agency_ids(user)).select_related(
        "dossier", "dossier__agency"
    )
    if status:
        rows = rows.filter(status=status)
    if code:
        rows = rows.filter(dossier__code__iexact=code)
    return rows.order_by("-created_at", "-id")
