import pytest

from motcua.agencies.models import Agency, Role
from motcua.agencies.selectors import staff_agency_ids, staff_roles_in
from tests.factories import AgencyFactory, staff_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    root = AgencyFactory(name="UBND tỉnh", electronic_id="H56", level=Agency.Level.PROVINCE)
    commune = AgencyFactory(electronic_id="H56.101", parent=root)
    return {
        "root": root,
        "commune": commune,
        "division": AgencyFactory(electronic_id="H56.101.01", parent=commune, receives_dossiers=False),
        "other_commune": AgencyFactory(electronic_id="H56.102", parent=root),
    }


def test_commune_desk_officer_acts_in_its_division_but_not_in_another_commune(province):
    desk = staff_with_role(province["commune"], Role.DESK_OFFICER)

    scope = staff_agency_ids(desk)

    assert scope == {province["commune"].id, province["division"].id}
    assert province["other_commune"].id not in scope


def test_scope_can_be_narrowed_to_roles(province):
    officer = staff_with_role(province["commune"], Role.DESK_OFFICER)

    assert staff_agency_ids(officer, roles=[Role.SPECIALIST]) == set()
    assert staff_roles_in(officer, province["division"]) == {Role.DESK_OFFICER}
    assert staff_roles_in(officer, province["other_commune"]) == set()
