"""E-mail through Django's e-mail backend (SMTP in production, the console in development).

SMTP has no idempotency token: the Message-ID is derived from the outbox row, so a message re-sent after a
dispatcher died mid-delivery carries the same Message-ID and mail clients that de-duplicate show it once.
That is at-least-once, not exactly-once (docs/architecture.md, "Notifications").
"""

import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from motcua.notifications.channels import register
from motcua.notifications.channels.base import PermanentFailure, TemporaryFailure
from motcua.notifications.models import ChannelKind, Notification


def message_id_for(notification: Notification) -> str:
    domain = urlsplit(settings.PUBLIC_BASE_URL).hostname or "motcua.local"
    return f"<{notification.idempotency_token}@{domain}>"


@register
class EmailChannel:
    name = ChannelKind.EMAIL

    def is_configured(self) -> bool:
        return True

    def send(self, notification: Notification) -> str:
        message_id = message_id_for(notification)
        message = EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient],
            headers={"Message-ID": message_id, "X-Motcua-Notification": notification.idempotency_token},
        )
        try:
            with get_connection(fail_silently=False) as connection:
                connection.send_messages([message])
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            if all(500 <= code < 600 for code in codes):
                raise PermanentFailure(f"SMTP từ chối người nhận: {error.recipients}") from error
            raise TemporaryFailure(f"SMTP tạm từ chối người nhận: {error.recipients}") from error
        except smtplib.SMTPDataError as error:
            # The message itself was refused; a refused sender or login is configuration, fixed and retried.
            failure = PermanentFailure if 500 <= error.smtp_code < 600 else TemporaryFailure
            raise failure(f"SMTP {error.smtp_code}: {error.smtp_error!r}") from error
        except (OSError, smtplib.SMTPException) as error:
            raise TemporaryFailure(f"SMTP: {error!r}") from error
        return message_id
