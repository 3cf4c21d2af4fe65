"""Reads on the working calendar: the `WorkingCalendar` of an agency."""

from datetime import date

from django.core.cache import cache
from django.utils import timezone

from motcua.calendar.models import CalendarOverride
from motcua.calendar.services import CALENDAR_VERSION_KEY, calendar_version_new
from motcua.calendar.vn_holidays import vietnam_public_holidays, vietnam_swapped_working_days
from motcua.calendar.working_time import DEFAULT_OFFICE_HOURS, OfficeHours, WorkingCalendar

# Bounds how long a process with its own (local-memory) cache can miss another process's change.
CALENDAR_CACHE_SECONDS = 60 * 60


def calendar_for(agency=None, *, years: range | None = None) -> WorkingCalendar:
    """The working calendar of `agency` (the national default office hours when None).

    Holidays are the national public holidays of `years` (default: last year to two years ahead) plus the
    administrator's holiday overrides; working days added are the government's swapped Saturdays plus the
    administrator's working-day overrides, which also cancel a holiday on the same date.
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
    for day, kind in CalendarOverride.objects.values_list("day", "kind"):
        if kind == CalendarOverride.Kind.HOLIDAY:
            holidays.add(day)
            extra_working_days.discard(day)
        else:
            holidays.discard(day)
            extra_working_days.add(day)
    return frozenset(holidays), frozenset(extra_working_days)
