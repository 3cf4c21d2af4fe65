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


# (status now, action) -> status after. Anything absent is not allowed.
TRANSITIONS: dict[tuple[int | None, str], int] = {
    (None, Action.SUBMIT): Status.NEW,
    (None, Action.RECEIVE_AT_COUNTER): Status.RECEIVED,
    (Status.NEW, Action.ACCEPT): Status.RECEIVED,
    (Status.NEW, Action.REFUSE): Status.REFUSED,
    (Status.NEW, Action.REQUEST_SUPPLEMENT): Status.SUPPLEMENT_REQUESTED,
    (Status.RECEIVED, Action.ASSIGN): Status.PROCESSING,
    (Status.RECEIVED, Action.COMPLETE_STEP): Status.PROCESSING,
    (Status.RECEIVED, Action.RESOLVE): Status.RESOLVED,
    (Status.PROCESSING, Action.ASSIGN): Status.PROCESSING,
    (Status.PROCESSING, Action.COMPLETE_STEP): Status.PROCESSING,
    (Status.PROCESSING, Action.RESOLVE): Status.RESOLVED,
    (Status.PROCESSING, Action.REQUEST_SUPPLEMENT): Status.SUPPLEMENT_REQUESTED,
    (Status.RESOLVED, Action.RETURN_RESULT): Status.RETURNED,
}
# Supplementing returns the dossier to where it was paused (NEW at the desk, PROCESSING later).
RESUMABLE_AFTER_SUPPLEMENT = {Status.NEW, Status.PROCESSING}

OPEN_STATUSES = frozenset(
    {Status.NEW, Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED, Status.AWAITING_PAYMENT}
)
FINISHED_STATUSES = frozenset({Status.RESOLVED, Status.RETURNED})


class TransitionNotAllowed(Exception):
    """The action does not apply to a dossier in its current status."""


def next_status(current: int | None, action: str, *, paused_from: int | None = None) -> int:
    if action == Action.SUPPLEMENT:
        if current == Status.SUPPLEMENT_REQUESTED and paused_from in RESUMABLE_AFTER_SUPPLEMENT:
            return paused_from
        raise TransitionNotAllowed(action)
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise TransitionNotAllowed(action) from None


def allowed_actions(current: int) -> set[str]:
    actions = {action for (status, action) in TRANSITIONS if status == current}
    if current == Status.SUPPLEMENT_REQUESTED:
        actions.add(Action.SUPPLEMENT)
    return actions
