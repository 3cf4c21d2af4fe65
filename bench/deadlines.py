"""Due times for a million (receipt moment, limit) pairs: WorkingCalendar against two naive loops.

    .venv/bin/python bench/deadlines.py [--pairs 1000000] [--sample 20000] [--hour-sample 2000] [--seed 2026]

Receipt moments are uniform over 2025–2027 (nights, weekends and Tết included, as online submissions are) on
the national calendar of the ``holidays`` package. Each workload times, on every pair,
``WorkingCalendar.add_working_days`` called pair by pair and ``WorkingCalendar.add_working_seconds_many``
called once on the whole batch (the batch timing includes splitting the pairs into two lists and turning the
limits into seconds); the naive loops are timed on the first pairs only and their throughput is extrapolated to
the whole set, which the output says. Times are CPU seconds of the process. The batch results are compared with
the pair-by-pair ones on every pair, the naive results on their sample. Prints numbers; never fails on timing.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time as clock
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta

from motcua.calendar.vn_holidays import vietnam_public_holidays, vietnam_swapped_working_days
from motcua.calendar.working_time import VIETNAM_TZ, WorkingCalendar

ONE_DAY = timedelta(days=1)
ONE_HOUR = timedelta(hours=1)

Pair = tuple[datetime, int]  # receipt moment, limit in working days


def naive_is_working_day(calendar: WorkingCalendar, day: date) -> bool:
    if day in calendar.holidays:
        return False
    return day.weekday() in calendar.office_hours.workdays or day in calendar.extra_working_days


def naive_periods(calendar: WorkingCalendar, day: date) -> list[tuple[datetime, datetime]]:
    return [
        (datetime.combine(day, start), datetime.combine(day, end))
        for start, end in calendar.office_hours.periods
    ]


def naive_day_by_day(calendar: WorkingCalendar, received: datetime, working_days: int) -> datetime:
    """Walk the calendar one day at a time, using up each working day's office periods in turn."""
    remaining = timedelta(seconds=working_days * calendar.office_hours.seconds_per_day)
    moment = received.astimezone(calendar.tz).replace(tzinfo=None)
    day = moment.date()
    while True:
        if naive_is_working_day(calendar, day):
            for opening, closing in naive_periods(calendar, day):
                if moment >= closing:
                    continue
                counting_from = max(moment, opening)
                if remaining <= closing - counting_from:
                    return (counting_from + remaining).replace(tzinfo=calendar.tz)
                remaining -= closing - counting_from
        day += ONE_DAY
        moment = datetime.combine(day, time(0))


def naive_hour_by_hour(calendar: WorkingCalendar, received: datetime, working_days: int) -> datetime:
    """Tick the wall clock one hour at a time, using up the office time inside each hour."""
    remaining = timedelta(seconds=working_days * calendar.office_hours.seconds_per_day)
    moment = received.astimezone(calendar.tz).replace(tzinfo=None)
    while True:
        hour_end = moment.replace(minute=0, second=0, microsecond=0) + ONE_HOUR
        if naive_is_working_day(calendar, moment.date()):
            for opening, closing in naive_periods(calendar, moment.date()):
                counting_from, until = max(moment, opening), min(hour_end, closing)
                if counting_from >= until:
                    continue
                if remaining <= until - counting_from:
                    return (counting_from + remaining).replace(tzinfo=calendar.tz)
                remaining -= until - counting_from
        moment = hour_end


def national_calendar() -> WorkingCalendar:
    years = range(2024, 2031)  # receipts in 2025–2027 plus limits of up to a few months
    return WorkingCalendar(
        holidays=vietnam_public_holidays(years), extra_working_days=vietnam_swapped_working_days(years)
    )


def receipt_moments(count: int, rng: random.Random) -> list[datetime]:
    first = datetime(2025, 1, 1, tzinfo=VIETNAM_TZ)
    span = int((datetime(2028, 1, 1, tzinfo=VIETNAM_TZ) - first).total_seconds())
    return [first + timedelta(seconds=rng.randrange(span)) for _ in range(count)]


def timed(
    compute: Callable[[WorkingCalendar, datetime, int], datetime],
    calendar: WorkingCalendar,
    pairs: Sequence[Pair],
) -> tuple[float, list[datetime]]:
    # CPU time of this process: other work on a shared machine barely moves it, unlike the wall clock.
    started = clock.process_time()
    results = [compute(calendar, received, limit) for received, limit in pairs]
    return clock.process_time() - started, results


def pair_by_pair(calendar: WorkingCalendar, received: datetime, limit: int) -> datetime:
    return calendar.add_working_days(received, limit)


def batch(calendar: WorkingCalendar, pairs: Sequence[Pair]) -> tuple[float, list[datetime]]:
    started = clock.process_time()
    seconds_per_day = calendar.office_hours.seconds_per_day
    receipts = [received for received, _ in pairs]
    seconds = [limit * seconds_per_day for _, limit in pairs]
    results = calendar.add_working_seconds_many(receipts, seconds)
    return clock.process_time() - started, results


def run_workload(
    name: str, pairs: list[Pair], calendar: WorkingCalendar, sample: int, hour_sample: int
) -> None:
    print(f"\n{name}: {len(pairs):,} pairs, CPU seconds")
    fast_seconds, fast_results = timed(pair_by_pair, calendar, pairs)
    batch_seconds, batch_results = batch(calendar, pairs)
    batch_mismatches = sum(a != b for a, b in zip(batch_results, fast_results, strict=True))
    rates = {"pair by pair": len(pairs) / fast_seconds, "batch": len(pairs) / batch_seconds}
    print(
        f"  {'pair by pair':<20}{fast_seconds:8.2f} s  {rates['pair by pair']:12,.0f} pairs/s  "
        "(add_working_days on each pair; all pairs timed)"
    )
    print(
        f"  {'batch':<20}{batch_seconds:8.2f} s  {rates['batch']:12,.0f} pairs/s  "
        f"(add_working_seconds_many on all pairs at once; {batch_mismatches} differ from pair by pair)"
    )
    if batch_mismatches:
        sys.exit(f"the batch disagrees with pair by pair on {batch_mismatches} pairs")
    for label, naive, size in (
        ("naive day-by-day", naive_day_by_day, sample),
        ("naive hour-by-hour", naive_hour_by_hour, hour_sample),
    ):
        subset = pairs[:size]
        seconds, results = timed(naive, calendar, subset)
        mismatches = sum(a != b for a, b in zip(results, fast_results, strict=False))
        rate = len(subset) / seconds
        speed_ups = ", ".join(f"{path} {path_rate / rate:,.0f}×" for path, path_rate in rates.items())
        print(
            f"  {label:<20}{len(pairs) / rate:8.2f} s  {rate:12,.0f} pairs/s  "
            f"(extrapolated from {len(subset):,} pairs; {mismatches} differ)  speed-up over it: {speed_ups}"
        )
        if mismatches:
            sys.exit(f"{label} disagrees with WorkingCalendar on {mismatches} pairs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000, help="pairs timed with the day-by-day loop")
    parser.add_argument(
        "--hour-sample", type=int, default=2_000, help="pairs timed with the hour-by-hour loop"
    )
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()

    rng = random.Random(options.seed)
    calendar = national_calendar()
    print(f"Python {platform.python_version()} on {platform.machine()}; seed {options.seed}")
    moments = receipt_moments(options.pairs, rng)
    run_workload(
        "30 working days", [(moment, 30) for moment in moments], calendar, options.sample, options.hour_sample
    )
    mixed_limits = [1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60]
    run_workload(
        f"mixed limits ({', '.join(map(str, mixed_limits))} working days)",
        [(moment, rng.choice(mixed_limits)) for moment in moments],
        calendar,
        options.sample,
        options.hour_sample,
    )


if __name__ == "__main__":
    main()
