"""A citizen finds a procedure, fills the e-form on a phone-sized screen, attaches papers and submits."""

import pytest

from tests.factories import PASSWORD, AgencyFactory, CitizenFactory, procedure_with_workflow
from tests.uploads import PDF_BYTES, PNG_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_submits_online_dossier_in_the_browser(live_server, page, tmp_path):
    agency = AgencyFactory(name="UBND phường Phan Đình Phùng", electronic_id="H56.101")
    case = procedure_with_workflow(agency=agency, mandatory_papers=2, optional_papers=1)
    case.procedure.name = "Thủ tục đăng ký khai sinh"
    case.procedure.save()
    first, second = case.papers.filter(is_mandatory=True).order_by("order")
    citizen = CitizenFactory(full_name="Nguyễn Thị Lan")
    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(PDF_BYTES)
    photo = tmp_path / "giay-chung-sinh.png"
    photo.write_bytes(PNG_BYTES)

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", citizen.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")

    # Search without diacritics, as people type on a phone.
    page.goto(f"{live_server.url}/thu-tuc/?q=dang+ky+khai+sinh")
    page.click("text=Thủ tục đăng ký khai sinh")
    page.click("text=Nộp hồ sơ trực tuyến")

    # Name and phone come from the account; only one paper at first: the checklist says what is missing.
    page.fill("textarea[name=summary]", "Đăng ký khai sinh cho con Nguyễn Văn Bình")
    page.set_input_files(f"#paper_{first.pk}", str(scan))
    page.click("text=Lưu và kiểm tra hồ sơ")
    assert "Còn thiếu giấy tờ bắt buộc" in page.inner_text("#form-problems")
    assert page.input_value("textarea[name=summary]") == "Đăng ký khai sinh cho con Nguyễn Văn Bình"
    assert "to-khai.pdf" in page.inner_text("#checklist")

    page.set_input_files(f"#paper_{second.pk}", str(photo))
    page.click("#submit-dossier")
    page.wait_for_url("**/ho-so/*/")
    assert "Hồ sơ đã được nộp thành công" in page.content()
    assert "Mới đăng ký" in page.inner_text("main")
    page.screenshot(path=str(tmp_path / "submitted.png"), full_page=True)
