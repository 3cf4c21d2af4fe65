"""Import of the procedure catalogue from JSON or XLSX, all or nothing.

Reading is in three steps: a reader turns the file into raw rows that remember where they came from
(`read_json`, `read_xlsx`); `validate_catalog` checks every row without touching the database and returns
either clean `ProcedureData` or the list of every bad row with a Vietnamese reason; only when nothing is
wrong does `catalog.services.catalog_import` write, in one transaction. `import_catalog` chains the three.

Upsert key: `external_id` when present, else `code` + `name`. Procedures not in the file are left alone.
Order (cases, papers, fees, steps) is the order of the list or of the rows. Template files (mẫu đơn) are not
part of the format; they stay attached to papers that keep their name.

JSON: a list of procedures, each an object with the keys of PROCEDURE_KEYS and `cases`, a list of objects
with the keys of CASE_KEYS and `papers`, `fees`, `steps` (lists of objects with PAPER_KEYS, FEE_KEYS,
STEP_KEYS). Bad rows are named by their path: "Mục [3].cases[0].fees[1]" (indexes from 0).

XLSX: row 1 of each sheet holds the column keys below; rows are numbered as Excel shows them.
- sheet `procedures`: one row per procedure case. Columns: the procedure columns (PROCEDURE_KEYS), repeated
  on every case row of the same procedure (a blank cell repeats the first row's value), then `case_id` (any
  text unique in the workbook, used by the other sheets), `case_name`, `time_limit_value`,
  `time_limit_unit`, `online_time_limit_value`, `time_limit_text`. A procedure without cases is one row
  with the case columns blank.
- sheet `papers`: `case_id` + PAPER_KEYS.   - sheet `fees`: `case_id` + FEE_KEYS.
- sheet `steps`: `case_id` + STEP_KEYS, in processing order.
Other sheets (the exported `huong_dan`) are ignored.

Values: `level` province | commune | both (or "cấp tỉnh", "cấp xã", "cả hai"); `online_kind` full | partial |
none; `time_limit_unit` working_days | calendar_days | working_hours (or "ngày làm việc", "ngày", "giờ làm
việc"); fee `kind` fee | charge | other; step `role` one of agencies.Role (desk_officer, specialist,
department_leader, agency_leader, agency_admin); step `agency` the electronic ID of the agency that does
the step when it is not the receiving one (một cửa liên thông), blank otherwise. Booleans: có/không, x,
true/false, 1/0. Lists (`legal_basis`, `sources`) one item per line in a cell; `agencies` are electronic IDs
(H56.20) separated by commas or lines. A blank `amount` means "theo quy định" (set elsewhere), 0 means free.
Blank time values mean "not published"; nothing is filled in by the importer.
"""

import json
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from motcua.agencies.models import Role
from motcua.catalog.models import Fee, Procedure
from motcua.catalog.services import (
    CaseData,
    CatalogImportResult,
    FeeData,
    PaperData,
    ProcedureData,
    StepData,
    catalog_import,
)
from motcua.core.text import fold_vietnamese

PROCEDURE_KEYS = (
    "external_id",
    "code",
    "name",
    "field",
    "field_code",
    "level",
    "online_kind",
    "online_kind_text",
    "accepts_in_person",
    "accepts_post",
    "returns_by_post",
    "steps_text",
    "submission_text",
    "applicants_text",
    "implementing_agency_text",
    "result_name",
    "requirements_text",
    "legal_basis",
    "sources",
    "version_note",
    "is_published",
    "agencies",
)
CASE_KEYS = ("name", "time_limit_value", "time_limit_unit", "online_time_limit_value", "time_limit_text")
PAPER_KEYS = ("name", "is_mandatory", "originals", "copies", "note", "from_document_store")
FEE_KEYS = ("name", "kind", "amount", "note")
STEP_KEYS = ("name", "role", "role_text", "time_budget_hours", "agency")

# XLSX: the case columns of the `procedures` sheet, and which case key each one fills.
XLSX_CASE_COLUMNS = {
    "case_name": "name",
    "time_limit_value": "time_limit_value",
    "time_limit_unit": "time_limit_unit",
    "online_time_limit_value": "online_time_limit_value",
    "time_limit_text": "time_limit_text",
}
XLSX_SHEETS = {
    "procedures": (*PROCEDURE_KEYS, "case_id", *XLSX_CASE_COLUMNS),
    "papers": ("case_id", *PAPER_KEYS),
    "fees": ("case_id", *FEE_KEYS),
    "steps": ("case_id", *STEP_KEYS),
}
CHILD_SHEETS = ("papers", "fees", "steps")


@dataclass(frozen=True)
class RowError:
    """One bad row: where it is (as the person who edits the file sees it) and why, in Vietnamese."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


@dataclass
class RawRow:
    location: str
    values: dict[str, Any]


@dataclass
class RawCase(RawRow):
    papers: list[RawRow] = field(default_factory=list)
    fees: list[RawRow] = field(default_factory=list)
    steps: list[RawRow] = field(default_factory=list)


@dataclass
class RawProcedure(RawRow):
    cases: list[RawCase] = field(default_factory=list)


@dataclass
class ImportReport:
    procedures: int = 0
    errors: list[RowError] = field(default_factory=list)
    result: CatalogImportResult | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


# ---------------------------------------------------------------------------------------------- readers


def _load_json(source) -> Any:
    if isinstance(source, str | Path):
        with open(source, encoding="utf-8") as handle:
            return json.load(handle)
    data = source.read()
    return json.loads(data.decode("utf-8-sig") if isinstance(data, bytes) else data)


def _json_children(parent: dict, key: str, location: str, errors: list[RowError]) -> list:
    value = parent.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(RowError(location, _("“%(key)s” phải là một danh sách") % {"key": key}))
        return []
    return value


def _json_object(value, location: str, errors: list[RowError]) -> dict | None:
    if isinstance(value, dict):
        return value
    errors.append(RowError(location, _("không phải một đối tượng JSON")))
    return None


def read_json(source) -> tuple[list[RawProcedure], list[RowError]]:
    """A JSON file (path or file object) -> raw procedures located as "Mục [i].cases[j].papers[k]"."""
    errors: list[RowError] = []
    try:
        data = _load_json(source)
    except (ValueError, UnicodeDecodeError) as error:
        return [], [RowError(_("Tệp JSON"), _("không đọc được (%(error)s)") % {"error": error})]
    if not isinstance(data, list):
        return [], [RowError(_("Tệp JSON"), _("phải là một danh sách các thủ tục"))]
    procedures = []
    for i, item in enumerate(data):
        location = _("Mục [%(index)s]") % {"index": i}
        item = _json_object(item, location, errors)
        if item is None:
            continue
        procedure = RawProcedure(location, {key: item.get(key) for key in PROCEDURE_KEYS})
        for j, case_item in enumerate(_json_children(item, "cases", location, errors)):
            case_location = f"{location}.cases[{j}]"
            case_item = _json_object(case_item, case_location, errors)
            if case_item is None:
                continue
            case = RawCase(case_location, {key: case_item.get(key) for key in CASE_KEYS})
            for kind, keys in (("papers", PAPER_KEYS), ("fees", FEE_KEYS), ("steps", STEP_KEYS)):
                for k, child in enumerate(_json_children(case_item, kind, case_location, errors)):
                    child_location = f"{case_location}.{kind}[{k}]"
                    child = _json_object(child, child_location, errors)
                    if child is not None:
                        getattr(case, kind).append(
                            RawRow(child_location, {key: child.get(key) for key in keys})
                        )
            procedure.cases.append(case)
        procedures.append(procedure)
    return procedures, errors


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet_rows(sheet, name: str, errors: list[RowError]):
    """Yield (row number, {column key: value}) for the non-empty rows of a sheet, checking its header."""
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    keys = [str(cell).strip().lower() if cell is not None else "" for cell in header or ()]
    required = ("name", "field") if name == "procedures" else ("case_id", "name")
    missing = [key for key in required if key not in keys]
    if missing:
        errors.append(
            RowError(
                _("Dòng 1 (%(sheet)s)") % {"sheet": name},
                _("thiếu cột %(columns)s") % {"columns": ", ".join(missing)},
            )
        )
        return
    for number, cells in enumerate(rows, start=2):
        values = {key: value for key, value in zip(keys, cells, strict=False) if key}
        if all(_is_blank(value) for value in values.values()):
            continue
        yield number, values


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a case_id typed as 1 may come back as 1.0
    return "" if value is None else str(value).strip()


def read_xlsx(source) -> tuple[list[RawProcedure], list[RowError]]:
    """An XLSX workbook (path or file object) -> raw procedures located as "Dòng 7 (procedures)"."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        return [], [RowError(_("Tệp XLSX"), _("không đọc được (%(error)s)") % {"error": error})]
    errors: list[RowError] = []
    if "procedures" not in workbook.sheetnames:
        workbook.close()
        return [], [RowError(_("Tệp XLSX"), _("thiếu trang “procedures”"))]

    def where(sheet: str, number: int) -> str:
        return _("Dòng %(row)s (%(sheet)s)") % {"row": number, "sheet": sheet}

    procedures: dict[Any, RawProcedure] = {}
    first_row: dict[Any, int] = {}
    cases_by_id: dict[str, tuple[RawCase, int]] = {}
    for number, values in _sheet_rows(workbook["procedures"], "procedures", errors):
        location = where("procedures", number)
        external_id, code, name = (_cell_text(values.get(k)) for k in ("external_id", "code", "name"))
        key = ("external_id", external_id) if external_id else ("code+name", code, name)
        if not external_id and not name:
            key = ("row", number)  # cannot be matched with other rows; validation reports the missing name
        procedure_values = {k: values.get(k) for k in PROCEDURE_KEYS}
        procedure = procedures.get(key)
        if procedure is None:
            procedure = procedures[key] = RawProcedure(location, procedure_values)
            first_row[key] = number
        else:
            for column in PROCEDURE_KEYS:
                new, old = procedure_values[column], procedure.values[column]
                if _is_blank(new):
                    continue
                if _is_blank(old):
                    procedure.values[column] = new
                elif _cell_text(new) != _cell_text(old):
                    errors.append(
                        RowError(
                            location,
                            _("cột %(column)s khác với dòng %(row)s của cùng thủ tục")
                            % {"column": column, "row": first_row[key]},
                        )
                    )
        case_values = {target: values.get(column) for column, target in XLSX_CASE_COLUMNS.items()}
        case_id = _cell_text(values.get("case_id"))
        if all(_is_blank(value) for value in case_values.values()) and not case_id:
            continue
        case = RawCase(location, case_values)
        procedure.cases.append(case)
        if case_id:
            if case_id in cases_by_id:
                errors.append(
                    RowError(
                        location,
                        _("case_id “%(id)s” đã dùng ở dòng %(row)s")
                        % {"id": case_id, "row": cases_by_id[case_id][1]},
                    )
                )
            else:
                cases_by_id[case_id] = (case, number)

    for sheet_name in CHILD_SHEETS:
        if sheet_name not in workbook.sheetnames:
            continue
        keys = XLSX_SHEETS[sheet_name][1:]
        for number, values in _sheet_rows(workbook[sheet_name], sheet_name, errors):
            location = where(sheet_name, number)
            case_id = _cell_text(values.get("case_id"))
            if not case_id:
                errors.append(RowError(location, _("thiếu case_id (mã trường hợp ở trang procedures)")))
            elif case_id not in cases_by_id:
                errors.append(
                    RowError(
                        location,
                        _("không có trường hợp nào mang case_id “%(id)s” ở trang procedures")
                        % {"id": case_id},
                    )
                )
            else:
                row = RawRow(location, {key: values.get(key) for key in keys})
                getattr(cases_by_id[case_id][0], sheet_name).append(row)
    workbook.close()
    return list(procedures.values()), errors


# ------------------------------------------------------------------------------------------- validation


def _choices(pairs, aliases: dict[str, str] | None = None) -> dict[str, str]:
    """Accepted spellings (folded) -> stored value: the value itself, its Vietnamese label, and aliases."""
    accepted = {}
    for value, label in pairs:
        accepted[fold_vietnamese(str(value))] = value
        accepted[fold_vietnamese(str(label))] = value
    for alias, value in (aliases or {}).items():
        accepted[fold_vietnamese(alias)] = value
    return accepted


@cache
def _accepted() -> dict[str, dict[str, str]]:
    # Built on first use, in Vietnamese, whatever language the request or command runs in.
    with translation.override("vi"):
        return {
            "level": _choices(
                Procedure.Level.choices,
                {"tỉnh": "province", "xã": "commune", "cả hai": "both", "tỉnh, xã": "both"},
            ),
            "online_kind": _choices(
                Procedure.OnlineKind.choices,
                {"toàn trình": "full", "một phần": "partial", "trực tiếp": "none", "không": "none"},
            ),
            "time_unit": _choices(Procedure.TimeUnit.choices, {"giờ": "working_hours"}),
            "fee_kind": _choices(Fee.Kind.choices),
            "role": _choices(Role.choices),
        }


TRUE_WORDS = {"co", "x", "true", "1", "yes", "dung", "bat buoc"}
FALSE_WORDS = {"khong", "false", "0", "no", "sai", "-"}
_THOUSANDS = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")
_AGENCY_SEPARATORS = re.compile(r"[,;\n]+")


class _RowCheck:
    """Reads typed values out of one raw row, recording a Vietnamese reason for each bad value."""

    def __init__(self, row: RawRow, errors: list[RowError]):
        self.row = row
        self.errors = errors

    def fail(self, reason: str) -> None:
        self.errors.append(RowError(self.row.location, reason))

    def raw(self, key: str):
        value = self.row.values.get(key)
        return None if _is_blank(value) else value

    def text(self, key: str, label: str, *, max_length: int | None = None, required: bool = False) -> str:
        value = self.raw(key)
        if value is None:
            if required:
                self.fail(_("thiếu %(label)s") % {"label": label})
            return ""
        if isinstance(value, list | dict):
            self.fail(_("%(label)s phải là chữ") % {"label": label})
            return ""
        text = str(value).strip()
        if max_length and len(text) > max_length:
            self.fail(_("%(label)s dài quá %(max)s ký tự") % {"label": label, "max": max_length})
        return text

    def choice(self, key: str, label: str, accepted: dict[str, str], *, required: bool = False) -> str:
        value = self.raw(key)
        if value is None:
            if required:
                self.fail(_("thiếu %(label)s") % {"label": label})
            return ""
        found = accepted.get(fold_vietnamese(str(value)))
        if found is None:
            options = ", ".join(sorted(set(accepted.values())))
            self.fail(
                _("%(label)s “%(value)s” không hợp lệ (dùng một trong: %(options)s)")
                % {"label": label, "value": value, "options": options}
            )
            return ""
        return found

    def boolean(self, key: str, label: str, *, default: bool) -> bool:
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        word = fold_vietnamese(str(value))
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.fail(_("%(label)s phải là “có” hoặc “không”") % {"label": label})
        return default

    def decimal(
        self, key: str, label: str, *, places: int, maximum: int, required: bool = False
    ) -> Decimal | None:
        value = self.raw(key)
        if value is None:
            if required:
                self.fail(_("thiếu %(label)s") % {"label": label})
            return None
        number = _to_decimal(value)
        if number is None:
            self.fail(_("%(label)s không phải số") % {"label": label})
        elif number < 0:
            self.fail(_("%(label)s không được âm") % {"label": label})
        elif number >= maximum:
            self.fail(_("%(label)s quá lớn") % {"label": label})
        elif number != number.quantize(Decimal(1).scaleb(-places)):
            self.fail(
                _("%(label)s chỉ được có %(places)s chữ số thập phân") % {"label": label, "places": places}
            )
        else:
            return number
        return None

    def whole_number(self, key: str, label: str, *, maximum: int) -> int | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, str) and _THOUSANDS.match(value.strip().removesuffix("đồng").strip()):
            number = Decimal(re.sub(r"\D", "", value))  # "50.000" or "50 000 đồng"
        else:
            number = _to_decimal(value)
        if number is None:
            self.fail(_("%(label)s không phải số") % {"label": label})
        elif number < 0:
            self.fail(_("%(label)s không được âm") % {"label": label})
        elif number != number.to_integral_value():
            self.fail(_("%(label)s phải là số nguyên") % {"label": label})
        elif number > maximum:
            self.fail(_("%(label)s quá lớn") % {"label": label})
        else:
            return int(number)
        return None

    def text_list(self, key: str, label: str, *, separators: re.Pattern | None = None) -> list[str]:
        value = self.raw(key)
        if value is None:
            return []
        if isinstance(value, str):
            parts = (separators or re.compile(r"\n")).split(value)
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            parts = value
        else:
            self.fail(_("%(label)s phải là danh sách các dòng chữ") % {"label": label})
            return []
        return [part.strip() for part in parts if part.strip()]


def _to_decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # Vietnamese decimal comma: "0,5"
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _validate_case(raw: RawCase, errors: list[RowError]) -> CaseData:
    check = _RowCheck(raw, errors)
    case = CaseData(
        name=check.text("name", _("tên trường hợp"), max_length=500, required=True),
        time_limit_value=check.decimal(
            "time_limit_value", _("thời hạn giải quyết"), places=1, maximum=100000
        ),
        time_limit_unit=check.choice("time_limit_unit", _("đơn vị thời hạn"), _accepted()["time_unit"]),
        online_time_limit_value=check.decimal(
            "online_time_limit_value", _("thời hạn khi nộp trực tuyến"), places=1, maximum=100000
        ),
        time_limit_text=check.text("time_limit_text", _("thời hạn (nguyên văn)")),
    )
    has_value = case.time_limit_value is not None or case.online_time_limit_value is not None
    if has_value and not case.time_limit_unit and check.raw("time_limit_unit") is None:
        check.fail(_("có thời hạn giải quyết nhưng thiếu đơn vị thời hạn"))
    for raw_paper in raw.papers:
        check = _RowCheck(raw_paper, errors)
        case.papers.append(
            PaperData(
                name=check.text("name", _("tên giấy tờ"), max_length=1000, required=True),
                is_mandatory=check.boolean("is_mandatory", _("bắt buộc"), default=True),
                originals=check.whole_number("originals", _("số bản chính"), maximum=32767),
                copies=check.whole_number("copies", _("số bản sao"), maximum=32767),
                note=check.text("note", _("ghi chú")),
                from_document_store=check.boolean(
                    "from_document_store", _("lấy từ kho dữ liệu"), default=False
                ),
            )
        )
    for raw_fee in raw.fees:
        check = _RowCheck(raw_fee, errors)
        case.fees.append(
            FeeData(
                name=check.text("name", _("tên khoản thu"), max_length=500, required=True),
                kind=check.choice("kind", _("loại phí"), _accepted()["fee_kind"]) or Fee.Kind.OTHER,
                amount=check.whole_number("amount", _("mức thu"), maximum=10**15),
                note=check.text("note", _("ghi chú")),
            )
        )
    for raw_step in raw.steps:
        check = _RowCheck(raw_step, errors)
        case.steps.append(
            StepData(
                name=check.text("name", _("tên bước xử lý"), max_length=500, required=True),
                role=check.choice("role", _("vai trò thực hiện"), _accepted()["role"], required=True),
                role_text=check.text("role_text", _("người thực hiện (nguyên văn)"), max_length=300),
                time_budget_hours=check.decimal(
                    "time_budget_hours", _("thời gian xử lý (giờ)"), places=2, maximum=100000, required=True
                ),
                agency=check.text("agency", _("cơ quan thực hiện (mã định danh)"), max_length=40),
            )
        )
    return case


def _validate_procedure(raw: RawProcedure, errors: list[RowError]) -> ProcedureData:
    check = _RowCheck(raw, errors)
    procedure = ProcedureData(
        external_id=check.text("external_id", _("mã nội bộ (external_id)"), max_length=40),
        code=check.text("code", _("mã TTHC"), max_length=40),
        name=check.text("name", _("tên thủ tục"), max_length=500, required=True),
        field=check.text("field", _("lĩnh vực"), max_length=200, required=True),
        field_code=check.text("field_code", _("mã lĩnh vực"), max_length=30),
        level=check.choice("level", _("cấp thực hiện"), _accepted()["level"]),
        online_kind=check.choice("online_kind", _("mức độ trực tuyến"), _accepted()["online_kind"]),
        online_kind_text=check.text("online_kind_text", _("ghi chú dịch vụ trực tuyến"), max_length=300),
        accepts_in_person=check.boolean("accepts_in_person", _("nộp trực tiếp"), default=True),
        accepts_post=check.boolean("accepts_post", _("nộp qua bưu chính"), default=False),
        returns_by_post=check.boolean("returns_by_post", _("trả kết quả qua bưu chính"), default=False),
        steps_text=check.text("steps_text", _("trình tự thực hiện")),
        submission_text=check.text("submission_text", _("cách thức thực hiện")),
        applicants_text=check.text("applicants_text", _("đối tượng thực hiện")),
        implementing_agency_text=check.text("implementing_agency_text", _("cơ quan thực hiện")),
        result_name=check.text("result_name", _("kết quả thực hiện"), max_length=500),
        requirements_text=check.text("requirements_text", _("yêu cầu, điều kiện")),
        legal_basis=check.text_list("legal_basis", _("căn cứ pháp lý")),
        sources=check.text_list("sources", _("nguồn")),
        version_note=check.text("version_note", _("ghi chú phiên bản")),
        is_published=check.boolean("is_published", _("công khai"), default=True),
        agencies=check.text_list("agencies", _("cơ quan tiếp nhận"), separators=_AGENCY_SEPARATORS),
    )
    seen_cases: dict[str, str] = {}
    for raw_case in raw.cases:
        case = _validate_case(raw_case, errors)
        if case.name in seen_cases:
            errors.append(
                RowError(
                    raw_case.location,
                    _("trùng tên trường hợp “%(name)s” với %(other)s")
                    % {"name": case.name, "other": seen_cases[case.name]},
                )
            )
        elif case.name:
            seen_cases[case.name] = raw_case.location
        procedure.cases.append(case)
    return procedure


def validate_catalog(procedures: list[RawProcedure]) -> tuple[list[ProcedureData], list[RowError]]:
    """Check every raw row (no database access); return clean procedures and every bad row, in file order."""
    errors: list[RowError] = []
    clean = []
    seen: dict[tuple, str] = {}
    for raw in procedures:
        procedure = _validate_procedure(raw, errors)
        key = (
            ("external_id", procedure.external_id)
            if procedure.external_id
            else (procedure.code, procedure.name)
        )
        if procedure.name and key in seen:
            errors.append(RowError(raw.location, _("trùng thủ tục với %(other)s") % {"other": seen[key]}))
        else:
            seen[key] = raw.location
        clean.append(procedure)
    if not procedures:
        errors.append(RowError(_("Tệp"), _("không có thủ tục nào")))
    return clean, errors


_SHEET_ROW = re.compile(r"(\d+) \((\w+)\)$")


def _file_order(error: RowError) -> tuple[int, int]:
    """XLSX errors in the order of the workbook: sheet by sheet, row by row (file-level errors first)."""
    match = _SHEET_ROW.search(error.location)
    if not match or match.group(2) not in XLSX_SHEETS:
        return (-1, 0)
    return (list(XLSX_SHEETS).index(match.group(2)), int(match.group(1)))


# ------------------------------------------------------------------------------------------------ entry


def detect_format(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".json", ".xlsx"):
        return suffix[1:]
    raise ValueError(_("Không nhận ra định dạng của tệp %(name)s (cần .json hoặc .xlsx).") % {"name": name})


def import_catalog(source, *, fmt: str | None = None, dry_run: bool = False) -> ImportReport:
    """Read, validate and (when every row is good and not `dry_run`) write a catalogue file.

    `source` is a path or a file object; `fmt` is "json" or "xlsx" (by default from the file name).
    """
    fmt = fmt or detect_format(str(getattr(source, "name", source)))
    reader = {"json": read_json, "xlsx": read_xlsx}[fmt]
    raw, errors = reader(source)
    procedures, validation_errors = validate_catalog(raw) if raw or not errors else ([], [])
    report = ImportReport(procedures=len(procedures), errors=errors + validation_errors)
    if fmt == "xlsx":
        report.errors.sort(key=_file_order)
    if report.ok and not dry_run:
        report.result = catalog_import(procedures=procedures)
    return report
