"""The demo catalogue: 36 real procedures, nothing invented, loadable again and again."""

from decimal import Decimal

import pytest

from motcua.agencies.models import Agency, Role
from motcua.catalog.demo import (
    assign_demo_agencies,
    default_steps,
    load_demo_catalog,
    paper_is_mandatory,
    parse_duration_hours,
    parse_level,
    parse_online_kind,
    role_for,
)
from motcua.catalog.models import Fee, Procedure, ProcedureCase, RequiredPaper, StepTemplate
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Procedure, ProcedureCase, RequiredPaper, Fee, StepTemplate)
    ]


def test_demo_catalogue_loads_36_procedures_each_with_one_case():
    assert load_demo_catalog() == 36
    assert Procedure.objects.filter(external_id__startswith="demo-").count() == 36
    assert ProcedureCase.objects.count() == 36
    assert not ProcedureCase.objects.filter(steps=None).exists()


def test_loading_the_demo_catalogue_twice_changes_nothing():
    load_demo_catalog()
    before = _snapshot()

    assert load_demo_catalog() == 0
    load_demo_catalog(refresh=True)

    assert _snapshot() == before


def test_demo_keeps_unpublished_values_empty():
    load_demo_catalog()
    without_fees = Procedure.objects.get(external_id="demo-012")  # fees: null in the sample
    assert not Fee.objects.filter(case__procedure=without_fees).exists()
    no_limit = ProcedureCase.objects.get(procedure__external_id="demo-001")
    assert no_limit.time_limit_value is None
    assert no_limit.time_limit_unit == ""
    assert no_limit.time_limit_text.startswith("ngay trong ngày tiếp nhận")
    assert not RequiredPaper.objects.filter(case=no_limit).exists()  # papers: null, none invented
    no_code = Procedure.objects.get(external_id="demo-015")
    assert no_code.code == ""
    theo_quy_dinh = Fee.objects.get(case__procedure=no_code, name="Lệ phí đăng ký thành lập hộ kinh doanh")
    assert theo_quy_dinh.amount is None


def test_demo_033_has_its_two_published_fees():
    load_demo_catalog()
    fees = Fee.objects.filter(case__procedure__external_id="demo-033").order_by("order")
    assert [(fee.name, fee.amount, fee.kind) for fee in fees] == [
        ("Lệ phí đăng ký doanh nghiệp", 50000, Fee.Kind.CHARGE),
        ("Phí công bố nội dung đăng ký doanh nghiệp", 100000, Fee.Kind.FEE),
    ]


def test_demo_maps_levels_online_kinds_and_time_units():
    load_demo_catalog()
    by_id = {p.external_id: p for p in Procedure.objects.all()}
    assert by_id["demo-001"].level == Procedure.Level.BOTH
    assert by_id["demo-002"].level == Procedure.Level.COMMUNE
    assert by_id["demo-033"].level == Procedure.Level.PROVINCE
    assert by_id["demo-014"].level == ""
    assert by_id["demo-002"].online_kind == Procedure.OnlineKind.PARTIAL
    assert by_id["demo-002"].online_kind_text == "một phần (Đồng Nai 2770)"
    assert by_id["demo-003"].online_kind == Procedure.OnlineKind.NONE
    assert by_id["demo-020"].online_kind == ""  # "mức độ không nêu": not guessed
    assert by_id["demo-012"].online_kind == Procedure.OnlineKind.FULL
    case = by_id["demo-019"].cases.get()
    assert (case.time_limit_value, case.time_limit_unit) == (Decimal(5), Procedure.TimeUnit.CALENDAR_DAYS)
    assert by_id["demo-012"].cases.get().online_time_limit_value == Decimal(3)


def test_conditional_papers_are_not_mandatory():
    load_demo_catalog()
    papers = RequiredPaper.objects.filter(case__procedure__external_id="demo-035").order_by("order")
    assert [paper.is_mandatory for paper in papers] == [True, True, False, False]
    assert not paper_is_mandatory("Văn bản ủy quyền (nếu ủy quyền)", None)
    assert not paper_is_mandatory("Văn bản ủy quyền", "Khi thực hiện qua người đại diện")
    assert paper_is_mandatory("Tờ khai điện tử (Mẫu số 01); văn bản ủy quyền nếu ủy quyền", None)


def test_published_workflow_of_demo_027_becomes_14_steps_with_hours():
    load_demo_catalog()
    steps = list(StepTemplate.objects.filter(case__procedure__external_id="demo-027").order_by("order"))
    assert len(steps) == 14
    assert [s.order for s in steps] == list(range(1, 15))
    first = steps[0]
    assert first.time_budget_hours == Decimal("4")  # "0,5 ngày làm việc"
    assert first.role == Role.DESK_OFFICER
    assert first.role_text == "Bộ phận tiếp nhận và trả kết quả (TTPVHCC)"
    assert steps[1].time_budget_hours == Decimal("8")  # "01 ngày làm việc"
    assert steps[1].role == Role.DEPARTMENT_LEADER
    assert steps[4].role == Role.AGENCY_LEADER  # Lãnh đạo UBND xã, phường
    assert steps[11].role == Role.AGENCY_LEADER  # Người đứng đầu cơ sở trợ giúp xã hội
    assert steps[13].time_budget_hours == 0  # "không tính"


def test_procedures_without_a_published_workflow_get_the_default_three_steps():
    load_demo_catalog()
    three_days = StepTemplate.objects.filter(case__procedure__external_id="demo-011").order_by("order")
    assert [(s.name, s.role, s.time_budget_hours) for s in three_days] == [
        ("Phân công thụ lý", Role.DEPARTMENT_LEADER, 4),
        ("Thẩm định, xử lý hồ sơ", Role.SPECIALIST, 12),
        ("Phê duyệt kết quả", Role.DEPARTMENT_LEADER, 8),
    ]
    same_day = StepTemplate.objects.filter(case__procedure__external_id="demo-001").order_by("order")
    assert [s.time_budget_hours for s in same_day] == [2, 4, 2]


@pytest.mark.parametrize(
    ("text", "hours"),
    [("0,5 ngày làm việc", 4), ("01 ngày làm việc", 8), ("02 giờ làm việc", 2), ("không tính", None)],
)
def test_duration_text_in_hours(text, hours):
    assert parse_duration_hours(text) == hours


def test_parsers_of_the_sample_wording():
    assert parse_level("tỉnh, xã (liên thông)") == Procedure.Level.BOTH
    assert parse_level(None) == ""
    assert parse_online_kind("toàn trình (Nghệ An 3783: nộp trực tuyến toàn trình qua DVCQG)") == "full"
    assert parse_online_kind("bưu chính công ích hoặc trực tiếp (không nêu trực tuyến)") == "none"
    assert parse_online_kind(None) == ""
    assert role_for("Lãnh đạo Sở Y tế") == Role.AGENCY_LEADER
    assert role_for("Văn thư UBND cấp xã") == Role.SPECIALIST
    assert [s.time_budget_hours for s in default_steps(Decimal(1), "working_days")] == [2, 4, 2]
    assert [s.time_budget_hours for s in default_steps(Decimal(2), "working_days")] == [4, 4, 8]


def test_demo_agencies_receive_procedures_by_level_and_field():
    communes = [AgencyFactory(electronic_id=f"H56.10{i}") for i in (1, 2)]
    justice = AgencyFactory(electronic_id="H56.20", level=Agency.Level.PROVINCE, name="Sở Tư pháp")
    health = AgencyFactory(electronic_id="H56.22", level=Agency.Level.PROVINCE, name="Sở Y tế")
    centre = AgencyFactory(electronic_id="H56.30", level=Agency.Level.PROVINCE, name="Trung tâm PVHCC")
    load_demo_catalog()

    assign_demo_agencies()
    assign_demo_agencies()  # idempotent

    def agencies_of(external_id):
        return set(Procedure.objects.get(external_id=external_id).agencies.all())

    assert agencies_of("demo-002") == set(communes)  # xã
    assert agencies_of("demo-001") == {*communes, justice}  # chứng thực, tỉnh và xã
    assert agencies_of("demo-027") == {*communes, health}  # bảo trợ xã hội, liên thông
    assert agencies_of("demo-036") == {justice}  # lý lịch tư pháp
    assert agencies_of("demo-022") == {centre}  # đất đai, tỉnh
    assert agencies_of("demo-014") == {centre}  # no level
    assert agencies_of("demo-033") == set()  # Sở Tài chính (H56.21) not in this tree: skipped
