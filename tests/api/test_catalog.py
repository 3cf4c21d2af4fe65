"""Public catalogue: search ignores diacritics, only published procedures, unpublished values stay null."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.catalog.models import Procedure
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    FeeFactory,
    FieldFactory,
    ProcedureFactory,
    procedure_with_workflow,
)

pytestmark = pytest.mark.django_db


def test_search_without_diacritics_finds_a_procedure_written_with_them(api):
    wanted = ProcedureFactory(name="Đăng ký khai sinh")
    ProcedureFactory(name="Chứng thực bản sao từ bản chính")
    response = api.get(reverse("api:procedures"), {"q": "dang ky"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [wanted.pk]


def test_filters_by_field_level_and_online_kind(api):
    civil = FieldFactory(name="Hộ tịch")
    land = FieldFactory(name="Đất đai")
    wanted = ProcedureFactory(field=civil, level=Procedure.Level.BOTH, online_kind=Procedure.OnlineKind.FULL)
    ProcedureFactory(field=land, level=Procedure.Level.COMMUNE, online_kind=Procedure.OnlineKind.FULL)
    ProcedureFactory(field=civil, level=Procedure.Level.PROVINCE, online_kind=Procedure.OnlineKind.NONE)
    response = api.get(reverse("api:procedures"), {"field": civil.pk, "level": "commune", "online": "full"})
    assert [item["id"] for item in response.json()["results"]] == [wanted.pk]


def test_an_unknown_filter_value_is_a_400_with_messages(api):
    response = api.get(reverse("api:procedures"), {"level": "national"})
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("Cấp thực hiện: ")


def test_unpublished_procedures_are_neither_listed_nor_shown(api):
    hidden = ProcedureFactory(name="Đăng ký tạm ngừng", is_published=False)
    assert api.get(reverse("api:procedures"), {"q": "dang ky"}).json()["count"] == 0
    assert api.get(reverse("api:procedure", args=[hidden.pk])).status_code == 404


def test_procedure_list_query_count_does_not_grow_with_results(api):
    ProcedureFactory()
    with CaptureQueriesContext(connection) as one:
        assert api.get(reverse("api:procedures")).json()["count"] == 1
    for _ in range(4):
        ProcedureFactory()
    with CaptureQueriesContext(connection) as five:
        assert api.get(reverse("api:procedures")).json()["count"] == 5
    assert len(five) == len(one)


def test_procedure_detail_has_cases_papers_fees_and_steps(api):
    agency = AgencyFactory()
    case = procedure_with_workflow(agency=agency, mandatory_papers=2, optional_papers=1)
    FeeFactory(case=case, amount=8000)
    response = api.get(reverse("api:procedure", args=[case.procedure.pk]))
    assert response.status_code == 200
    body = response.json()
    assert body["agencies"] == [{"id": agency.pk, "name": agency.name, "electronic_id": agency.electronic_id}]
    (case_body,) = body["cases"]
    assert case_body["time_limit_value"] == 3
    assert case_body["time_limit_unit"] == "working_days"
    assert [paper["is_mandatory"] for paper in case_body["papers"]] == [True, True, False]
    assert case_body["papers"][0]["upload_field"] == f"paper_{case_body['papers'][0]['id']}"
    assert case_body["fees"][0]["amount"] == 8000
    assert [step["order"] for step in case_body["steps"]] == [1, 2, 3]


def test_values_not_yet_published_stay_null(api):
    procedure = ProcedureFactory(code="", level="", online_kind="")
    case = CaseFactory(procedure=procedure, time_limit_value=None, time_limit_unit="")
    FeeFactory(case=case, amount=None, name="Lệ phí theo quy định")
    body = api.get(reverse("api:procedure", args=[procedure.pk])).json()
    assert body["code"] is None and body["level"] is None and body["online_kind"] is None
    assert body["cases"][0]["time_limit_value"] is None
    assert body["cases"][0]["time_limit_unit"] is None
    assert body["cases"][0]["fees"][0]["amount"] is None


def test_fields_list_counts_published_procedures(api):
    civil = FieldFactory(name="Hộ tịch")
    ProcedureFactory(field=civil)
    ProcedureFactory(field=civil, is_published=False)
    response = api.get(reverse("api:fields"))
    assert response.status_code == 200
    assert response.json() == [{"id": civil.pk, "name": "Hộ tịch", "code": None, "procedure_count": 1}]
