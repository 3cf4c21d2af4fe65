import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from motcua.accounts.models import User
from motcua.agencies.demo import DEMO_PASSWORD, load_demo_agencies
from motcua.agencies.models import Agency, Role, StaffAssignment

pytestmark = pytest.mark.django_db

RECEIVING = ["H56.20", "H56.21", "H56.22", "H56.30", "H56.101", "H56.102", "H56.103"]


def test_demo_agencies_load_twice_without_duplicates():
    first = load_demo_agencies()
    counts = (Agency.objects.count(), User.objects.count(), StaffAssignment.objects.count())

    second = load_demo_agencies()

    assert (Agency.objects.count(), User.objects.count(), StaffAssignment.objects.count()) == counts
    assert counts == (11, 7 * 5 + 2 + 1 + 1, 7 * 5)
    assert [a.username for a in first] == [a.username for a in second]


def test_demo_tree_has_the_province_its_departments_and_communes_with_a_division_below():
    load_demo_agencies()

    root = Agency.objects.get(electronic_id="H56")
    assert root.name == "Ủy ban nhân dân tỉnh Thái Nguyên"
    assert not root.receives_dossiers
    receiving = Agency.objects.filter(receives_dossiers=True)
    assert sorted(receiving.values_list("electronic_id", flat=True)) == sorted(RECEIVING)
    assert set(receiving.values_list("parent__electronic_id", flat=True)) == {"H56"}
    commune = Agency.objects.get(electronic_id="H56.102")
    assert (commune.name, commune.level) == ("UBND xã Phú Lương", Agency.Level.COMMUNE)
    division = Agency.objects.get(electronic_id="H56.102.01")
    assert (division.name, division.parent, division.receives_dossiers) == (
        "Phòng Văn hóa - Xã hội",
        commune,
        False,
    )
    assert all(a.address and a.phone and a.desk_location and a.office_hours for a in Agency.objects.all())


def test_demo_links_administrative_units_only_once_they_are_loaded():
    load_demo_agencies()
    assert Agency.objects.get(electronic_id="H56.101").administrative_unit is None

    call_command("load_units", quiet=True)
    load_demo_agencies()

    assert Agency.objects.get(electronic_id="H56").administrative_unit.code == "19"
    assert Agency.objects.get(electronic_id="H56.101").administrative_unit.name == "Phường Phan Đình Phùng"


def test_every_receiving_demo_agency_has_the_five_roles():
    load_demo_agencies()

    for electronic_id in RECEIVING:
        roles = set(
            StaffAssignment.objects.filter(agency__electronic_id=electronic_id).values_list("role", flat=True)
        )
        assert roles == set(Role.values), electronic_id


def test_demo_staff_carry_their_role_permissions():
    load_demo_agencies()

    desk = User.objects.get(username="xa1.motcua")
    specialist = User.objects.get(username="sotp.chuyenvien")
    admin = User.objects.get(username="ttpvhcc.quantri")
    assert desk.kind == User.Kind.STAFF
    assert desk.has_perm("dossiers.receive_dossier")
    assert specialist.has_perm("dossiers.process_dossier")
    assert not specialist.has_perm("dossiers.receive_dossier")
    assert admin.is_staff and admin.has_perm("calendar.add_calendaroverride")


def test_demo_accounts_sign_in_with_the_shared_password():
    load_demo_agencies()

    assert authenticate(username="019090000001", password=DEMO_PASSWORD).kind == User.Kind.CITIZEN
    assert authenticate(username="4600123456", password=DEMO_PASSWORD).kind == User.Kind.BUSINESS
    assert authenticate(username="xa3.lanhdao", password=DEMO_PASSWORD).full_name
    assert authenticate(username="admin", password=DEMO_PASSWORD).is_superuser


def test_load_demo_command_is_idempotent_and_prints_the_accounts(capsys):
    pytest.importorskip("motcua.catalog.demo")
    call_command("load_demo")
    call_command("load_demo")

    output = capsys.readouterr().out
    assert "xa1.motcua" in output and DEMO_PASSWORD in output
    assert Agency.objects.filter(electronic_id__startswith="H56").count() == 11
