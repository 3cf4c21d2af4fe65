"""The deadline rules that need no database (dossiers/deadlines.py)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from motcua.calendar.working_time import WorkingCalendar
from motcua.dossiers import deadlines

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CALENDAR = WorkingCalendar()


def at(day, hour, minute=0):
    return datetime(2026, 12, day, hour, minute, tzinfo=VN)


budgets = st.lists(
    st.decimals(min_value=Decimal("0.25"), max_value=Decimal("200"), places=2), min_size=1, max_size=8
)


@given(budgets=budgets, available=st.integers(min_value=0, max_value=400 * 3600))
def test_step_budgets_never_add_up_to_more_than_the_time_until_the_appointment(budgets, available):
    shares = deadlines.step_budgets_fitting(budgets, available_seconds=available)
    assert len(shares) == len(budgets)
    assert all(Decimal(0) <= share <= budget for share, budget in zip(shares, budgets, strict=True))
    if sum(budgets) * 3600 <= available:
        assert shares == budgets
    else:
        assert sum(shares) * 3600 <= available


def test_step_budgets_are_scaled_in_proportion():
    shares = deadlines.step_budgets_fitting(
        [Decimal(4), Decimal(12), Decimal(8)], available_seconds=12 * 3600
    )
    assert shares == [Decimal(2), Decimal(6), Decimal(4)]


def test_step_budgets_are_kept_without_an_appointment():
    assert deadlines.step_budgets_fitting([Decimal(40)], available_seconds=None) == [Decimal(40)]


def test_apology_needs_one_full_working_day_before_the_due_date():
    due = at(10, 9)  # Thursday 09:00
    assert deadlines.apology_in_time(CALENDAR, at=at(9, 9), due=due)
    assert not deadlines.apology_in_time(CALENDAR, at=at(9, 9, 1), due=due)
    # Friday 17:00 to Monday 17:00 is one working day: the weekend does not count.
    assert deadlines.apology_in_time(CALENDAR, at=at(11, 17), due=at(14, 17))


def test_new_appointment_is_the_closing_time_of_a_working_day_only():
    assert deadlines.new_appointment_on(CALENDAR, date(2026, 12, 15)) == at(15, 17)
    assert deadlines.new_appointment_on(CALENDAR, date(2026, 12, 12)) is None  # a Saturday


def test_recomputed_appointment_keeps_the_apology_date_and_adds_only_later_pauses():
    recomputed = deadlines.appointment_recomputed(
        CALENDAR,
        received_at=at(7, 9),
        limit=Decimal(3),
        unit="working_days",
        paused_seconds=5 * 3600,
        new_appointment=at(15, 17),
        paused_seconds_at_new_appointment=3 * 3600,
    )
    assert recomputed == at(16, 9)  # two working hours after Tuesday's closing


def test_recomputed_appointment_without_a_limit_is_unknown():
    assert (
        deadlines.appointment_recomputed(
            CALENDAR, received_at=at(7, 9), limit=None, unit="", paused_seconds=0
        )
        is None
    )


def test_due_soon_means_within_one_working_day():
    assert deadlines.due_soon_until(CALENDAR, at(11, 10)) == at(14, 10)
