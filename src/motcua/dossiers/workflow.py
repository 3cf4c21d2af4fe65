"""The dossier state machine: status codes of DVCQG (domain.md §6) and the one table of allowed moves."""

from django.db.models import IntegerChoices, TextChoices
from django.utils.translation import gettext_lazy as _


class Status(IntegerChoices):
    NEW = 1, _("Mới đăng ký")
    RECEIVED = 2, _("Được tiếp nhận")
    REFUSED = 3, _("Không được tiếp nhận")
    PROCESSING = 4, _("Đang xử lý")
    SUPPLEMENT_REQUESTED = 5, _("Yêu cầu bổ sung giấy tờ")
    AWAITING_PAYMENT = 6, _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWN = 7, _("Công dân yêu cầu rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    RESOLVED = 9, _("Đã xử lý xong")
    RETURNED = 10, _("Đã trả kết quả")


class Action(TextChoices):
    SUBMIT = "submit", _("Nộp hồ sơ trực tuyến")
    RECEIVE_AT_COUNTER = "receive_at_counter", _("Tiếp nhận tại quầy")
    ACCEPT = "accept", _("Tiếp nhận hồ sơ")
    REFUSE = "refuse", _("Từ chối tiếp nhận")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung hồ sơ")
    SUPPLEMENT = "supplement", _("Bổ sung hồ sơ")
    ASSIGN = "assign", _("Phân công xử lý")
    COMPLETE_STEP = "complete_step", _("Hoàn thành bước xử lý")
    RESOLVE = "resolve", _("Phê duyệt kết quả")
    RETURN_RESULT = "return_result", _("Trả kết quả")
    REQUEST_PAYMENT = "request_payment", _("Yêu cầu thực hiện nghĩa vụ tài chính")
    RECORD_PAYMENT = "record_payment", _("Xác nhận đã thực hiện nghĩa vụ tài chính")
    WITHDRAW = "withdraw", _("Rút hồ sơ")
    STOP = "stop", _("Dừng xử lý hồ sơ")
    # Events that change a date, not the status: allowed in any open status, so not in TRANSITIONS.
    APOLOGY = "apology", _("Xin lỗi và hẹn lại ngày trả kết quả")
    DEADLINES_RECOMPUTED = "deadlines_recomputed", _("Tính lại hạn theo lịch làm việc mới")
    # Một cửa liên thông (transfers.py): the dossier changes hands between agencies, not status.
    HANDOVER = "handover", _("Chuyển hồ sơ liên thông")
    RECEIVE_HANDOVER = "receive_handover", _("Nhận hồ sơ liên thông")
    CLOSE_HANDOVER = "close_handover", _("Kết thúc phần việc liên thông")


# Target meaning "back to the status the dossier was paused from" (see RESUMABLE).
RESUME = 0

# (status now, action) -> status after. Anything absent is not allowed. This table is the one source of truth:
# services ask it through `next_status`, pages through `allowed_actions`.
TRANSITIONS: dict[tuple[int | None, str], int] = {
    (None, Action.SUBMIT): Status.NEW,
    (None, Action.RECEIVE_AT_COUNTER): Status.RECEIVED,
    (Status.NEW, Action.ACCEPT): Status.RECEIVED,
    (Status.NEW, Action.REFUSE): Status.REFUSED,
    (Status.NEW, Action.REQUEST_SUPPLEMENT): Status.SUPPLEMENT_REQUESTED,
    (Status.NEW, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.RECEIVED, Action.ASSIGN): Status.PROCESSING,
    (Status.RECEIVED, Action.COMPLETE_STEP): Status.PROCESSING,
    (Status.RECEIVED, Action.RESOLVE): Status.RESOLVED,
    (Status.RECEIVED, Action.REQUEST_PAYMENT): Status.AWAITING_PAYMENT,
    (Status.RECEIVED, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.RECEIVED, Action.STOP): Status.STOPPED,
    (Status.PROCESSING, Action.ASSIGN): Status.PROCESSING,
    (Status.PROCESSING, Action.COMPLETE_STEP): Status.PROCESSING,
    (Status.PROCESSING, Action.RESOLVE): Status.RESOLVED,
    (Status.PROCESSING, Action.REQUEST_SUPPLEMENT): Status.SUPPLEMENT_REQUESTED,
    (Status.PROCESSING, Action.REQUEST_PAYMENT): Status.AWAITING_PAYMENT,
    (Status.PROCESSING, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.PROCESSING, Action.STOP): Status.STOPPED,
    # Clock stopped, waiting for the applicant's papers (domain.md §6).
    (Status.SUPPLEMENT_REQUESTED, Action.SUPPLEMENT): RESUME,
    # Only once the supplement deadline has passed (the service checks the date).
    (Status.SUPPLEMENT_REQUESTED, Action.REFUSE): Status.REFUSED,
    (Status.SUPPLEMENT_REQUESTED, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.SUPPLEMENT_REQUESTED, Action.STOP): Status.STOPPED,
    # Clock stopped, waiting for fees or taxes; the desk records the payment.
    (Status.AWAITING_PAYMENT, Action.RECORD_PAYMENT): RESUME,
    (Status.AWAITING_PAYMENT, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.AWAITING_PAYMENT, Action.STOP): Status.STOPPED,
    (Status.RESOLVED, Action.RETURN_RESULT): Status.RETURNED,
}
# Where a paused dossier may return to: NEW (paused at the desk) or the processing statuses.
RESUMABLE = frozenset({Status.NEW, Status.RECEIVED, Status.PROCESSING})
PAUSED_STATUSES = frozenset({Status.SUPPLEMENT_REQUESTED, Status.AWAITING_PAYMENT})

OPEN_STATUSES = frozenset(
    {Status.NEW, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED, Status.AWAITING_PAYMENT}
)
# Statuses in which the appointment clock runs (received, not paused, not finished).
RUNNING_STATUSES = frozenset({Status.RECEIVED, Status.PROCESSING})
FINISHED_STATUSES = frozenset({Status.RESOLVED, Status.RETURNED})
CLOSED_STATUSES = frozenset({Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})


class TransitionNotAllowed(Exception):
    """The action does not apply to a dossier in its current status."""


def next_status(current: int | None, action: str, *, paused_from: int | None = None) -> int:
    try:
        target = TRANSITIONS[(current, action)]
    except KeyError:
        raise TransitionNotAllowed(action) from None
    if target == RESUME:
        if paused_from not in RESUMABLE:
            raise TransitionNotAllowed(action)
        return paused_from
    return target


def allowed_actions(current: int) -> set[str]:
    return {action for (status, action) in TRANSITIONS if status == current}
