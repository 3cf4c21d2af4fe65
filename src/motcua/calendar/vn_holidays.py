"""Vietnamese public holidays (ngày nghỉ lễ, Tết) from the ``holidays`` package.

These are the defaults; the administrator's overrides (extra holidays, working Saturdays swapped by
government decision) are kept by the calendar app and win over them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import holidays

__all__ = ["is_in_tet_season", "vietnam_public_holidays", "vietnam_swapped_working_days"]


def vietnam_public_holidays(years: Iterable[int], *, language: str = "vi") -> dict[date, str]:
    """Public holidays of Vietnam for ``years``, by date, in date order.

    Includes the observed and compensatory days off the package knows (nghỉ bù, e.g. Hùng Kings' Day 2026
    falls on a Sunday and is observed on Monday 27 April). Names are in ``language`` (Vietnamese by default,
    whatever the process locale).
    """
    calendar = holidays.country_holidays("VN", years=sorted(set(years)), language=language)
    return dict(sorted(calendar.items()))


def vietnam_swapped_working_days(years: Iterable[int]) -> frozenset[date]:
    """Weekend days the government turned into working days for ``years`` (ngày làm bù).

    For example Saturday 26 April 2025 was worked so that Friday 2 May 2025 could be a day off.
    """
    wanted = set(years)
    calendar = holidays.country_holidays("VN", years=sorted(wanted))
    return frozenset(day for day in calendar.weekend_workdays if day.year in wanted)


def is_in_tet_season(day: date) -> bool:
    """Whether ``day`` lies where the days off of Tết Nguyên Đán can fall: 10 January to the end of February.

    The Lunar New Year falls between 21 January and 20 February, and its days off, observed ones included, stay
    within a few days of it; no other public holiday falls in this window (New Year's Day is observed by
    3 January at the latest). So a year's Tết days are its public holidays in this window.
    """
    return day.month == 2 or (day.month == 1 and day.day >= 10)
