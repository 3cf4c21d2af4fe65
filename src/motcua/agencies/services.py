"""Writes on agencies and staff."""

from collections.abc import Callable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from vietnam_provinces import Province, Ward

from motcua.agencies.models import AdministrativeUnit, Agency, Role, StaffAssignment
from motcua.agencies.roles import ROLE_PERMISSIONS


@transaction.atomic
def roles_sync() -> dict[str, Group]:
    """Create or update one group per role with exactly the role's permissions."""
    groups = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        permissions = []
        for dotted in ROLE_PERMISSIONS[role]:
            app_label, codename = dotted.split(".")
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)
        groups[role.value] = group
    return groups


@transaction.atomic
def staff_assign(*, user, agency: Agency, role: str, title: str = "") -> StaffAssignment:
    """Give `user` a role inside `agency` (and so over every unit below it)."""
    group, _ = Group.objects.get_or_create(name=role)
    assignment, _ = StaffAssignment.objects.update_or_create(
        user=user, agency=agency, role=role, defaults={"title": title}
    )
    user.groups.add(group)
    if user.kind != user.Kind.STAFF:
        user.kind = user.Kind.STAFF
        user.save(update_fields=["kind"])
    return assignment


UNIT_BATCH_SIZE = 500


def administrative_units_load(*, on_progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Create or update the 34 provinces and 3,321 communes in force since 1/7/2025 (two tiers).

    Data from the `vietnam-provinces` package, keyed by the official codes: provinces as two digits
    ("19"), communes as five ("05443"). Rows are upserted in batches, so a second run changes nothing
    but names or types the package has corrected. `on_progress(n)` is called after each batch of n rows.
    """

    def upsert(units: list[AdministrativeUnit]) -> None:
        for start in range(0, len(units), UNIT_BATCH_SIZE):
            batch = units[start : start + UNIT_BATCH_SIZE]
            AdministrativeUnit.objects.bulk_create(
                batch,
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["name", "division_type", "level", "parent"],
            )
            if on_progress is not None:
                on_progress(len(batch))

    provinces = sorted(Province.iter_all(), key=lambda p: p.code)
    wards = sorted(Ward.iter_all(), key=lambda w: w.code)
    with transaction.atomic():
        upsert(
            [
                AdministrativeUnit(
                    code=province_unit_code(p.code),
                    name=p.name,
                    division_type=p.division_type.value,
                    level=AdministrativeUnit.Level.PROVINCE,
                    parent=None,
                )
                for p in provinces
            ]
        )
        province_ids = dict(
            AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE).values_list(
                "code", "id"
            )
        )
        upsert(
            [
                AdministrativeUnit(
                    code=commune_unit_code(w.code),
                    name=w.name,
                    division_type=w.division_type.value,
                    level=AdministrativeUnit.Level.COMMUNE,
                    parent_id=province_ids[province_unit_code(w.province_code)],
                )
                for w in wards
            ]
        )
    return {"provinces": len(provinces), "communes": len(wards)}


def administrative_units_total() -> int:
    """How many rows `administrative_units_load` writes (for a progress bar)."""
    return sum(1 for _ in Province.iter_all()) + sum(1 for _ in Ward.iter_all())


def province_unit_code(code: int) -> str:
    return f"{int(code):02d}"


def commune_unit_code(code: int) -> str:
    return f"{int(code):05d}"
