"""Dossiers in each state a form is printed in, made through the real services; PDF text extraction."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from motcua.agencies.models import Agency, Role
from motcua.dossiers import services
from tests.factories import (
    PASSWORD,
    AgencyFactory,
    CitizenFactory,
    procedure_with_workflow,
    staff_with_role,
)
from tests.uploads import pdf

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour, minute=0):
    """A moment in December 2026 (the 7th is a Monday)."""
    return datetime(2026, 12, day, hour, minute, tzinfo=VN)


def pdf_text(content: bytes) -> str:
    """All pages' text as a real reader extracts it, whitespace collapsed (lines wrap where they like)."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def office(db):
    province = AgencyFactory(
        name="Ủy ban nhân dân tỉnh Thái Nguyên",
        electronic_id="H56",
        level=Agency.Level.PROVINCE,
        receives_dossiers=False,
    )
    agency = AgencyFactory(
        name="UBND phường Phan Đình Phùng",
        electronic_id="H56.101",
        parent=province,
        phone="0208 3866 101",
        address="Trụ sở UBND phường Phan Đình Phùng, tỉnh Thái Nguyên",
    )
    case = procedure_with_workflow(agency=agency, mandatory_papers=2, optional_papers=0, time_limit_days=3)
    case.procedure.name = "Đăng ký khai sinh"
    case.procedure.save()
    citizen = CitizenFactory(
        full_name="Đặng Thị Ngọc Ánh", citizen_id="019190001234", phone="0912345678", email="anh@example.vn"
    )
    return {
        "province": province,
        "agency": agency,
        "case": case,
        "citizen": citizen,
        "desk": staff_with_role(agency, Role.DESK_OFFICER, full_name="Nguyễn Thị Thu Hà"),
        "leader": staff_with_role(agency, Role.DEPARTMENT_LEADER, full_name="Trần Văn Hùng"),
        "specialist": staff_with_role(agency, Role.SPECIALIST, full_name="Lê Thị Mai Anh"),
    }


def submit_online(office, *, when=None):
    """An online dossier with every mandatory paper, waiting for the desk (status 1)."""
    case, citizen = office["case"], office["citizen"]
    draft = services.draft_start(applicant=citizen, case=case, agency=office["agency"])
    problems = services.draft_update(
        draft=draft,
        agency=office["agency"],
        user=citizen,
        files={paper.id: [pdf(f"giay-{paper.order}.pdf")] for paper in case.papers.all()},
        form_data={
            "applicant_name": citizen.full_name,
            "applicant_id_number": citizen.citizen_id,
            "applicant_phone": citizen.phone,
            "applicant_email": citizen.email,
            "applicant_address": "Tổ 5, phường Phan Đình Phùng",
            "summary": "Đăng ký khai sinh cho con: Nguyễn Minh Khôi",
            "result_delivery": "counter",
        },
    )
    assert problems == []
    return services.dossier_submit(draft=draft, now=when or at(7, 8))


def received_online(office, *, when=None):
    """Submitted Monday 08:00, received by the desk at 09:00: appointment three working days later."""
    dossier = submit_online(office, when=at(7, 8))
    return services.dossier_accept(dossier=dossier, officer=office["desk"], now=when or at(7, 9))
