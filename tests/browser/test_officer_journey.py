"""The officers' journey on a desktop screen: the desk receives a dossier, the leader assigns it, the specialist
processes it, the leader approves it and the desk hands the result over; and a walk-in dossier at the counter."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.agencies.models import Role
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import Status
from tests.factories import PASSWORD, AgencyFactory, CitizenFactory, procedure_with_workflow, staff_with_role
from tests.uploads import PDF_BYTES, pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def office():
    agency = AgencyFactory(name="UBND phường Phan Đình Phùng", electronic_id="H56.101")
    case = procedure_with_workflow(agency=agency, mandatory_papers=1, optional_papers=0)
    case.procedure.name = "Thủ tục đăng ký khai sinh"
    case.procedure.save()
    return {
        "agency": agency,
        "case": case,
        "desk": staff_with_role(agency, Role.DESK_OFFICER, full_name="Lê Thị Tiếp Nhận"),
        "leader": staff_with_role(agency, Role.DEPARTMENT_LEADER, full_name="Phạm Văn Lãnh Đạo"),
        "specialist": staff_with_role(agency, Role.SPECIALIST, full_name="Hoàng Thị Chuyên Viên"),
    }


@pytest.fixture
def sign_in(browser, live_server):
    """Each officer works in their own browser (a fresh context), signed in and on the dashboard."""
    contexts = []

    def open_as(user):
        context = browser.new_context(locale="vi-VN", viewport=DESKTOP)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/mot-cua/")
        return page

    yield open_as
    for context in contexts:
        context.close()


def _submitted_online(case, agency) -> Dossier:
    citizen = CitizenFactory(full_name="Nguyễn Thị Lan")
    draft = services.draft_start(applicant=citizen, case=case, agency=agency)
    problems = services.draft_update(
        draft=draft,
        agency=agency,
        user=citizen,
        files={case.papers.get().id: [pdf("to-khai.pdf")]},
        form_data={
            "applicant_name": citizen.full_name,
            "applicant_id_number": citizen.citizen_id,
            "applicant_phone": citizen.phone,
            "summary": "Đăng ký khai sinh cho con Nguyễn Văn Bình",
            "result_delivery": "counter",
        },
    )
    assert problems == []
    return services.dossier_submit(draft=draft)


def _open_from_work_list(page, section: str, row_text: str, link: str, dossier: Dossier) -> None:
    page.locator(f"{section} tr", has_text=row_text).get_by_role("link", name=link).click()
    page.wait_for_url(f"**/mot-cua/ho-so/{dossier.public_id}/")


def _complete_step(page, *, note: str) -> None:
    page.fill("#step-actions textarea[name=note]", note)
    page.click("#complete-step")
    expect(page.locator(".messages")).to_contain_text("Đã hoàn thành bước xử lý.")


def test_officers_take_an_online_dossier_from_inbox_to_returned_result(
    live_server, office, sign_in, tmp_path
):
    dossier = _submitted_online(office["case"], office["agency"])

    # The desk finds it in the inbox, checks it and issues the receipt with the appointment date.
    desk = sign_in(office["desk"])
    expect(desk.locator("#desk-inbox")).to_contain_text("Nguyễn Thị Lan")
    _open_from_work_list(desk, "#desk-inbox", "Nguyễn Thị Lan", "Kiểm tra", dossier)
    expect(desk.locator(".facts")).to_contain_text("Mới đăng ký")
    assert "to-khai.pdf" in desk.inner_text("main")
    desk.click("#accept")
    expect(desk.locator(".messages")).to_contain_text("Đã tiếp nhận hồ sơ H56.101-")
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    appointment = timezone.localtime(dossier.due_at).strftime("%d/%m/%Y")
    expect(desk.locator("h1")).to_contain_text(dossier.code)
    facts = desk.inner_text(".facts")
    assert "Được tiếp nhận" in facts
    assert re.search(rf"Hẹn trả\s+\d{{2}}:\d{{2}} {re.escape(appointment)}", facts), facts
    expect(desk.locator("#print-forms")).to_contain_text("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")

    # The leader assigns a specialist.
    leader = sign_in(office["leader"])
    _open_from_work_list(leader, "#my-steps", "Phân công thụ lý", dossier.code, dossier)
    expect(leader.locator("#step-actions h2")).to_contain_text("Phân công thụ lý")
    leader.select_option("#step-actions select[name=next_assignee]", str(office["specialist"].pk))
    _complete_step(leader, note="Giao chị Chuyên Viên thẩm định")
    expect(leader.locator(".facts")).to_contain_text("Đang xử lý")

    # The specialist examines it, attaches the draft result and forwards it to the leader.
    result = tmp_path / "ket-qua-du-thao.pdf"
    result.write_bytes(PDF_BYTES)
    specialist = sign_in(office["specialist"])
    _open_from_work_list(specialist, "#my-steps", "Thẩm định, xử lý hồ sơ", dossier.code, dossier)
    specialist.set_input_files("#step-actions input[name=result_files]", str(result))
    _complete_step(specialist, note="Hồ sơ hợp lệ, trình lãnh đạo ký")
    assert "ket-qua-du-thao.pdf" in specialist.inner_text("main")

    # Back on the leader's dashboard, the approval step now waits for them.
    leader.goto(f"{live_server.url}/mot-cua/")
    _open_from_work_list(leader, "#my-steps", "Phê duyệt kết quả", dossier.code, dossier)
    _complete_step(leader, note="Đồng ý ký duyệt")
    expect(leader.locator(".facts")).to_contain_text("Đã xử lý xong")

    # The desk hands the result over and records who received it.
    desk.goto(f"{live_server.url}/mot-cua/")
    _open_from_work_list(desk, "#to-return", "Nguyễn Thị Lan", dossier.code, dossier)
    desk.fill("#return-actions input[name=received_by_name]", "Nguyễn Văn Hùng")
    desk.fill("#return-actions textarea[name=note]", "Người nhận là chồng, có giấy ủy quyền")
    desk.click("#return-actions button[type=submit]")
    expect(desk.locator(".messages")).to_contain_text("Đã trả kết quả.")
    expect(desk.locator(".facts")).to_contain_text("Đã trả kết quả")
    expect(desk.locator("#returned-to")).to_contain_text("Nguyễn Văn Hùng")
    assert desk.locator("#return-actions").count() == 0
    dossier.refresh_from_db()
    assert (dossier.status, dossier.returned_to) == (Status.RETURNED, "Nguyễn Văn Hùng")

    history = desk.locator(".timeline li").all_inner_texts()
    expected = [
        ("Mới đăng ký", "Nguyễn Thị Lan"),
        ("Được tiếp nhận", "Lê Thị Tiếp Nhận"),
        ("Đang xử lý", "Phạm Văn Lãnh Đạo"),
        ("Hoàn thành bước xử lý", "Hoàng Thị Chuyên Viên"),
        ("Đã xử lý xong", "Phạm Văn Lãnh Đạo"),
        ("Đã trả kết quả", "Lê Thị Tiếp Nhận"),
    ]
    assert len(history) == len(expected), history
    for line, (label, actor) in zip(history, expected, strict=True):
        assert label in line and f"({actor})" in line, line
    assert "Người nhận là chồng, có giấy ủy quyền" in history[-1]
    desk.screenshot(path=str(tmp_path / "returned.png"), full_page=True)


def test_desk_receives_a_walk_in_dossier_at_the_counter(office, sign_in, tmp_path):
    scan = tmp_path / "to-khai-scan.pdf"
    scan.write_bytes(PDF_BYTES)
    paper = office["case"].papers.get()

    desk = sign_in(office["desk"])
    desk.click("text=Tiếp nhận hồ sơ trực tiếp")
    desk.wait_for_url("**/mot-cua/tiep-nhan/")
    desk.locator("tr", has_text="Thủ tục đăng ký khai sinh").get_by_role(
        "link", name="Trường hợp chung"
    ).click()
    desk.wait_for_url(f"**/mot-cua/tiep-nhan/{office['case'].pk}/")

    desk.fill("input[name=applicant_name]", "Trần Văn Minh")
    desk.fill("input[name=applicant_id_number]", "001203004567")
    desk.fill("input[name=applicant_phone]", "0987 654 321")
    desk.fill("textarea[name=summary]", "Đăng ký khai sinh cho con Trần Thị An")
    desk.set_input_files(f"#paper_{paper.pk}", str(scan))
    desk.click("main form button[type=submit]")

    desk.wait_for_url("**/mot-cua/ho-so/*/")
    dossier = Dossier.objects.get(applicant_name="Trần Văn Minh")
    appointment = timezone.localtime(dossier.due_at).strftime("%d/%m/%Y")
    expect(desk.locator(".messages")).to_contain_text(f"Đã tiếp nhận hồ sơ {dossier.code}. Hẹn trả:")
    assert re.fullmatch(r"H56\.101-\d{6}-\d{4}", dossier.code), dossier.code
    assert appointment in desk.inner_text(".messages")
    expect(desk.locator("h1")).to_contain_text(dossier.code)
    facts = desk.inner_text(".facts")
    assert "Được tiếp nhận" in facts and "0987654321" in facts
    assert "to-khai-scan.pdf" in desk.inner_text("main")
    assert dossier.documents.get().paper == paper
