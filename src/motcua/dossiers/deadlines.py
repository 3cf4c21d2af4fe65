"""Appointment and step deadlines from a case's time limit (domain.md §7). Pure Python: no database."""

from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal

from motcua.calendar.working_time import WorkingCalendar

# An online dossier must be accepted or refused within one working day (Nghị định 118/2025).
INTAKE_WORKING_HOURS = 8
# "Sắp đến hạn": due within one working day (domain.md §7).
DUE_SOON_WORKING_DAYS = 1
# The apology letter must be issued at least one working day before the due date (domain.md §6).
APOLOGY_NOTICE_WORKING_DAYS = 1
_HUNDREDTH = Decimal("0.01")


def appointment_due(
    calendar: WorkingCalendar, *, received_at: datetime, limit: Decimal | None, unit: str
) -> datetime | None:
    """The appointment date (ngày hẹn trả); None when the limit is not published."""
    if limit is None or not unit:
        return None
    if unit == "working_days":
        return calendar.add_working_days(received_at, limit)
    if unit == "working_hours":
        return calendar.add_working_hours(received_at, limit)
    if unit == "calendar_days":
        return calendar.add_calendar_days(received_at, int(limit))
    raise ValueError(f"unknown time unit {unit!r}")


def intake_due(calendar: WorkingCalendar, *, submitted_at: datetime) -> datetime:
    return calendar.add_working_hours(submitted_at, INTAKE_WORKING_HOURS)


def shift_by_pause(calendar: WorkingCalendar, due: datetime | None, paused_seconds: int) -> datetime | None:
    """A due date moved later by the working time a dossier spent waiting for the applicant."""
    if due is None or paused_seconds <= 0:
        return due
    return calendar.add_working_seconds(due, paused_seconds)


def step_budgets_fitting(budgets_hours: list[Decimal], *, available_seconds: int | None) -> list[Decimal]:
    """The steps' time budgets (working hours), scaled down together when they add up to more than the working
    time left until the appointment, so the last step is due no later than the dossier.

    Each share is rounded down to the hundredth of an hour the step model stores, so the sum never exceeds
    what is available. Budgets that already fit, or a dossier without an appointment, are left as they are.
    """
    total = sum(budgets_hours, Decimal(0))
    if available_seconds is None or total * 3600 <= available_seconds or total <= 0:
        return list(budgets_hours)
    ratio = Decimal(max(available_seconds, 0)) / (total * 3600)
    return [(budget * ratio).quantize(_HUNDREDTH, rounding=ROUND_DOWN) for budget in budgets_hours]


def step_due(
    calendar: WorkingCalendar, *, started_at: datetime, budget_hours: Decimal, paused_seconds: int = 0
) -> datetime:
    """A step is due its budget of working hours after it starts, later by any pause while it was open."""
    return shift_by_pause(calendar, calendar.add_working_hours(started_at, budget_hours), paused_seconds)


def appointment_recomputed(
    calendar: WorkingCalendar,
    *,
    received_at: datetime,
    limit: Decimal | None,
    unit: str,
    paused_seconds: int,
    new_appointment: datetime | None = None,
    paused_seconds_at_new_appointment: int = 0,
) -> datetime | None:
    """The appointment rebuilt from what was stored at receipt, for a changed calendar.

    An apology's new date wins over the counted one; only pauses after it was set move it. A new date that
    the calendar now makes a rest day moves to the close of the next working day, like a calendar-day limit.
    None when neither a time limit nor a new date is known (an appointment typed by hand stays as typed).
    """
    if new_appointment is not None:
        local_day = new_appointment.astimezone(calendar.tz).date()
        if not calendar.is_working_day(local_day):
            new_appointment = calendar.close_of_day(calendar.next_working_day(local_day))
        return shift_by_pause(calendar, new_appointment, paused_seconds - paused_seconds_at_new_appointment)
    due = appointment_due(calendar, received_at=received_at, limit=limit, unit=unit)
    return shift_by_pause(calendar, due, paused_seconds)


def due_soon_until(calendar: WorkingCalendar, now: datetime) -> datetime:
    """Anything due up to this moment is "sắp đến hạn" (one working day from now)."""
    return calendar.add_working_days(now, DUE_SOON_WORKING_DAYS)


def apology_in_time(calendar: WorkingCalendar, *, at: datetime, due: datetime) -> bool:
    """Whether an apology issued at `at` still leaves at least one working day before `due`."""
    needed = APOLOGY_NOTICE_WORKING_DAYS * calendar.office_hours.seconds_per_day
    return calendar.working_seconds_between(at, due) >= needed


def new_appointment_on(calendar: WorkingCalendar, day: date) -> datetime | None:
    """The new appointment for a date chosen on an apology: closing time that day; None on a rest day."""
    if not calendar.is_working_day(day):
        return None
    return calendar.close_of_day(day)
