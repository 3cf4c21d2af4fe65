"""Working time and deadline arithmetic (thời gian làm việc, ngày hẹn trả kết quả).

Pure Python, no Django: the calendar app builds a ``WorkingCalendar`` from an agency's office hours and the
administrator's overrides, and everything else asks it for due moments and paused time.

Conventions, chosen once and used everywhere:

- Office time is measured on the wall clock of the calendar's ``tz``; every input is converted into that
  zone and every output is an aware datetime in it.
- Office periods are half-open, ``[opening, closing)``: a dossier received exactly at 11:30 starts counting at
  13:30, one received at 07:00 starts at 07:00.
- A deadline that uses up the office time exactly at a closing returns that closing, not the next opening:
  one working day from Monday 07:00 is Monday 17:00, not Tuesday 07:00.
- A calendar-day limit counts from the day counting starts (``start_of_work``), and the due moment is the
  closing time of the resulting day, or of the next working day when that day is a rest day.
- Fractional hours or days are rounded to the nearest whole second (half up).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

__all__ = [
    "DEFAULT_OFFICE_HOURS",
    "VIETNAM_TZ",
    "OfficeHours",
    "WorkingCalendar",
]

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_ONE_SECOND = timedelta(seconds=1)
_ONE_DAY = timedelta(days=1)
_MIDNIGHT = time(0)


def _since_midnight(t: time) -> timedelta:
    return timedelta(hours=t.hour, minutes=t.minute, seconds=t.second, microseconds=t.microsecond)


def _parse_time(value: str | time) -> time:
    return value if isinstance(value, time) else time.fromisoformat(value)


def _format_time(t: time) -> str:
    return t.isoformat(timespec="minutes" if not (t.second or t.microsecond) else "auto")


@dataclass(frozen=True)
class OfficeHours:
    """Giờ làm việc: the daily office periods and the weekdays they apply to (Monday = 0).

    The default is the national schedule, 07:00–11:30 and 13:30–17:00, Monday to Friday: 8 hours make one
    working day.
    """

    periods: tuple[tuple[time, time], ...] = ((time(7), time(11, 30)), (time(13, 30), time(17)))
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0

    def __post_init__(self) -> None:
        periods = tuple((start, end) for start, end in self.periods)
        workdays = frozenset(self.workdays)
        object.__setattr__(self, "periods", periods)
        object.__setattr__(self, "workdays", workdays)
        if not periods:
            raise ValueError("Office hours need at least one period.")
        previous_end: time | None = None
        for start, end in periods:
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("Office periods are wall-clock times without a time zone.")
            if not start < end:
                raise ValueError(f"Office period {start}–{end} must open before it closes.")
            if previous_end is not None and not previous_end < start:
                raise ValueError("Office periods must be in order and must not touch or overlap.")
            previous_end = end
        if not workdays or not workdays <= frozenset(range(7)):
            raise ValueError("Workdays must be a non-empty set of weekday numbers 0 (Monday) to 6 (Sunday).")

    @property
    def seconds_per_day(self) -> int:
        """Office seconds in one working day (28800 for the default 8 hours)."""
        total = sum(
            (_since_midnight(end) - _since_midnight(start) for start, end in self.periods), timedelta()
        )
        return total // _ONE_SECOND

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OfficeHours:
        """Read ``{"periods": [["07:00", "11:30"], ...], "workdays": [0, 1, 2, 3, 4]}``; a missing key keeps
        the default."""
        kwargs: dict[str, Any] = {}
        if data.get("periods") is not None:
            kwargs["periods"] = tuple(
                (_parse_time(start), _parse_time(end)) for start, end in data["periods"]
            )
        if data.get("workdays") is not None:
            kwargs["workdays"] = frozenset(int(day) for day in data["workdays"])
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "periods": [[_format_time(start), _format_time(end)] for start, end in self.periods],
            "workdays": sorted(self.workdays),
        }


DEFAULT_OFFICE_HOURS = OfficeHours()


class WorkingCalendar:
    """Lịch làm việc of one agency: office hours, holidays and swapped working days.

    A day is a working day when its weekday is a workday or it is listed in ``extra_working_days`` (a working
    Saturday decided by the government or the administrator), and it is not a holiday. A date listed both as a
    holiday and as an extra working day is a holiday.
    """

    def __init__(
        self,
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
        *,
        holidays: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
        tz: ZoneInfo = VIETNAM_TZ,
    ) -> None:
        self.office_hours = office_hours
        self.holidays = frozenset(holidays)
        self.extra_working_days = frozenset(extra_working_days)
        self.tz = tz
        self._periods = tuple((_since_midnight(s), _since_midnight(e)) for s, e in office_hours.periods)
        self._day_length = sum((end - start for start, end in self._periods), timedelta())
        workdays = office_hours.workdays
        # Sorted exceptions to the weekly pattern, so counting working days in a range is a bisection.
        self._lost_workdays = sorted(day for day in self.holidays if day.weekday() in workdays)
        self._gained_restdays = sorted(
            day for day in self.extra_working_days - self.holidays if day.weekday() not in workdays
        )

    def __repr__(self) -> str:
        return (
            f"WorkingCalendar({self.office_hours!r}, holidays={len(self.holidays)} days, "
            f"extra_working_days={len(self.extra_working_days)} days, tz={self.tz.key!r})"
        )

    # Days

    def is_working_day(self, day: date) -> bool:
        if day in self.holidays:
            return False
        return day.weekday() in self.office_hours.workdays or day in self.extra_working_days

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def close_of_day(self, day: date) -> datetime:
        """Closing time of ``day`` (the end of its last office period), whether or not it is a working day."""
        return datetime.combine(day, self.office_hours.periods[-1][1], tzinfo=self.tz)

    # Instants

    def start_of_work(self, moment: datetime) -> datetime:
        """When counting starts for something received at ``moment``.

        ``moment`` itself inside office hours; the afternoon opening during the lunch break; the next working
        morning after closing time or on a rest day.
        """
        local = self._local(moment)
        return self._aware(self._next_office_instant(local))

    def add_working_seconds(self, start: datetime, seconds: int) -> datetime:
        """The instant at which ``seconds`` of office time have passed, counting from ``start_of_work(start)``.

        When the office time runs out exactly at a closing, that closing is returned (one working day from
        Monday 07:00 is Monday 17:00).
        """
        if seconds < 0:
            raise ValueError("Cannot add a negative amount of working time.")
        current = self._next_office_instant(self._local(start))
        remaining = timedelta(seconds=seconds)
        if not remaining:
            return self._aware(current)

        # The rest of the first day.
        day = current.date()
        midnight = datetime.combine(day, _MIDNIGHT)
        offset = current - midnight
        for period_start, period_end in self._periods:
            if offset >= period_end:
                continue
            counting_from = max(offset, period_start)
            if remaining <= period_end - counting_from:
                return self._aware(midnight + counting_from + remaining)
            remaining -= period_end - counting_from

        # Whole working days, then the last (possibly full) day.
        whole_days = (remaining - timedelta(microseconds=1)) // self._day_length
        remaining -= whole_days * self._day_length
        day = self._nth_working_day_after(day, whole_days + 1)
        for period_start, period_end in self._periods:
            length = period_end - period_start
            if remaining <= length:
                return self._aware(datetime.combine(day, _MIDNIGHT) + period_start + remaining)
            remaining -= length
        raise AssertionError("unreachable: the remainder never exceeds one working day")

    def add_working_hours(self, start: datetime, hours: Decimal | int | float) -> datetime:
        return self.add_working_seconds(start, _whole_seconds(hours, 3600))

    def add_working_days(self, start: datetime, days: Decimal | int | float) -> datetime:
        """Add ``days`` × the office length of a day (half a day of the default hours is 4 working hours)."""
        return self.add_working_seconds(start, _whole_seconds(days, self.office_hours.seconds_per_day))

    def working_seconds_between(self, start: datetime, end: datetime) -> int:
        """Whole seconds of office time in ``[start, end)``; 0 when ``end`` is not after ``start``.

        Used to shift a due date by a supplement pause (thời gian tạm dừng chờ bổ sung hồ sơ).
        """
        first, last = self._local(start), self._local(end)
        if last <= first:
            return 0
        first_day, last_day = first.date(), last.date()
        first_offset = first - datetime.combine(first_day, _MIDNIGHT)
        last_offset = last - datetime.combine(last_day, _MIDNIGHT)
        if first_day == last_day:
            total = self._office_time_within(first_day, first_offset, last_offset)
        else:
            total = (
                self._office_time_within(first_day, first_offset, _ONE_DAY)
                + self._count_working_days(first_day + _ONE_DAY, last_day - _ONE_DAY) * self._day_length
                + self._office_time_within(last_day, timedelta(), last_offset)
            )
        return total // _ONE_SECOND

    def add_calendar_days(self, start: datetime, days: int) -> datetime:
        """Due moment for a limit of ``days`` calendar days (ngày, không phải ngày làm việc).

        Counting starts on the day of ``start_of_work(start)``; the due moment is the closing time of that day
        plus ``days``, or of the next working day when that day is a rest day.
        """
        if days < 0:
            raise ValueError("Cannot add a negative number of days.")
        due_day = self._next_office_instant(self._local(start)).date() + timedelta(days=days)
        if not self.is_working_day(due_day):
            due_day = self.next_working_day(due_day)
        return self.close_of_day(due_day)

    # Internals: naive datetimes below are wall-clock times in self.tz.

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"Expected a timezone-aware datetime, got {moment!r}.")
        return moment.astimezone(self.tz).replace(tzinfo=None)

    def _aware(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self.tz)

    def _next_office_instant(self, local: datetime) -> datetime:
        day = local.date()
        if self.is_working_day(day):
            midnight = datetime.combine(day, _MIDNIGHT)
            offset = local - midnight
            for period_start, period_end in self._periods:
                if offset < period_end:
                    return midnight + max(offset, period_start)
        return datetime.combine(self.next_working_day(day), _MIDNIGHT) + self._periods[0][0]

    def _office_time_within(self, day: date, since: timedelta, until: timedelta) -> timedelta:
        """Office time of ``day`` between two offsets from its midnight."""
        if not self.is_working_day(day):
            return timedelta()
        total = timedelta()
        for period_start, period_end in self._periods:
            overlap = min(period_end, until) - max(period_start, since)
            if overlap > timedelta():
                total += overlap
        return total

    def _count_working_days(self, first: date, last: date) -> int:
        """Working days in ``[first, last]``, without walking the days."""
        if last < first:
            return 0
        weeks, extra_days = divmod((last - first).days + 1, 7)
        workdays = self.office_hours.workdays
        start_weekday = first.weekday()
        count = weeks * len(workdays)
        count += sum(1 for i in range(extra_days) if (start_weekday + i) % 7 in workdays)
        count -= _count_in_range(self._lost_workdays, first, last)
        count += _count_in_range(self._gained_restdays, first, last)
        return count

    def _nth_working_day_after(self, day: date, n: int) -> date:
        """The ``n``-th working day strictly after ``day`` (``n`` ≥ 1)."""
        per_week = len(self.office_hours.workdays)
        # Jump whole weeks while they certainly stay short of the target, then walk the last few days.
        while (weeks := n // per_week - 1) > 0:
            jump_to = day + timedelta(weeks=weeks)
            passed = self._count_working_days(day + _ONE_DAY, jump_to)
            if passed >= n:
                break
            day, n = jump_to, n - passed
        for _ in range(n):
            day = self.next_working_day(day)
        return day


def _count_in_range(sorted_days: list[date], first: date, last: date) -> int:
    return bisect.bisect_right(sorted_days, last) - bisect.bisect_left(sorted_days, first)


def _whole_seconds(amount: Decimal | int | float, unit_seconds: int) -> int:
    # str() keeps a float like 0.1 from turning into 0.1000000000000000055...
    exact = (amount if isinstance(amount, Decimal) else Decimal(str(amount))) * unit_seconds
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
