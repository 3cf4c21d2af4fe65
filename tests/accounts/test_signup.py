import pytest
from django.urls import reverse

from motcua.accounts.models import User
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Ca-phe-sua-da-2026"


def citizen_data(**overrides):
    return {
        "full_name": "Nguyễn Thị Hoa",
        "citizen_id": "019190001234",
        "phone": "0912 345 678",
        "email": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "data_consent": "on",
        **overrides,
    }


def business_data(**overrides):
    return {
        "name": "Công ty TNHH Chè Đồi Xanh",
        "tax_code": "4600111222",
        "representative": "Lê Văn Cường",
        "phone": "0208 3777 888",
        "email": "lienhe@chedoixanh.example.vn",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "data_consent": "on",
        **overrides,
    }


def test_signup_page_offers_citizen_and_business(client):
    response = client.get(reverse("accounts:signup"))

    assert response.status_code == 200
    assert reverse("accounts:signup_citizen") in response.text
    assert reverse("accounts:signup_business") in response.text


def test_citizen_signup_with_a_short_cccd_explains_and_keeps_what_was_typed(client):
    response = client.post(reverse("accounts:signup_citizen"), citizen_data(citizen_id="12345"))

    assert response.status_code == 200
    assert "Số CCCD phải gồm đúng 12 chữ số." in response.text
    assert 'value="Nguyễn Thị Hoa"' in response.text
    assert 'value="0912 345 678"' in response.text
    assert PASSWORD not in response.text
    assert not User.objects.exists()


def test_citizen_signup_rejects_a_cccd_already_registered(client):
    CitizenFactory(citizen_id="019190001234")

    response = client.post(reverse("accounts:signup_citizen"), citizen_data())

    assert "Số CCCD này đã được đăng ký." in response.text
    assert User.objects.count() == 1


def test_citizen_signup_rejects_a_cccd_without_a_province_code(client):
    response = client.post(reverse("accounts:signup_citizen"), citizen_data(citizen_id="999190001234"))

    assert "mã tỉnh" in response.text
    assert not User.objects.exists()


def test_citizen_signup_needs_consent_to_personal_data_processing(client):
    data = citizen_data()
    del data["data_consent"]

    response = client.post(reverse("accounts:signup_citizen"), data)

    assert "Anh/chị cần đánh dấu đồng ý để tạo tài khoản." in response.text
    assert not User.objects.exists()


def test_citizen_signup_checks_the_password_twice_and_against_the_rules(client):
    mismatch = client.post(reverse("accounts:signup_citizen"), citizen_data(password2="Khac-hoan-toan-1"))
    weak = client.post(
        reverse("accounts:signup_citizen"), citizen_data(password1="12345678", password2="12345678")
    )

    assert "Hai lần nhập mật khẩu không khớp nhau." in mismatch.text
    assert weak.context["form"].has_error("password1")
    assert not User.objects.exists()


def test_citizen_signup_rejects_a_wrong_phone_number(client):
    response = client.post(reverse("accounts:signup_citizen"), citizen_data(phone="12345"))

    assert response.context["form"].has_error("phone")
    assert not User.objects.exists()


def test_valid_citizen_signup_creates_the_account_signs_in_and_opens_my_dossiers(client):
    response = client.post(reverse("accounts:signup_citizen"), citizen_data())

    assert response.status_code == 302
    assert response.url == reverse("portal:my_dossiers")
    user = User.objects.get()
    assert (user.username, user.citizen_id, user.kind, user.phone) == (
        "019190001234",
        "019190001234",
        User.Kind.CITIZEN,
        "0912345678",
    )
    assert user.data_consent_at is not None
    assert user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_honours_a_safe_next_and_ignores_another_site(client):
    safe = client.post(reverse("accounts:signup_citizen") + "?next=/thu-tuc/", citizen_data())
    client.logout()
    unsafe = client.post(reverse("accounts:signup_business"), business_data(next="https://lua-dao.example/"))

    assert safe.url == "/thu-tuc/"
    assert unsafe.url == reverse("portal:my_dossiers")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("4600111222", "4600111222"), ("0101234567-001", "0101234567001"), ("0101234567001", "0101234567001")],
)
def test_business_signup_accepts_10_and_13_digit_tax_codes(client, typed, stored):
    response = client.post(reverse("accounts:signup_business"), business_data(tax_code=typed))

    assert response.status_code == 302
    user = User.objects.get()
    assert (user.username, user.tax_code, user.kind) == (stored, stored, User.Kind.BUSINESS)
    assert (user.full_name, user.representative) == ("Công ty TNHH Chè Đồi Xanh", "Lê Văn Cường")


def test_business_signup_rejects_a_9_digit_tax_code(client):
    response = client.post(reverse("accounts:signup_business"), business_data(tax_code="460011122"))

    assert response.status_code == 200
    assert "Mã số thuế phải gồm 10 chữ số" in response.text
    assert 'value="Công ty TNHH Chè Đồi Xanh"' in response.text
    assert not User.objects.exists()


def test_business_signup_rejects_a_tax_code_already_registered(client):
    client.post(reverse("accounts:signup_business"), business_data(tax_code="0101234567-001"))
    client.logout()

    response = client.post(reverse("accounts:signup_business"), business_data(tax_code="0101234567001"))

    assert "Mã số thuế này đã được đăng ký." in response.text
    assert User.objects.count() == 1
