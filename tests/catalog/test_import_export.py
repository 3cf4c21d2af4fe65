"""Catalogue files: export → import into an empty catalogue gives the same catalogue; a bad file imports nothing."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from motcua.agencies.models import Role
from motcua.catalog.exporting import catalog_records, export_json, export_xlsx
from motcua.catalog.importing import RawProcedure, import_catalog, validate_catalog
from motcua.catalog.models import Fee, Field, Procedure, ProcedureCase
from motcua.catalog.services import CaseData, ProcedureData, catalog_import
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    FeeFactory,
    PaperFactory,
    ProcedureFactory,
    StepTemplateFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Two procedures with the awkward values: nulls, a free fee, a "theo quy định" fee, two cases, agencies."""
    agency = AgencyFactory(electronic_id="H56.101")
    birth = ProcedureFactory(
        name="Thủ tục đăng ký khai sinh",
        code="1.001193",
        external_id="demo-009",
        legal_basis=["Luật Hộ tịch 2014", "Nghị định 123/2015/NĐ-CP"],
        sources=["Quyết định 2873/QĐ-UBND"],
        version_note="Post-reform",
        online_kind_text="toàn trình",
        accepts_post=True,
    )
    birth.agencies.add(agency)
    general = CaseFactory(procedure=birth, name="Trường hợp chung", time_limit_value=Decimal("1"))
    late = CaseFactory(
        procedure=birth,
        name="Đăng ký khai sinh quá hạn",
        order=1,
        time_limit_value=Decimal("2.5"),
        online_time_limit_value=Decimal("2"),
        time_limit_text="Không quá 2,5 ngày làm việc",
    )
    PaperFactory(case=general, name="Tờ khai đăng ký khai sinh", originals=1, copies=0)
    PaperFactory(case=general, name="Giấy chứng sinh", originals=None, copies=None, note="bản chính")
    PaperFactory(case=late, name="Văn bản ủy quyền", is_mandatory=False, from_document_store=True)
    FeeFactory(case=general, name="Lệ phí đăng ký khai sinh", amount=0, note="Miễn khi đúng hạn")
    FeeFactory(case=late, name="Lệ phí", amount=None, kind=Fee.Kind.OTHER)
    FeeFactory(case=late, name="Phí cấp bản sao", amount=8000, kind=Fee.Kind.FEE)
    StepTemplateFactory(
        case=general, order=1, name="Tiếp nhận", role=Role.DESK_OFFICER, time_budget_hours=Decimal("0.5")
    )
    StepTemplateFactory(case=general, order=2, name="Xử lý", role=Role.SPECIALIST, time_budget_hours=4)

    unknown = ProcedureFactory(
        name="Hòa giải tranh chấp đất đai",
        code="",
        external_id=None,
        field=Field.objects.create(name="Đất đai", code="DD"),
        level="",
        online_kind="",
    )
    CaseFactory(procedure=unknown, time_limit_value=None, time_limit_unit="")
    ProcedureFactory(name="Thủ tục chưa có trường hợp", level=Procedure.Level.BOTH, is_published=False)
    return catalog_records()


def _empty_the_catalogue():
    Procedure.objects.all().delete()
    Field.objects.all().delete()


def test_json_export_then_import_into_empty_catalogue_gives_the_same_catalogue(catalogue):
    stream = io.StringIO()
    assert export_json(stream) == 3
    _empty_the_catalogue()

    report = import_catalog(io.BytesIO(stream.getvalue().encode()), fmt="json")

    assert report.ok, report.errors
    assert report.result.created == 3
    assert catalog_records() == catalogue
    assert json.loads(stream.getvalue()) == json.loads(json.dumps(catalogue))


def test_xlsx_export_then_import_into_empty_catalogue_gives_the_same_catalogue(catalogue):
    stream = io.BytesIO()
    export_xlsx(stream)
    _empty_the_catalogue()

    stream.seek(0)
    report = import_catalog(stream, fmt="xlsx")

    assert report.ok, [str(e) for e in report.errors]
    assert catalog_records() == catalogue


def test_importing_the_same_file_twice_changes_nothing(catalogue):
    stream = io.StringIO()
    export_json(stream)
    case_ids = set(ProcedureCase.objects.values_list("pk", flat=True))

    report = import_catalog(io.StringIO(stream.getvalue()), fmt="json")

    assert report.result.created == 0
    assert report.result.updated == 0
    assert report.result.unchanged == 3
    assert set(ProcedureCase.objects.values_list("pk", flat=True)) == case_ids


def test_import_updates_in_place_by_external_id_then_by_code_and_name(catalogue):
    records = json.loads(json.dumps(catalogue))
    birth = next(r for r in records if r["external_id"] == "demo-009")
    birth["name"] = "Đăng ký khai sinh (tên mới)"
    birth["cases"][0]["fees"][0]["amount"] = 5000
    land = next(r for r in records if r["name"] == "Hòa giải tranh chấp đất đai")
    land["applicants_text"] = "Các bên tranh chấp"
    case_pk = ProcedureCase.objects.get(procedure__external_id="demo-009", name="Trường hợp chung").pk

    report = import_catalog(io.StringIO(json.dumps(records)), fmt="json")

    assert report.result.updated == 2
    assert Procedure.objects.count() == 3
    case = ProcedureCase.objects.get(pk=case_pk)
    assert case.procedure.name == "Đăng ký khai sinh (tên mới)"
    assert case.fees.get(name="Lệ phí đăng ký khai sinh").amount == 5000
    assert Procedure.objects.get(name="Hòa giải tranh chấp đất đai").applicants_text == "Các bên tranh chấp"


def test_json_with_several_bad_rows_imports_nothing_and_names_each_row():
    records = [
        {"name": "Chứng thực chữ ký", "field": "Chứng thực", "cases": [{"name": "Trường hợp chung"}]},
        {"name": "", "field": "Hộ tịch"},
        {
            "name": "Đăng ký kết hôn",
            "field": "Hộ tịch",
            "level": "huyện",
            "cases": [
                {
                    "name": "Trường hợp chung",
                    "time_limit_value": "ba ngày",
                    "time_limit_unit": "working_days",
                    "fees": [{"name": "Lệ phí", "amount": "tám nghìn"}, {"name": "Phí", "amount": -5}],
                    "steps": [{"name": "Thẩm định", "role": "giám đốc", "time_budget_hours": 8}],
                }
            ],
        },
    ]

    report = import_catalog(io.StringIO(json.dumps(records)), fmt="json")

    assert not report.ok
    assert [str(error) for error in report.errors] == [
        "Mục [1]: thiếu tên thủ tục",
        "Mục [2]: cấp thực hiện “huyện” không hợp lệ (dùng một trong: both, commune, province)",
        "Mục [2].cases[0]: thời hạn giải quyết không phải số",
        "Mục [2].cases[0].fees[0]: mức thu không phải số",
        "Mục [2].cases[0].fees[1]: mức thu không được âm",
        "Mục [2].cases[0].steps[0]: vai trò thực hiện “giám đốc” không hợp lệ "
        "(dùng một trong: agency_admin, agency_leader, department_leader, desk_officer, specialist)",
    ]
    assert not Procedure.objects.exists()
    assert not Field.objects.exists()


def _workbook(procedures: list[list], fees: list[list] | None = None, papers: list[list] | None = None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "procedures"
    sheet.append(
        [
            "external_id",
            "code",
            "name",
            "field",
            "level",
            "case_id",
            "case_name",
            "time_limit_value",
            "time_limit_unit",
        ]
    )
    for row in procedures:
        sheet.append(row)
    for name, rows, header in (
        ("fees", fees, ["case_id", "name", "kind", "amount", "note"]),
        ("papers", papers, ["case_id", "name", "is_mandatory", "originals", "copies"]),
    ):
        if rows is not None:
            sheet = workbook.create_sheet(name)
            sheet.append(header)
            for row in rows:
                sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream


def test_xlsx_with_several_bad_rows_imports_nothing_and_reports_sheet_and_row():
    stream = _workbook(
        procedures=[
            [
                "x-1",
                "1.000001",
                "Đăng ký khai tử",
                "Hộ tịch",
                "commune",
                "1",
                "Trường hợp chung",
                3,
                "working_days",
            ],
            ["x-2", "1.000002", None, "Hộ tịch", "commune", "2", "Trường hợp chung", 3, "working_days"],
            [
                "x-3",
                "1.000003",
                "Chứng thực di chúc",
                None,
                "tỉnh",
                "3",
                "Trường hợp chung",
                "hai",
                "ngày làm việc",
            ],
            [
                "x-1",
                "1.000001",
                "Đăng ký khai tử",
                "Hộ tịch",
                "province",
                "4",
                "Có yếu tố nước ngoài",
                5,
                "ngày",
            ],
        ],
        fees=[
            ["1", "Lệ phí", "charge", "8.000", None],
            ["1", "Phí", "fee", "tám nghìn", None],
            ["9", "Lệ phí", "charge", 5000, None],
        ],
        papers=[["4", "Tờ khai", "có", 1, "một"]],
    )

    report = import_catalog(stream, fmt="xlsx")

    assert [str(error) for error in report.errors] == [
        "Dòng 3 (procedures): thiếu tên thủ tục",
        "Dòng 4 (procedures): thiếu lĩnh vực",
        "Dòng 4 (procedures): thời hạn giải quyết không phải số",
        "Dòng 5 (procedures): cột level khác với dòng 2 của cùng thủ tục",
        "Dòng 2 (papers): số bản sao không phải số",
        "Dòng 3 (fees): mức thu không phải số",
        "Dòng 4 (fees): không có trường hợp nào mang case_id “9” ở trang procedures",
    ]
    assert not Procedure.objects.exists()


def test_xlsx_rows_of_one_procedure_become_its_cases_with_their_fees():
    stream = _workbook(
        procedures=[
            [
                "x-1",
                "1.000001",
                "Đăng ký khai tử",
                "Hộ tịch",
                "xã",
                "a",
                "Trường hợp chung",
                3,
                "ngày làm việc",
            ],
            ["x-1", None, None, None, None, "b", "Có yếu tố nước ngoài", "0,5", "working_days"],
        ],
        fees=[["a", "Lệ phí", "lệ phí", "8.000", None], ["b", "Lệ phí", "charge", None, "theo HĐND"]],
    )

    report = import_catalog(stream, fmt="xlsx")

    assert report.ok, [str(e) for e in report.errors]
    procedure = Procedure.objects.get(external_id="x-1")
    assert procedure.level == Procedure.Level.COMMUNE
    general, foreign = procedure.cases.all()
    assert (general.name, general.time_limit_value) == ("Trường hợp chung", Decimal("3"))
    assert foreign.time_limit_value == Decimal("0.5")
    assert general.fees.get().amount == 8000
    assert foreign.fees.get().amount is None


def test_validation_runs_without_touching_the_database(django_assert_num_queries):
    raw = [RawProcedure("Mục [0]", {"name": "Cấp bản sao", "field": "Chứng thực", "level": "cấp xã"})]
    with django_assert_num_queries(0):
        procedures, errors = validate_catalog(raw)
    assert errors == []
    assert procedures[0].level == "commune"


def test_case_dropped_from_the_file_is_deleted_when_no_dossier_uses_it():
    procedure = ProcedureFactory(external_id="x-1")
    CaseFactory(procedure=procedure, name="Trường hợp cũ")
    data = ProcedureData(
        external_id="x-1",
        name=procedure.name,
        field=procedure.field.name,
        cases=[CaseData(name="Trường hợp mới")],
    )

    catalog_import(procedures=[data])

    assert list(procedure.cases.values_list("name", flat=True)) == ["Trường hợp mới"]


def test_import_and_export_commands(tmp_path, catalogue):
    json_path, xlsx_path = tmp_path / "catalogue.json", tmp_path / "catalogue.xlsx"
    call_command("export_catalog", str(json_path))
    call_command("export_catalog", str(xlsx_path))
    assert load_workbook(xlsx_path).sheetnames == ["procedures", "papers", "fees", "steps", "huong_dan"]
    _empty_the_catalogue()

    call_command("import_catalog", str(xlsx_path))

    assert catalog_records() == catalogue
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"name": "", "field": ""}]), encoding="utf-8")
    with pytest.raises(CommandError, match="2 lỗi"):
        call_command("import_catalog", str(bad))
