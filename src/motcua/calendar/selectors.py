"""Reads on the working calendar: the `WorkingCalendar` of an agency."""

from datetime import date

from django.core.cache import cache
from django.utils import timezone

from motcua.calendar.models import CalendarOverride, HolidayDecisionLine
from motcua.calendar.services import CALENDAR_VERSION_KEY, calendar_version_new
from motcua.calendar.vn_holidays import (
    is_in_tet_season,
    vietnam_public_holidays,
    vietnam_swapped_working_days,
)
from motcua.calendar.working_time import DEFAULT_OFFICE_HOURS, OfficeHours, WorkingCalendar

# Bounds how long a process with its own (local-memory) cache can miss another process's change.
CALENDAR_CACHE_SECONDS = 60 * 60


def calendar_for(agency=None, *, years: range | None = None) -> WorkingCalendar:
    """The working calendar of `agency` (the national default office hours when None).

    Rest days of `years` (default: last year to two years ahead), from the most general source to the most
    specific: the national public holidays and swapped Saturdays of the `holidays` package; the holiday
    decisions of each year (a decision's Tết range replaces the package's Tết days, its swaps and extra days
    off are added); last, the administrator's single-day overrides.
    """
    if years is None:
        this_year = timezone.localdate().year
        years = range(this_year - 1, this_year + 3)
    holidays, extra_working_days = _calendar_days(years)
    office_hours = OfficeHours.from_dict(agency.office_hours) if agency is not None else DEFAULT_OFFICE_HOURS
    return WorkingCalendar(office_hours, holidays=holidays, extra_working_days=extra_working_days)


def _calendar_days(years: range) -> tuple[frozenset[date], frozenset[date]]:
    # A missing version gets a fresh random one, never a fixed first value: stale entries stay unreachable.
    version = cache.get(CALENDAR_VERSION_KEY) or calendar_version_new()
    key = f"motcua:calendar:days:{version}:{years.start}-{years.stop}"
    days = cache.get(key)
    if days is None:
        days = _calendar_days_from_database(years)
        cache.set(key, days, timeout=CALENDAR_CACHE_SECONDS)
    return days


def _calendar_days_from_database(years: range) -> tuple[frozenset[date], frozenset[date]]:
    holidays = set(vietnam_public_holidays(years))
    extra_working_days = set(vietnam_swapped_working_days(years))

    lines = list(
        HolidayDecisionLine.objects.filter(decision__year__in=list(years)).select_related("decision")
    )
    tet_decided = {line.decision.year for line in lines if line.kind == HolidayDecisionLine.Kind.TET}
    holidays -= {day for day in holidays if day.year in tet_decided and is_in_tet_season(day)}
    for line in lines:
        holidays.update(line.days_off())
    # A weekend day the decision makes working is worked even if the package lists it as a day off.
    worked = {line.working_day for line in lines if line.working_day}
    holidays -= worked
    extra_working_days |= worked

    for day, kind in CalendarOverride.objects.values_list("day", "kind"):
        if kind == CalendarOverride.Kind.HOLIDAY:
            holidays.add(day)
            extra_working_days.discard(day)
        else:
            holidays.discard(day)
            extra_working_days.add(day)
    return frozenset(holidays), frozenset(extra_working_days)


def calendar_year_exceptions(*, year: int) -> tuple[list[date], list[date]]:
    """Where `year` departs from the Monday–Friday week on the national calendar, everything applied: the
    weekdays off and the weekend days worked, each in date order."""
    calendar = calendar_for(years=range(year, year + 1))
    days_off = sorted(day for day in calendar.holidays if day.year == year and day.weekday() < 5)
    days_worked = sorted(
        day for day in calendar.extra_working_days if day.year == year and calendar.is_working_day(day)
    )
    return days_off, [day for day in days_worked if day.weekday() >= 5]
