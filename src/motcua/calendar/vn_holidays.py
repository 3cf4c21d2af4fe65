"""Vietnamese public holidays (ngày nghỉ lễ, Tết) from the ``holidays`` package.

These are the defaults; the administrator's overrides (extra holidays, working Saturdays swapped by
government decision) are kept by the calendar app and win over them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import holidays

__all__ = ["vietnam_public_holidays", "vietnam_swapped_working_days"]


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
