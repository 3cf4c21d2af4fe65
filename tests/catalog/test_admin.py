"""Catalogue admin: the import screen lists every bad row and imports nothing; export gives a file back."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from tests.factories import CaseFactory, FeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(
        username="quantri", email="quantri@example.gov.vn", full_name="Quản trị", password="x"
    )
    client.force_login(user)
    return client


def test_admin_import_refuses_a_bad_file_and_lists_each_bad_row(admin_client):
    bad = [{"name": "Đăng ký khai sinh", "field": "Hộ tịch"}, {"name": "", "field": ""}]
    upload = SimpleUploadedFile("danh-muc.json", json.dumps(bad).encode(), content_type="application/json")

    response = admin_client.post(reverse("admin:catalog_procedure_import"), {"file": upload})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Mục [1]: thiếu tên thủ tục" in content
    assert "Mục [1]: thiếu lĩnh vực" in content
    assert not Procedure.objects.exists()


def test_admin_import_of_a_good_file_creates_the_procedures(admin_client):
    good = [{"name": "Đăng ký khai sinh", "field": "Hộ tịch", "cases": [{"name": "Trường hợp chung"}]}]
    upload = SimpleUploadedFile("danh-muc.json", json.dumps(good).encode(), content_type="application/json")

    response = admin_client.post(reverse("admin:catalog_procedure_import"), {"file": upload})

    assert response.status_code == 302
    assert Procedure.objects.get().cases.get().name == "Trường hợp chung"


def test_admin_export_as_xlsx(admin_client):
    FeeFactory(case=CaseFactory(), amount=50000)

    response = admin_client.get(reverse("admin:catalog_procedure_export"), {"format": "xlsx"})

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    fees = list(workbook["fees"].values)
    assert fees[0][:4] == ("case_id", "name", "kind", "amount")
    assert fees[1][3] == 50000


def test_admin_procedure_pages_open(admin_client):
    case = CaseFactory()

    assert admin_client.get(reverse("admin:catalog_procedure_changelist"), {"q": "thử"}).status_code == 200
    assert (
        admin_client.get(reverse("admin:catalog_procedure_change", args=[case.procedure.pk])).status_code
        == 200
    )
    assert admin_client.get(reverse("admin:catalog_procedurecase_change", args=[case.pk])).status_code == 200
