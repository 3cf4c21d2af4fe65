from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from motcua.calendar.models import CalendarOverride
from motcua.calendar.selectors import calendar_for
from motcua.calendar.services import calendar_override_delete, calendar_override_set
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HOLIDAY, WORKING_DAY = CalendarOverride.Kind.HOLIDAY, CalendarOverride.Kind.WORKING_DAY


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The day sets live in the cache, which outlives each test's rolled-back database.
    cache.clear()
    yield
    cache.clear()


def june_day(weekday: int) -> date:
    """A day of the given weekday in mid-June of this year: June has no public holiday in Vietnam."""
    day = date(timezone.localdate().year, 6, 10)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=VN)


def test_national_holidays_are_rest_days_by_default():
    calendar = calendar_for()

    assert not calendar.is_working_day(date(timezone.localdate().year, 9, 2))
    assert not calendar.is_working_day(date(timezone.localdate().year, 1, 1))


def test_a_holiday_override_makes_a_weekday_a_rest_day():
    wednesday = june_day(2)
    assert calendar_for().is_working_day(wednesday)

    calendar_override_set(day=wednesday, kind=HOLIDAY, name="Nghỉ theo quyết định của tỉnh")

    assert not calendar_for().is_working_day(wednesday)


def test_a_working_saturday_counts_towards_deadlines():
    saturday = june_day(5)
    friday = saturday - timedelta(days=1)
    assert calendar_for().add_working_days(at(friday, 7), 2) == at(saturday + timedelta(days=2), 17)

    calendar_override_set(day=saturday, kind=WORKING_DAY, name="Làm bù")

    calendar = calendar_for()
    assert calendar.is_working_day(saturday)
    assert calendar.add_working_days(at(friday, 7), 2) == at(saturday, 17)


def test_a_working_day_override_cancels_the_national_holiday_on_that_date():
    labour_day = date(timezone.localdate().year, 5, 1)

    calendar_override_set(day=labour_day, kind=WORKING_DAY)

    assert calendar_for().is_working_day(labour_day)


def test_removing_an_override_restores_the_default():
    wednesday = june_day(2)
    calendar_override_set(day=wednesday, kind=HOLIDAY)
    assert not calendar_for().is_working_day(wednesday)

    calendar_override_delete(day=wednesday)

    assert calendar_for().is_working_day(wednesday)


def test_agency_office_hours_are_honoured():
    agency = AgencyFactory(
        office_hours={"periods": [["07:30", "11:30"], ["13:00", "17:00"]], "workdays": [0, 1, 2, 3, 4, 5]}
    )
    monday, saturday = june_day(0), june_day(5)

    calendar = calendar_for(agency)

    assert calendar.is_working_day(saturday)
    assert calendar.start_of_work(at(monday, 7)) == at(monday, 7, 30)
    assert calendar.start_of_work(at(monday, 12, 15)) == at(monday, 13)
    assert not calendar_for().is_working_day(saturday)


def test_calendars_are_built_from_the_cache_after_the_first_time(django_assert_num_queries):
    calendar_for()

    with django_assert_num_queries(0):
        calendar_for(AgencyFactory.build())


def test_saving_an_override_in_the_admin_refreshes_calendars(admin_client):
    wednesday = june_day(2)
    assert calendar_for().is_working_day(wednesday)

    response = admin_client.post(
        reverse("admin:calendar_calendaroverride_add"),
        {"day": f"{wednesday:%d/%m/%Y}", "kind": HOLIDAY, "name": "Nghỉ đột xuất"},
    )

    assert response.status_code == 302
    assert not calendar_for().is_working_day(wednesday)

    override = CalendarOverride.objects.get()
    admin_client.post(reverse("admin:calendar_calendaroverride_delete", args=[override.pk]), {"post": "yes"})

    assert calendar_for().is_working_day(wednesday)


def test_admin_lists_overrides_with_dd_mm_yyyy_dates(admin_client):
    calendar_override_set(day=date(2026, 4, 25), kind=WORKING_DAY, name="Làm bù")

    response = admin_client.get(reverse("admin:calendar_calendaroverride_changelist"))

    assert "25/04/2026" in response.text
    assert "Thứ Bảy" in response.text
