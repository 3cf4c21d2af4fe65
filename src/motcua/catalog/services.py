"""Writes to the procedure catalogue.

`catalog_import` takes procedures already validated (see `catalog.importing`) and upserts them in one
transaction. Rows are updated in place, never deleted and recreated, so dossiers keep pointing at the same
cases and papers, and importing the same catalogue twice changes nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Fee, Field, Procedure, ProcedureCase, RequiredPaper, StepTemplate


@dataclass
class PaperData:
    name: str
    is_mandatory: bool = True
    originals: int | None = None
    copies: int | None = None
    note: str = ""
    from_document_store: bool = False


@dataclass
class FeeData:
    name: str
    kind: str = Fee.Kind.OTHER
    amount: int | None = None
    note: str = ""


@dataclass
class StepData:
    name: str
    role: str
    time_budget_hours: Decimal
    role_text: str = ""
    # Electronic ID of the agency doing the step when it is not the receiving one (một cửa liên thông).
    agency: str = ""


@dataclass
class CaseData:
    name: str
    time_limit_value: Decimal | None = None
    time_limit_unit: str = ""
    online_time_limit_value: Decimal | None = None
    time_limit_text: str = ""
    papers: list[PaperData] = field(default_factory=list)
    fees: list[FeeData] = field(default_factory=list)
    steps: list[StepData] = field(default_factory=list)


@dataclass
class ProcedureData:
    """One procedure with its cases, ready to be written. Upsert key: external_id, else code + name."""

    name: str
    field: str
    external_id: str = ""
    code: str = ""
    field_code: str = ""
    level: str = ""
    online_kind: str = ""
    online_kind_text: str = ""
    accepts_in_person: bool = True
    accepts_post: bool = False
    returns_by_post: bool = False
    steps_text: str = ""
    submission_text: str = ""
    applicants_text: str = ""
    implementing_agency_text: str = ""
    result_name: str = ""
    requirements_text: str = ""
    legal_basis: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    version_note: str = ""
    is_published: bool = True
    # Electronic IDs of the receiving agencies; empty means "leave the procedure's agencies as they are".
    agencies: list[str] = field(default_factory=list)
    cases: list[CaseData] = field(default_factory=list)


PROCEDURE_ATTRIBUTES = (
    "code",
    "name",
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
)
CASE_ATTRIBUTES = ("time_limit_value", "time_limit_unit", "online_time_limit_value", "time_limit_text")
PAPER_ATTRIBUTES = ("is_mandatory", "originals", "copies", "note", "from_document_store")
FEE_ATTRIBUTES = ("kind", "amount", "note")
STEP_ATTRIBUTES = ("name", "role", "role_text", "time_budget_hours")


@dataclass
class CatalogImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)


def _assign(instance, values: dict) -> bool:
    """Set the attributes that differ; True when something changed (so untouched rows are not saved)."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _values(data, attributes) -> dict:
    return {name: getattr(data, name) for name in attributes}


def _find_procedure(data: ProcedureData) -> Procedure | None:
    if data.external_id:
        return Procedure.objects.filter(external_id=data.external_id).first()
    return Procedure.objects.filter(code=data.code, name=data.name).order_by("pk").first()


def _positions(matched: list) -> list[int]:
    """Keep the stored `order` values when they already follow the file, so a re-import saves nothing."""
    if None in matched:
        return list(range(len(matched)))
    keys = [(obj.order, obj.pk) for obj in matched]  # the models order by (order, id)
    if all(a < b for a, b in zip(keys, keys[1:], strict=False)):
        return [obj.order for obj in matched]
    return list(range(len(matched)))


def _sync_by_name(existing, rows, *, create, attributes) -> bool:
    """Match rows to existing objects by name (in order, so repeated names pair up), update, create, delete."""
    pool = defaultdict(list)
    for obj in existing:
        pool[obj.name].append(obj)
    matched = [pool[row.name].pop(0) if pool.get(row.name) else None for row in rows]
    changed = False
    for leftovers in pool.values():
        for obj in leftovers:
            obj.delete()
            changed = True
    for row, obj, order in zip(rows, matched, _positions(matched), strict=True):
        values = {"order": order, **_values(row, attributes)}
        if obj is None:
            create(name=row.name, **values)
            changed = True
        elif _assign(obj, values):
            obj.save()
            changed = True
    return changed


def _sync_steps(case: ProcedureCase, rows: list[StepData], warnings: list[str]) -> bool:
    existing = {step.order: step for step in case.steps.all()}
    wanted = dict(enumerate(rows, start=1))
    named = {row.agency for row in rows if row.agency}
    agencies = dict(Agency.objects.filter(electronic_id__in=named).values_list("electronic_id", "pk"))
    for unknown in sorted(named - set(agencies)):
        warnings.append(
            _(
                "Bỏ qua cơ quan thực hiện bước có mã %(id)s của thủ tục “%(procedure)s” vì chưa có trong hệ thống."
            )
            % {"procedure": case.procedure.name, "id": unknown}
        )
    changed = False
    for order in set(existing) - set(wanted):
        existing.pop(order).delete()
        changed = True
    for order, row in wanted.items():
        values = {**_values(row, STEP_ATTRIBUTES), "agency_id": agencies.get(row.agency)}
        step = existing.get(order)
        if step is None:
            StepTemplate.objects.create(case=case, order=order, **values)
            changed = True
        elif _assign(step, values):
            step.save()
            changed = True
    return changed


def _sync_case(case: ProcedureCase, data: CaseData, warnings: list[str]) -> bool:
    changed = _sync_by_name(
        case.papers.all(),
        data.papers,
        create=lambda **kw: RequiredPaper.objects.create(case=case, **kw),
        attributes=PAPER_ATTRIBUTES,
    )
    changed |= _sync_by_name(
        case.fees.all(),
        data.fees,
        create=lambda **kw: Fee.objects.create(case=case, **kw),
        attributes=FEE_ATTRIBUTES,
    )
    changed |= _sync_steps(case, data.steps, warnings)
    return changed


def _sync_cases(procedure: Procedure, cases: list[CaseData], warnings: list[str]) -> bool:
    existing = {case.name: case for case in procedure.cases.all()}
    matched = [existing.pop(data.name, None) for data in cases]
    changed = False
    for data, case, order in zip(cases, matched, _positions(matched), strict=True):
        values = {"order": order, **_values(data, CASE_ATTRIBUTES)}
        if case is None:
            case = ProcedureCase.objects.create(procedure=procedure, name=data.name, **values)
            changed = True
        elif _assign(case, values):
            case.save()
            changed = True
        changed |= _sync_case(case, data, warnings)
    for case in existing.values():
        if case.dossiers.exists():
            # Dossiers were filed under this case (PROTECT): keep it rather than lose their history.
            warnings.append(
                _(
                    "Giữ lại trường hợp “%(case)s” của thủ tục “%(procedure)s” vì đã có hồ sơ nộp theo trường hợp này."
                )
                % {"case": case.name, "procedure": procedure.name}
            )
        else:
            case.delete()
            changed = True
    return changed


@transaction.atomic
def catalog_import(*, procedures: list[ProcedureData]) -> CatalogImportResult:
    """Upsert validated procedures (key: external_id, else code + name) with their cases, papers, fees, steps.

    Procedures absent from `procedures` are left alone. Agencies are linked by electronic ID; unknown IDs
    are skipped with a warning so a catalogue can be imported before the agency tree exists.
    """
    result = CatalogImportResult()
    fields = {f.name: f for f in Field.objects.filter(name__in={p.field for p in procedures})}
    wanted_agency_ids = {eid for p in procedures for eid in p.agencies}
    agencies = {a.electronic_id: a for a in Agency.objects.filter(electronic_id__in=wanted_agency_ids)}
    for unknown in sorted(wanted_agency_ids - set(agencies)):
        result.warnings.append(_("Bỏ qua cơ quan có mã %(id)s vì chưa có trong hệ thống.") % {"id": unknown})

    for data in procedures:
        field_obj = fields.get(data.field)
        if field_obj is None:
            field_obj = fields[data.field] = Field.objects.create(name=data.field, code=data.field_code)
        elif data.field_code and field_obj.code != data.field_code:
            field_obj.code = data.field_code
            field_obj.save(update_fields=["code"])

        values = {**_values(data, PROCEDURE_ATTRIBUTES), "field_id": field_obj.pk}
        if data.external_id:
            values["external_id"] = data.external_id
        procedure = _find_procedure(data)
        if procedure is None:
            procedure = Procedure.objects.create(**values)
            created, changed = True, True
        else:
            created = False
            changed = _assign(procedure, values)
            if changed:
                procedure.save()

        changed |= _sync_cases(procedure, data.cases, result.warnings)
        if data.agencies:
            wanted = {agencies[eid].pk for eid in data.agencies if eid in agencies}
            current = set(procedure.agencies.values_list("pk", flat=True))
            if wanted != current:
                procedure.agencies.set(wanted)
                changed = True

        if created:
            result.created += 1
        elif changed:
            result.updated += 1
        else:
            result.unchanged += 1
    return result
