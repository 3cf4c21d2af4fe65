import pytest
from django.core.management import call_command

from motcua.agencies.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

Level = AdministrativeUnit.Level


def test_load_units_creates_34_provinces_and_3321_communes_and_a_second_run_changes_nothing():
    call_command("load_units", quiet=True)
    call_command("load_units", quiet=True)

    assert AdministrativeUnit.objects.filter(level=Level.PROVINCE).count() == 34
    assert AdministrativeUnit.objects.filter(level=Level.COMMUNE).count() == 3321
    assert not AdministrativeUnit.objects.filter(level=Level.COMMUNE, parent=None).exists()
    ward = AdministrativeUnit.objects.select_related("parent").get(code="05443")
    assert (ward.name, ward.division_type, ward.parent.code, ward.parent.name) == (
        "Phường Phan Đình Phùng",
        "phường",
        "19",
        "Thái Nguyên",
    )


def test_load_units_restores_a_name_edited_by_hand():
    call_command("load_units", quiet=True)
    AdministrativeUnit.objects.filter(code="19").update(name="Tên sai")

    call_command("load_units", quiet=True)

    assert AdministrativeUnit.objects.get(code="19").name == "Thái Nguyên"
