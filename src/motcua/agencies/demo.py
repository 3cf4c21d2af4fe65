"""Demo agencies, staff and applicants of the province of Thái Nguyên (dữ liệu mẫu), loaded by `manage.py load_demo`.

Everything here is idempotent: records are found by electronic ID or username and brought back to the values
below, so the loader can run on every start.
"""

from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from vietnam_provinces import Province, ProvinceCode, Ward

from motcua.accounts.models import User
from motcua.agencies.models import AdministrativeUnit, Agency, Role
from motcua.agencies.services import commune_unit_code, province_unit_code, staff_assign

# Demo data, not a secret: printed by `manage.py load_demo` for everyone trying the system.
DEMO_PASSWORD = "motcua-demo-2026"

PROVINCE = ProvinceCode.P_19  # Thái Nguyên after the 1/7/2025 merger (with Bắc Kạn)
# Phường Phan Đình Phùng, xã Phú Lương, phường Bắc Kạn: three real units of the new province.
COMMUNE_CODES = (5443, 5611, 1843)
ROOT_ID = "H56"

ROLE_SUFFIXES = {
    Role.DESK_OFFICER: "motcua",
    Role.SPECIALIST: "chuyenvien",
    Role.DEPARTMENT_LEADER: "truongphong",
    Role.AGENCY_LEADER: "lanhdao",
    Role.AGENCY_ADMIN: "quantri",
}

# Five staff per receiving agency, in the order of ROLE_SUFFIXES.
STAFF_NAMES = [
    "Nguyễn Thị Thu Hà", "Trần Văn Hùng", "Lê Thị Mai Anh", "Phạm Quốc Tuấn", "Hoàng Minh Đức",
    "Vũ Thị Lan", "Đặng Văn Long", "Bùi Thị Hồng Nhung", "Ngô Đức Thắng", "Dương Thị Hạnh",
    "Đỗ Thị Phương", "Lý Văn Sơn", "Hà Thị Thanh Hương", "Đinh Công Minh", "Ma Văn Toàn",
    "Nông Thị Huyền", "Lương Văn Khánh", "Trịnh Thị Yến", "Mai Xuân Trường", "Chu Thị Ngọc",
    "Tạ Thị Hoa", "Đào Văn Quang", "Phan Thị Thủy", "Lưu Đức Hải", "Triệu Thị Mến",
    "Nguyễn Văn Bình", "Trần Thị Kim Oanh", "Lê Văn Thành", "Phạm Thị Nga", "Hoàng Văn Dũng",
    "Vi Thị Liên", "Đàm Văn Hòa", "Nguyễn Thị Vân", "Trần Minh Hiếu", "Lã Thị Thu Trang",
]  # fmt: skip


@dataclass(frozen=True)
class DemoAccount:
    """One line of the table `manage.py load_demo` prints."""

    username: str
    full_name: str
    role: str
    agency: str = ""


@dataclass(frozen=True)
class _AgencySpec:
    electronic_id: str
    name: str
    level: str
    receives_dossiers: bool
    parent_id: str | None
    unit_code: str
    address: str
    phone: str
    desk_location: str
    staff_prefix: str = ""
    leader_title: str = ""


def _agency_specs() -> list[_AgencySpec]:
    province = Province.from_code(PROVINCE)
    on_province = {"level": Agency.Level.PROVINCE, "unit_code": province_unit_code(PROVINCE)}
    centre = "Trung tâm Phục vụ hành chính công tỉnh"
    street = "phường Phan Đình Phùng, tỉnh Thái Nguyên"
    specs = [
        _AgencySpec(
            electronic_id=ROOT_ID,
            name=f"Ủy ban nhân dân tỉnh {province.name}",
            receives_dossiers=False,
            parent_id=None,
            address=f"Số 18 đường Nha Trang, {street}",
            phone="0208 3855 001",
            desk_location="Văn phòng UBND tỉnh, tầng 1",
            **on_province,
        )
    ]
    for electronic_id, name, prefix, address, counter in [
        ("H56.20", "Sở Tư pháp", "sotp", "Số 1 đường Đội Cấn", 5),
        ("H56.21", "Sở Tài chính", "sotc", "Số 3 đường Đội Cấn", 7),
        ("H56.22", "Sở Y tế", "soyt", "Số 20 đường Lương Ngọc Quyến", 9),
    ]:
        specs.append(
            _AgencySpec(
                electronic_id=electronic_id,
                name=name,
                receives_dossiers=True,
                parent_id=ROOT_ID,
                address=f"{address}, {street}",
                phone=f"0208 3855 0{electronic_id[-2:]}",
                desk_location=f"Quầy số {counter}, {centre}",
                staff_prefix=prefix,
                leader_title="Giám đốc Sở",
                **on_province,
            )
        )
    specs.append(
        _AgencySpec(
            electronic_id="H56.30",
            name=centre,
            receives_dossiers=True,
            parent_id=ROOT_ID,
            address=f"Số 1 đường Cách mạng Tháng Tám, {street}",
            phone="0208 3855 030",
            desk_location=f"Tầng 1, {centre}",
            staff_prefix="ttpvhcc",
            leader_title="Giám đốc Trung tâm",
            **on_province,
        )
    )
    for number, code in enumerate(COMMUNE_CODES, start=1):
        kind, _, place = Ward.from_code(code).name.partition(" ")
        unit_name = f"{kind.lower()} {place}"  # "phường Phan Đình Phùng"
        commune_id = f"{ROOT_ID}.{100 + number}"
        on_commune = {
            "level": Agency.Level.COMMUNE,
            "unit_code": commune_unit_code(code),
            "address": f"Trụ sở UBND {unit_name}, tỉnh Thái Nguyên",
        }
        specs += [
            _AgencySpec(
                electronic_id=commune_id,
                name=f"UBND {unit_name}",
                receives_dossiers=True,
                parent_id=ROOT_ID,
                phone=f"0208 3866 {100 + number}",
                desk_location=f"Bộ phận Một cửa, tầng 1, trụ sở UBND {unit_name}",
                staff_prefix=f"xa{number}",
                leader_title=f"Chủ tịch UBND {unit_name}",
                **on_commune,
            ),
            # A division below the commune, to show the tree has any depth.
            _AgencySpec(
                electronic_id=f"{commune_id}.01",
                name="Phòng Văn hóa - Xã hội",
                receives_dossiers=False,
                parent_id=commune_id,
                phone=f"0208 3866 {200 + number}",
                desk_location=f"Tầng 2, trụ sở UBND {unit_name}",
                **on_commune,
            ),
        ]
    return specs


CITIZENS = [
    # (CCCD: province 019 Thái Nguyên, century-and-sex digit, birth year, serial), name, phone, e-mail, address
    ("019090000001", "Nguyễn Văn An", "0912000001", "nguyenvanan@example.vn", "Tổ 5, phường Phan Đình Phùng"),
    ("019195000002", "Trần Thị Bình", "0988000002", "tranthibinh@example.vn", "Xóm Đồng Tâm, xã Phú Lương"),
]  # fmt: skip
BUSINESS = {
    "tax_code": "4600123456",
    "full_name": "Công ty TNHH Chè Tân Cương Xanh",
    "representative": "Lê Văn Cường",
    "phone": "02083777456",
    "email": "lienhe@chetancuongxanh.example.vn",
    "address": "Xóm Nam Tân, xã Tân Cương, tỉnh Thái Nguyên",
}


@cache
def _demo_password_hash() -> str:
    # A fixed salt keeps the hash equal between runs, so reloading the demo does not end open sessions.
    return make_password(DEMO_PASSWORD, salt="motcuademo2026")


def _demo_user(username: str, *, defaults: dict, consent: bool = False) -> User:
    create_defaults = {**defaults, "password": _demo_password_hash()}
    if consent:
        create_defaults["data_consent_at"] = timezone.now()
    user, created = User.objects.update_or_create(
        username=username, defaults=defaults, create_defaults=create_defaults
    )
    if not created and user.password != _demo_password_hash():
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo_agencies() -> list[DemoAccount]:
    """Create or refresh the demo agency tree of Thái Nguyên, its staff, two citizens, a business and `admin`.

    Administrative units are linked when they have been loaded (`manage.py load_units`), else left empty.
    Returns the demo accounts, all with the password DEMO_PASSWORD.
    """
    specs = _agency_specs()
    units = AdministrativeUnit.objects.in_bulk([spec.unit_code for spec in specs], field_name="code")
    agencies: dict[str, Agency] = {}
    accounts: list[DemoAccount] = []
    for spec in specs:
        agencies[spec.electronic_id], _ = Agency.objects.update_or_create(
            electronic_id=spec.electronic_id,
            defaults={
                "name": spec.name,
                "short_name": spec.name[:100],
                "level": spec.level,
                "parent": agencies[spec.parent_id] if spec.parent_id else None,
                "receives_dossiers": spec.receives_dossiers,
                "administrative_unit": units.get(spec.unit_code),
                "address": spec.address,
                "phone": spec.phone,
                "email": f"{spec.electronic_id.lower().replace('.', '-')}@example.gov.vn",
                "desk_location": spec.desk_location,
                "is_active": True,
            },
        )

    names = iter(STAFF_NAMES)
    for spec in specs:
        if not spec.staff_prefix:
            continue
        agency = agencies[spec.electronic_id]
        for role, suffix in ROLE_SUFFIXES.items():
            username = f"{spec.staff_prefix}.{suffix}"
            full_name = next(names)
            user = _demo_user(
                username,
                defaults={
                    "kind": User.Kind.STAFF,
                    "full_name": full_name,
                    "email": f"{username}@example.gov.vn",
                    # Agency administrators manage staff and the calendar in the admin site.
                    "is_staff": role == Role.AGENCY_ADMIN,
                },
            )
            staff_assign(user=user, agency=agency, role=role, title=_title(role, spec))
            accounts.append(DemoAccount(username, full_name, str(role.label), agency.name))

    for citizen_id, full_name, phone, email, address in CITIZENS:
        _demo_user(
            citizen_id,
            defaults={
                "kind": User.Kind.CITIZEN,
                "citizen_id": citizen_id,
                "full_name": full_name,
                "phone": phone,
                "email": email,
                "address": address,
            },
            consent=True,
        )
        accounts.append(DemoAccount(citizen_id, full_name, str(User.Kind.CITIZEN.label)))

    _demo_user(
        BUSINESS["tax_code"],
        defaults={"kind": User.Kind.BUSINESS, **BUSINESS},
        consent=True,
    )
    accounts.append(DemoAccount(BUSINESS["tax_code"], BUSINESS["full_name"], str(User.Kind.BUSINESS.label)))

    _demo_user(
        "admin",
        defaults={
            "kind": User.Kind.STAFF,
            "full_name": "Quản trị hệ thống",
            "email": "admin@example.gov.vn",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    accounts.append(DemoAccount("admin", "Quản trị hệ thống", "Quản trị hệ thống"))
    return accounts


def _title(role: Role, spec: _AgencySpec) -> str:
    return {
        Role.DESK_OFFICER: "Công chức Bộ phận Một cửa",
        Role.SPECIALIST: "Chuyên viên",
        Role.DEPARTMENT_LEADER: "Trưởng phòng chuyên môn",
        Role.AGENCY_LEADER: spec.leader_title,
        Role.AGENCY_ADMIN: "Quản trị hệ thống của cơ quan",
    }[role]
