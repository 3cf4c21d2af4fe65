from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from motcua.calendar.vn_holidays import (
    is_in_tet_season,
    vietnam_public_holidays,
    vietnam_swapped_working_days,
)
from motcua.calendar.working_time import WorkingCalendar

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def vietnam_calendar(*years: int) -> WorkingCalendar:
    return WorkingCalendar(
        holidays=vietnam_public_holidays(years), extra_working_days=vietnam_swapped_working_days(years)
    )


def test_tet_2026_is_not_working():
    holidays = vietnam_public_holidays([2026])
    assert holidays[date(2026, 2, 17)] == "Tết Nguyên Đán"
    calendar = vietnam_calendar(2026)
    tet_week = [date(2026, 2, 16) + timedelta(days=i) for i in range(5)]  # Monday 16 to Friday 20 February
    assert not any(calendar.is_working_day(day) for day in tet_week)
    assert calendar.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


def test_received_before_tet_2026_counts_from_the_monday_after():
    calendar = vietnam_calendar(2026)
    received = datetime(2026, 2, 13, 17, 30, tzinfo=HCM)
    assert calendar.start_of_work(received) == datetime(2026, 2, 23, 7, tzinfo=HCM)
    assert calendar.add_working_days(received, 1) == datetime(2026, 2, 23, 17, tzinfo=HCM)


def test_national_day_2025_includes_the_adjacent_day_off():
    holidays = vietnam_public_holidays([2025])
    assert date(2025, 9, 1) in holidays
    assert date(2025, 9, 2) in holidays


def test_observed_days_off_are_included():
    holidays = vietnam_public_holidays([2026])
    assert date(2026, 4, 26) in holidays  # Hùng Kings' Day, a Sunday
    assert date(2026, 4, 27) in holidays  # observed on Monday


def test_due_skips_reunification_and_labour_day_2025():
    calendar = vietnam_calendar(2025)
    # Tuesday 29 April 09:00: 6 hours that day; 30/4, 1/5, 2/5 (swapped) and the weekend are rest days.
    received = datetime(2025, 4, 29, 9, tzinfo=HCM)
    assert calendar.add_working_days(received, 1) == datetime(2025, 5, 5, 9, tzinfo=HCM)


def test_swapped_working_saturday_2025_counts():
    assert date(2025, 4, 26) in vietnam_swapped_working_days([2025])
    assert date(2025, 5, 2) in vietnam_public_holidays([2025])
    calendar = vietnam_calendar(2025)
    assert calendar.is_working_day(date(2025, 4, 26))
    # Friday 25 April 13:30: 3h30 on Friday, 8h on the working Saturday, 4h30 on Monday 28 April.
    received = datetime(2025, 4, 25, 13, 30, tzinfo=HCM)
    assert calendar.add_working_days(received, 2) == datetime(2025, 4, 28, 11, 30, tzinfo=HCM)


def test_swapped_working_days_are_limited_to_the_requested_years():
    assert all(day.year == 2026 for day in vietnam_swapped_working_days([2026]))
    assert vietnam_swapped_working_days([]) == frozenset()


def test_holidays_are_in_date_order_with_vietnamese_names_by_default():
    holidays = vietnam_public_holidays(range(2025, 2027))
    assert list(holidays) == sorted(holidays)
    assert {day.year for day in holidays} == {2025, 2026}
    assert holidays[date(2025, 9, 2)] == "Quốc khánh"
    assert vietnam_public_holidays([2025], language="en_US")[date(2025, 9, 2)] == "National Day"


def test_tet_season_holds_the_tet_days_off_and_no_other_holiday():
    # A decided Tết range replaces the package's holidays in this window, so nothing else may fall in it but
    # the days off swapped next to Tết (Friday 19/2/2010 for Saturday 27/2), part of the same arrangement.
    holidays = vietnam_public_holidays(range(2000, 2051), language="en_US")
    tet = {day for day, name in holidays.items() if "Lunar New Year" in name}
    swapped = {day for day, name in holidays.items() if name.startswith("Day off (substituted")}
    in_season = {day for day in holidays if is_in_tet_season(day)}
    assert tet <= in_season
    assert in_season - tet <= swapped
