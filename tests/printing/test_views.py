"""The desk prints the forms of dossiers it may see; applicants download their own; everyone else gets 404."""

from datetime import date
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.agencies.models import Role
from motcua.dossiers import services
from tests.factories import AgencyFactory, CitizenFactory, staff_with_role
from tests.liaison import make_liaison, to_department, walk_in
from tests.printing.conftest import at, login, pdf_text, received_online, submit_online

pytestmark = pytest.mark.django_db


def staff_url(dossier, slug):
    return reverse("printing:staff_form", kwargs={"public_id": dossier.public_id, "slug": slug})


def applicant_url(dossier, slug):
    return reverse("printing:applicant_form", kwargs={"public_id": dossier.public_id, "slug": slug})


def test_desk_prints_the_receipt_inline_as_a_pdf_named_after_the_code(client, office):
    dossier = received_online(office)
    login(client, office["desk"])
    response = client.get(staff_url(dossier, "phieu-tiep-nhan"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{dossier.code}-phieu-tiep-nhan.pdf"'
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "Đặng Thị Ngọc Ánh" in text and "10/12/2026" in text


def test_applicant_downloads_their_own_receipt(client, office):
    dossier = received_online(office)
    login(client, office["citizen"])
    response = client.get(applicant_url(dossier, "phieu-tiep-nhan"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả".upper() in pdf_text(response.content)


def test_officer_of_another_agency_gets_404(client, office):
    dossier = received_online(office)
    login(client, staff_with_role(AgencyFactory(), Role.DESK_OFFICER))
    for slug in ["phieu-tiep-nhan", "phieu-kiem-soat"]:
        assert client.get(staff_url(dossier, slug)).status_code == 404


def test_another_citizen_gets_404(client, office):
    dossier = received_online(office)
    login(client, CitizenFactory())
    assert client.get(applicant_url(dossier, "phieu-tiep-nhan")).status_code == 404


def test_applicants_never_reach_the_staff_urls_nor_staff_the_applicant_urls(client, office):
    dossier = received_online(office)
    login(client, office["citizen"])
    assert client.get(staff_url(dossier, "phieu-tiep-nhan")).status_code == 404
    login(client, office["desk"])
    assert client.get(applicant_url(dossier, "phieu-tiep-nhan")).status_code == 404


def test_the_control_sheet_is_internal(client, office):
    dossier = received_online(office)
    login(client, office["citizen"])
    assert client.get(applicant_url(dossier, "phieu-kiem-soat")).status_code == 404
    login(client, office["specialist"])
    assert client.get(staff_url(dossier, "phieu-kiem-soat")).status_code == 200


def test_a_form_that_does_not_apply_yet_is_404(client, office):
    waiting = submit_online(office)
    login(client, office["desk"])
    assert client.get(staff_url(waiting, "phieu-tiep-nhan")).status_code == 404
    assert client.get(staff_url(waiting, "phieu-tu-choi")).status_code == 404
    assert client.get(staff_url(waiting, "khong-co-mau-nay")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, office):
    dossier = received_online(office)
    response = client.get(applicant_url(dossier, "phieu-tiep-nhan"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_dossier_pages_link_only_the_forms_that_apply(client, office):
    received = received_online(office)
    login(client, office["desk"])
    page = client.get(reverse("backoffice:dossier", args=[received.public_id])).content.decode()
    assert staff_url(received, "phieu-tiep-nhan") in page and staff_url(received, "phieu-kiem-soat") in page
    assert "phieu-tu-choi" not in page and "phieu-yeu-cau-bo-sung" not in page

    refused = submit_online(office, when=at(8, 8))
    services.dossier_refuse(dossier=refused, officer=office["desk"], reason="Sai thẩm quyền", now=at(8, 9))
    page = client.get(reverse("backoffice:dossier", args=[refused.public_id])).content.decode()
    assert staff_url(refused, "phieu-tu-choi") in page and "phieu-tiep-nhan" not in page

    login(client, office["citizen"])
    page = client.get(reverse("portal:dossier_detail", args=[received.public_id])).content.decode()
    assert applicant_url(received, "phieu-tiep-nhan") in page and "phieu-kiem-soat" not in page
    page = client.get(reverse("portal:dossier_detail", args=[refused.public_id])).content.decode()
    assert applicant_url(refused, "phieu-tu-choi") in page


def test_applicant_downloads_the_supplement_request(client, office):
    dossier = submit_online(office)
    services.dossier_request_supplement(
        dossier=dossier,
        officer=office["desk"],
        items=["Bản sao Giấy chứng sinh"],
        reason="Thiếu",
        now=at(7, 9),
    )
    login(client, office["citizen"])
    response = client.get(applicant_url(dossier, "phieu-yeu-cau-bo-sung"))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'inline; filename="{dossier.public_id}-phieu-yeu-cau-bo-sung.pdf"'
    )
    assert "Bản sao Giấy chứng sinh" in pdf_text(response.content)


# ---------------------------------------------------------------------------------------------- register


def register_url(**params):
    return reverse("printing:register") + ("?" + urlencode(params) if params else "")


def test_desk_prints_the_register_for_a_date_range(client, office):
    dossier = received_online(office)
    login(client, office["desk"])
    assert client.get(register_url()).status_code == 200
    response = client.get(register_url(agency=office["agency"].pk, start="01/12/2026", end="31/12/2026"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="so-theo-doi-H56.101-20261201-20261231.pdf"'
    assert dossier.code in pdf_text(response.content)


def test_register_queries_do_not_grow_with_the_number_of_dossiers(client, office, django_assert_num_queries):
    received_online(office)
    login(client, office["desk"])
    url = register_url(agency=office["agency"].pk, start="01/12/2026", end="31/12/2026")
    client.get(url)  # warm the session and the content types
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in (8, 9):
        services.dossier_accept(
            dossier=submit_online(office, when=at(day, 8)), officer=office["desk"], now=at(day, 9)
        )
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert pdf_text(response.content).count("Đặng Thị Ngọc Ánh") == 3


def test_register_of_an_agency_outside_ones_scope_is_refused(client, office):
    other = AgencyFactory()
    login(client, staff_with_role(other, Role.DESK_OFFICER))
    response = client.get(register_url(agency=office["agency"].pk, start="01/12/2026", end="31/12/2026"))
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")


def test_register_rejects_a_reversed_range(client, office):
    login(client, office["desk"])
    response = client.get(register_url(agency=office["agency"].pk, start="31/12/2026", end="01/12/2026"))
    assert response.status_code == 400


def test_citizens_have_no_register(client, office):
    login(client, office["citizen"])
    assert client.get(register_url()).status_code == 404


def test_applicant_downloads_the_issued_apology_but_never_a_draft(client, office):
    dossier = received_online(office)
    letter = services.apology_draft(
        dossier=dossier,
        officer=office["specialist"],
        reason="Chờ xác minh",
        new_date=date(2026, 12, 14),
        now=at(7, 10),
    )
    login(client, office["citizen"])
    assert client.get(applicant_url(dossier, "phieu-xin-loi")).status_code == 404
    services.apology_approve(apology=letter, leader=office["leader"], now=at(7, 11))
    response = client.get(applicant_url(dossier, "phieu-xin-loi"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="{dossier.code}-phieu-xin-loi.pdf"'
    page = client.get(reverse("portal:dossier_detail", args=[dossier.public_id])).content.decode()
    assert applicant_url(dossier, "phieu-xin-loi") in page


def test_applicant_downloads_the_stop_notice(client, office):
    dossier = received_online(office)
    services.dossier_stop(dossier=dossier, leader=office["leader"], reason="Theo đề nghị", now=at(8, 14))
    login(client, office["citizen"])
    page = client.get(reverse("portal:dossier_detail", args=[dossier.public_id])).content.decode()
    assert applicant_url(dossier, "thong-bao-dung") in page
    response = client.get(applicant_url(dossier, "thong-bao-dung"))
    assert response.status_code == 200 and "Theo đề nghị" in pdf_text(response.content)


@pytest.mark.parametrize("slug", ["phieu-tiep-nhan", "phieu-kiem-soat"])
def test_printed_forms_are_in_vietnamese_whatever_the_officers_ui_language(client, settings, office, slug):
    dossier = received_online(office)
    services.dossier_step_complete(
        dossier=dossier, user=office["leader"], next_assignee=office["specialist"], now=at(7, 10)
    )
    services.dossier_step_complete(dossier=dossier, user=office["specialist"], now=at(7, 14))
    services.dossier_step_complete(dossier=dossier, user=office["leader"], now=at(7, 15))
    login(client, office["desk"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "One-stop" in client.get(reverse("backoffice:dashboard")).content.decode()
    text = pdf_text(client.get(staff_url(dossier, slug)).content)
    assert "One-stop" not in text and "one-stop" not in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    if slug == "phieu-kiem-soat":
        assert "Bộ phận Một cửa" in text and "Trước hạn" in text
    else:
        assert "Bản điện tử, nộp trực tuyến" in text


def test_agency_the_dossier_was_handed_to_prints_the_control_sheet_only(client):
    liaison = make_liaison()
    dossier = to_department(liaison, walk_in(liaison))
    login(client, liaison["dept_specialist"])
    page = client.get(reverse("backoffice:dossier", args=[dossier.public_id]))
    assert [form["url"] for form in page.context["print_forms"]] == [staff_url(dossier, "phieu-kiem-soat")]
    response = client.get(staff_url(dossier, "phieu-kiem-soat"))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert dossier.code in text and "Sở Y tế" in text
    # The other forms are the receiving desk's, which stays the applicant's contact.
    assert client.get(staff_url(dossier, "phieu-tiep-nhan")).status_code == 404
    login(client, liaison["stranger"])
    assert client.get(staff_url(dossier, "phieu-kiem-soat")).status_code == 404
