"""Public catalogue pages: find a procedure however it is typed, read all seven parts, download its forms."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from motcua.catalog.models import Field, Procedure
from tests.factories import (
    AgencyFactory,
    CaseFactory,
    FeeFactory,
    FieldFactory,
    PaperFactory,
    ProcedureFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("portal:procedure_list")


def _names(response) -> list[str]:
    return [procedure.name for procedure in response.context["page"].object_list]


def test_search_without_diacritics_finds_the_vietnamese_name(client):
    ProcedureFactory(name="Thủ tục đăng ký khai sinh")
    ProcedureFactory(name="Thủ tục đăng ký kết hôn")

    response = client.get(LIST_URL, {"q": "dang ky khai sinh"})

    assert response.status_code == 200
    assert _names(response) == ["Thủ tục đăng ký khai sinh"]
    assert "Tìm thấy 1 thủ tục" in response.content.decode()


def test_search_ignores_case_and_matches_every_word_in_any_order(client):
    ProcedureFactory(name="Chứng thực chữ ký", field=FieldFactory(name="Chứng thực"))
    ProcedureFactory(name="Cấp bản sao từ sổ gốc", field=FieldFactory(name="Chứng thực"))
    ProcedureFactory(name="Đăng ký khai tử")

    assert set(_names(client.get(LIST_URL, {"q": "CHỨNG THỰC"}))) == {
        "Cấp bản sao từ sổ gốc",  # found by its field, Chứng thực
        "Chứng thực chữ ký",
    }
    assert _names(client.get(LIST_URL, {"q": "ký chữ"})) == ["Chứng thực chữ ký"]
    assert _names(client.get(LIST_URL, {"q": "khai tu"})) == ["Đăng ký khai tử"]


def test_search_by_code(client):
    ProcedureFactory(name="Đăng ký khai sinh", code="1.001193")
    ProcedureFactory(name="Đăng ký kết hôn", code="1.000894")

    assert _names(client.get(LIST_URL, {"q": "1.001193"})) == ["Đăng ký khai sinh"]


def test_filters_by_field_level_and_online_kind(client):
    civil = FieldFactory(name="Hộ tịch")
    land = Field.objects.create(name="Đất đai")
    ProcedureFactory(name="Khai sinh", field=civil, level="commune", online_kind="full")
    ProcedureFactory(name="Cấp đổi sổ đỏ", field=land, level="province", online_kind="partial")
    ProcedureFactory(name="Cấp bản sao", field=civil, level="both", online_kind="none")
    ProcedureFactory(name="Chưa công khai", field=civil, level="commune", is_published=False)

    assert _names(client.get(LIST_URL, {"field": land.pk})) == ["Cấp đổi sổ đỏ"]
    assert _names(client.get(LIST_URL, {"level": "commune"})) == ["Cấp bản sao", "Khai sinh"]
    assert _names(client.get(LIST_URL, {"level": "province"})) == ["Cấp bản sao", "Cấp đổi sổ đỏ"]
    assert _names(client.get(LIST_URL, {"online": "full"})) == ["Khai sinh"]
    assert _names(client.get(LIST_URL, {"online": "none", "field": civil.pk})) == ["Cấp bản sao"]
    assert _names(client.get(LIST_URL, {"field": "abc", "level": "xyz"})) == [
        "Cấp bản sao",
        "Cấp đổi sổ đỏ",
        "Khai sinh",
    ]


def test_list_is_paginated_by_20(client):
    for i in range(25):
        ProcedureFactory(name=f"Thủ tục số {i:02d}")

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})

    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5
    assert "Tìm thấy 25 thủ tục" in first.content.decode()


def test_htmx_filter_request_gets_only_the_results(client):
    ProcedureFactory(name="Thủ tục đăng ký khai sinh")

    response = client.get(
        LIST_URL, {"q": "khai sinh"}, headers={"HX-Request": "true", "HX-Target": "procedure-results"}
    )

    content = response.content.decode()
    assert "Thủ tục đăng ký khai sinh" in content
    assert "<html" not in content


@pytest.mark.parametrize("count", [5, 25])
def test_list_page_query_count_does_not_grow_with_procedures(client, django_assert_num_queries, count):
    fields = [FieldFactory(name=f"Lĩnh vực {i}") for i in range(3)]
    for i in range(count):
        ProcedureFactory(field=fields[i % 3])

    # count, one page of procedures with their fields, the fields for the filter
    with django_assert_num_queries(3):
        response = client.get(LIST_URL, {"q": "thu tuc"})
    assert response.status_code == 200


@pytest.fixture
def sparse_procedure():
    """As the demo has many: a name and a fee, everything else not yet published."""
    procedure = ProcedureFactory(
        name="Đăng ký doanh nghiệp tư nhân",
        code="",
        level="",
        online_kind="",
        field=FieldFactory(name="Doanh nghiệp"),
    )
    case = CaseFactory(procedure=procedure, time_limit_value=None, time_limit_unit="")
    FeeFactory(case=case, name="Lệ phí đăng ký doanh nghiệp", amount=50000)
    FeeFactory(case=case, name="Phí công bố", amount=None)
    FeeFactory(case=case, name="Lệ phí hộ tịch", amount=0)
    return procedure


def test_detail_shows_not_published_for_each_missing_part_and_formats_fees(client, sparse_procedure):
    response = client.get(reverse("portal:procedure_detail", args=[sparse_procedure.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    for heading in (
        "Trình tự thực hiện",
        "Cách thức thực hiện",
        "Thành phần, số lượng hồ sơ",
        "Thời hạn giải quyết",
        "Đối tượng thực hiện",
        "Cơ quan thực hiện",
        "Căn cứ pháp lý",
    ):
        assert heading in content
    # code, level, result, steps, papers, time limit ×3, applicants, agency text, receiving agencies,
    # online kind, legal basis, sources
    assert content.count('class="not-published"') >= 12
    assert "Lệ phí đăng ký doanh nghiệp:" in content
    assert "50.000 đồng" in content
    assert "Theo quy định" in content
    assert "Miễn phí" in content


def test_detail_shows_published_values_and_the_online_button(client):
    agency = AgencyFactory(name="UBND phường Phan Đình Phùng")
    procedure = ProcedureFactory(
        name="Đăng ký khai sinh",
        code="1.001193",
        online_kind=Procedure.OnlineKind.FULL,
        applicants_text="Cha, mẹ hoặc người thân của trẻ",
        implementing_agency_text="UBND cấp xã",
        legal_basis=["Luật Hộ tịch 2014"],
    )
    procedure.agencies.add(agency)
    case = CaseFactory(procedure=procedure, online_time_limit_value=2)
    PaperFactory(case=case, name="Tờ khai đăng ký khai sinh", originals=1, copies=0)

    response = client.get(reverse("portal:procedure_detail", args=[procedure.pk]))

    content = response.content.decode()
    assert "1.001193" in content
    assert "3 ngày làm việc" in content
    assert "Tờ khai đăng ký khai sinh" in content
    assert "Cha, mẹ hoặc người thân của trẻ" in content
    assert "UBND phường Phan Đình Phùng" in content
    assert "Luật Hộ tịch 2014" in content
    assert "Nộp hồ sơ trực tuyến" in content


def test_detail_of_unpublished_procedure_is_not_found(client):
    procedure = ProcedureFactory(is_published=False)

    assert client.get(reverse("portal:procedure_detail", args=[procedure.pk])).status_code == 404


def test_paper_template_downloads_only_for_published_procedures(client):
    paper = PaperFactory(name="Tờ khai")
    paper.template.save("to-khai-khai-sinh.docx", ContentFile(b"mau to khai"))
    no_template = PaperFactory(case=paper.case)
    hidden = PaperFactory(case=CaseFactory(procedure=ProcedureFactory(is_published=False)))
    hidden.template.save("an.docx", ContentFile(b"x"))

    response = client.get(reverse("portal:paper_template", args=[paper.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"mau to khai"
    assert "to-khai-khai-sinh.docx" in response["Content-Disposition"]
    assert client.get(reverse("portal:paper_template", args=[no_template.pk])).status_code == 404
    assert client.get(reverse("portal:paper_template", args=[hidden.pk])).status_code == 404


def test_home_and_guide_pages(client):
    ProcedureFactory(name="Thủ tục đăng ký khai sinh")

    home = client.get(reverse("portal:home")).content.decode()
    guide = client.get(reverse("portal:guide")).content.decode()

    assert "Thủ tục đăng ký khai sinh" in home
    assert "Hộ tịch" in home
    assert reverse("portal:tracking") in home
    assert "kiểm tra hồ sơ đã đủ giấy tờ" in home
    assert "Căn cước" in guide


def test_site_stylesheet_and_htmx_are_served(client):
    for asset in ("/static/motcua/css/site.css", "/static/motcua/js/htmx.min.js"):
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert b"".join(response.streaming_content if response.streaming else [response.content])
