import pytest
from django.contrib.auth import get_user
from django.urls import reverse

from motcua.accounts.models import User
from motcua.agencies.models import Role
from tests.factories import PASSWORD, AgencyFactory, CitizenFactory, staff_with_role

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password, **extra})


def test_login_page_has_one_field_for_every_kind_of_account_and_a_sign_up_link(client):
    response = client.get(reverse("accounts:login"))

    assert "Số CCCD / mã số thuế / tên đăng nhập" in response.text
    assert reverse("accounts:signup") in response.text


def test_citizen_signs_in_with_the_cccd_and_lands_on_my_dossiers(client):
    citizen = CitizenFactory(citizen_id="019090000123")

    response = sign_in(client, "019 090 000 123")

    assert response.status_code == 302
    assert response.url == reverse("portal:my_dossiers")
    assert get_user(client) == citizen


def test_business_signs_in_with_the_tax_code_as_printed(client):
    business = User.objects.create_user(
        username="0101234567001", password=PASSWORD, kind=User.Kind.BUSINESS, tax_code="0101234567001"
    )

    sign_in(client, "0101234567-001")

    assert get_user(client) == business


def test_wrong_password_shows_one_plain_message_and_keeps_the_username(client):
    CitizenFactory(citizen_id="019090000123")

    response = sign_in(client, "019090000123", password="sai-mat-khau")

    assert response.status_code == 200
    assert "Thông tin đăng nhập không đúng." in response.text
    assert 'value="019090000123"' in response.text
    assert not get_user(client).is_authenticated


def test_staff_login_goes_to_the_backoffice(client):
    staff_with_role(AgencyFactory(), Role.DESK_OFFICER, username="xa9.motcua")

    response = sign_in(client, "xa9.motcua")

    assert response.url == reverse("backoffice:dashboard")


def test_login_honours_a_safe_next_only(client):
    CitizenFactory(citizen_id="019090000123")

    safe = sign_in(client, "019090000123", next="/tra-cuu/")
    client.logout()
    unsafe = sign_in(client, "019090000123", next="https://lua-dao.example/")

    assert safe.url == "/tra-cuu/"
    assert unsafe.url == reverse("portal:my_dossiers")


def test_logout_is_a_post(client):
    client.force_login(CitizenFactory())

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert not get_user(client).is_authenticated
