"""Each form renders to a PDF whose extracted text holds its mandatory fields (domain.md §8)."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from motcua.agencies.models import AdministrativeUnit, Agency, StaffAssignment
from motcua.dossiers import services
from motcua.dossiers.selectors import dossier_for_staff
from motcua.printing import contexts
from motcua.printing.models import FormSettings
from motcua.printing.numbering import Numbering
from motcua.printing.rendering import render_pdf
from tests.printing.conftest import at, pdf_text, received_online, submit_online

pytestmark = pytest.mark.django_db

A5 = (419.53, 595.28)  # points
A4_LANDSCAPE = (841.89, 595.28)


def page_sizes(content: bytes):
    return [
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in PdfReader(io.BytesIO(content)).pages
    ]


def fonts(content: bytes) -> set[str]:
    found = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return found


def for_staff(office, dossier):
    """The dossier as the desk's pages fetch it."""
    return dossier_for_staff(user=office["desk"], public_id=dossier.public_id)


def test_receipt_carries_applicant_papers_times_and_the_appointment(office):
    FormSettings.objects.create(agency=office["province"], place_name="Thái Nguyên")
    dossier = for_staff(office, received_online(office))
    content = render_pdf("printing/receipt.html", contexts.receipt_context(dossier))
    text = pdf_text(content)
    for expected in [
        "Mẫu số 01",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
        "UBND PHƯỜNG PHAN ĐÌNH PHÙNG",
        "Thái Nguyên, ngày 07 tháng 12 năm 2026",
        "Giấy tiếp nhận hồ sơ và hẹn trả kết quả".upper(),
        f"Mã hồ sơ: {dossier.code}",
        f"http://127.0.0.1:8000/tra-cuu/?code={dossier.code}",
        "Đặng Thị Ngọc Ánh",
        "019190001234",
        "Tổ 5, phường Phan Đình Phùng",
        "0912345678",
        "anh@example.vn",
        "Đăng ký khai sinh cho con: Nguyễn Minh Khôi",
        "Giấy tờ bắt buộc số 1",
        "Giấy tờ bắt buộc số 2",
        "Bản chính",
        "Bản sao",
        "3 ngày làm việc",
        "09 giờ 00 phút, ngày 07/12/2026",
        "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 10/12/2026",
        "Nhận tại bộ phận một cửa",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Nguyễn Thị Thu Hà",
    ]:
        assert expected in text, expected
    assert page_sizes(content) == [A5]


def test_forms_embed_only_dejavu_which_covers_every_vietnamese_letter(office):
    dossier = for_staff(office, received_online(office))
    content = render_pdf("printing/receipt.html", contexts.receipt_context(dossier))
    assert fonts(content) and all(name.startswith("DejaVu") for name in fonts(content))


def test_receipt_of_a_walk_in_dossier_names_the_scanned_papers(office):
    from tests.uploads import pdf

    case = office["case"]
    dossier = services.dossier_receive_at_counter(
        officer=office["desk"],
        agency=office["agency"],
        case=case,
        applicant=services.ApplicantDetails(
            name="Hoàng Văn Lực", id_number="019088000321", phone="0987654321", address="Xóm Đồng Tâm"
        ),
        scans={paper.id: [pdf()] for paper in case.papers.all()} | {None: [pdf("giay-uy-quyen.pdf")]},
        now=at(8, 14, 30),
    )
    text = pdf_text(render_pdf("printing/receipt.html", contexts.receipt_context(for_staff(office, dossier))))
    assert "Hoàng Văn Lực" in text and "Bản giấy, đã số hóa" in text and "giay-uy-quyen.pdf" in text
    assert "14 giờ 30 phút, ngày 08/12/2026" in text


def test_supplement_request_lists_papers_reason_rules_and_contact(office):
    dossier = submit_online(office)
    services.dossier_request_supplement(
        dossier=dossier,
        officer=office["desk"],
        items=["Bản sao Giấy chứng sinh", "Tờ khai có chữ ký của người đi đăng ký"],
        reason="Thiếu Giấy chứng sinh; tờ khai chưa ký.",
        now=at(7, 10),
    )
    content = render_pdf(
        "printing/supplement_request.html", contexts.supplement_request_context(for_staff(office, dossier))
    )
    text = pdf_text(content)
    for expected in [
        "Mẫu số 02",
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ".upper(),
        "Đặng Thị Ngọc Ánh",
        "Đăng ký khai sinh",
        "Bản sao Giấy chứng sinh",
        "Tờ khai có chữ ký của người đi đăng ký",
        "Lý do: Thiếu Giấy chứng sinh; tờ khai chưa ký.",
        f"http://127.0.0.1:8000/thu-tuc/{dossier.procedure_id}/",
        "Nguyễn Thị Thu Hà",
        "0208 3866 101",
        # Five working days from Monday 10:00.
        "10 giờ 00 phút, ngày 14/12/2026",
    ]:
        assert expected in text, expected
    assert page_sizes(content) == [A5]


def test_refusal_gives_the_reason_and_whom_to_contact(office):
    dossier = submit_online(office)
    services.dossier_refuse(
        dossier=dossier,
        officer=office["desk"],
        reason="Việc đăng ký khai sinh thuộc thẩm quyền của UBND nơi cư trú của người mẹ.",
        now=at(7, 11),
    )
    text = pdf_text(render_pdf("printing/refusal.html", contexts.refusal_context(for_staff(office, dossier))))
    for expected in [
        "Mẫu số 03",
        "Phiếu từ chối tiếp nhận, giải quyết hồ sơ".upper(),
        "Đặng Thị Ngọc Ánh",
        "Đăng ký khai sinh cho con: Nguyễn Minh Khôi",
        "Việc đăng ký khai sinh thuộc thẩm quyền của UBND nơi cư trú của người mẹ.",
        "Nguyễn Thị Thu Hà",
        "0208 3866 101",
        "ngày 07 tháng 12 năm 2026",
    ]:
        assert expected in text, expected


def test_control_sheet_has_code_dates_agencies_and_one_row_per_handover(office):
    dossier = received_online(office)
    services.dossier_step_complete(
        dossier=dossier, user=office["leader"], next_assignee=office["specialist"], now=at(7, 10)
    )
    services.dossier_step_complete(dossier=dossier, user=office["specialist"], now=at(9, 15))
    content = render_pdf(
        "printing/control_sheet.html", contexts.control_sheet_context(for_staff(office, dossier))
    )
    text = pdf_text(content)
    for expected in [
        "Mẫu số 06",
        "Phiếu kiểm soát quá trình giải quyết hồ sơ".upper(),
        f"Mã hồ sơ: {dossier.code}",
        "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 07/12/2026",
        "10/12/2026",
        "Cơ quan (bộ phận) giải quyết hồ sơ: UBND phường Phan Đình Phùng",
        "Người giao: Nguyễn Thị Thu Hà",
        "Người nhận: Trần Văn Hùng",
        "Người nhận: Lê Thị Mai Anh",
        "Đúng hạn",
        "Quá hạn",
    ]:
        assert expected in text, expected


def test_register_lists_the_desks_dossiers_received_in_the_range_on_a4(office):
    inside = received_online(office)
    outside = services.dossier_accept(
        dossier=submit_online(office, when=at(14, 8)), officer=office["desk"], now=at(14, 9)
    )
    content = render_pdf(
        "printing/register.html",
        contexts.register_context(agency=office["agency"], start=date(2026, 12, 1), end=date(2026, 12, 11)),
    )
    text = pdf_text(content)
    for expected in [
        "Mẫu số 07",
        "Sổ theo dõi hồ sơ".upper(),
        "Từ ngày 01/12/2026 đến ngày 11/12/2026",
        inside.code,
        "Đặng Thị Ngọc Ánh",
        "07/12/2026",
        "10/12/2026",
    ]:
        assert expected in text, expected
    assert outside.code not in text
    assert "0912345678" not in text and "091****678" in text
    assert page_sizes(content) == [A4_LANDSCAPE]


def test_switching_the_agency_to_circular_01_2018_renumbers_the_forms(office):
    dossier = for_staff(office, received_online(office))
    settings = FormSettings.objects.create(agency=office["agency"], numbering=Numbering.TT01_2018)
    sheet = pdf_text(render_pdf("printing/control_sheet.html", contexts.control_sheet_context(dossier)))
    assert "Mẫu số 05" in sheet and "Mẫu số 06" not in sheet
    register = contexts.register_context(
        agency=office["agency"], start=date(2026, 12, 1), end=date(2026, 12, 31)
    )
    assert "Mẫu số 06" in pdf_text(render_pdf("printing/register.html", register))
    settings.numbering = Numbering.TT03_2025
    settings.save()
    sheet = pdf_text(render_pdf("printing/control_sheet.html", contexts.control_sheet_context(dossier)))
    assert "Mẫu số 06" in sheet and "Mẫu số 05" not in sheet


def test_an_agency_without_settings_inherits_numbering_and_place_from_above(office):
    FormSettings.objects.create(
        agency=office["province"], numbering=Numbering.TT01_2018, place_name="Thái Nguyên"
    )
    context = contexts.register_context(
        agency=office["agency"], start=date(2026, 12, 1), end=date(2026, 12, 2)
    )
    assert context["form_number"] == "06"
    assert context["place_and_date"].startswith("Thái Nguyên, ngày ")


def test_apology_letter_has_number_addressee_dates_reason_apology_recipients_and_signer(office):
    dossier = received_online(office)
    StaffAssignment.objects.filter(user=office["leader"]).update(title="Chủ tịch UBND phường")
    letter = services.apology_draft(
        dossier=dossier,
        officer=office["specialist"],
        reason="Cần xác minh thông tin cư trú của người mẹ tại địa phương khác.",
        new_date=date(2026, 12, 14),
        now=at(7, 10),
    )
    services.apology_approve(apology=letter, leader=office["leader"], now=at(7, 11))
    content = render_pdf("printing/apology.html", contexts.apology_context(for_staff(office, dossier)))
    text = pdf_text(content)
    for expected in [
        "Mẫu số 04",
        "Phiếu xin lỗi và hẹn lại ngày trả kết quả".upper(),
        "Số: 01/2026/PXL",
        "Kính gửi: Ông/Bà Đặng Thị Ngọc Ánh",
        "Ngày 07/12/2026",
        "Lĩnh vực: Hộ tịch",
        f"Mã hồ sơ: {dossier.code}",
        "Thời gian hẹn trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 10/12/2026",
        "Cần xác minh thông tin cư trú của người mẹ tại địa phương khác.",
        "xin lỗi Ông/Bà",
        "17 giờ 00 phút, ngày 14/12/2026",
        "Nơi nhận:",
        "Bộ phận Một cửa UBND phường Phan Đình Phùng",
        "CHỦ TỊCH UBND PHƯỜNG",
        "Trần Văn Hùng",
    ]:
        assert expected in text, expected
    assert page_sizes(content) == [A5]


def test_stop_notice_gives_the_reason_the_moment_and_the_signer(office):
    dossier = received_online(office)
    services.dossier_stop(
        dossier=dossier,
        leader=office["leader"],
        reason="Người nộp đã được cấp giấy khai sinh tại nơi khác.",
        now=at(8, 14),
    )
    content = render_pdf(
        "printing/stop_notice.html", contexts.stop_notice_context(for_staff(office, dossier))
    )
    text = pdf_text(content)
    for expected in [
        "Mẫu số 05",
        "Thông báo dừng giải quyết hồ sơ".upper(),
        "Kính gửi: Ông/Bà Đặng Thị Ngọc Ánh",
        f"Mã hồ sơ: {dossier.code}",
        "Đăng ký khai sinh",
        "Người nộp đã được cấp giấy khai sinh tại nơi khác.",
        "14 giờ 00 phút, ngày 08/12/2026",
        "ngày 08 tháng 12 năm 2026",
        "THỦ TRƯỞNG CƠ QUAN",
        "Trần Văn Hùng",
    ]:
        assert expected in text, expected


def test_stop_notice_under_circular_01_2018_carries_no_form_number(office):
    FormSettings.objects.create(agency=office["agency"], numbering=Numbering.TT01_2018)
    dossier = received_online(office)
    services.dossier_stop(dossier=dossier, leader=office["leader"], reason="Theo đề nghị", now=at(8, 14))
    text = pdf_text(
        render_pdf("printing/stop_notice.html", contexts.stop_notice_context(for_staff(office, dossier)))
    )
    assert "Mẫu số" not in text and "Thông báo dừng giải quyết hồ sơ".upper() in text


def test_without_a_place_name_the_date_line_names_the_province_of_the_agencys_unit(office):
    province = AdministrativeUnit.objects.create(
        code="19", name="Thái Nguyên", level=AdministrativeUnit.Level.PROVINCE
    )
    ward = AdministrativeUnit.objects.create(
        code="05443", name="Phường Phan Đình Phùng", level=AdministrativeUnit.Level.COMMUNE, parent=province
    )
    Agency.objects.filter(pk=office["agency"].pk).update(administrative_unit=ward)
    office["agency"].refresh_from_db()
    context = contexts.register_context(
        agency=office["agency"], start=date(2026, 12, 1), end=date(2026, 12, 2)
    )
    assert context["place_and_date"].startswith("Thái Nguyên, ngày ")
