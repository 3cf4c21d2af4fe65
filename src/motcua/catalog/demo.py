"""Demo catalogue (dữ liệu mẫu): 36 real procedures from `data/procedures-sample.json`.

The sample keeps unknown values as null and so does the catalogue: no code, fee, paper or time limit is
invented; the pages show "Chưa công bố" for them. The only things added are internal workflows, so that
dossiers can be processed in the demo: the two published ones are parsed, every other case gets the
default three steps (`default_steps`), which agencies are expected to edit.

demo-027 (2.000286, bảo trợ xã hội) is published as một cửa liên thông: its steps "Xã 1…6" are done at the
commune, "Tỉnh 1…7" at Sở Y tế (10 + 15 working days). The provincial steps name Sở Y tế, so a dossier
received at a commune is handed to the Sở and back (dossiers/transfers.py). The demo tree has no social
assistance facility (cơ sở trợ giúp xã hội), so its three steps stay with Sở Y tế, which it reports to; the
province's share stays the published 15 days, and the result is returned at the commune desk.
"""

import json
import re
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from motcua.agencies.models import Agency, Role
from motcua.catalog.models import Fee, Procedure
from motcua.catalog.services import (
    CaseData,
    FeeData,
    PaperData,
    ProcedureData,
    StepData,
    catalog_import,
)
from motcua.core.text import fold_vietnamese

SAMPLE_PATH = Path(__file__).parent / "data" / "procedures-sample.json"
DEMO_PREFIX = "demo-"
DEFAULT_CASE_NAME = "Trường hợp chung"
HOURS_PER_WORKING_DAY = 8

# A paper is conditional (not mandatory) when its note, or the first clause of its name, says when it is
# needed: "nếu có", "Khi thực hiện qua người đại diện", "Đối với người không thường trú…".
_CONDITIONAL = re.compile(r"\b(neu co|neu uy quyen|chi khi|khi|doi voi|noi co|cho truong hop)\b")
_DURATION = re.compile(r"(\d+(?:[.,]\d+)?)\s*(ngay lam viec|gio lam viec|ngay|gio)\b")


def parse_level(text: str | None) -> str:
    """ "xã" -> commune, "tỉnh" -> province, "tỉnh, xã (liên thông)" -> both, null -> blank."""
    words = set(re.findall(r"\w+", fold_vietnamese(text or "")))
    province, commune = "tinh" in words, "xa" in words
    if province and commune:
        return Procedure.Level.BOTH
    if province:
        return Procedure.Level.PROVINCE
    if commune:
        return Procedure.Level.COMMUNE
    return ""


def parse_online_kind(text: str | None) -> str:
    """The source's wording -> OnlineKind; "có nộp trực tuyến (mức độ không nêu)" and the like stay blank."""
    folded = fold_vietnamese(text or "")
    if "toan trinh" in folded:
        return Procedure.OnlineKind.FULL
    if "mot phan" in folded:
        return Procedure.OnlineKind.PARTIAL
    if folded.startswith("truc tiep") or "khong neu truc tuyen" in folded:
        return Procedure.OnlineKind.NONE
    return ""


def parse_time_unit(text: str | None) -> str:
    return {"ngay lam viec": Procedure.TimeUnit.WORKING_DAYS, "ngay": Procedure.TimeUnit.CALENDAR_DAYS}.get(
        fold_vietnamese(text or ""), ""
    )


def parse_duration_hours(text: str) -> Decimal | None:
    """ "0,5 ngày làm việc" -> 4, "01 ngày làm việc" -> 8, "02 giờ làm việc" -> 2; None when no number."""
    match = _DURATION.search(fold_vietnamese(text))
    if not match:
        return None
    amount = Decimal(match.group(1).replace(",", "."))
    return amount * HOURS_PER_WORKING_DAY if match.group(2).startswith("ngay") else amount


def role_for(text: str) -> str:
    """Map the published role ("Lãnh đạo Phòng Văn hóa - Xã hội") to one of our staff roles."""
    folded = fold_vietnamese(text)
    if any(marker in folded for marker in ("bo phan tiep nhan", "bo phan tra ket qua", "ttpvhcc", "pvhcc")):
        return Role.DESK_OFFICER
    if "lanh dao phong" in folded:
        return Role.DEPARTMENT_LEADER
    if any(marker in folded for marker in ("lanh dao ubnd", "lanh dao so", "nguoi dung dau")):
        return Role.AGENCY_LEADER
    return Role.SPECIALIST


def fee_kind(name: str) -> str:
    folded = fold_vietnamese(name)
    if folded.startswith("phi, le phi"):
        return Fee.Kind.OTHER
    if folded.startswith("le phi"):
        return Fee.Kind.CHARGE
    if folded.startswith("phi"):
        return Fee.Kind.FEE
    return Fee.Kind.OTHER


def paper_is_mandatory(name: str, note: str | None) -> bool:
    first_clause = name.split(";")[0]
    return not _CONDITIONAL.search(fold_vietnamese(f"{first_clause} {note or ''}"))


def parsed_steps(workflow: list[dict], *, province_agency: str = "") -> list[StepData]:
    """The published internal process -> steps. A step whose time names no duration ("không tính",
    "giờ hành chính", both for handing back the result) gets 0 hours.

    In an inter-agency process the steps are labelled "Xã n" / "Tỉnh n": the provincial ones, except the
    desk's, are done by `province_agency` (an electronic ID), the others by the agency that received the dossier.
    """
    steps = []
    for item in workflow:
        label = item["step"]
        name = item["task"] if isinstance(label, int) else f"{item['task']} ({label})"
        role = role_for(item["role"])
        at_province = isinstance(label, str) and fold_vietnamese(label).startswith("tinh")
        steps.append(
            StepData(
                name=name,
                role=role,
                role_text=item["role"],
                time_budget_hours=parse_duration_hours(item["time"]) or Decimal(0),
                agency=province_agency if at_province and role != Role.DESK_OFFICER else "",
            )
        )
    return steps


def default_steps(time_limit_value: Decimal | None, time_limit_unit: str) -> list[StepData]:
    """Phân công → thẩm định → phê duyệt, fitted into the time limit when it is known in working days."""
    budgets = None
    if time_limit_value is not None and time_limit_unit == Procedure.TimeUnit.WORKING_DAYS:
        total = time_limit_value * HOURS_PER_WORKING_DAY
        if total - 12 >= 2:  # at least 2 hours left for the specialist
            budgets = (Decimal(4), total - 12, Decimal(8))
    if budgets is None:
        # Placeholder: the limit is unknown, in calendar days or too short to split (same-day procedures).
        # Agencies edit these budgets in the admin once they approve their internal process.
        budgets = (Decimal(2), Decimal(4), Decimal(2))
    return [
        StepData("Phân công thụ lý", Role.DEPARTMENT_LEADER, budgets[0]),
        StepData("Thẩm định, xử lý hồ sơ", Role.SPECIALIST, budgets[1]),
        StepData("Phê duyệt kết quả", Role.DEPARTMENT_LEADER, budgets[2]),
    ]


def _version_note(row: dict) -> str:
    note = row.get("version_note") or ""
    time_note = (row.get("time_limit") or {}).get("note")
    return f"{note}\nTime limit note: {time_note}".strip() if time_note else note


def procedure_from_sample(row: dict) -> ProcedureData:
    """One row of procedures-sample.json -> ProcedureData, nulls kept as blanks."""
    time_limit = row.get("time_limit") or {}

    def decimal_or_none(value) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    case = CaseData(
        name=DEFAULT_CASE_NAME,
        time_limit_value=decimal_or_none(time_limit.get("value")),
        time_limit_unit=parse_time_unit(time_limit.get("unit")),
        online_time_limit_value=decimal_or_none(time_limit.get("online_value")),
        time_limit_text=time_limit.get("text") or "",
        papers=[
            PaperData(
                name=paper["name"],
                is_mandatory=paper_is_mandatory(paper["name"], paper.get("note")),
                originals=paper.get("originals"),
                copies=paper.get("copies"),
                note=paper.get("note") or "",
            )
            for paper in row.get("papers") or []
        ],
        fees=[
            FeeData(
                name=fee["name"],
                kind=fee_kind(fee["name"]),
                amount=fee.get("amount_vnd"),
                note=fee.get("note") or "",
            )
            for fee in row.get("fees") or []
        ],
    )
    case.steps = (
        parsed_steps(row["workflow"], province_agency=province_agency_id(row["field"]))
        if row.get("workflow")
        else default_steps(case.time_limit_value, case.time_limit_unit)
    )
    online_text = row.get("online_kind") or ""
    folded_online = fold_vietnamese(online_text)
    return ProcedureData(
        external_id=row["id"],
        code=row.get("code") or "",
        name=row["name"],
        field=row["field"],
        level=parse_level(row.get("level")),
        online_kind=parse_online_kind(online_text),
        online_kind_text=online_text,
        accepts_in_person="chi nop truc tuyen" not in folded_online,
        accepts_post="buu chinh" in folded_online or "bcci" in folded_online,
        implementing_agency_text=row.get("agency") or "",
        result_name=row.get("result") or "",
        legal_basis=list(row.get("legal_basis") or []),
        sources=list(row.get("source") or []),
        version_note=_version_note(row),
        cases=[case],
    )


def demo_procedures() -> list[ProcedureData]:
    with open(SAMPLE_PATH, encoding="utf-8") as handle:
        return [procedure_from_sample(row) for row in json.load(handle)]


def load_demo_catalog(*, refresh: bool = False) -> int:
    """Create the demo procedures that are missing; return how many were created.

    Keyed on external_id ("demo-001"), so running it again changes nothing. Demo procedures already in
    the database are left as agencies may have edited them, unless `refresh` brings them back to the sample.
    """
    procedures = demo_procedures()
    if not refresh:
        existing = set(
            Procedure.objects.filter(external_id__startswith=DEMO_PREFIX).values_list(
                "external_id", flat=True
            )
        )
        procedures = [p for p in procedures if p.external_id not in existing]
    if not procedures:
        return 0
    return catalog_import(procedures=procedures).created


# Provincial procedures go to the department in charge of their field (folded field name -> electronic ID).
PROVINCE_AGENCY_BY_FIELD = {
    "chung thuc": "H56.20",
    "ho tich": "H56.20",
    "ly lich tu phap": "H56.20",
    "thanh lap va hoat dong cua doanh nghiep": "H56.21",
    "ho kinh doanh": "H56.21",
    "bao tro xa hoi": "H56.22",
    "nguoi co cong": "H56.22",
    "chinh sach": "H56.22",
    "cai nghien": "H56.22",
    "lao dong": "H56.22",
}
PROVINCE_SERVICE_CENTRE = "H56.30"


def province_agency_id(field_name: str) -> str:
    folded = fold_vietnamese(field_name)
    for marker, electronic_id in PROVINCE_AGENCY_BY_FIELD.items():
        if marker in folded:
            return electronic_id
    return PROVINCE_SERVICE_CENTRE


@transaction.atomic
def assign_demo_agencies() -> int:
    """Attach each demo procedure to the demo agencies that receive it; return the number of procedures linked.

    Commune-level → every commune with a one-stop desk; provincial → the department of its field (or the
    provincial service centre); both → both; no level → the service centre. Missing agencies are skipped.
    """
    communes = list(Agency.objects.filter(level=Agency.Level.COMMUNE, receives_dossiers=True))
    provincial = {a.electronic_id: a for a in Agency.objects.filter(electronic_id__startswith="H56.")}
    linked = 0
    procedures = Procedure.objects.filter(external_id__startswith=DEMO_PREFIX).select_related("field")
    for procedure in procedures:
        targets = []
        if procedure.level in (Procedure.Level.COMMUNE, Procedure.Level.BOTH):
            targets += communes
        if procedure.level in (Procedure.Level.PROVINCE, Procedure.Level.BOTH):
            targets.append(provincial.get(province_agency_id(procedure.field.name)))
        if not procedure.level:
            targets.append(provincial.get(PROVINCE_SERVICE_CENTRE))
        targets = [agency for agency in targets if agency is not None]
        if targets:
            procedure.agencies.add(*targets)
            linked += 1
    return linked
