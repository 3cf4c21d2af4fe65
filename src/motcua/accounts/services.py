"""Writes on accounts: applicants registering themselves."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User


def citizen_id_taken(citizen_id: str) -> bool:
    return (
        User.objects.filter(username=citizen_id).exists()
        or User.objects.filter(citizen_id=citizen_id).exists()
    )


def tax_code_taken(tax_code: str) -> bool:
    return User.objects.filter(username=tax_code).exists() or User.objects.filter(tax_code=tax_code).exists()


def citizen_register(
    *, full_name: str, citizen_id: str, phone: str, email: str = "", password: str, data_consent: bool
) -> User:
    """Create a citizen account signed in with the CCCD number (công dân đăng ký tài khoản)."""
    return _applicant_create(
        username=citizen_id,
        id_field="citizen_id",
        taken_message=_("Số CCCD này đã được đăng ký."),
        data_consent=data_consent,
        password=password,
        kind=User.Kind.CITIZEN,
        full_name=full_name,
        citizen_id=citizen_id,
        phone=phone,
        email=email,
    )


def business_register(
    *,
    name: str,
    tax_code: str,
    representative: str,
    phone: str,
    email: str,
    password: str,
    data_consent: bool,
) -> User:
    """Create a business account signed in with the tax code (doanh nghiệp đăng ký tài khoản)."""
    return _applicant_create(
        username=tax_code,
        id_field="tax_code",
        taken_message=_("Mã số thuế này đã được đăng ký."),
        data_consent=data_consent,
        password=password,
        kind=User.Kind.BUSINESS,
        full_name=name,
        tax_code=tax_code,
        representative=representative,
        phone=phone,
        email=email,
    )


def _applicant_create(
    *, username: str, id_field: str, taken_message: str, data_consent: bool, password: str, **fields
) -> User:
    # Luật 91/2025/QH15: personal data is processed only with the data subject's recorded consent.
    if not data_consent:
        raise ValidationError(_("Cần có sự đồng ý xử lý dữ liệu cá nhân để tạo tài khoản."))
    user = User(username=username, data_consent_at=timezone.now(), **fields)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:
        # Two sign-ups with the same number at the same moment: the unique username decides.
        raise ValidationError({id_field: taken_message}) from error
    return user
