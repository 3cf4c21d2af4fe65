"""Each processing step has its own due time, counted in working hours from when it starts (domain.md §6–§7)."""

from decimal import Decimal

import pytest

from motcua.dossiers import services
from tests.dossier_setup import at, make_office, processing, received
from tests.uploads import pdf

pytestmark = pytest.mark.django_db


def test_each_step_gets_its_own_due_time_when_it_starts():
    office = make_office()
    dossier = received(office, when=at(7, 9))  # Monday 09:00; 3 working days -> Thursday 09:00
    first, second, third = dossier.steps.order_by("order")
    assert dossier.due_at == at(10, 9)
    assert (first.started_at, first.due_at) == (at(7, 9), at(7, 15))  # 4 working hours
    assert second.started_at is None and second.due_at is None

    services.dossier_step_complete(
        dossier=dossier, user=office.leader, next_assignee=office.specialist, now=at(7, 10)
    )
    second.refresh_from_db()
    # 12 working hours from Monday 10:00: 5 on Monday, 7 on Tuesday.
    assert (second.started_at, second.due_at) == (at(7, 10), at(8, 16))

    services.dossier_step_complete(dossier=dossier, user=office.specialist, now=at(9, 8))
    third.refresh_from_db()
    assert (third.started_at, third.due_at) == (at(9, 8), at(10, 8))  # 7 h on Wednesday, 1 on Thursday


def test_steps_share_of_time_fits_the_appointment_when_their_budgets_exceed_it():
    office = make_office()
    office.case.time_limit_value = Decimal(1)  # one working day, but the workflow budgets 24 hours
    office.case.save()
    dossier = received(office, when=at(7, 9))
    assert dossier.due_at == at(8, 9)
    budgets = list(dossier.steps.order_by("order").values_list("time_budget_hours", flat=True))
    assert budgets == [Decimal("1.33"), Decimal("4.00"), Decimal("2.66")]
    assert sum(budgets) <= 8
    first = dossier.steps.get(order=1)
    assert first.due_at <= dossier.due_at


def test_supplement_pause_shifts_due_time_by_exactly_the_paused_working_time():
    office = make_office()
    dossier = processing(office, when=at(7, 9), assigned_at=at(7, 10))
    step = dossier.steps.get(order=2)
    assert (dossier.due_at, step.due_at) == (at(10, 9), at(8, 16))

    services.dossier_request_supplement(
        dossier=dossier, officer=office.specialist, items=["Ảnh chân dung"], reason="Ảnh mờ", now=at(8, 14)
    )
    services.dossier_supplement(
        dossier=dossier, applicant=office.citizen, files={None: [pdf()]}, now=at(10, 10)
    )

    # Tuesday 14:00 to Thursday 10:00: 3 + 8 + 3 = 14 working hours.
    dossier.refresh_from_db()
    step.refresh_from_db()
    assert dossier.paused_seconds == dossier.processing_paused_seconds == 14 * 3600
    assert step.paused_seconds == 14 * 3600
    assert dossier.due_at == at(11, 17)  # Thursday 09:00 + 14 h
    assert step.due_at == at(10, 14)  # Tuesday 16:00 + 14 h
