import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from motcua.agencies.models import Role
from motcua.dossiers import services
from tests.factories import AgencyFactory, CitizenFactory, procedure_with_workflow, staff_with_role
from tests.uploads import pdf


@pytest.fixture(autouse=True)
def _fresh_throttles():
    # Throttle counters live in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def office():
    agency = AgencyFactory(electronic_id="H56.101")
    case = procedure_with_workflow(agency=agency, mandatory_papers=2, optional_papers=1)
    return {
        "agency": agency,
        "case": case,
        "papers": list(case.papers.order_by("order")),
        "desk": staff_with_role(agency, Role.DESK_OFFICER),
        "leader": staff_with_role(agency, Role.DEPARTMENT_LEADER),
        "specialist": staff_with_role(agency, Role.SPECIALIST),
        "citizen": CitizenFactory(),
    }


@pytest.fixture
def submitted(office):
    """Make online dossiers the way the portal does, to read them back through the API."""

    def submit(*, citizen=None, name="Nguyễn Thị Lan", phone="0912345678"):
        citizen = citizen or office["citizen"]
        draft = services.draft_start(applicant=citizen, case=office["case"], agency=office["agency"])
        problems = services.draft_update(
            draft=draft,
            agency=office["agency"],
            user=citizen,
            files={paper.id: [pdf()] for paper in office["papers"] if paper.is_mandatory},
            form_data={
                "applicant_name": name,
                "applicant_id_number": citizen.citizen_id,
                "applicant_phone": phone,
                "summary": "Đăng ký khai sinh cho con",
            },
        )
        assert problems == []
        return services.dossier_submit(draft=draft)

    return submit
