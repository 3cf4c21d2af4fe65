from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from motcua.agencies.models import Role
from motcua.dossiers import services
from motcua.dossiers.services import ApplicantDetails
from tests.factories import AgencyFactory, CitizenFactory, procedure_with_workflow, staff_with_role
from tests.notifications.servers import (
    SMS_API_KEY,
    ZALO_APP_ID,
    ZALO_APP_SECRET,
    ProviderServer,
    SmtpSink,
)
from tests.uploads import pdf

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_MORNING = datetime(2026, 12, 7, 9, 0, tzinfo=VN)


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def provider_server():
    server = ProviderServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def channels(settings, smtp_sink, provider_server):
    """E-mail, SMS and Zalo configured against the loopback servers; dispatch only when the test says so."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_TIMEOUT = 5
    settings.NOTIFICATIONS_SMS_GATEWAY_URL = f"{provider_server.url}/sms/send"
    settings.NOTIFICATIONS_SMS_API_KEY = SMS_API_KEY
    settings.ZALO_APP_ID = ZALO_APP_ID
    settings.ZALO_APP_SECRET = ZALO_APP_SECRET
    settings.ZALO_OA_ACCESS_TOKEN = "access-1"
    settings.ZALO_OA_REFRESH_TOKEN = "refresh-1"
    settings.ZALO_ZNS_TEMPLATE_ID = "tpl-ho-so"
    settings.ZALO_ZNS_BASE_URL = provider_server.url
    settings.ZALO_OAUTH_BASE_URL = provider_server.url
    settings.NOTIFICATIONS_HTTP_TIMEOUT = 5
    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = False
    return SimpleNamespace(smtp=smtp_sink, providers=provider_server.providers, url=provider_server.url)


@pytest.fixture
def office():
    agency = AgencyFactory(electronic_id="H56.101", name="UBND xã Tân Cương")
    return SimpleNamespace(
        agency=agency,
        case=procedure_with_workflow(agency=agency, mandatory_papers=1, optional_papers=0),
        desk=staff_with_role(agency, Role.DESK_OFFICER),
        leader=staff_with_role(agency, Role.DEPARTMENT_LEADER),
        citizen=CitizenFactory(phone="0912345678", email="nguyen.van.a@example.vn"),
    )


def walk_in(office, *, phone="0987654321", email="", at=MONDAY_MORNING):
    """A dossier received at the counter for an applicant without an account (code and appointment issued)."""
    return services.dossier_receive_at_counter(
        officer=office.desk,
        agency=office.agency,
        case=office.case,
        applicant=ApplicantDetails(
            name="Lê Thị Hoa", id_number="001190000001", phone=phone, email=email, address="Tân Cương"
        ),
        scans={office.case.papers.get().id: [pdf()]},
        now=at,
    )


def online(office, *, at=MONDAY_MORNING):
    """The citizen's online dossier, submitted (no notification yet: the submitter sees it on screen)."""
    citizen = office.citizen
    draft = services.draft_start(applicant=citizen, case=office.case, agency=office.agency)
    services.draft_update(
        draft=draft,
        agency=office.agency,
        user=citizen,
        files={office.case.papers.get().id: [pdf()]},
        form_data={
            "applicant_name": citizen.full_name,
            "applicant_id_number": citizen.citizen_id,
            "applicant_phone": citizen.phone,
            "applicant_email": citizen.email,
            "summary": "Đăng ký khai sinh",
        },
    )
    return services.dossier_submit(draft=draft, now=at)
