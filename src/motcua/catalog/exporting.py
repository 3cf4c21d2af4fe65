"""Export of the procedure catalogue as JSON or XLSX, in the format `catalog.importing` reads back.

The format (keys, sheets, columns, values) is described in `catalog.importing`'s docstring.
Export → import into an empty database gives the same catalogue (template files excepted).
"""

import json
from decimal import Decimal
from pathlib import Path

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.importing import (
    FEE_KEYS,
    PAPER_KEYS,
    PROCEDURE_KEYS,
    STEP_KEYS,
    XLSX_CASE_COLUMNS,
    XLSX_SHEETS,
    detect_format,
)
from motcua.catalog.models import Procedure


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _procedures_for_export() -> QuerySet[Procedure]:
    return (
        Procedure.objects.select_related("field")
        .prefetch_related(
            Prefetch("agencies", Agency.objects.order_by("electronic_id")),
            "cases__papers",
            "cases__fees",
            "cases__steps__agency",
        )
        .order_by("name", "code", "pk")
    )


_DERIVED_KEYS = {"external_id", "field", "field_code", "agencies"}


def catalog_records(procedures: QuerySet[Procedure] | None = None) -> list[dict]:
    """The catalogue as JSON-ready dicts: procedures with nested cases, papers, fees and steps."""
    records = []
    for procedure in procedures if procedures is not None else _procedures_for_export():
        record = {key: getattr(procedure, key) for key in PROCEDURE_KEYS if key not in _DERIVED_KEYS}
        record["external_id"] = procedure.external_id or ""
        record["field"] = procedure.field.name
        record["field_code"] = procedure.field.code
        record["agencies"] = [agency.electronic_id for agency in procedure.agencies.all()]
        record["cases"] = [
            {
                "name": case.name,
                "time_limit_value": _number(case.time_limit_value),
                "time_limit_unit": case.time_limit_unit,
                "online_time_limit_value": _number(case.online_time_limit_value),
                "time_limit_text": case.time_limit_text,
                "papers": [{key: getattr(paper, key) for key in PAPER_KEYS} for paper in case.papers.all()],
                "fees": [{key: getattr(fee, key) for key in FEE_KEYS} for fee in case.fees.all()],
                "steps": [
                    {
                        **{key: getattr(step, key) for key in STEP_KEYS},
                        "time_budget_hours": _number(step.time_budget_hours),
                        "agency": step.agency.electronic_id if step.agency else "",
                    }
                    for step in case.steps.all()
                ],
            }
            for case in procedure.cases.all()
        ]
        records.append({key: record[key] for key in (*PROCEDURE_KEYS, "cases")})
    return records


def export_json(stream, records: list[dict] | None = None) -> int:
    """Write the catalogue to a text stream as JSON; return the number of procedures."""
    records = catalog_records() if records is None else records
    json.dump(records, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
    return len(records)


def _cell(value):
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, list):
        return "\n".join(value) or None
    if value == "":
        return None
    return value


# Vietnamese help for the `huong_dan` sheet; the importer ignores that sheet.
_COLUMN_HELP = {
    "external_id": "Mã nội bộ, duy nhất (khóa cập nhật); để trống thì khóa là mã TTHC + tên",
    "code": "Mã TTHC quốc gia, ví dụ 1.001193; để trống nếu chưa công bố",
    "name": "Tên (bắt buộc)",
    "field": "Lĩnh vực (bắt buộc)",
    "level": "province | commune | both (cấp tỉnh, cấp xã, cả hai)",
    "online_kind": "full | partial | none (toàn trình, một phần, chỉ trực tiếp); trống nếu chưa rõ",
    "agencies": "Mã định danh điện tử của cơ quan tiếp nhận, cách nhau bằng dấu phẩy",
    "legal_basis": "Mỗi văn bản một dòng trong ô",
    "sources": "Mỗi nguồn một dòng trong ô",
    "case_id": "Mã trường hợp, duy nhất trong tệp; các trang papers, fees, steps dùng mã này",
    "case_name": "Tên trường hợp, ví dụ “Trường hợp chung”",
    "time_limit_value": "Số; để trống nếu chưa công bố (không tự điền)",
    "time_limit_unit": "working_days | calendar_days | working_hours",
    "is_mandatory": "có | không",
    "amount": "Mức thu (đồng), số nguyên; trống = theo quy định; 0 = miễn phí",
    "kind": "fee | charge | other (phí, lệ phí, phí và lệ phí)",
    "role": "desk_officer | specialist | department_leader | agency_leader | agency_admin",
    "time_budget_hours": "Thời gian của bước, tính bằng giờ làm việc (0,5 ngày = 4 giờ)",
    "agency": "Mã định danh của cơ quan phối hợp thực hiện bước (liên thông); trống = cơ quan tiếp nhận",
}


def _sheet_rows(records: list[dict]) -> dict[str, list[list]]:
    rows: dict[str, list[list]] = {name: [list(columns)] for name, columns in XLSX_SHEETS.items()}
    case_number = 0
    for record in records:
        procedure_cells = [_cell(record[key]) for key in PROCEDURE_KEYS]
        if not record["cases"]:
            rows["procedures"].append(procedure_cells + [None] * (1 + len(XLSX_CASE_COLUMNS)))
        for case in record["cases"]:
            case_number += 1
            case_cells = [_cell(case[target]) for target in XLSX_CASE_COLUMNS.values()]
            rows["procedures"].append([*procedure_cells, str(case_number), *case_cells])
            for sheet, keys in (("papers", PAPER_KEYS), ("fees", FEE_KEYS), ("steps", STEP_KEYS)):
                for item in case[sheet]:
                    rows[sheet].append([str(case_number), *(_cell(item[key]) for key in keys)])
    return rows


def export_xlsx(stream, records: list[dict] | None = None) -> int:
    """Write the catalogue to a binary stream as an XLSX workbook; return the number of procedures."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    records = catalog_records() if records is None else records
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in _sheet_rows(records).items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        # Codes such as 1.000890 must stay text, or Excel turns them into numbers and drops the zero.
        for column_cells in sheet.iter_cols(min_row=2):
            for cell in column_cells:
                if isinstance(cell.value, str):
                    cell.number_format = "@"
                    if "\n" in cell.value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide = workbook.create_sheet("huong_dan")
    guide.append([_("Trang"), _("Cột"), _("Ý nghĩa")])
    for sheet_name, columns in XLSX_SHEETS.items():
        for column in columns:
            guide.append([sheet_name, column, _COLUMN_HELP.get(column, "")])
    workbook.save(stream)
    return len(records)


def export_catalog(path: str | Path, *, fmt: str | None = None) -> int:
    """Write the whole catalogue to `path` (format from `fmt` or the extension); return the number of procedures."""
    fmt = fmt or detect_format(str(path))
    if fmt == "json":
        with open(path, "w", encoding="utf-8") as stream:
            return export_json(stream)
    with open(path, "wb") as stream:
        return export_xlsx(stream)
