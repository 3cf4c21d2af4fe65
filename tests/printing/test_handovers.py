"""The control sheet's hand-overs derived from the processing steps, and their timing."""

from datetime import timedelta
from decimal import Decimal

import pytest

from motcua.agencies.models import Role
from motcua.dossiers import services
from motcua.dossiers.transfers import Outcome, handover_outcome
from motcua.printing import contexts
from motcua.printing.handovers import dossier_handovers, handovers_from_steps, timing_of
from tests.factories import AgencyFactory, CaseFactory, PaperFactory, StepTemplateFactory, staff_with_role
from tests.printing.conftest import at, received_online

pytestmark = pytest.mark.django_db


def test_timing_is_early_on_an_earlier_day_on_time_until_the_due_moment_and_late_after():
    due = at(10, 9)
    assert timing_of(at(9, 16), due) == Outcome.EARLY
    assert timing_of(at(10, 8), due) == Outcome.ON_TIME
    assert timing_of(due, due) == Outcome.ON_TIME
    assert timing_of(due + timedelta(minutes=1), due) == Outcome.LATE
    assert timing_of(None, due) == "" and timing_of(at(9, 9), None) == ""


@pytest.mark.parametrize(
    "finished",
    # 00:30 local on the due day is still the previous day in UTC: the one rule compares local days.
    [at(9, 16), at(10, 0, 30), at(10, 8), at(10, 9), at(10, 9, 1), at(11, 8)],
)
def test_control_sheet_timing_is_the_transfers_outcome_rule(finished):
    due = at(10, 9)
    assert timing_of(finished, due) == handover_outcome(finished_at=finished, due_at=due)


def test_each_step_is_handed_over_by_whoever_finished_the_step_before(office):
    dossier = received_online(office)
    services.dossier_step_complete(
        dossier=dossier, user=office["leader"], next_assignee=office["specialist"], now=at(7, 10)
    )
    # The specialist's 12 working hours from Monday 10:00 end Tuesday 15:00: Wednesday is late.
    services.dossier_step_complete(dossier=dossier, user=office["specialist"], now=at(9, 15))
    rows = handovers_from_steps(dossier)
    assert [(r.giver, r.receiver) for r in rows] == [
        ("Nguyễn Thị Thu Hà", "Trần Văn Hùng"),
        ("Trần Văn Hùng", "Lê Thị Mai Anh"),
        ("Lê Thị Mai Anh", "Lãnh đạo phòng"),
    ]
    assert [r.timing for r in rows] == [Outcome.ON_TIME, Outcome.LATE, ""]
    assert rows[1].given_at == at(7, 10)


def test_a_returned_dossier_ends_with_the_desk_and_the_applicant(office):
    dossier = received_online(office)
    services.dossier_step_complete(
        dossier=dossier, user=office["leader"], next_assignee=office["specialist"], now=at(7, 10)
    )
    services.dossier_step_complete(dossier=dossier, user=office["specialist"], now=at(7, 14))
    services.dossier_step_complete(dossier=dossier, user=office["leader"], now=at(7, 15))
    services.dossier_return_result(
        dossier=dossier, officer=office["desk"], received_by_name="Đặng Thị Ngọc Ánh", now=at(8, 8)
    )
    dossier.refresh_from_db()
    last_two = handovers_from_steps(dossier)[-2:]
    assert [(r.giver, r.receiver) for r in last_two] == [
        ("Trần Văn Hùng", "Bộ phận Một cửa"),
        ("Bộ phận Một cửa", "Đặng Thị Ngọc Ánh"),
    ]
    assert all(r.timing == Outcome.EARLY for r in last_two)


def test_an_inter_agency_dossier_lists_the_transfers_between_its_steps(office):
    department = AgencyFactory(name="Sở Tư pháp", electronic_id="H56.20", parent=office["province"])
    clerk = staff_with_role(department, Role.SPECIALIST, full_name="Vũ Thị Lan")
    case = CaseFactory(time_limit_value=Decimal(5))
    case.procedure.agencies.add(office["agency"])
    for paper in office["case"].papers.all():
        PaperFactory(case=case, order=paper.order, name=paper.name)
    StepTemplateFactory(
        case=case, order=1, name="Phân công", role=Role.DEPARTMENT_LEADER, time_budget_hours=4
    )
    StepTemplateFactory(case=case, order=2, name="Thẩm định", role=Role.SPECIALIST, agency=department)
    StepTemplateFactory(
        case=case, order=3, name="Ký kết quả", role=Role.DEPARTMENT_LEADER, time_budget_hours=4
    )
    office = {**office, "case": case}
    dossier = received_online(office)
    services.dossier_step_complete(dossier=dossier, user=office["leader"], now=at(7, 10))
    services.dossier_step_complete(dossier=dossier, user=clerk, now=at(8, 10))
    services.dossier_step_complete(dossier=dossier, user=office["leader"], now=at(8, 15))
    dossier.refresh_from_db()
    rows = dossier_handovers(dossier=dossier)
    assert [(r.agency, r.giver, r.receiver) for r in rows] == [
        ("UBND phường Phan Đình Phùng", "Nguyễn Thị Thu Hà", "Trần Văn Hùng"),
        ("Sở Tư pháp", "Trần Văn Hùng", "Vũ Thị Lan"),
        ("UBND phường Phan Đình Phùng", "Vũ Thị Lan", "Trần Văn Hùng"),
        ("UBND phường Phan Đình Phùng", "Trần Văn Hùng", "Bộ phận Một cửa"),
    ]
    assert contexts.control_sheet_context(dossier)["cooperating_agencies"] == ["Sở Tư pháp"]
    assert rows[1].received_at == at(8, 10) and rows[1].timing_label in {"Trước hạn", "Đúng hạn", "Quá hạn"}
