"""factory_boy factories for the whole suite. Build realistic objects; tests override what they assert on."""

from decimal import Decimal

import factory
from django.contrib.auth.hashers import make_password

from motcua.accounts.models import User
from motcua.agencies.models import Agency, Role
from motcua.agencies.services import staff_assign
from motcua.catalog.models import Fee, Field, Procedure, ProcedureCase, RequiredPaper, StepTemplate

PASSWORD = "Mat-khau-2026"
_PASSWORD_HASH = make_password(PASSWORD)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"UBND xã Thử Nghiệm {n}")
    electronic_id = factory.Sequence(lambda n: f"H56.{n:02d}")
    level = Agency.Level.COMMUNE
    receives_dossiers = True


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    kind = User.Kind.CITIZEN
    citizen_id = factory.Sequence(lambda n: f"0011{n:08d}")
    username = factory.SelfAttribute("citizen_id")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Dân {n}")
    phone = factory.Sequence(lambda n: f"0912{n:06d}")
    email = factory.Sequence(lambda n: f"dan{n}@example.vn")
    password = _PASSWORD_HASH


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    kind = User.Kind.STAFF
    username = factory.Sequence(lambda n: f"canbo{n}")
    full_name = factory.Sequence(lambda n: f"Trần Thị Cán Bộ {n}")
    email = factory.Sequence(lambda n: f"canbo{n}@example.gov.vn")
    password = _PASSWORD_HASH

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """StaffFactory(roles=[(agency, Role.DESK_OFFICER)])."""
        for agency, role in extracted or []:
            staff_assign(user=self, agency=agency, role=role)


def staff_with_role(agency, role: Role, **kwargs) -> User:
    return StaffFactory(roles=[(agency, role)], **kwargs)


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("name",)

    name = "Hộ tịch"


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    code = factory.Sequence(lambda n: f"1.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục đăng ký thử nghiệm {n}")
    field = factory.SubFactory(FieldFactory)
    level = Procedure.Level.COMMUNE
    online_kind = Procedure.OnlineKind.FULL
    accepts_in_person = True


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureCase

    procedure = factory.SubFactory(ProcedureFactory)
    name = "Trường hợp chung"
    time_limit_value = Decimal("3")
    time_limit_unit = Procedure.TimeUnit.WORKING_DAYS


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredPaper

    case = factory.SubFactory(CaseFactory)
    order = factory.Sequence(int)
    name = factory.Sequence(lambda n: f"Tờ khai theo mẫu số {n}")
    is_mandatory = True
    originals = 1
    copies = 0


class FeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fee

    case = factory.SubFactory(CaseFactory)
    name = "Lệ phí"
    kind = Fee.Kind.CHARGE
    amount = 8000


class StepTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StepTemplate

    case = factory.SubFactory(CaseFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = "Thẩm định, xử lý hồ sơ"
    role = Role.SPECIALIST
    time_budget_hours = Decimal("8")


def procedure_with_workflow(*, agency, mandatory_papers=2, optional_papers=1, time_limit_days=3):
    """A published procedure offered by `agency`, with papers and the usual three-step workflow."""
    case = CaseFactory(time_limit_value=Decimal(time_limit_days))
    case.procedure.agencies.add(agency)
    for i in range(mandatory_papers):
        PaperFactory(case=case, order=i, name=f"Giấy tờ bắt buộc số {i + 1}", is_mandatory=True)
    for i in range(optional_papers):
        PaperFactory(case=case, order=100 + i, name=f"Giấy tờ không bắt buộc số {i + 1}", is_mandatory=False)
    StepTemplateFactory(
        case=case, order=1, name="Phân công thụ lý", role=Role.DEPARTMENT_LEADER, time_budget_hours=4
    )
    StepTemplateFactory(
        case=case,
        order=2,
        name="Thẩm định, xử lý hồ sơ",
        role=Role.SPECIALIST,
        time_budget_hours=Decimal(time_limit_days * 8 - 12),
    )
    StepTemplateFactory(
        case=case, order=3, name="Phê duyệt kết quả", role=Role.DEPARTMENT_LEADER, time_budget_hours=8
    )
    return case


def procedure_with_steps(*, agency, steps, time_limit_days=5, mandatory_papers=1):
    """A published procedure received by `agency` with the given workflow: (name, role, hours, step agency)
    tuples, the step agency None for the receiving agency (another agency makes it một cửa liên thông)."""
    case = CaseFactory(time_limit_value=Decimal(time_limit_days))
    case.procedure.agencies.add(agency)
    for i in range(mandatory_papers):
        PaperFactory(case=case, order=i, name=f"Giấy tờ bắt buộc số {i + 1}", is_mandatory=True)
    for order, (name, role, hours, step_agency) in enumerate(steps, start=1):
        StepTemplateFactory(
            case=case, order=order, name=name, role=role, time_budget_hours=Decimal(hours), agency=step_agency
        )
    return case
