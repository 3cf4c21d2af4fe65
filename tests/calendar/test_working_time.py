from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.calendar.working_time import OfficeHours, WorkingCalendar

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = 8 * 3600
HOUR = 3600

# 2 March 2026 is a Monday.
MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 3, 2) + timedelta(days=i) for i in range(7))
NEXT_MON = MON + timedelta(days=7)


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=HCM)


calendar = WorkingCalendar()


# Office hours


def test_default_office_day_is_eight_hours():
    assert OfficeHours().seconds_per_day == 28800


def test_office_hours_round_trip_through_dict():
    data = {"periods": [["07:30", "11:45"], ["13:15", "16:30:30"]], "workdays": [0, 1, 2, 3, 4, 5]}
    hours = OfficeHours.from_dict(data)
    assert hours.periods == ((time(7, 30), time(11, 45)), (time(13, 15), time(16, 30, 30)))
    assert hours.workdays == frozenset(range(6))
    assert hours.to_dict() == data
    assert OfficeHours.from_dict(hours.to_dict()) == hours


def test_office_hours_from_dict_keeps_defaults_for_missing_keys():
    assert OfficeHours.from_dict({}) == OfficeHours()
    assert OfficeHours().to_dict() == {
        "periods": [["07:00", "11:30"], ["13:30", "17:00"]],
        "workdays": [0, 1, 2, 3, 4],
    }


@pytest.mark.parametrize(
    "data",
    [
        {"periods": []},
        {"periods": [["11:30", "07:00"]]},
        {"periods": [["07:00", "12:00"], ["11:00", "17:00"]]},
        {"periods": [["13:30", "17:00"], ["07:00", "11:30"]]},
        {"periods": [["07:00", "11:30"], ["11:30", "17:00"]]},
        {"workdays": []},
        {"workdays": [7]},
    ],
)
def test_office_hours_reject_inconsistent_configuration(data):
    with pytest.raises(ValueError):
        OfficeHours.from_dict(data)


# Working days


def test_weekend_is_not_working_by_default():
    assert [calendar.is_working_day(day) for day in (MON, TUE, WED, THU, FRI, SAT, SUN)] == [True] * 5 + [
        False
    ] * 2


def test_next_working_day_is_strictly_after_and_skips_rest_days():
    assert calendar.next_working_day(MON) == TUE
    assert calendar.next_working_day(FRI) == NEXT_MON
    assert WorkingCalendar(holidays={NEXT_MON}).next_working_day(THU) == FRI
    assert WorkingCalendar(holidays={NEXT_MON}).next_working_day(FRI) == NEXT_MON + timedelta(days=1)


def test_holiday_wins_over_extra_working_day():
    both = WorkingCalendar(holidays={SAT, MON}, extra_working_days={SAT, MON})
    assert not both.is_working_day(SAT)
    assert not both.is_working_day(MON)


def test_close_of_day_is_end_of_last_period():
    assert calendar.close_of_day(WED) == at(WED, 17)
    assert WorkingCalendar(OfficeHours(periods=((time(8), time(16, 15)),))).close_of_day(SUN) == at(
        SUN, 16, 15
    )


# When counting starts


def test_received_inside_office_hours_counts_from_receipt():
    assert calendar.start_of_work(at(TUE, 9, 41, 7)) == at(TUE, 9, 41, 7)
    assert calendar.start_of_work(at(TUE, 7)) == at(TUE, 7)
    assert calendar.start_of_work(at(TUE, 13, 30)) == at(TUE, 13, 30)


def test_received_before_opening_counts_from_0700():
    assert calendar.start_of_work(at(TUE, 6, 15)) == at(TUE, 7)


def test_received_in_lunch_break_counts_from_1330():
    assert calendar.start_of_work(at(TUE, 12, 5)) == at(TUE, 13, 30)


def test_received_exactly_at_morning_closing_counts_from_1330():
    assert calendar.start_of_work(at(TUE, 11, 30)) == at(TUE, 13, 30)


def test_received_after_closing_counts_from_next_working_morning():
    assert calendar.start_of_work(at(TUE, 17)) == at(WED, 7)
    assert calendar.start_of_work(at(TUE, 22, 30)) == at(WED, 7)
    assert calendar.start_of_work(at(FRI, 17, 1)) == at(NEXT_MON, 7)


def test_received_on_weekend_counts_from_monday_morning():
    assert calendar.start_of_work(at(SAT, 9)) == at(NEXT_MON, 7)


def test_received_on_the_eve_of_a_holiday_counts_from_the_day_after():
    assert WorkingCalendar(holidays={WED}).start_of_work(at(TUE, 18)) == at(THU, 7)


def test_inputs_in_other_time_zones_are_converted():
    received = datetime(2026, 3, 3, 0, 30, tzinfo=UTC)  # 07:30 in Hanoi
    start = calendar.start_of_work(received)
    assert start == at(TUE, 7, 30)
    assert start.tzinfo == HCM
    assert calendar.add_working_hours(datetime(2026, 3, 3, 10, tzinfo=UTC), 1).tzinfo == HCM


def test_naive_datetime_is_rejected():
    with pytest.raises(ValueError):
        calendar.start_of_work(datetime(2026, 3, 3, 9))


# Due moments in working time


def test_one_working_day_from_opening_ends_at_closing_same_day():
    assert calendar.add_working_days(at(MON, 7), 1) == at(MON, 17)
    assert calendar.add_working_days(at(MON, 7), 5) == at(FRI, 17)


def test_morning_period_used_up_ends_at_1130_not_1330():
    assert calendar.add_working_hours(at(MON, 7), Decimal("4.5")) == at(MON, 11, 30)
    assert calendar.add_working_seconds(at(MON, 7), 4 * HOUR + 30 * 60 + 1) == at(MON, 13, 30, 1)


def test_half_day_is_four_working_hours():
    start = at(WED, 9, 15)
    assert calendar.add_working_days(start, Decimal("0.5")) == calendar.add_working_hours(start, 4)
    assert calendar.add_working_days(start, 0.5) == at(WED, 15, 15)


def test_working_time_runs_over_lunch_and_night():
    # 10:00 + 3h: 1h30 until lunch, 1h30 after it.
    assert calendar.add_working_hours(at(MON, 10), 3) == at(MON, 15)
    # 16:00 + 2h: 1h today, 1h tomorrow morning.
    assert calendar.add_working_hours(at(MON, 16), 2) == at(TUE, 8)


def test_received_after_closing_due_counts_from_next_morning():
    assert calendar.add_working_days(at(FRI, 17, 45), 1) == at(NEXT_MON, 17)
    assert calendar.add_working_hours(at(TUE, 12), 1) == at(TUE, 14, 30)


def test_due_skips_weekend_and_national_day_holidays():
    national_day = WorkingCalendar(holidays={date(2025, 9, 1), date(2025, 9, 2)})
    # Friday 29 Aug 2025 09:00: 6 hours that day, then Sat, Sun, Mon 1/9 and Tue 2/9 are rest days.
    received = datetime(2025, 8, 29, 9, tzinfo=HCM)
    assert national_day.add_working_days(received, 1) == datetime(2025, 9, 3, 9, tzinfo=HCM)


def test_working_saturday_override_counts():
    swapped = WorkingCalendar(extra_working_days={SAT})
    assert swapped.is_working_day(SAT)
    assert swapped.start_of_work(at(FRI, 17, 30)) == at(SAT, 7)
    assert swapped.add_working_days(at(FRI, 13, 30), 1) == at(SAT, 11, 30)
    assert swapped.working_seconds_between(at(FRI, 0), at(NEXT_MON, 0)) == 2 * DAY


def test_fractional_hours_round_to_nearest_second():
    assert calendar.add_working_hours(at(MON, 7), 0.1) == at(MON, 7, 6)
    assert calendar.add_working_hours(at(MON, 7), Decimal(1) / 7200) == at(MON, 7, 0, 1)  # half a second


def test_negative_working_time_is_rejected():
    with pytest.raises(ValueError):
        calendar.add_working_seconds(at(MON, 7), -1)
    with pytest.raises(ValueError):
        calendar.add_calendar_days(at(MON, 7), -1)


def test_custom_office_hours_with_a_single_period_six_days_a_week():
    six_days = WorkingCalendar(OfficeHours(periods=((time(8), time(16)),), workdays=frozenset(range(6))))
    assert six_days.start_of_work(at(FRI, 16)) == at(SAT, 8)
    assert six_days.add_working_days(at(FRI, 12), 1) == at(SAT, 12)
    assert six_days.add_working_days(at(SAT, 8), 2) == at(NEXT_MON, 16)  # Sunday is still a rest day


def test_300_working_days_match_a_day_by_day_count():
    holidays = {date(2026, 4, 27), date(2026, 4, 30), date(2026, 5, 1), date(2026, 9, 1), date(2026, 9, 2)}
    extra = {date(2026, 8, 22)}
    long = WorkingCalendar(holidays=holidays, extra_working_days=extra)
    due = long.add_working_days(at(MON, 7), 300)
    assert due.time() == time(17)
    assert (
        sum(long.is_working_day(MON + timedelta(days=i)) for i in range((due.date() - MON).days + 1)) == 300
    )


# Working time between two instants


def test_working_seconds_between_excludes_lunch_nights_and_weekends():
    assert calendar.working_seconds_between(at(MON, 11), at(MON, 14)) == HOUR
    assert calendar.working_seconds_between(at(MON, 16), at(TUE, 8)) == 2 * HOUR
    assert calendar.working_seconds_between(at(FRI, 16), at(NEXT_MON, 8)) == 2 * HOUR
    assert calendar.working_seconds_between(at(SAT, 9), at(SUN, 15)) == 0
    assert calendar.working_seconds_between(at(MON, 0), at(NEXT_MON, 0)) == 5 * DAY


def test_working_seconds_between_is_zero_when_end_not_after_start():
    assert calendar.working_seconds_between(at(TUE, 9), at(TUE, 9)) == 0
    assert calendar.working_seconds_between(at(TUE, 9), at(MON, 9)) == 0


def test_working_seconds_over_a_year_counts_weekdays_less_holidays():
    start, end = datetime(2025, 1, 1, tzinfo=HCM), datetime(2026, 1, 1, tzinfo=HCM)
    assert calendar.working_seconds_between(start, end) == 261 * DAY
    with_holidays = WorkingCalendar(holidays={date(2025, 1, 1), date(2025, 2, 1), date(2025, 9, 2)})
    assert with_holidays.working_seconds_between(start, end) == 259 * DAY  # 1 Feb 2025 is a Saturday


def test_supplement_pause_shifts_due_date_by_the_paused_working_time():
    received = at(MON, 8)
    due = calendar.add_working_days(received, 3)
    assert due == at(THU, 8)
    paused = calendar.working_seconds_between(at(TUE, 10), at(WED, 10))  # waiting for the citizen
    assert paused == DAY
    assert calendar.add_working_seconds(due, paused) == at(FRI, 8)


# Due moments in calendar days


def test_calendar_day_limit_ends_at_closing_of_working_day():
    assert calendar.add_calendar_days(at(MON, 9), 3) == at(THU, 17)
    assert calendar.add_calendar_days(at(MON, 9), 0) == at(MON, 17)


def test_calendar_day_limit_never_ends_on_rest_day():
    assert calendar.add_calendar_days(at(THU, 9), 2) == at(NEXT_MON, 17)
    with_holiday = WorkingCalendar(holidays={NEXT_MON})
    assert with_holiday.add_calendar_days(at(WED, 9), 5) == at(NEXT_MON + timedelta(days=1), 17)


def test_calendar_day_limit_counts_from_next_morning_when_received_after_closing():
    assert calendar.add_calendar_days(at(FRI, 18), 1) == at(NEXT_MON + timedelta(days=1), 17)


# Properties

CI = settings(max_examples=200, deadline=None, derandomize=True, database=None)

office_hours = st.sampled_from(
    [
        OfficeHours(),
        OfficeHours(periods=((time(8), time(16)),), workdays=frozenset(range(6))),
        OfficeHours(
            periods=((time(7, 15), time(9, 0, 30)), (time(9, 45), time(11, 59)), (time(13), time(17, 45))),
            workdays=frozenset({0, 2, 3, 4, 6}),
        ),
    ]
)
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
calendars = st.builds(
    WorkingCalendar,
    office_hours,
    holidays=st.frozensets(days, max_size=60),
    extra_working_days=st.frozensets(days, max_size=15),
)
instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.sampled_from([HCM, UTC])
)
working_seconds = st.integers(min_value=0, max_value=300 * DAY)


def is_in_office_or_at_closing(cal: WorkingCalendar, moment: datetime) -> bool:
    local = moment.astimezone(cal.tz)
    return cal.is_working_day(local.date()) and any(
        start <= local.time() <= end for start, end in cal.office_hours.periods
    )


@CI
@given(cal=calendars, start=instants, n=working_seconds)
def test_working_seconds_between_inverts_adding_working_seconds(cal, start, n):
    assert cal.working_seconds_between(cal.start_of_work(start), cal.add_working_seconds(start, n)) == n


@CI
@given(cal=calendars, start=instants, n=working_seconds, more=st.integers(min_value=1, max_value=10 * DAY))
def test_adding_more_working_time_ends_strictly_later(cal, start, n, more):
    assert cal.add_working_seconds(start, n) < cal.add_working_seconds(start, n + more)


@CI
@given(cal=calendars, start=instants, n=working_seconds)
def test_due_moment_is_inside_office_hours_or_at_a_closing(cal, start, n):
    # Periods are [opening, closing); a due moment that uses up the time exactly at a closing is that closing.
    # So a positive amount ends in (opening, closing] of a working day, never on a rest day; nothing added
    # ends where counting starts, in [opening, closing).
    due = cal.add_working_seconds(start, n)
    assert due.tzinfo == cal.tz
    assert is_in_office_or_at_closing(cal, due)
    local = due.astimezone(cal.tz).time()
    if n:
        assert any(opening < local <= closing for opening, closing in cal.office_hours.periods)
    else:
        assert due == cal.start_of_work(start)


@CI
@given(cal=calendars, start=instants)
def test_start_of_work_is_inside_office_hours_and_idempotent(cal, start):
    begun = cal.start_of_work(start)
    assert begun >= start
    assert cal.working_seconds_between(start, begun) == 0
    assert cal.start_of_work(begun) == begun
    local = begun.astimezone(cal.tz)
    assert cal.is_working_day(local.date())
    assert any(opening <= local.time() < closing for opening, closing in cal.office_hours.periods)


@CI
@given(cal=calendars, start=instants, a=working_seconds, b=st.integers(min_value=1, max_value=300 * DAY))
def test_adding_a_then_b_equals_adding_a_plus_b(cal, start, a, b):
    # Holds for b > 0 only: adding 0 to a closing moves it to the next opening (start_of_work).
    assert cal.add_working_seconds(cal.add_working_seconds(start, a), b) == cal.add_working_seconds(
        start, a + b
    )


@CI
@given(cal=calendars, start=instants, a=working_seconds)
def test_adding_nothing_to_a_due_moment_only_moves_a_closing_to_the_next_opening(cal, start, a):
    due = cal.add_working_seconds(start, a)
    assert cal.add_working_seconds(due, 0) == cal.start_of_work(due)
    assert cal.working_seconds_between(due, cal.start_of_work(due)) == 0


@CI
@given(cal=calendars, first=days, span=st.integers(min_value=0, max_value=800))
def test_working_seconds_between_midnights_matches_day_by_day_count(cal, first, span):
    start = datetime.combine(first, time(0), tzinfo=cal.tz)
    end = start + timedelta(days=span)
    expected = sum(cal.is_working_day(first + timedelta(days=i)) for i in range(span))
    assert cal.working_seconds_between(start, end) == expected * cal.office_hours.seconds_per_day


@CI
@given(cal=calendars, start=instants, whole_days=st.integers(min_value=1, max_value=300))
def test_whole_working_days_end_at_the_closing_of_the_nth_working_day(cal, start, whole_days):
    begun = cal.start_of_work(start)
    due = cal.add_working_days(start, whole_days)
    # Counting from an opening, N days end at the closing of the N-th working day; otherwise mid-day.
    day = begun.date()
    for _ in range(whole_days - 1):
        day = cal.next_working_day(day)
    if begun.time() == cal.office_hours.periods[0][0]:
        assert due == cal.close_of_day(day)
    else:
        assert due.date() == cal.next_working_day(day)


@CI
@given(cal=calendars, start=instants, n=working_seconds, split=instants)
def test_working_seconds_between_is_additive_on_whole_seconds(cal, start, n, split):
    # Each result is floored to whole seconds, so split points with microseconds could lose one second.
    start, split = start.replace(microsecond=0), split.replace(microsecond=0)
    end = cal.add_working_seconds(start, n)
    middle = min(max(split, start), end)
    whole = cal.working_seconds_between(start, end)
    assert cal.working_seconds_between(start, middle) + cal.working_seconds_between(middle, end) == whole


@CI
@given(cal=calendars, start=instants, limit=st.integers(min_value=0, max_value=400))
def test_calendar_day_due_is_a_working_day_closing_on_or_after_the_limit(cal, start, limit):
    due = cal.add_calendar_days(start, limit)
    target = cal.start_of_work(start).date() + timedelta(days=limit)
    assert cal.is_working_day(due.date())
    assert due == cal.close_of_day(due.date())
    assert target <= due.date()
    assert all(not cal.is_working_day(target + timedelta(days=i)) for i in range((due.date() - target).days))


@CI
@given(cal=calendars, start=instants, limits=st.lists(st.integers(min_value=0, max_value=120), min_size=2))
def test_due_moment_is_non_decreasing_in_a_limit_of_half_days(cal, start, limits):
    dues = [cal.add_working_days(start, Decimal(limit) / 2) for limit in sorted(limits)]
    assert dues == sorted(dues)


# The fast arithmetic against plain day-by-day references

dense_calendars = st.builds(
    WorkingCalendar,
    office_hours,
    holidays=st.frozensets(days, max_size=250),
    extra_working_days=st.frozensets(days, max_size=120),
)
any_calendars = st.one_of(calendars, dense_calendars)


def reference_is_working_day(cal: WorkingCalendar, day: date) -> bool:
    if day in cal.holidays:
        return False
    return day.weekday() in cal.office_hours.workdays or day in cal.extra_working_days


def reference_periods(cal: WorkingCalendar, day: date) -> list[tuple[datetime, datetime]]:
    if not reference_is_working_day(cal, day):
        return []
    return [
        (datetime.combine(day, opening), datetime.combine(day, closing))
        for opening, closing in cal.office_hours.periods
    ]


def reference_add_working_seconds(cal: WorkingCalendar, start: datetime, seconds: int) -> datetime:
    """Walk day by day through the office periods; a period is used up only when time remains."""
    remaining = timedelta(seconds=seconds)
    moment = start.astimezone(cal.tz).replace(tzinfo=None)
    day = moment.date()
    while True:
        for opening, closing in reference_periods(cal, day):
            if moment < closing:
                counting_from = max(moment, opening)
                if remaining <= closing - counting_from:
                    return (counting_from + remaining).replace(tzinfo=cal.tz)
                remaining -= closing - counting_from
        day += timedelta(days=1)
        moment = datetime.combine(day, time(0))


def reference_working_seconds_between(cal: WorkingCalendar, start: datetime, end: datetime) -> int:
    first = start.astimezone(cal.tz).replace(tzinfo=None)
    last = end.astimezone(cal.tz).replace(tzinfo=None)
    total = timedelta()
    day = first.date()
    while day <= last.date():
        for opening, closing in reference_periods(cal, day):
            total += max(timedelta(), min(closing, last) - max(opening, first))
        day += timedelta(days=1)
    return total // timedelta(seconds=1)


@CI
@given(
    cal=any_calendars,
    start=instants,
    n=st.one_of(working_seconds, st.integers(min_value=0, max_value=3 * DAY)),
)
def test_add_working_seconds_matches_a_day_by_day_reference(cal, start, n):
    assert cal.add_working_seconds(start, n) == reference_add_working_seconds(cal, start, n)


@CI
@given(cal=any_calendars, day=days)
def test_next_working_day_matches_walking_the_days(cal, day):
    expected = day + timedelta(days=1)
    while not reference_is_working_day(cal, expected):
        expected += timedelta(days=1)
    assert cal.next_working_day(day) == expected


@CI
@given(cal=any_calendars, start=instants, end=instants)
def test_working_seconds_between_matches_a_day_by_day_reference(cal, start, end):
    assert cal.working_seconds_between(start, end) == reference_working_seconds_between(cal, start, end)


@CI
@given(cal=any_calendars, start=instants, limit=st.integers(min_value=0, max_value=400))
def test_add_calendar_days_matches_a_day_by_day_reference(cal, start, limit):
    due_day = reference_add_working_seconds(cal, start, 0).date() + timedelta(days=limit)
    while not reference_is_working_day(cal, due_day):
        due_day += timedelta(days=1)
    assert cal.add_calendar_days(start, limit) == cal.close_of_day(due_day)


# Many due moments at once

ICT = timezone(timedelta(hours=7))  # the same offset as Vietnam time, but another tzinfo object
TOKYO = ZoneInfo("Asia/Tokyo")
NUDGES = [
    timedelta(0),
    timedelta(seconds=1),
    -timedelta(seconds=1),
    timedelta(microseconds=1),
    -timedelta(microseconds=1),
]

batch_calendars = st.one_of(
    any_calendars,
    st.builds(  # periods off whole seconds: the batch computes pair by pair
        WorkingCalendar,
        st.just(OfficeHours(periods=((time(7, 0, 0, 250_000), time(11, 30)), (time(13, 30), time(17))))),
        holidays=st.frozensets(days, max_size=60),
    ),
)


@st.composite
def calendars_with_pairs(draw):
    """A calendar and (start, amount) pairs, many of them on an opening or a closing or ending on one."""
    cal = draw(batch_calendars)
    bounds = [bound for period in cal.office_hours.periods for bound in period]
    at_a_bound = st.builds(
        lambda day, bound, nudge, tz: (datetime.combine(day, bound, tzinfo=cal.tz) + nudge).astimezone(tz),
        days,
        st.sampled_from(bounds),
        st.sampled_from(NUDGES),
        st.sampled_from([HCM, UTC, ICT, TOKYO]),
    )
    lengths = [cal.office_hours.seconds_per_day] + [
        (datetime.combine(MON, closing) - datetime.combine(MON, opening)) // timedelta(seconds=1)
        for opening, closing in cal.office_hours.periods
    ]
    amounts = st.one_of(
        working_seconds,
        st.integers(min_value=0, max_value=2 * HOUR),
        st.builds(lambda count, length: count * length, st.integers(0, 60), st.sampled_from(lengths)),
    )
    pairs = draw(st.lists(st.tuples(st.one_of(instants, at_a_bound), amounts), max_size=40))
    return cal, [start for start, _ in pairs], [amount for _, amount in pairs]


def one_at_a_time(cal: WorkingCalendar, starts: list[datetime], amounts: list[int]) -> list[datetime]:
    return [cal.add_working_seconds(start, amount) for start, amount in zip(starts, amounts, strict=True)]


def exactly(moments: list[datetime]) -> list[tuple[datetime, object, int]]:
    return [(moment, moment.tzinfo, moment.fold) for moment in moments]


@CI
@given(case=calendars_with_pairs())
def test_many_due_moments_at_once_equal_one_at_a_time(case):
    cal, starts, amounts = case
    assert exactly(cal.add_working_seconds_many(starts, amounts)) == exactly(
        one_at_a_time(cal, starts, amounts)
    )


@CI
@given(cal=any_calendars, start=instants, amount=working_seconds)
def test_many_due_moments_at_once_are_exact_anywhere_in_a_wide_batch(cal, start, amount):
    # The same pair from opposite ends of a wide batch: the shared day table is exact everywhere in it.
    early, late = datetime(2025, 1, 1, tzinfo=HCM), datetime(2027, 12, 31, 23, 59, 59, tzinfo=HCM)
    starts, amounts = [early, start, late], [DAY, amount, amount]
    assert cal.add_working_seconds_many(starts, amounts) == one_at_a_time(cal, starts, amounts)


def test_many_due_moments_at_once_in_a_mixed_batch():
    swapped = WorkingCalendar(holidays={WED}, extra_working_days={SAT})
    starts = [at(TUE, 11, 30), at(TUE, 12), at(TUE, 16, 59, 59), at(TUE, 16), at(FRI, 17), at(SUN, 9)]
    starts += [at(MON, 7), datetime(2026, 3, 3, 3, 0, 0, 500, tzinfo=UTC)]  # 10:00:00.0005 in Hanoi
    amounts = [HOUR, 0, 1, 2 * HOUR, DAY, 4 * HOUR + 30 * 60, 30 * DAY, 3 * HOUR]
    assert swapped.add_working_seconds_many(starts, amounts) == [
        at(TUE, 14, 30),
        at(TUE, 13, 30),
        at(TUE, 17),
        at(THU, 8),
        at(SAT, 17),
        at(NEXT_MON, 11, 30),
        swapped.add_working_days(at(MON, 7), 30),
        datetime(2026, 3, 3, 15, 0, 0, 500, tzinfo=HCM),
    ]


def test_many_due_moments_beyond_a_century_are_counted_one_at_a_time():
    starts, amounts = [at(MON, 9), at(TUE, 14)], [40_000 * DAY, 1]
    assert calendar.add_working_seconds_many(starts, amounts) == one_at_a_time(calendar, starts, amounts)


def test_many_due_moments_reject_what_one_at_a_time_rejects():
    assert calendar.add_working_seconds_many([], []) == []
    with pytest.raises(ValueError):
        calendar.add_working_seconds_many([at(MON, 9), at(MON, 10)], [HOUR])
    with pytest.raises(ValueError):
        calendar.add_working_seconds_many([at(MON, 9), at(MON, 10)], [HOUR, -1])
    with pytest.raises(ValueError):
        calendar.add_working_seconds_many([at(MON, 9), datetime(2026, 3, 2, 10)], [HOUR, HOUR])
