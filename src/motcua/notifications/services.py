"""Writes on notifications: the outbox rows written with each dossier event, the applicant's preferences and
the dispatcher that delivers the outbox.

Delivery guarantees (docs/architecture.md, "Notifications"): a row is written in the transaction that changes the
dossier, so nothing is announced that did not happen and nothing that happened goes unannounced. The dispatcher
claims rows with a lease, delivers each, and records each result in its own short write; a dispatcher killed
mid-batch leaves at most the row it was sending in "sending", claimed again when the lease runs out. So every
message is delivered at least once; it is delivered exactly once where the provider honours our idempotency
token (the SMS gateway), and may arrive twice over SMTP or Zalo if the dispatcher died after the provider
accepted it and before the result was written.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from motcua.dossiers.models import ApologyLetter, Dossier, DossierAlert, DossierEvent
from motcua.dossiers.workflow import Action
from motcua.notifications.channels import DeliveryError, channel_get, channels_configured
from motcua.notifications.messages import alert_render, message_render
from motcua.notifications.models import ChannelKind, EventKind, Notification, NotificationPreference
from motcua.notifications.selectors import notification_preference_for

logger = logging.getLogger(__name__)

# Which dossier actions the applicant hears about. Internal hand-overs (assign, complete a step) and anything
# not listed here produce nothing.
EVENT_KIND_FOR_ACTION: dict[str, str] = {
    Action.ACCEPT: EventKind.RECEIVED,
    Action.RECEIVE_AT_COUNTER: EventKind.RECEIVED,
    Action.REFUSE: EventKind.REFUSED,
    Action.REQUEST_SUPPLEMENT: EventKind.SUPPLEMENT_REQUESTED,
    Action.SUPPLEMENT: EventKind.SUPPLEMENT_ACCEPTED,
    Action.REQUEST_PAYMENT: EventKind.FEE_REQUESTED,
    Action.APOLOGY: EventKind.APOLOGY,
    Action.RESOLVE: EventKind.RESULT_READY,
    Action.RETURN_RESULT: EventKind.RETURNED,
    Action.STOP: EventKind.STOPPED,
    Action.WITHDRAW: EventKind.WITHDRAWN,
    # Only when the appointment itself moved (a step's or the intake deadline is the office's business).
    Action.DEADLINES_RECOMPUTED: EventKind.APPOINTMENT_MOVED,
}


def _recipients(dossier: Dossier) -> dict[str, str]:
    """Where each channel reaches the applicant: the contact details on the dossier, else on the account."""
    account = dossier.applicant
    email = dossier.applicant_email or (account.email if account else "")
    phone = dossier.applicant_phone or (account.phone if account else "")
    return {ChannelKind.EMAIL: email, ChannelKind.SMS: phone, ChannelKind.ZALO: phone}


def notifications_for_event(*, dossier: Dossier, event: DossierEvent) -> list[Notification]:
    """Queue the applicant's notifications for one dossier event, in the caller's transaction.

    Called by dossiers.services for every history row. The dedupe key makes a second call for the same event a
    no-op, so nothing is ever announced twice.
    """
    kind = EVENT_KIND_FOR_ACTION.get(event.action)
    if kind is None or (kind == EventKind.APPOINTMENT_MOVED and "due_at" not in (event.data or {})):
        return []
    recipients = _recipients(dossier)
    wanted = notification_preference_for(
        user=dossier.applicant, has_email=bool(recipients[ChannelKind.EMAIL])
    )
    rows = []
    for channel in channels_configured():
        if not wanted.get(channel) or not recipients[channel]:
            continue
        rendered = message_render(dossier=dossier, event=event, kind=kind, channel=channel)
        rows.append(
            Notification(
                dossier=dossier,
                event=event,
                kind=kind,
                channel=channel,
                recipient=recipients[channel],
                subject=rendered.subject[:255],
                body=rendered.body,
                params=rendered.params,
                next_attempt_at=timezone.now(),
                dedupe_key=f"event:{event.pk}:{channel}",
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    _dispatch_on_commit(rows)
    return rows


def _dispatch_on_commit(rows: list[Notification]) -> None:
    if rows and settings.NOTIFICATIONS_DISPATCH_ON_COMMIT:
        from motcua.notifications.tasks import notifications_dispatch_soon  # the task module imports this one

        transaction.on_commit(notifications_dispatch_soon)


@transaction.atomic
def leader_alerts_queue(*, now: datetime | None = None) -> list[Notification]:
    """Queue one e-mail per leader's alert not yet notified (`dossiers.selectors.alerts_awaiting_notification`).

    A leader without an e-mail address is skipped and the alert stays waiting (for another channel). The alert's
    `notified_at` is set in the same transaction as its outbox row, so it is queued once; the dispatcher then
    delivers it at least once, as every outbox row.
    """
    # The dossiers selectors import the dossiers services, which import this module.
    from motcua.dossiers.selectors import alerts_awaiting_notification

    now = now or timezone.now()
    alerts = list(
        alerts_awaiting_notification()
        .exclude(recipient__email="")
        .select_related("dossier__procedure")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")
    )
    if not alerts:
        return []
    rows = []
    for alert in alerts:
        rendered = alert_render(alert=alert)
        rows.append(
            Notification(
                dossier=alert.dossier,
                kind=EventKind.LEADER_ALERT,
                channel=ChannelKind.EMAIL,
                recipient=alert.recipient.email,
                subject=rendered.subject[:255],
                body=rendered.body,
                params=rendered.params,
                next_attempt_at=now,
                dedupe_key=f"alert:{alert.pk}:{ChannelKind.EMAIL}",
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    DossierAlert.objects.filter(pk__in=[alert.pk for alert in alerts], notified_at=None).update(
        notified_at=now
    )
    _dispatch_on_commit(rows)
    return rows


def notification_preference_update(*, user, email: bool, sms: bool, zalo: bool) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": email, "sms": sms, "zalo": zalo}
    )
    return preference


# ---------------------------------------------------------------------------------------------- dispatcher


def retry_delay(attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: base × 2^(attempts − 1), capped (60 s, 2 min, 4 min … 1 h)."""
    seconds = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.NOTIFICATIONS_RETRY_CAP_SECONDS))


@dataclass
class DispatchResult:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    dead: list[int] = field(default_factory=list)


def _claim(*, batch_size: int, now: datetime) -> tuple[uuid.UUID, list[Notification]]:
    """Take up to `batch_size` due rows for this dispatcher until its lease ends.

    PostgreSQL: concurrent dispatchers skip each other's locked rows. SQLite: the IMMEDIATE transaction holds the
    write lock from BEGIN, so claims are serialised.
    """
    token = uuid.uuid4()
    due = Q(status__in=[Notification.State.PENDING, Notification.State.FAILED], next_attempt_at__lte=now) | Q(
        status=Notification.State.SENDING, lease_until__lte=now
    )
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(due)
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)[:batch_size]
        )
        Notification.objects.filter(id__in=ids).update(
            status=Notification.State.SENDING,
            lease_until=now + timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS),
            claim_token=token,
            attempts=F("attempts") + 1,
        )
    return token, list(
        Notification.objects.filter(id__in=ids, claim_token=token).order_by("next_attempt_at", "id")
    )


def _record_outcome(notification: Notification, token: uuid.UUID, **fields) -> None:
    """Write one delivery's result, only while this dispatcher still holds the claim."""
    updated = Notification.objects.filter(
        pk=notification.pk, claim_token=token, status=Notification.State.SENDING
    ).update(lease_until=None, claim_token=None, **fields)
    if not updated:
        logger.warning("Notification %s: lease lost before the result was recorded", notification.pk)


def notifications_dispatch(*, batch_size: int | None = None, now: datetime | None = None) -> DispatchResult:
    """Deliver the due outbox rows: one claim, then one channel call and one recorded result per row."""
    now = now or timezone.now()
    token, batch = _claim(batch_size=batch_size or settings.NOTIFICATIONS_BATCH_SIZE, now=now)
    result = DispatchResult()
    for notification in batch:
        try:
            provider_id = channel_get(notification.channel).send(notification)
        except Exception as error:  # every failure is recorded; a DeliveryError says whether to retry
            temporary = error.temporary if isinstance(error, DeliveryError) else True
            if not isinstance(error, DeliveryError):
                logger.exception("Notification %s: unexpected error", notification.pk)
            if temporary and notification.attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS:
                _record_outcome(
                    notification,
                    token,
                    status=Notification.State.FAILED,
                    next_attempt_at=now + retry_delay(notification.attempts),
                    last_error=str(error)[:2000],
                )
                result.failed.append(notification.pk)
            else:
                _record_outcome(
                    notification, token, status=Notification.State.DEAD, last_error=str(error)[:2000]
                )
                result.dead.append(notification.pk)
            continue
        _record_outcome(
            notification,
            token,
            status=Notification.State.SENT,
            sent_at=now,
            provider_message_id=provider_id[:100],
            last_error="",
        )
        if notification.kind == EventKind.APOLOGY:
            # The seam the apology flow leaves for us: the letter counts as sent to the applicant from now.
            ApologyLetter.objects.filter(
                dossier_id=notification.dossier_id,
                status=ApologyLetter.State.APPROVED,
                applicant_notified_at=None,
            ).update(applicant_notified_at=now)
        result.sent.append(notification.pk)
    return result
