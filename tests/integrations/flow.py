"""A one-stop office and the usual path of a dossier through it, driven by the real services."""

from motcua.agencies.models import Role
from motcua.dossiers import services
from motcua.dossiers.models import ResultDelivery
from tests.factories import AgencyFactory, CitizenFactory, procedure_with_workflow, staff_with_role
from tests.uploads import pdf


def make_office(electronic_id: str, **agency_fields) -> dict:
    agency = AgencyFactory(electronic_id=electronic_id, **agency_fields)
    return {
        "agency": agency,
        "case": procedure_with_workflow(agency=agency, mandatory_papers=1, optional_papers=0),
        "desk": staff_with_role(agency, Role.DESK_OFFICER),
        "leader": staff_with_role(agency, Role.DEPARTMENT_LEADER),
        "specialist": staff_with_role(agency, Role.SPECIALIST),
        "citizen": CitizenFactory(),
    }


def walk_in(office: dict, *, result_delivery: str = ResultDelivery.COUNTER, **kwargs):
    citizen = office["citizen"]
    return services.dossier_receive_at_counter(
        officer=office["desk"],
        agency=office["agency"],
        case=office["case"],
        applicant=services.ApplicantDetails(
            name=citizen.full_name,
            id_number=citizen.citizen_id,
            phone=citizen.phone,
            address="Số 5, tổ 3, phường Phan Đình Phùng",
        ),
        scans={office["case"].papers.get().id: [pdf("to-khai.pdf")]},
        summary="Đề nghị cấp giấy",
        result_delivery=result_delivery,
        **kwargs,
    )


def submit_online(office: dict):
    citizen, case = office["citizen"], office["case"]
    draft = services.draft_start(applicant=citizen, case=case, agency=office["agency"])
    services.draft_update(
        draft=draft,
        agency=office["agency"],
        user=citizen,
        files={case.papers.get().id: [pdf()]},
        form_data={
            "applicant_name": citizen.full_name,
            "applicant_id_number": citizen.citizen_id,
            "applicant_phone": citizen.phone,
        },
    )
    return services.dossier_submit(draft=draft)


def process_to_result(office: dict, dossier):
    """Leader assigns the specialist, the specialist records the result, the leader approves (status 9)."""
    services.dossier_step_complete(dossier=dossier, user=office["leader"], next_assignee=office["specialist"])
    services.dossier_step_complete(
        dossier=dossier, user=office["specialist"], note="Đủ điều kiện", result_files=[pdf("ket-qua.pdf")]
    )
    services.dossier_step_complete(dossier=dossier, user=office["leader"], note="Đồng ý")
    dossier.refresh_from_db()
    return dossier
