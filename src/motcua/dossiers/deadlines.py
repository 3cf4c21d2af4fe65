"""Appointment and step deadlines from a case's time limit (domain.md §7)."""

from datetime import datetime
from decimal import Decimal

from motcua.calendar.working_time import WorkingCalendar

# An online dossier must be accepted or refused within one working day (Nghị định 118/2025).
INTAKE_WORKING_HOURS = 8


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
