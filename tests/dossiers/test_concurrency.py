"""Dossier codes under concurrency: many desks accepting at the same instant never share a code."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from motcua.agencies.models import Role
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.factories import AgencyFactory, CitizenFactory, procedure_with_workflow, staff_with_role
from tests.uploads import pdf

CONCURRENT = 50
MONDAY_MORNING = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _submitted_dossiers(agency, count):
    case = procedure_with_workflow(agency=agency, mandatory_papers=1, optional_papers=0)
    paper = case.papers.get()
    dossiers = []
    for _ in range(count):
        citizen = CitizenFactory()
        draft = services.draft_start(applicant=citizen, case=case, agency=agency)
        services.draft_update(
            draft=draft,
            agency=agency,
            user=citizen,
            files={paper.id: [pdf()]},
            form_data={
                "applicant_name": citizen.full_name,
                "applicant_id_number": citizen.citizen_id,
                "applicant_phone": citizen.phone,
            },
        )
        dossiers.append(services.dossier_submit(draft=draft, now=MONDAY_MORNING))
    return dossiers


@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptances_get_distinct_consecutive_codes():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pass  # the shared-cache in-memory test database is visible to every thread
    agency = AgencyFactory(electronic_id="H56.777")
    desks = [staff_with_role(agency, Role.DESK_OFFICER) for _ in range(5)]
    dossiers = _submitted_dossiers(agency, CONCURRENT)
    start = threading.Barrier(CONCURRENT)
    codes, errors = [], []

    def accept(index, dossier):
        try:
            start.wait(timeout=30)
            accepted = services.dossier_accept(
                dossier=dossier, officer=desks[index % len(desks)], now=MONDAY_MORNING
            )
            codes.append(accepted.code)
        except Exception as error:  # collected and asserted below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(i, d)) for i, d in enumerate(dossiers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert len(set(codes)) == CONCURRENT
    counters = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert counters == list(range(1, CONCURRENT + 1))
    assert all(code.startswith("H56.777-261207-") for code in codes)
    assert Dossier.objects.filter(code__isnull=False).count() == CONCURRENT
